/**
 * Where each flow's mechanism label goes along its edge, so that no two labels cover each other.
 *
 * A label is a pointer target (it selects its flow), and WCAG 2.5.8 (target size, AA) fails when one
 * target lies on another: automatic layout used to put two labels on one spot. Each label may sit at
 * one of a few points along its own curve; labels are placed in the design's flow order, each at the
 * first point where it meets no label placed before it and no node's name. A label with no such point
 * is left out at this zoom (its flow stays drawn, selectable and named by the edge itself; zoomed in,
 * the labels are smaller on the canvas and it may find a place).
 *
 * Positions are in flow coordinates. Labels keep at least 24 px on screen when zoomed out (they
 * scale by 1 / zoom), so they are placed at the largest size they can have at the current zoom step
 * (`labelScaleAt`); below `LABEL_MIN_ZOOM` the canvas draws no labels at all.
 */

import type { Box } from "./edge-handles";

export type Side = "left" | "right" | "top" | "bottom";

/** The two ends of a drawn flow: handle points and the node side each leaves or enters. */
export interface FlowEnds {
  sx: number;
  sy: number;
  sourceSide: Side;
  tx: number;
  ty: number;
  targetSide: Side;
  /** Which of several flows between the same two nodes this is (0 for the first): a U is drawn deeper for each. */
  lane?: number;
}

/** How much deeper each further U between the same two nodes is drawn, so their curves and labels part. */
export const U_LANE_STEP = 60;

/** Below this zoom the canvas leaves flow labels out: they would cover the nodes they join. */
export const LABEL_MIN_ZOOM = 0.4;

/**
 * The label size factor the placement plans for at a zoom, or null when labels are not drawn. Zoomed out,
 * labels keep 24 px on screen (they scale by 1 / zoom); the factor is rounded up to one of three steps, so
 * the canvas places its labels again only when the zoom crosses one of the four steps, not on every frame of a zoom.
 */
export function labelScaleAt(zoom: number): number | null {
  if (zoom < LABEL_MIN_ZOOM) return null;
  if (zoom >= 1) return 1;
  if (zoom >= 0.8) return 1.25;
  if (zoom >= 0.6) return 1 / 0.6;
  return 1 / LABEL_MIN_ZOOM;
}

/** How far along its curve a label may sit, in order of preference. */
export const LABEL_STOPS: readonly number[] = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];
/** Flows with a twin (the same two nodes the other way round) start a little off the middle. */
export const TWIN_STOPS: readonly number[] = [0.3, 0.5, 0.18, 0.62, 0.74, 0.85];

const LABEL_HEIGHT = 24;
/** Estimated width per character of the 11 px label text, and the pill's padding and border. */
const CHAR_WIDTH = 7;
const LABEL_PADDING = 16;
/** Space kept between two labels, in screen pixels. */
const LABEL_GAP = 4;

/** Control-point offset as React Flow computes it for bezier edges (curvature 0.25). */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

function control(side: Side, x1: number, y1: number, x2: number, y2: number): [number, number] {
  switch (side) {
    case "left":
      return [x1 - controlOffset(x1 - x2), y1];
    case "right":
      return [x1 + controlOffset(x2 - x1), y1];
    case "top":
      return [x1, y1 - controlOffset(y1 - y2)];
    case "bottom":
      return [x1, y1 + controlOffset(y2 - y1)];
  }
}

/** The depth of the U drawn for a flow that leaves and enters at the bottom (back to the left, or a self-loop). */
export function uFloor(ends: FlowEnds): number {
  return (
    Math.max(ends.sy, ends.ty) + 46 + Math.abs(ends.tx - ends.sx) * 0.12 + (ends.lane ?? 0) * U_LANE_STEP
  );
}

/** Whether a flow is drawn as a U below its ends rather than as React Flow's bezier. */
export function isU(ends: FlowEnds): boolean {
  return ends.sourceSide === "bottom" && ends.targetSide === "bottom";
}

