import { describe, expect, it } from "vitest";
import { createStabiliser, keepStable, sameValue } from "../src/features/editor/stable-elements";

type El = {
  id: string;
  position: { x: number; y: number };
  measured?: { width: number; height: number };
  data: { lanes: string[]; ref: object };
};

const ref = { service: "kafka" };
const el = (id: string, x = 0, lanes: string[] = []): El => ({
  id,
  position: { x, y: 0 },
  data: { lanes, ref },
});

describe("stable canvas elements", () => {
  it("compares plain objects and arrays by value, other objects by identity", () => {
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, 4)).toBe(true);
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }, 4)).toBe(false);
    expect(sameValue(new Map(), new Map(), 4)).toBe(false);
  });

  it("keeps the previous object of an unchanged element and takes the new one of a changed element", () => {
    const previous = [el("a"), el("b")];
    const next = keepStable(previous, [el("a"), el("b", 10)]);
    expect(next[0]).toBe(previous[0]);
    expect(next[1]).not.toBe(previous[1]);
    expect(next[1]?.position.x).toBe(10);
  });

  it("returns the previous array when nothing changed, so React Flow is not even told", () => {
    const previous = [el("a", 0, ["t-top"]), el("b")];
    expect(keepStable(previous, [el("a", 0, ["t-top"]), el("b")])).toBe(previous);
    expect(keepStable(previous, [el("b"), el("a", 0, ["t-top"])])).not.toBe(previous);
    expect(keepStable(previous, [el("a", 0, ["t-top"])])).toHaveLength(1);
  });

  it("ignores a node's measured size: React Flow keeps what it measured while the object stays", () => {
    const stabilise = createStabiliser<El, El>();
    const first = stabilise({ nodes: [el("a")], edges: [] });
    const measured = { ...el("a"), measured: { width: 196, height: 70 } };
    const kept = stabilise({ nodes: [measured], edges: [] }).nodes[0];
    expect(kept).toBe(first.nodes[0]);
    // ...and carries the size from now on (React Flow's minimap reads it from there).
    expect(kept?.measured).toEqual({ width: 196, height: 70 });
    // Anything else changing brings the new object, with its size.
    const moved = { ...el("a", 5), measured: { width: 196, height: 70 } };
    expect(stabilise({ nodes: [moved], edges: [] }).nodes[0]).toBe(moved);
  });
});
