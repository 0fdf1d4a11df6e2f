import type { DesignDocument } from "../api/contract";
import { endpointNode } from "./design-ops";
import type { ChangeKind, DiffColouring } from "./diff-colouring";

export interface ConflictLine {
  element: "node" | "flow";
  id: string;
  /** What a person calls it: the node's name, or "Source → Sink" for a flow. */
  label: string;
  change: Exclude<ChangeKind, "unchanged">;
}

const ORDER: Record<ConflictLine["change"], number> = { added: 0, changed: 1, removed: 2 };

/**
 * The differences between their revision and mine, one line per added, changed or removed node
 * and flow, named as the user knows them; added and changed first, then removed, by name.
 */
export function conflictLines(
  theirs: DesignDocument,
  mine: DesignDocument,
  diff: DiffColouring,
): ConflictLine[] {
  const names = new Map([...theirs.nodes, ...mine.nodes].map((n) => [n.id, n.name]));
  const flows = new Map([...theirs.flows, ...mine.flows].map((f) => [f.id, f]));
  const nodeName = (endpoint: string) => names.get(endpointNode(endpoint)) ?? endpointNode(endpoint);
  const lines: ConflictLine[] = [];
  for (const [id, change] of Object.entries(diff.nodes)) {
    if (change !== "unchanged") lines.push({ element: "node", id, label: names.get(id) ?? id, change });
  }
  for (const [id, change] of Object.entries(diff.flows)) {
    if (change === "unchanged") continue;
    const flow = flows.get(id);
    const label = flow ? `${nodeName(flow.from)} → ${nodeName(flow.to)}` : id;
    lines.push({ element: "flow", id, label, change });
  }
  return lines.sort(
    (a, b) => ORDER[a.change] - ORDER[b.change] || a.label.localeCompare(b.label) || a.id.localeCompare(b.id),
  );
}
