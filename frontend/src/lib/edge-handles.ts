/** Which side of each node a flow leaves and enters, so edges between stacked nodes stay short. */
export type SourceHandle = "s-right" | "s-bottom" | "s-top";
export type TargetHandle = "t-left" | "t-top" | "t-bottom";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The routing-only handles on a node's top and bottom edges (flows between stacked nodes, loops). */
export type LaneHandle = "s-bottom" | "s-top" | "t-top" | "t-bottom";

/** Where each handle sits along its side, as a fraction of the node's width. */
export const HANDLE_OFFSET: Record<LaneHandle, number> = {
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

const LANE_ORDER: readonly LaneHandle[] = ["t-top", "t-bottom", "s-top", "s-bottom"];

/**
 * The lane handles each node needs for the given edges, in a fixed order. A node renders only
 * these: the lanes are invisible anchors, and four extra positioned elements on every node made
 * each frame of a pan over a large design cost about a third more to paint and hit-test.
 */
export function laneHandlesByNode(
  edges: readonly {
    source: string;
    target: string;
    sourceHandle?: string | null;
    targetHandle?: string | null;
  }[],
): Map<string, readonly LaneHandle[]> {
  const used = new Map<string, Set<string>>();
  const add = (node: string, handle: string | null | undefined) => {
    if (!handle || !(handle in HANDLE_OFFSET)) return;
    const set = used.get(node) ?? new Set<string>();
    set.add(handle);
    used.set(node, set);
  };
  for (const edge of edges) {
    add(edge.source, edge.sourceHandle);
    add(edge.target, edge.targetHandle);
  }
  return new Map([...used].map(([node, set]) => [node, LANE_ORDER.filter((h) => set.has(h))]));
}

type Side = "left" | "right" | "top" | "bottom";

/**
 * Where a flow attaches to a node box, as React Flow reports it for the handles the service node draws
 * (within a few pixels: the handles are small dots centred on the node's border).
 */
export function handlePoint(
  box: Box,
  handle: SourceHandle | TargetHandle,
): { x: number; y: number; side: Side } {
  switch (handle) {
    case "s-right":
      return { x: box.x + box.width + 4, y: box.y + box.height / 2, side: "right" };
    case "t-left":
      return { x: box.x - 5, y: box.y + box.height / 2, side: "left" };
    case "s-top":
    case "t-top":
      return { x: box.x + box.width * HANDLE_OFFSET[handle], y: box.y - 3, side: "top" };
    case "s-bottom":
    case "t-bottom":
      return { x: box.x + box.width * HANDLE_OFFSET[handle], y: box.y + box.height + 3, side: "bottom" };
  }
}
