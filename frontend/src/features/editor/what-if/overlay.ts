/**
 * Pure helpers of the "What if" panel: how a simulated flow is drawn (width by throughput, colour by
 * headroom), which nodes are down, and the request a choice of profile and outage makes.
 */
import type { SimulatedFlow, SimulationRequest, SimulationResult } from "../../../api/contract";
import type { CanvasEdge, CanvasNode } from "../types";

/** Stroke widths in pixels: the thinnest flow stays visible, the busiest does not swamp its nodes. */
export const MIN_WIDTH = 1.5;
export const MAX_WIDTH = 12;

/** How close a flow runs to its capacity at the peak of the profile. */
export type Headroom = "ample" | "tight" | "over" | "idle";

/** Below this share of its capacity left at the peak, a flow is drawn as tight. */
export const TIGHT_SHARE = 0.2;

/**
 * Stroke width for a flow carrying `bytes` per second when the busiest flow carries `busiest`.
 * Scaled by the square root, so a flow ten times busier looks about three times wider, not ten.
 */
export function edgeWidth(bytes: number, busiest: number): number {
  if (!(bytes > 0) || !(busiest > 0)) return MIN_WIDTH;
  const share = Math.min(1, Math.sqrt(bytes / busiest));
  return Math.round((MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * share) * 10) / 10;
}

/**
 * The headroom level of a flow: `over` when the peak offered exceeds the capacity (it falls behind),
 * `tight` when less than {@link TIGHT_SHARE} of the capacity is left, `idle` when nothing is offered.
 * A null headroom (an unbounded capacity) is ample.
 */
export function headroomLevel(
  headroom: number | null,
  capacity: number | null,
  offered: number | null,
): Headroom {
  if (offered !== null && offered <= 0) return "idle";
  if (headroom === null || capacity === null) return "ample";
  if (headroom < 0) return "over";
  return capacity > 0 && headroom / capacity < TIGHT_SHARE ? "tight" : "ample";
}

/** Stroke colours per level: the theme's tokens, set on the edge and its arrowhead through style. */
export const HEADROOM_COLOUR: Record<Headroom, string> = {
  ample: "var(--sim-ample)",
  tight: "var(--sim-tight)",
  over: "var(--sim-over)",
  idle: "var(--sim-idle)",
};

export interface FlowLoad {
  width: number;
  headroom: Headroom;
  colour: string;
  /** e.g. "5.2 MB/s peak of 6 MB/s". */
  title: string;
}

/** What the canvas draws from a result: each flow's load, and the nodes (and flows) that are down. */
export interface WhatIfOverlay {
  flows: ReadonlyMap<string, FlowLoad>;
  down: ReadonlySet<string>;
  lostFlows: ReadonlySet<string>;
}

/** The flows as they run: during the outage when there is one (the lost ones are gone). */
export function runningFlows(result: SimulationResult): SimulatedFlow[] {
  return result.outage ? result.outage.flows : result.flows;
}

/** The overlay of a result: widths scaled to the busiest running flow's peak. */
export function overlayOf(result: SimulationResult): WhatIfOverlay {
  const flows = runningFlows(result);
  const peakOf = (flow: SimulatedFlow) => flow.peak_offered_bytes_per_second.value ?? 0;
  const busiest = Math.max(0, ...flows.map(peakOf));
  const loads = new Map<string, FlowLoad>();
  for (const flow of flows) {
    const level = headroomLevel(
      flow.headroom_bytes_per_second.value,
      flow.capacity_bytes_per_second.value,
      peakOf(flow),
    );
    const capacity = flow.capacity_bytes_per_second.value;
    loads.set(flow.id, {
      width: edgeWidth(peakOf(flow), busiest),
      headroom: level,
      colour: HEADROOM_COLOUR[level],
      title: `${formatRate(peakOf(flow))} peak of ${capacity === null ? "unbounded" : formatRate(capacity)}`,
    });
  }
  return {
    flows: loads,
    down: new Set(result.outage?.down_nodes ?? []),
    lostFlows: new Set(result.outage?.lost_flows ?? []),
  };
}

/** A profile as the panel offers it. */
export type ProfileChoice =
  { shape: "steady" } | { shape: "daily" } | { shape: "spike"; factor: number; minutes: number };

/** The request for a profile and an outage (a location id, or none). */
export function simulationRequest(profile: ProfileChoice, outage: string | null): SimulationRequest {
  return {
    profile:
      profile.shape === "spike"
        ? { shape: "spike", factor: profile.factor, minutes: profile.minutes }
        : profile.shape,
    outage: outage || null,
  };
}

function scaled(value: number, unit: string): string {
  for (const [factor, prefix] of [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const) {
    if (Math.abs(value) >= factor) return `${Number((value / factor).toPrecision(3))} ${prefix}${unit}`;
  }
  return `${Number(value.toPrecision(3))} ${unit}`;
}

/** Bytes per second with an SI prefix: 5200000 → "5.2 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  return scaled(bytesPerSecond, "B/s");
}

/** Bytes with an SI prefix. */
export function formatBytes(bytes: number): string {
  return scaled(bytes, "B");
}

/** Seconds as the largest sensible unit; null (never) as "never". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "never";
  if (seconds < 120) return `${Number(seconds.toPrecision(3))} s`;
  if (seconds < 7200) return `${Number((seconds / 60).toPrecision(3))} min`;
  return `${Number((seconds / 3600).toPrecision(3))} h`;
}

/**
 * The canvas with a result drawn on it: flows get their load (or are marked lost), nodes that are down are
 * marked. Untouched nodes and edges are returned as they are, so React Flow re-renders only what changed.
 */
export function withOverlay(
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  overlay: WhatIfOverlay | null,
): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  if (!overlay) return { nodes, edges };
  return {
    nodes: nodes.map((node) =>
      node.type === "service" && overlay.down.has(node.id)
        ? { ...node, ariaLabel: `${node.ariaLabel ?? node.id} (down)`, data: { ...node.data, down: true } }
        : node,
    ),
    edges: edges.map((edge) => {
      const load = overlay.flows.get(edge.id);
      const lost = overlay.lostFlows.has(edge.id);
      if (!edge.data || (!load && !lost)) return edge;
      // An SVG marker scales with the stroke width by default: a 12 px flow would carry a huge arrowhead.
      const markerEnd =
        typeof edge.markerEnd === "object" && load
          ? {
              ...edge.markerEnd,
              markerUnits: "userSpaceOnUse",
              width: 14 + load.width,
              height: 14 + load.width,
              color: load.colour,
            }
          : edge.markerEnd;
      return { ...edge, markerEnd, data: { ...edge.data, load: load ?? null, lost } };
    }),
  };
}
