import { describe, expect, it } from "vitest";
import type { DesignDocument, DriftReport } from "../src/api/contract";
import { driftColouring, originText } from "../src/lib/drift-colouring";

const design: DesignDocument = {
  format: "kafkaesque.design/v1",
  name: "d",
  nodes: [
    { id: "east", service: "kafka", name: "East" },
    { id: "west", service: "kafka", name: "West" },
    { id: "db", service: "cassandra", name: "DB" },
  ],
  flows: [
    { id: "e2w", from: "east", to: "west", mechanism: "mirrormaker2" },
    { id: "sink", from: "west", to: "db", mechanism: "connect-cassandra-sink" },
  ],
};

function difference(
  element: "node" | "store" | "flow",
  status: "missing" | "extra" | "changed",
  design_id: string | null,
  origin: DriftReport["differences"][number]["origin"] = null,
): DriftReport["differences"][number] {
  return { element, status, key: design_id ?? "x", message: "", design_id, running_id: null, origin };
}

describe("driftColouring", () => {
  it("marks what does not run as removed, what runs differently as changed and counts extras", () => {
    // given a changed MM2 flow, a sink that does not run, a store missing on West and an extra flow
    const report: DriftReport = {
      drifted: true,
      counts: { missing: 2, extra: 1, changed: 1 },
      analysis: [],
      differences: [
        difference("flow", "changed", "e2w", { file: "mm2.properties", line: 4, key: "" }),
        difference("flow", "missing", "sink"),
        difference("store", "missing", "west"),
        difference("flow", "extra", null),
      ],
    };
    // when
    const colouring = driftColouring(design, report);
    // then
    expect(colouring.flows).toEqual({ e2w: "changed", sink: "removed" });
    expect(colouring.nodes).toEqual({ east: "unchanged", west: "changed", db: "unchanged" });
    expect(colouring.counts).toEqual({ added: 1, removed: 1, changed: 2, unchanged: 2 });
  });

  it("writes an origin as file:line, or the file alone when the line is unknown", () => {
    expect(originText({ file: "mm2.properties", line: 4, key: "" })).toBe("mm2.properties:4");
    expect(originText({ file: "bundle.zip!a.json", line: 0, key: "config" })).toBe("bundle.zip!a.json");
    expect(originText(null)).toBe("");
  });
});
