/** Which side of each node a flow leaves and enters, so edges between stacked nodes stay short. */
export type SourceHandle = "s-right" | "s-bottom" | "s-top";
export type TargetHandle = "t-left" | "t-top" | "t-bottom";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each handle sits along its side, as a fraction of the node's width. */
export const HANDLE_OFFSET: Record<"s-bottom" | "s-top" | "t-top" | "t-bottom", number> = {
  // Downward flows use the left lane, upward flows the right one: two flows in opposite
  // directions between stacked nodes run as parallel lines instead of crossing.
  "s-bottom": 0.38,
  "t-top": 0.38,
  "s-top": 0.62,
  "t-bottom": 0.62,
};

/**
 * Handles for a flow from `source` to `target`:
 * - nodes sharing a column (their x ranges overlap) connect bottom → top, or top → bottom going up;
 * - a target to the right is entered from the left, as a diagram reads;
 * - a target to the left (and a flow from a node to itself) leaves and enters at the bottom, a U
 *   below the row instead of a line drawn back through both nodes.
 */
export function chooseHandles(
  source: Box,
  target: Box,
  sameNode = false,
): { sourceHandle: SourceHandle; targetHandle: TargetHandle } {
  if (sameNode) return { sourceHandle: "s-bottom", targetHandle: "t-bottom" };
  const sharesColumn = source.x < target.x + target.width && target.x < source.x + source.width;
  if (sharesColumn) {
    return target.y + target.height / 2 >= source.y + source.height / 2
      ? { sourceHandle: "s-bottom", targetHandle: "t-top" }
      : { sourceHandle: "s-top", targetHandle: "t-bottom" };
  }
  if (target.x >= source.x + source.width) return { sourceHandle: "s-right", targetHandle: "t-left" };
  return { sourceHandle: "s-bottom", targetHandle: "t-bottom" };
}
