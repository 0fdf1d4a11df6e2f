import type { DesignDocument } from "../api/contract";
import { enclose } from "./containers";
import { endpointNode } from "./design-ops";

/** Canvas node size, so thumbnails keep the proportions of the editor. */
export const PREVIEW_NODE = { width: 196, height: 72 } as const;
const PAD = 24;
const LOCATION_PAD = 18;

export interface PreviewBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PreviewNode extends PreviewBox {
  category: string | undefined;
}

export interface PreviewGeometry {
  viewBox: string;
  nodes: PreviewNode[];
  locations: PreviewBox[];
  /** SVG path data per flow, from the right edge of its source to the left edge of its sink. */
  edges: { id: string; d: string }[];
}

/** Where each node sits in a design thumbnail, with its location boxes and flows, in canvas units. */
export function previewGeometry(
  document: DesignDocument,
  categoryOf: (service: string) => string | undefined,
): PreviewGeometry {
  const layout = document.layout ?? {};
  const { width, height } = PREVIEW_NODE;
  const nodes: PreviewNode[] = document.nodes.map((node, index) => {
    const at = layout[node.id] ?? { x: (index % 4) * 300, y: Math.floor(index / 4) * 170 };
    return { id: node.id, x: at.x, y: at.y, width, height, category: categoryOf(node.service) };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));

  const locations: PreviewBox[] = [];
  for (const location of document.locations ?? []) {
    const members = document.nodes
      .filter((n) => n.location === location.id)
      .map((n) => byId.get(n.id))
      .filter((n) => n !== undefined);
    const box = enclose(members, { pad: LOCATION_PAD, title: 0 });
    if (box) locations.push({ id: location.id, ...box });
  }

  const edges = document.flows.flatMap((flow) => {
    const a = byId.get(endpointNode(flow.from));
    const b = byId.get(endpointNode(flow.to));
    if (!a || !b || a === b) return [];
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return [{ id: flow.id, d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` }];
  });

  const boxes = [...nodes, ...locations];
  if (boxes.length === 0) return { viewBox: "0 0 400 160", nodes, locations, edges };
  const minX = Math.min(...boxes.map((b) => b.x)) - PAD;
  const minY = Math.min(...boxes.map((b) => b.y)) - PAD;
  const maxX = Math.max(...boxes.map((b) => b.x + b.width)) + PAD;
  const maxY = Math.max(...boxes.map((b) => b.y + b.height)) + PAD;
  return { viewBox: `${minX} ${minY} ${maxX - minX} ${maxY - minY}`, nodes, locations, edges };
}
