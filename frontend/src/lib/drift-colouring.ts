import type { DesignDocument, DriftReport } from "../api/contract";
import type { ChangeKind, DiffColouring } from "./diff-colouring";

/**
 * Colour the design's nodes and flows by how what runs differs from them: a designed element that does
 * not run is "removed", one that runs differently (or whose stores differ) is "changed". What runs but is
 * not designed is not on the canvas: it is counted as "added" and listed in the drift panel.
 */
export function driftColouring(document: DesignDocument, report: DriftReport): DiffColouring {
  const nodes: Record<string, ChangeKind> = Object.fromEntries(
    document.nodes.map((n) => [n.id, "unchanged"]),
  );
  const flows: Record<string, ChangeKind> = Object.fromEntries(
    document.flows.map((f) => [f.id, "unchanged"]),
  );
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const difference of report.differences) {
    const target = difference.element === "flow" ? flows : nodes;
    const id = difference.design_id;
    if (difference.status === "extra" && (difference.element !== "store" || id === null)) {
      counts.added += 1;
      continue;
    }
    if (id === null || !(id in target)) continue;
    // A store that is missing or extra changes its node; the node itself is only "removed" when missing.
    const kind: ChangeKind =
      difference.status === "missing" && difference.element !== "store" ? "removed" : "changed";
    if (target[id] !== "removed") target[id] = kind;
  }
  for (const kind of [...Object.values(nodes), ...Object.values(flows)]) counts[kind] += 1;
  return { nodes, flows, counts };
}

/** ``file:line`` of a difference's origin, or "" when it has none (an element of the design only). */
export function originText(origin: DriftReport["differences"][number]["origin"]): string {
  if (!origin) return "";
  return origin.line ? `${origin.file}:${origin.line}` : origin.file;
}
