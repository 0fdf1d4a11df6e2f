import type { DesignDocument, DesignFlow, Finding } from "../api/contract";

/** One flow's new mechanism and/or properties; properties are merged into the flow's own. */
export interface FlowPatch {
  flowId: string;
  mechanism?: string;
  properties: Record<string, unknown>;
}

/** A fix the editor can apply by itself: a short label for the button and the flow changes. */
export interface FindingFix {
  label: string;
  patches: FlowPatch[];
}

const LEGACY_REPLICATORS = new Set(["mirrormaker1", "ureplicator"]);

/** The flows a finding names, in its refs then along its witness path, each once. */
function namedFlows(document: DesignDocument, finding: Finding): DesignFlow[] {
  const byId = new Map(document.flows.map((flow) => [flow.id, flow]));
  const seen = new Set<string>();
  const flows: DesignFlow[] = [];
  for (const ref of [...finding.refs, ...finding.path]) {
    const flow = byId.get(ref);
    if (flow && !seen.has(ref)) {
      seen.add(ref);
      flows.push(flow);
    }
  }
  return flows;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/**
 * The event loop of same-name replication goes away when every replicator on it renames remote
 * topics: MirrorMaker 2 with the default policy prefixes them with the source cluster and never
 * copies them back. Identity MM2 flows switch policy; MM1 / uReplicator flows become MM2.
 */
function eventLoopFix(flows: DesignFlow[], resolved: Readonly<Record<string, string>>): FindingFix | null {
  const patches: FlowPatch[] = [];
  let switched = 0;
  for (const flow of flows) {
    const mechanism = flow.mechanism ?? resolved[flow.id];
    const properties = flow.properties ?? {};
    if (mechanism === "mirrormaker2" && properties.replication_policy === "identity") {
      patches.push({ flowId: flow.id, properties: { replication_policy: "default" } });
    } else if (mechanism !== undefined && LEGACY_REPLICATORS.has(mechanism)) {
      switched += 1;
      patches.push({
        flowId: flow.id,
        mechanism: "mirrormaker2",
        properties: { replication_policy: "default" },
      });
    }
  }
  if (patches.length === 0) return null;
  const flowsWord = plural(patches.length, "flow", "flows");
  const label =
    switched > 0
      ? `Use MirrorMaker 2 (default policy) on ${patches.length} ${flowsWord}`
      : `Set replication_policy to default on ${patches.length} ${flowsWord}`;
  return { label, patches };
}

/** A flow that relies on the catalog default gets that default written down. */
function defaultMechanismFix(
  flows: DesignFlow[],
  resolved: Readonly<Record<string, string>>,
): FindingFix | null {
  const patches: FlowPatch[] = [];
  for (const flow of flows) {
    const mechanism = resolved[flow.id];
    if (!flow.mechanism && mechanism) patches.push({ flowId: flow.id, mechanism, properties: {} });
  }
  const first = patches[0];
  if (!first?.mechanism) return null;
  return {
    label: patches.length === 1 ? `Set mechanism ${first.mechanism}` : `Set ${patches.length} mechanisms`,
    patches,
  };
}

/**
 * The fix a finding's code, refs and the design imply when it is a simple property change, or
 * null when it needs the architect (rewiring, renaming, choosing between options).
 *
 * `resolved` maps flow ids to the mechanism the analysis used (the result's `mechanisms`), so a
 * flow without an explicit mechanism is judged by the one it actually gets.
 */
export function fixForFinding(
  document: DesignDocument,
  finding: Finding,
  resolved: Readonly<Record<string, string>> = {},
): FindingFix | null {
  const flows = namedFlows(document, finding);
  if (flows.length === 0) return null;
  switch (finding.code) {
    case "event-loop":
      return eventLoopFix(flows, resolved);
    case "default-mechanism":
      return defaultMechanismFix(flows, resolved);
    default:
      return null;
  }
}

/** The design with a fix applied; the result is a new document, ready to push as one undo step. */
export function applyFix(document: DesignDocument, fix: FindingFix): DesignDocument {
  const patches = new Map(fix.patches.map((patch) => [patch.flowId, patch]));
  return {
    ...document,
    flows: document.flows.map((flow) => {
      const patch = patches.get(flow.id);
      if (!patch) return flow;
      return {
        ...flow,
        ...(patch.mechanism !== undefined ? { mechanism: patch.mechanism } : {}),
        properties: { ...(flow.properties ?? {}), ...patch.properties },
      };
    }),
  };
}
