import { describe, expect, it } from "vitest";
import { menuMove, menuTypeAhead, type MenuEntry } from "../src/lib/menu-keys";

const items: MenuEntry[] = [
  { label: "SVG image", disabled: false },
  { label: "PNG image", disabled: false },
  { label: "PDF document", disabled: false },
  { label: "Graphviz DOT", disabled: false },
  { label: "Compare with what runs…", disabled: true },
];

describe("menuMove", () => {
  it("moves down and up, wrapping past the ends and skipping disabled items", () => {
    expect(menuMove(items, -1, "ArrowDown")).toBe(0);
    expect(menuMove(items, 0, "ArrowDown")).toBe(1);
    expect(menuMove(items, 3, "ArrowDown")).toBe(0); // 4 is disabled
    expect(menuMove(items, 0, "ArrowUp")).toBe(3);
  });

  it("goes to the first and last enabled items with Home and End", () => {
    expect(menuMove(items, 2, "Home")).toBe(0);
    expect(menuMove(items, 0, "End")).toBe(3);
  });

  it("ignores other keys and empty menus", () => {
    expect(menuMove(items, 0, "x")).toBeNull();
    expect(menuMove([], -1, "ArrowDown")).toBeNull();
  });
});

describe("menuTypeAhead", () => {
  it("finds the item starting with what was typed", () => {
    expect(menuTypeAhead(items, 0, "g")).toBe(3);
    expect(menuTypeAhead(items, 0, "pd")).toBe(2);
  });

  it("cycles through items of one letter when the letter is typed again", () => {
    expect(menuTypeAhead(items, 0, "p")).toBe(1);
    expect(menuTypeAhead(items, 1, "p")).toBe(2);
    expect(menuTypeAhead(items, 2, "pp")).toBe(1);
  });

  it("skips disabled items and answers null when nothing matches", () => {
    expect(menuTypeAhead(items, 0, "c")).toBeNull();
    expect(menuTypeAhead(items, 0, "z")).toBeNull();
  });
});
