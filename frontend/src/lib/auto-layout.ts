import type { DesignDocument } from "../api/contract";
import { endpointNode } from "./design-ops";

/**
 * Lay the design out left to right with ELK's layered algorithm. Pinned nodes keep their place;
 * the result is a new layout for the caller to push as one undoable step.
 */
export async function autoLayout(
  document: DesignDocument,
  size: (id: string) => { width: number; height: number },
): Promise<NonNullable<DesignDocument["layout"]>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const ids = new Set(document.nodes.map((n) => n.id));
  const graph = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "48",
      "elk.layered.spacing.nodeNodeBetweenLayers": "110",
    },
    children: document.nodes.map((node) => ({ id: node.id, ...size(node.id) })),
    edges: document.flows
      .filter((f) => ids.has(endpointNode(f.from)) && ids.has(endpointNode(f.to)))
      .map((flow) => ({ id: flow.id, sources: [endpointNode(flow.from)], targets: [endpointNode(flow.to)] })),
  });
  const layout: NonNullable<DesignDocument["layout"]> = { ...document.layout };
  for (const child of graph.children ?? []) {
    const previous = layout[child.id];
    if (previous?.pinned) continue;
    layout[child.id] = {
      ...previous,
      x: Math.round((child.x ?? 0) + 80),
      y: Math.round((child.y ?? 0) + 80),
    };
  }
  return layout;
}
