import { describe, expect, it } from "vitest";
import { handlePoint, type Box } from "../src/lib/edge-handles";
import {
  labelScaleAt,
  labelSize,
  LABEL_STOPS,
  placeLabels,
  pointOnFlow,
  type FlowEnds,
  type LabelRequest,
} from "../src/lib/label-placement";

const box = (x: number, y: number): Box => ({ x, y, width: 196, height: 84 });

function ends(from: Box, to: Box, sh: "s-right" | "s-bottom", th: "t-left" | "t-bottom"): FlowEnds {
  const s = handlePoint(from, sh);
  const t = handlePoint(to, th);
  return { sx: s.x, sy: s.y, sourceSide: s.side, tx: t.x, ty: t.y, targetSide: t.side };
}

function labelBox(request: LabelRequest, t: number, scale: number): Box {
  const [x, y] = pointOnFlow(request.ends, t);
  const { width, height } = labelSize(request.text);
  return {
    x: x - (width * scale) / 2,
    y: y - (height * scale) / 2,
    width: width * scale,
    height: height * scale,
  };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("pointOnFlow", () => {
  it("starts and ends at the handles and passes the middle of a straight flow", () => {
    const flow = ends(box(0, 0), box(400, 0), "s-right", "t-left");
    expect(pointOnFlow(flow, 0)).toEqual([flow.sx, flow.sy]);
    expect(pointOnFlow(flow, 1)).toEqual([flow.tx, flow.ty]);
    expect(pointOnFlow(flow, 0.5)).toEqual([(flow.sx + flow.tx) / 2, flow.sy]);
  });

  it("draws a flow to its own node as a U below it", () => {
    const node = box(0, 0);
    const [, y] = pointOnFlow(ends(node, node, "s-bottom", "t-bottom"), 0.5);
    expect(y).toBeGreaterThan(node.y + node.height + 30);
  });
});

describe("placeLabels", () => {
  it("keeps the middle of the curve when nothing is in the way", () => {
    const request = {
      id: "f",
      text: "Connect sink",
      ends: ends(box(0, 0), box(600, 0), "s-right", "t-left"),
    };
    expect(placeLabels([request], [])).toEqual(new Map([["f", 0.5]]));
  });

  it("moves apart the labels of flows from a node to itself (three streams jobs on one cluster)", () => {
    // given three flows from a Kafka cluster to itself, each drawn one lane deeper
    const kafka = box(400, 80);
    const requests = ["merge-local", "merge-from-b", "merge-from-c"].map((id, lane) => ({
      id,
      text: "Kafka Streams",
      ends: { ...ends(kafka, kafka, "s-bottom", "t-bottom"), lane },
    }));
    // when they are placed at the size they have at the smallest zoom that shows them
    const scale = 1.5;
    const places = placeLabels(requests, [], scale);
    // then each gets its own spot, and no two cover each other
    const boxes = requests.map((r) => {
      const t = places.get(r.id);
      expect(t).not.toBeNull();
      return labelBox(r, t!, scale);
    });
    for (let i = 0; i < boxes.length; i += 1)
      for (let j = i + 1; j < boxes.length; j += 1) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
  });

  it("leaves a label out rather than put it on another when its curve has no free spot", () => {
    // given twenty flows on one short curve
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: `f${i}`,
      text: "MM2 · default",
      ends: ends(box(0, 0), box(300, 0), "s-right", "t-left"),
    }));
    const places = placeLabels(requests, [], 1);
    const shown = requests.filter((r) => places.get(r.id) !== null);
    // then some are shown, the rest are not, and the shown ones are apart
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(requests.length);
    const boxes = shown.map((r) => labelBox(r, places.get(r.id)!, 1));
    for (let i = 0; i < boxes.length; i += 1)
      for (let j = i + 1; j < boxes.length; j += 1) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
  });

  it("slides a label off a node's name when another spot on its curve is clear", () => {
    // given a flow whose middle lies on a name (a node sits between its ends)
    const request = { id: "f", text: "Spark", ends: ends(box(0, 0), box(600, 0), "s-right", "t-left") };
    const [mx, my] = pointOnFlow(request.ends, 0.5);
    const name = { x: mx - 60, y: my - 20, width: 120, height: 40 };
    // when it is placed
    const t = placeLabels([request], [name], 1).get("f");
    // then it sits elsewhere along the curve, clear of the name
    expect(t).not.toBe(0.5);
    expect(LABEL_STOPS).toContain(t);
    expect(overlaps(labelBox(request, t!, 1), name)).toBe(false);
  });

  it("leaves a label out when every spot on its curve covers a name", () => {
    // given a short flow between two nodes side by side, whose names come close to the flow
    const request = {
      id: "f",
      text: "Cassandra sink",
      ends: ends(box(0, 0), box(260, 0), "s-right", "t-left"),
    };
    const names = [box(0, 0), box(260, 0)].map((b) => ({ x: b.x + 52, y: b.y + 9, width: 136, height: 21 }));
    // when zoomed out, labels are large on the canvas: no spot clears the names
    expect(placeLabels([request], names, 1 / 0.6).get("f")).toBeNull();
    // and zoomed in to 1 the label fits between them
    expect(placeLabels([request], names, 1).get("f")).not.toBeNull();
  });

  it("places a thousand labels quickly (the 2,000-node design)", () => {
    const requests: LabelRequest[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const from = box((i % 25) * 520, Math.floor(i / 25) * 150);
      const to = box((i % 25) * 520 + 260, Math.floor(i / 25) * 150);
      requests.push({ id: `f${i}`, text: "Connect sink", ends: ends(from, to, "s-right", "t-left") });
    }
    const start = performance.now();
    const places = placeLabels(requests, []);
    expect(performance.now() - start).toBeLessThan(100);
    expect(places.size).toBe(1000);
  });
});

describe("labelScaleAt", () => {
  it("draws no labels zoomed out, and plans for the largest size a label has within each zoom step", () => {
    expect(labelScaleAt(0.1)).toBeNull();
    expect(labelScaleAt(0.39)).toBeNull();
    // a label keeps 24 px on screen: at zoom 0.4 it is 2.5 times its size on the canvas
    expect(labelScaleAt(0.4)).toBe(2.5);
    expect(labelScaleAt(0.59)).toBe(2.5);
    expect(labelScaleAt(0.6)).toBeCloseTo(1 / 0.6);
    expect(labelScaleAt(0.79)).toBeCloseTo(1 / 0.6);
    expect(labelScaleAt(0.8)).toBe(1.25);
    expect(labelScaleAt(1)).toBe(1);
    expect(labelScaleAt(2)).toBe(1);
  });
});
