import { describe, expect, it } from "vitest";
import { chipTexts, serviceNodeHandles, serviceNodeHeight } from "../src/lib/node-size";

// Chip text widths as Chromium draws them at 11 px (measured on the peer-to-peer pattern's Kafka nodes).
const MEASURED: Record<string, number> = {
  events: 37,
  "kafka-b.events": 81,
  "kafka-c.events": 80,
  merged: 43,
};
const width = (text: string) => MEASURED[text] ?? text.length * 6;

describe("serviceNodeHeight", () => {
  it("matches the heights the browser gives nodes without stores and with two rows of chips", () => {
    // measured in Chromium: 57 px for an event source, 109 px for a Kafka cluster with four topics
    expect(serviceNodeHeight([], width)).toBe(57);
    expect(serviceNodeHeight(["events", "kafka-b.events", "kafka-c.events", "merged"], width)).toBe(109);
  });

  it("puts one short store on one row", () => {
    expect(serviceNodeHeight(["orders"], width)).toBe(85);
  });

  it("counts the '+N more' chip of a node with more than four stores", () => {
    expect(chipTexts(["a", "b", "c", "d", "e", "f"])).toEqual(["a", "b", "c", "d", "+2 more"]);
  });
});

describe("serviceNodeHandles", () => {
  it("places the side dots at mid-height and only the lanes a flow uses", () => {
    const handles = serviceNodeHandles(109, ["t-bottom", "s-bottom"]);
    expect(handles.map((h) => h.id)).toEqual(["t-left", "t-bottom", "s-bottom", "s-right"]);
    // as React Flow measured them on a 109 px node
    const byId = new Map(handles.map((h) => [h.id, h]));
    expect(byId.get("t-left")?.y).toBeCloseTo(48.98, 1);
    expect(byId.get("s-right")?.x).toBeCloseTo(188.13, 1);
    expect(byId.get("t-bottom")?.x).toBeCloseTo(118.27, 1);
    expect(byId.get("s-bottom")?.x).toBeCloseTo(71.72, 1);
    expect(byId.get("s-bottom")?.y).toBeCloseTo(104.97, 0);
  });
});