/** The four control points of the curve the canvas draws for a flow. */
export function curveOf(ends: FlowEnds): [number, number, number, number, number, number, number, number] {
  const { sx, sy, tx, ty } = ends;
  if (isU(ends)) {
    const floor = uFloor(ends);
    return [sx, sy, sx, floor, tx, floor, tx, ty];
  }
  const [c1x, c1y] = control(ends.sourceSide, sx, sy, tx, ty);
  const [c2x, c2y] = control(ends.targetSide, tx, ty, sx, sy);
  return [sx, sy, c1x, c1y, c2x, c2y, tx, ty];
}

/** The point at parameter t on the flow's curve. */
export function pointOnFlow(ends: FlowEnds, t: number): [number, number] {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = curveOf(ends);
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3];
}

/** The width of a label's text at 11 px; by default a generous estimate from its length. */
export type TextWidth = (text: string) => number;

const estimatedWidth: TextWidth = (text) => text.length * CHAR_WIDTH;

/** The label's box at scale 1 (flow units at zoom 1). */
export function labelSize(
  text: string,
  textWidth: TextWidth = estimatedWidth,
): { width: number; height: number } {
  return { width: Math.ceil(textWidth(text) + LABEL_PADDING), height: LABEL_HEIGHT };
}

export interface LabelRequest {
  id: string;
  ends: FlowEnds;
  text: string;
  twin?: boolean;
}

/** A uniform grid of boxes, so each query looks at a few neighbours instead of every box. */
class BoxGrid {
  private readonly cells = new Map<string, Box[]>();

  constructor(private readonly size: number) {}

  private keys(box: Box): string[] {
    const keys: string[] = [];
    const x0 = Math.floor(box.x / this.size);
    const x1 = Math.floor((box.x + box.width) / this.size);
    const y0 = Math.floor(box.y / this.size);
    const y1 = Math.floor((box.y + box.height) / this.size);
    for (let x = x0; x <= x1; x += 1) for (let y = y0; y <= y1; y += 1) keys.push(`${x},${y}`);
    return keys;
  }

  add(box: Box): void {
    for (const key of this.keys(box)) {
      const cell = this.cells.get(key);
      if (cell) cell.push(box);
      else this.cells.set(key, [box]);
    }
  }

  /** Whether `box` meets any box in the grid. */
  hits(box: Box): boolean {
    for (const key of this.keys(box)) {
      for (const other of this.cells.get(key) ?? []) {
        const w = Math.min(box.x + box.width, other.x + other.width) - Math.max(box.x, other.x);
        const h = Math.min(box.y + box.height, other.y + other.height) - Math.max(box.y, other.y);
        if (w > 0 && h > 0) return true;
      }
    }
    return false;
  }
}

/**
 * Where each label goes: its parameter along its flow's curve, or null when every allowed point would
 * cover a label placed before it or one of the `names` (the boxes of the nodes' name lines); `scale` is the label's size factor (1 / the smallest zoom that shows labels); `textWidth`
 * measures a label's text (the browser's own measure when there is one).
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  names: readonly Box[],
  scale = 1 / LABEL_MIN_ZOOM,
  textWidth: TextWidth = estimatedWidth,
): Map<string, number | null> {
  const placed = new BoxGrid(256);
  const nameGrid = new BoxGrid(256);
  for (const box of names) nameGrid.add(box);
  const gap = LABEL_GAP * scale;
  const result = new Map<string, number | null>();
  for (const request of requests) {
    const size = labelSize(request.text, textWidth);
    const width = size.width * scale;
    const height = size.height * scale;
    let best: number | null = null;
    for (const t of request.twin ? TWIN_STOPS : LABEL_STOPS) {
      const [x, y] = pointOnFlow(request.ends, t);
      const box = { x: x - width / 2, y: y - height / 2, width, height };
      const spaced = { x: box.x - gap / 2, y: box.y - gap / 2, width: width + gap, height: height + gap };
      if (placed.hits(spaced) || nameGrid.hits(box)) continue;
      best = t;
      break;
    }
    result.set(request.id, best);
    if (best !== null) {
      const [x, y] = pointOnFlow(request.ends, best);
      placed.add({
        x: x - (width + gap) / 2,
        y: y - (height + gap) / 2,
        width: width + gap,
        height: height + gap,
      });
    }
  }
  return result;
}
