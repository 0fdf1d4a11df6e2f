import { describe, expect, it } from "vitest";
import type { SimulatedFlow, SimulationResult } from "../src/api/contract";
import {
  edgeWidth,
  HEADROOM_COLOUR,
  headroomLevel,
  MAX_WIDTH,
  MIN_WIDTH,
  overlayOf,
  simulationRequest,
} from "../src/features/editor/what-if/overlay";

const figure = (value: number | null, unit = "B/s") => ({ value, unit, formula: "given" });

function flow(id: string, peak: number, capacity: number | null): SimulatedFlow {
  return {
    id,
    mechanism: "kafka-client",
    from: "a",
    to: "b",
    bytes_per_second: figure(peak),
    peak_offered_bytes_per_second: figure(peak),
    capacity_bytes_per_second: figure(capacity),
    headroom_bytes_per_second: figure(capacity === null ? null : capacity - peak),
    utilisation: figure(capacity === null ? null : peak / capacity, "1"),
  };
}

describe("edgeWidth", () => {
  it("draws the busiest flow widest and a flow a hundredth as busy a tenth of the extra width", () => {
    expect(edgeWidth(50e6, 50e6)).toBe(MAX_WIDTH);
    // sqrt(1/100) = 0.1 of the extra width, rounded to a tenth of a pixel
    const width = edgeWidth(0.5e6, 50e6);
    expect(Math.abs(width - (MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * 0.1))).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it("keeps an idle flow visible at the thinnest width", () => {
    expect(edgeWidth(0, 50e6)).toBe(MIN_WIDTH);
    expect(edgeWidth(0, 0)).toBe(MIN_WIDTH);
  });
});

describe("headroomLevel", () => {
  it("is over when the peak exceeds the capacity: the 10x spike of 5 MB/s into 6 MB/s consumers", () => {
    expect(headroomLevel(6e6 - 50e6, 6e6, 50e6)).toBe("over");
  });

  it("is tight below a fifth of the capacity left and ample above", () => {
    expect(headroomLevel(1e6, 6e6, 5e6)).toBe("tight");
    expect(headroomLevel(2e6, 6e6, 4e6)).toBe("ample");
  });

  it("is idle when nothing is offered, and ample for an unbounded capacity", () => {
    expect(headroomLevel(6e6, 6e6, 0)).toBe("idle");
    expect(headroomLevel(null, null, 5e6)).toBe("ample");
  });
});

describe("overlayOf", () => {
  it("colours each flow by its headroom and marks the outage's nodes and lost flows", () => {
    // given a result with an outage: 'drain' is lost, 'collect' falls behind, 'analyse' keeps up
    const running = [flow("collect", 50e6, 6e6), flow("analyse", 5e6, 100e6)];
    const result: SimulationResult = {
      duration_s: 3600,
      step_s: 60,
      flows: [...running, flow("drain", 5e6, 6e6)],
      stores: [],
      series: { times_s: [], flows: {}, stores: {} },
      outage: { down_nodes: ["kafka-consume"], lost_flows: ["drain"], flows: running },
      findings: [],
    };
    // when
    const overlay = overlayOf(result);
    // then
    expect(overlay.flows.get("collect")).toMatchObject({ headroom: "over", colour: HEADROOM_COLOUR.over });
    expect(overlay.flows.get("collect")?.width).toBe(MAX_WIDTH);
    expect(overlay.flows.get("analyse")?.headroom).toBe("ample");
    expect(overlay.flows.get("analyse")?.width).toBeLessThan(MAX_WIDTH);
    expect(overlay.flows.has("drain")).toBe(false);
    expect([...overlay.down]).toEqual(["kafka-consume"]);
    expect([...overlay.lostFlows]).toEqual(["drain"]);
  });
});

describe("simulationRequest", () => {
  it("sends a spike with its factor and minutes, and no outage as null", () => {
    expect(simulationRequest({ shape: "spike", factor: 10, minutes: 10 }, null)).toEqual({
      profile: { shape: "spike", factor: 10, minutes: 10 },
      outage: null,
    });
    expect(simulationRequest({ shape: "daily" }, "us-east-1")).toEqual({
      profile: "daily",
      outage: "us-east-1",
    });
  });
});
