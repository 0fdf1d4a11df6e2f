import { describe, expect, it } from "vitest";
import { parseChoice, resolveTheme, toggled } from "../src/lib/theme";

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
});
