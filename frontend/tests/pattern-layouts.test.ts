import { describe, expect, it } from "vitest";
import type { DesignDocument } from "../src/api/contract";
import { enclose, LOCATION_FRAME } from "../src/lib/containers";
import { chooseHandles, type Box } from "../src/lib/edge-handles";

// A node with a few store chips.
const NODE = { width: 196, height: 110 };

const files = import.meta.glob<DesignDocument>("../../fixtures/patterns/*.json", {
  eager: true,
  import: "default",
});
const patterns = Object.entries(files).map(
  ([path, document]) => [path.split("/").pop() ?? path, document] as [string, DesignDocument],
);

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function nodeBox(document: DesignDocument, id: string): Box {
  const at = document.layout?.[id];
  if (!at) throw new Error(`${document.name}: no layout for ${id}`);
  return { x: at.x, y: at.y, ...NODE };
}

it("finds the gallery's patterns, including the active-active ones", () => {
  // An empty glob would make every check below pass without looking at anything.
  expect(patterns.length).toBeGreaterThanOrEqual(10);
  expect(patterns.filter(([name]) => name.startsWith("active-active")).length).toBeGreaterThanOrEqual(2);
});

describe.each(patterns)("pattern %s layout", (_, document) => {
  it("places every node without overlapping another", () => {
    const boxes = document.nodes.map((n) => nodeBox(document, n.id));
    for (let i = 0; i < boxes.length; i += 1)
      for (let j = i + 1; j < boxes.length; j += 1) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
  });

  it("keeps the location containers apart", () => {
    const containers = (document.locations ?? []).flatMap((location) => {
      const members = document.nodes
        .filter((n) => n.location === location.id)
        .map((n) => nodeBox(document, n.id));
      return enclose(members, LOCATION_FRAME) ?? [];
    });
    for (let i = 0; i < containers.length; i += 1)
      for (let j = i + 1; j < containers.length; j += 1)
        expect(overlaps(containers[i]!, containers[j]!)).toBe(false);
  });
});

describe("active-active patterns", () => {
  it.each(patterns.filter(([name]) => name.startsWith("active-active")))(
    "%s stacks the two clusters so replication runs in parallel vertical lanes",
    (_, document) => {
      const syd = nodeBox(document, "kafka-syd");
      const fra = nodeBox(document, "kafka-fra");
      expect(syd.x).toBe(fra.x);
      expect(chooseHandles(syd, fra)).toEqual({ sourceHandle: "s-bottom", targetHandle: "t-top" });
      expect(chooseHandles(fra, syd)).toEqual({ sourceHandle: "s-top", targetHandle: "t-bottom" });
    },
  );
});
