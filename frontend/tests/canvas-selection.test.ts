import { describe, expect, it } from "vitest";
import { withSelection } from "../src/features/editor/canvas-model";

const canvas = {
  nodes: [
    { id: "kafka", selected: false },
    { id: "cassandra", selected: false },
  ],
  edges: [{ id: "sink", selected: false }],
};

describe("withSelection", () => {
  it("marks only the selected elements, and keeps every other object as it was", () => {
    // when one node and one flow are selected
    const marked = withSelection(canvas, new Set(["kafka", "sink"]));
    // then those are copies marked selected, and the rest are the very same objects (React Flow skips them)
    expect(marked.nodes[0]).toEqual({ id: "kafka", selected: true });
    expect(marked.nodes[0]).not.toBe(canvas.nodes[0]);
    expect(marked.nodes[1]).toBe(canvas.nodes[1]);
    expect(marked.edges[0]).toEqual({ id: "sink", selected: true });
    // and the canvas it was given is left alone
    expect(canvas.nodes[0]?.selected).toBe(false);
  });

  it("returns the canvas itself when nothing is selected", () => {
    expect(withSelection(canvas, new Set())).toBe(canvas);
  });
});
