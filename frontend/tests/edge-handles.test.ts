import { describe, expect, it } from "vitest";
import { chooseHandles, HANDLE_OFFSET, laneHandlesByNode } from "../src/lib/edge-handles";

const box = (x: number, y: number) => ({ x, y, width: 196, height: 90 });

describe("chooseHandles", () => {
  it("reads left to right when the target is to the right", () => {
    expect(chooseHandles(box(80, 80), box(400, 260))).toEqual({
      sourceHandle: "s-right",
      targetHandle: "t-left",
    });
  });

  it("runs the two flows between stacked clusters as parallel lanes, not an X", () => {
    // given two Kafka clusters in one column
    const sydney = box(400, 80);
    const frankfurt = box(400, 440);
    // when each replicates to the other
    const down = chooseHandles(sydney, frankfurt);
    const up = chooseHandles(frankfurt, sydney);
    // then the downward flow leaves the bottom and enters the top, the upward one the reverse
    expect(down).toEqual({ sourceHandle: "s-bottom", targetHandle: "t-top" });
    expect(up).toEqual({ sourceHandle: "s-top", targetHandle: "t-bottom" });
    // and each keeps to its own lane: the same offset at both ends, different between the two
    expect(HANDLE_OFFSET[down.sourceHandle as "s-bottom"]).toBe(HANDLE_OFFSET[down.targetHandle as "t-top"]);
    expect(HANDLE_OFFSET[up.sourceHandle as "s-top"]).toBe(HANDLE_OFFSET[up.targetHandle as "t-bottom"]);
    expect(HANDLE_OFFSET["s-bottom"]).not.toBe(HANDLE_OFFSET["s-top"]);
  });

  it("treats partly overlapping columns as one column", () => {
    expect(chooseHandles(box(400, 80), box(500, 400)).sourceHandle).toBe("s-bottom");
  });

  it("loops below the row for a flow back to the left and for a flow to the same node", () => {
    const backward = { sourceHandle: "s-bottom", targetHandle: "t-bottom" };
    expect(chooseHandles(box(860, 400), box(400, 80))).toEqual(backward);
    expect(chooseHandles(box(400, 80), box(400, 80), true)).toEqual(backward);
  });
});

describe("laneHandlesByNode", () => {
  it("gives a node only the lanes its flows attach to", () => {
    // given a left-to-right flow, a flow down a column and a loop back to the left
    const edges = [
      { source: "a", target: "b", sourceHandle: "s-right", targetHandle: "t-left" },
      { source: "c", target: "d", sourceHandle: "s-bottom", targetHandle: "t-top" },
      { source: "d", target: "c", sourceHandle: "s-bottom", targetHandle: "t-bottom" },
    ];
    // when the lanes are collected
    const lanes = laneHandlesByNode(edges);
    // then side-to-side nodes need none, stacked ones exactly the lanes their flows use
    expect(lanes.has("a")).toBe(false);
    expect(lanes.has("b")).toBe(false);
    expect(lanes.get("c")).toEqual(["t-bottom", "s-bottom"]);
    expect(lanes.get("d")).toEqual(["t-top", "s-bottom"]);
  });
});
