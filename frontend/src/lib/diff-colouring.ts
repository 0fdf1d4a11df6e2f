import type { DesignDocument } from "../api/contract";

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface DiffColouring {
  nodes: Record<string, ChangeKind>;
  flows: Record<string, ChangeKind>;
  counts: Record<ChangeKind, number>;
}

/** Canonical JSON with sorted keys, so key order never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function classify<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
): Record<string, ChangeKind> {
  const old = new Map(before.map((item) => [item.id, item]));
  const result: Record<string, ChangeKind> = {};
  for (const item of after) {
    const previous = old.get(item.id);
    if (!previous) result[item.id] = "added";
    else result[item.id] = canonical(previous) === canonical(item) ? "unchanged" : "changed";
  }
  for (const item of before) if (!(item.id in result)) result[item.id] = "removed";
  return result;
}

/**
 * Colour every node and flow of two revisions as added, removed, changed or unchanged.
 * Layout moves do not count as changes: they are not part of what the design says.
 */
export function diffColouring(before: DesignDocument, after: DesignDocument): DiffColouring {
  const nodes = classify(before.nodes, after.nodes);
  const flows = classify(before.flows, after.flows);
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const kind of [...Object.values(nodes), ...Object.values(flows)]) counts[kind] += 1;
  return { nodes, flows, counts };
}
