import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../src/api/contract";
import { chartedSeries, storeChoices, type SimulationSeries } from "../src/features/editor/what-if/series";

const normal: SimulationSeries = {
  times_s: [0, 60, 120],
  flows: { drain: { offered_bytes_per_second: [5, 50, 5], backlog_bytes: [0, 2640, 0], lag_s: [0, 440, 0] } },
  stores: {
    "ingest/clicks": { in_bytes_per_second: [5e6, 50e6, 5e6], out_bytes_per_second: [5e6, 6e6, 6e6] },
    "consume/ingest.clicks": { in_bytes_per_second: [5e6, 6e6, 6e6] },
  },
};

const during: SimulationSeries = {
  times_s: [0, 60, 120],
  flows: {},
  stores: { "consume/ingest.clicks": { in_bytes_per_second: [0, 0, 0], out_bytes_per_second: [0, 0, 0] } },
};

function result(outage: SimulationResult["outage"]): SimulationResult {
  return { duration_s: 180, step_s: 60, flows: [], stores: [], series: normal, outage, findings: [] };
}

describe("chartedSeries", () => {
  it("charts the normal run when nothing is down", () => {
    expect(chartedSeries(result(null))).toBe(normal);
  });

  it("charts the run during the outage, not the normal one", () => {
    const outage = { down_nodes: ["sensors"], lost_flows: ["collect"], flows: [], series: during };
    expect(chartedSeries(result(outage))).toBe(during);
  });

  it("falls back to the normal run for an outage result stored before outages had series", () => {
    const outage = { down_nodes: ["sensors"], lost_flows: ["collect"], flows: [] };
    expect(chartedSeries(result(outage))).toBe(normal);
  });
});

describe("storeChoices", () => {
  it("lists the stores busiest first, as the server ranked them, with peak in and read rates", () => {
    expect(storeChoices(normal)).toEqual([
      { id: "ingest/clicks", peakIn: 50e6, peakOut: 6e6 },
      { id: "consume/ingest.clicks", peakIn: 6e6, peakOut: null },
    ]);
  });
});
