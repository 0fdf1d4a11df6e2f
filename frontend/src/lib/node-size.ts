/**
 * The box a service node will have on the canvas and where its handles sit, worked out before it is drawn.
 *
 * React Flow measures every node after its first render (a ResizeObserver pass that reads each node's
 * size and the boxes of its handles), and only then draws the edges and fits the view: on a 2,000-node
 * design that is a second pass over every node. Given the size and the handles up front, it draws nodes
 * and edges in the first pass and its measuring finds nothing to change. When the guess is wrong (a font
 * wider than expected wraps the store chips differently), React Flow's own measure corrects it, as before.
 *
 * The figures follow editor-canvas.css: a 196 px wide node with a 1 px border; a name and a service line
 * (57 px in all without stores); store chips in rows of 20 px, 4 px apart, 8 px below the head.
 */

import { Position, type NodeHandle } from "@xyflow/react";
import { HANDLE_OFFSET, type LaneHandle } from "./edge-handles";
import type { TextWidth } from "./label-placement";

export const SERVICE_NODE_WIDTH = 196;
/** Below this zoom a service node's name (13 px) is under 4 px on screen: the canvas draws the box alone. */
export const NODE_DETAIL_MIN_ZOOM = 0.3;
const HEAD_HEIGHT = 57;
const CHIPS_TOP = 8;
const CHIP_ROW = 20;
const CHIP_GAP = 4;
/** The chips' row width: the node less its border (2), left padding (14) and right padding (10). */
const CHIPS_WIDTH = SERVICE_NODE_WIDTH - 26;
/** A chip's padding and border around its text. */
const CHIP_FRAME = 14;
/** Store chips a node shows before "+N more" (service-node.tsx). */
export const MAX_CHIPS = 4;

const estimatedChipText: TextWidth = (text) => text.length * 6.2;

/** The chips a node with these store names shows, in order. */
export function chipTexts(stores: readonly string[]): string[] {
  const shown = stores.slice(0, MAX_CHIPS);
  return stores.length > MAX_CHIPS ? [...shown, `+${stores.length - MAX_CHIPS} more`] : shown;
}

/** The node's height: its head, and its store chips wrapped into rows as the browser's flex layout does. */
export function serviceNodeHeight(
  stores: readonly string[],
  textWidth: TextWidth = estimatedChipText,
): number {
  const chips = chipTexts(stores);
  if (chips.length === 0) return HEAD_HEIGHT;
  let rows = 1;
  let used = 0;
  for (const text of chips) {
    const width = Math.min(CHIPS_WIDTH, Math.ceil(textWidth(text)) + CHIP_FRAME);
    if (used > 0 && used + CHIP_GAP + width > CHIPS_WIDTH) {
      rows += 1;
      used = width;
    } else used += (used > 0 ? CHIP_GAP : 0) + width;
  }
  return HEAD_HEIGHT + CHIPS_TOP + rows * CHIP_ROW + (rows - 1) * CHIP_GAP;
}

/**
 * The handles' boxes relative to the node, as React Flow would measure them: the two 11 px dots on the
 * left and right (the source one drawn 1.25 times larger), and the 6 px lane anchors a flow uses.
 */
export function serviceNodeHandles(height: number, lanes: readonly LaneHandle[]): NodeHandle[] {
  const inner = SERVICE_NODE_WIDTH - 2;
  const handles: NodeHandle[] = [
    {
      id: "t-left",
      type: "target",
      position: Position.Left,
      x: -4.5,
      y: height / 2 - 5.5,
      width: 11,
      height: 11,
    },
  ];
  for (const lane of lanes) {
    const top = lane.endsWith("top");
    handles.push({
      id: lane,
      type: lane.startsWith("s-") ? "source" : "target",
      position: top ? Position.Top : Position.Bottom,
      x: 1 + inner * HANDLE_OFFSET[lane] - 3,
      y: top ? -2 : height - 4,
      width: 6,
      height: 6,
    });
  }
  handles.push({
    id: "s-right",
    type: "source",
    position: Position.Right,
    x: SERVICE_NODE_WIDTH - 1 - 6.875,
    y: height / 2 - 6.875,
    width: 11,
    height: 11,
  });
  return handles;
}
