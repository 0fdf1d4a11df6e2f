import { describe, expect, it } from "vitest";
import { CATEGORIES, categoryColour } from "../src/lib/categories";
import { HEADROOM_COLOUR } from "../src/features/editor/what-if/overlay";

// Read from disk: vitest hands CSS imports (also `?raw` ones) to the tests empty.
const fs = (
  globalThis as unknown as {
    process: { getBuiltinModule(id: "node:fs"): { readFileSync(path: URL, encoding: "utf8"): string } };
  }
).process.getBuiltinModule("node:fs");
const styles = fs.readFileSync(new URL("../src/styles.css", import.meta.url), "utf8");
const root = /:root\s*\{([^}]*)\}/.exec(styles)?.[1] ?? "";

/** The custom property a `var(--name)` colour refers to, and its value in the light theme. */
function token(colour: string): [string, string | undefined] {
  const name = /^var\((--[a-z0-9-]+)\)$/.exec(colour)?.[1];
  expect(name, `${colour} is a design token`).toBeDefined();
  const value = new RegExp(`${name}:\\s*([^;]+);`).exec(root)?.[1];
  return [name ?? "", value];
}

describe("colours drawn from TypeScript come from the design tokens", () => {
  it("every category colour is a token defined in styles.css, each category its own", () => {
    const values = CATEGORIES.map((category) => {
      const [name, value] = token(category.colour);
      expect(value, `${name} is defined in :root`).toMatch(/^#[0-9a-f]{6}$/);
      return value;
    });
    expect(new Set(values).size).toBe(CATEGORIES.length);
    expect(categoryColour("no-such-category")).toBe("var(--cat-external)");
  });

  it("every headroom colour of the what-if overlay is a token defined in styles.css", () => {
    for (const colour of Object.values(HEADROOM_COLOUR)) expect(token(colour)[1]).toBeDefined();
  });
});
