import type { DesignDocument } from "../api/contract";

/**
 * Merge an imported design into the open one: new locations, nodes and flows are added (a flow whose id
 * is taken by a different flow gets a suffix), a node already there gains the stores it lacked, and the
 * imported layout is placed to the right of what is on the canvas. The open design's name is kept.
 */
export function mergeDesigns(current: DesignDocument, imported: DesignDocument): DesignDocument {
  const locations = [...(current.locations ?? [])];
  const locationIds = new Set(locations.map((l) => l.id));
  for (const location of imported.locations ?? []) {
    if (!locationIds.has(location.id)) {
      locations.push(location);
      locationIds.add(location.id);
    }
  }
  const nodes = current.nodes.map((n) => ({ ...n }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const added: string[] = [];
  for (const node of imported.nodes) {
    const existing = byId.get(node.id);
    if (!existing) {
      nodes.push(node);
      byId.set(node.id, node);
      added.push(node.id);
      continue;
    }
    const names = new Set((existing.stores ?? []).map((s) => s.name));
    const missing = (node.stores ?? []).filter((s) => !names.has(s.name));
    if (missing.length) existing.stores = [...(existing.stores ?? []), ...missing];
  }
  const flows = [...current.flows];
  const flowIds = new Set(flows.map((f) => f.id));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const flow of imported.flows) {
    const clash = current.flows.find((f) => f.id === flow.id);
    if (clash && same(clash, flow)) continue;
    let id = flow.id;
    for (let n = 2; flowIds.has(id); n += 1) id = `${flow.id.slice(0, 58)}-${n}`;
    flows.push({ ...flow, id });
    flowIds.add(id);
  }
  const layout = { ...(current.layout ?? {}) };
  const right =
    Math.max(0, ...Object.values(layout).map((p) => p.x)) + (Object.keys(layout).length ? 360 : 0);
  for (const id of added) {
    const position = imported.layout?.[id];
    if (position) layout[id] = { x: position.x + right, y: position.y };
  }
  return { ...current, locations, nodes, flows, layout };
}
