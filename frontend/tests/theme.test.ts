import { describe, expect, it } from "vitest";
import { nextChoice, parseChoice, resolveTheme, toggled } from "../src/lib/theme";

describe("theme", () => {
  it("follows the system until a choice is stored", () => {
    expect(resolveTheme(parseChoice(null), true)).toBe("dark");
    expect(resolveTheme(parseChoice(null), false)).toBe("light");
    expect(resolveTheme(parseChoice("purple"), true)).toBe("dark");
  });

  it("keeps a stored choice whatever the system prefers", () => {
    expect(resolveTheme(parseChoice("light"), true)).toBe("light");
    expect(resolveTheme(parseChoice("dark"), false)).toBe("dark");
  });

  it("toggles to the opposite of what is shown", () => {
    expect(toggled(resolveTheme("system", true))).toBe("light");
    expect(toggled("light")).toBe("dark");
  });

  it("remembers a theme other than the system's, and follows the system again on the way back", () => {
    // the system prefers dark: switching to light is remembered, switching back to dark follows the system
    expect(nextChoice("dark", true)).toBe("light");
    expect(nextChoice("light", true)).toBe("system");
    // the system prefers light: the mirror image
    expect(nextChoice("light", false)).toBe("dark");
    expect(nextChoice("dark", false)).toBe("system");
  });
});
