import type { DesignDiff, DesignDocument } from "../api/contract";

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface DiffColouring {
  nodes: Record<string, ChangeKind>;
  flows: Record<string, ChangeKind>;
  counts: Record<ChangeKind, number>;
}

/**
 * The canvas colours of the server's semantic diff (`/api/designs/{id}/diff/`): every node and
 * flow of `after` as added, changed or unchanged, and those only the older side has as removed.
 * The server decides what counts as a change (layout moves do not); the front end computes none.
 * A node counts as changed when one of its stores (`node/store` in the diff) was added, removed
 * or changed.
 */
export function diffColouring(diff: DesignDiff, after: DesignDocument): DiffColouring {
  const storeNodes = new Set(
    [...diff.stores.added, ...diff.stores.removed, ...diff.stores.changed.map((c) => c.id)].map(
      (id) => id.split("/")[0] ?? id,
    ),
  );
  const nodes: Record<string, ChangeKind> = {};
  const flows: Record<string, ChangeKind> = {};
  const changedNodes = new Set(diff.nodes.changed.map((c) => c.id));
  const changedFlows = new Set(diff.flows.changed.map((c) => c.id));
  const addedNodes = new Set(diff.nodes.added);
  const addedFlows = new Set(diff.flows.added);
  for (const node of after.nodes) {
    nodes[node.id] = addedNodes.has(node.id)
      ? "added"
      : changedNodes.has(node.id) || storeNodes.has(node.id)
        ? "changed"
        : "unchanged";
  }
  for (const flow of after.flows) {
    flows[flow.id] = addedFlows.has(flow.id) ? "added" : changedFlows.has(flow.id) ? "changed" : "unchanged";
  }
  for (const id of diff.nodes.removed) nodes[id] = "removed";
  for (const id of diff.flows.removed) flows[id] = "removed";
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const kind of [...Object.values(nodes), ...Object.values(flows)]) counts[kind] += 1;
  return { nodes, flows, counts };
}
