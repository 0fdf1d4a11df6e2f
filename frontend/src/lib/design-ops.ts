import type { DesignDocument, DesignFlow, DesignNode } from "../api/contract";

/** Ids follow the document format: ^[a-z][a-z0-9-]{0,62}$. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^[^a-z]+/, "");
  return (slug || "item").slice(0, 50);
}

/** A fresh id based on `base`, not among `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = slugify(base);
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** Split an endpoint "node/store" at the first slash. */
export function endpointNode(endpoint: string): string {
  const slash = endpoint.indexOf("/");
  return slash === -1 ? endpoint : endpoint.slice(0, slash);
}

export function endpointStore(endpoint: string): string | null {
  const slash = endpoint.indexOf("/");
  return slash === -1 ? null : endpoint.slice(slash + 1);
}

export function addNode(
  document: DesignDocument,
  service: { id: string; name: string },
  position: { x: number; y: number },
): { document: DesignDocument; id: string } {
  const id = uniqueId(
    service.id,
    document.nodes.map((n) => n.id),
  );
  const count = document.nodes.filter((n) => n.service === service.id).length;
  const node: DesignNode = {
    id,
    service: service.id,
    name: count === 0 ? service.name : `${service.name} ${count + 1}`,
    properties: {},
    stores: [],
  };
  return {
    id,
    document: {
      ...document,
      nodes: [...document.nodes, node],
      layout: { ...document.layout, [id]: { x: Math.round(position.x), y: Math.round(position.y) } },
    },
  };
}

export function addFlow(
  document: DesignDocument,
  from: string,
  to: string,
  mechanism: string | null,
  properties: Record<string, unknown> = {},
): { document: DesignDocument; id: string } {
  const id = uniqueId(
    `${endpointNode(from)}-to-${endpointNode(to)}`,
    document.flows.map((f) => f.id),
  );
  const flow: DesignFlow = { id, from, to, ...(mechanism ? { mechanism } : {}), properties };
  return { id, document: { ...document, flows: [...document.flows, flow] } };
}

export function updateNode(document: DesignDocument, id: string, patch: Partial<DesignNode>): DesignDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => (node.id === id ? { ...node, ...patch } : node)),
  };
}

export function updateFlow(document: DesignDocument, id: string, patch: Partial<DesignFlow>): DesignDocument {
  return {
    ...document,
    flows: document.flows.map((flow) => (flow.id === id ? { ...flow, ...patch } : flow)),
  };
}

/** Remove nodes (with their flows and layout) and flows. */
export function removeElements(
  document: DesignDocument,
  nodeIds: ReadonlySet<string>,
  flowIds: ReadonlySet<string>,
): DesignDocument {
  if (nodeIds.size === 0 && flowIds.size === 0) return document;
  const layout = { ...document.layout };
  for (const id of nodeIds) delete layout[id];
  return {
    ...document,
    nodes: document.nodes.filter((node) => !nodeIds.has(node.id)),
    flows: document.flows.filter(
      (flow) =>
        !flowIds.has(flow.id) && !nodeIds.has(endpointNode(flow.from)) && !nodeIds.has(endpointNode(flow.to)),
    ),
    layout,
  };
}

export function moveNodes(
  document: DesignDocument,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): DesignDocument {
  const layout = { ...document.layout };
  for (const [id, { x, y }] of positions) layout[id] = { ...layout[id], x: Math.round(x), y: Math.round(y) };
  return { ...document, layout };
}

/** A clipboard payload: the selected nodes and the flows between them. */
export interface Clipboard {
  nodes: DesignNode[];
  flows: DesignFlow[];
  layout: Record<string, { x: number; y: number }>;
}

export function copySelection(document: DesignDocument, nodeIds: ReadonlySet<string>): Clipboard {
  const nodes = document.nodes.filter((n) => nodeIds.has(n.id));
  const flows = document.flows.filter(
    (f) => nodeIds.has(endpointNode(f.from)) && nodeIds.has(endpointNode(f.to)),
  );
  const layout: Clipboard["layout"] = {};
  for (const node of nodes) {
    const at = document.layout?.[node.id];
    if (at) layout[node.id] = { x: at.x, y: at.y };
  }
  return { nodes, flows, layout };
}

/** Paste a clipboard with fresh ids, offset so the copy does not hide the original. */
export function pasteClipboard(
  document: DesignDocument,
  clipboard: Clipboard,
  offset = 40,
): { document: DesignDocument; nodeIds: string[] } {
  const taken = new Set(document.nodes.map((n) => n.id));
  const renamed = new Map<string, string>();
  const nodes = clipboard.nodes.map((node) => {
    const id = uniqueId(node.id, taken);
    taken.add(id);
    renamed.set(node.id, id);
    return { ...node, id, name: `${node.name} copy` };
  });
  const rename = (endpoint: string) => {
    const store = endpointStore(endpoint);
    const node = renamed.get(endpointNode(endpoint)) ?? endpointNode(endpoint);
    return store === null ? node : `${node}/${store}`;
  };
  const flowIds = new Set(document.flows.map((f) => f.id));
  const flows = clipboard.flows.map((flow) => {
    const id = uniqueId(flow.id, flowIds);
    flowIds.add(id);
    return { ...flow, id, from: rename(flow.from), to: rename(flow.to) };
  });
  const layout = { ...document.layout };
  clipboard.nodes.forEach((node, index) => {
    const at = clipboard.layout[node.id] ?? { x: index * 40, y: index * 40 };
    const id = renamed.get(node.id);
    if (id) layout[id] = { x: at.x + offset, y: at.y + offset };
  });
  return {
    document: {
      ...document,
      nodes: [...document.nodes, ...nodes],
      flows: [...document.flows, ...flows],
      layout,
    },
    nodeIds: nodes.map((n) => n.id),
  };
}
