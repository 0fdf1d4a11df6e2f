import type { Catalog, Mode } from "../api/contract";

/** One way a source service can feed a sink service. */
export interface MechanismOption {
  id: string;
  name: string;
  shortLabel: string;
  modes: Mode[];
  evidence: string[];
  status: string;
  renames: boolean;
  legacy: boolean;
}

/** source service id → sink service id → options, default (non-legacy, catalog order) first. */
export type Matrix = ReadonlyMap<string, ReadonlyMap<string, readonly MechanismOption[]>>;

export interface Hop {
  source: string;
  sink: string;
  mechanism: MechanismOption;
}

export type ConnectionVerdict =
  | { ok: true; options: readonly MechanismOption[] }
  | {
      ok: false;
      /** Why not, in the user's words. */
      reason: string;
      /** Mechanisms that connect the pair the other way round. */
      reverse: readonly MechanismOption[];
      /** Two-hop routes source → via → sink, shortest-first. */
      via: readonly Hop[][];
      /** Sibling sinks the source does reach (e.g. Spark batch instead of Spark streaming). */
      siblings: readonly Hop[];
    };

/**
 * Build the connection matrix from the catalog's mechanism pairs, the catalog's own default
 * (its `defaults`) first for each pair.
 */
export function buildMatrix(catalog: Catalog): Matrix {
  const defaults = new Map(catalog.defaults.map((d) => [`${d.source}>${d.sink}`, d.mechanism]));
  const matrix = new Map<string, Map<string, MechanismOption[]>>();
  for (const mechanism of catalog.mechanisms) {
    for (const pair of mechanism.pairs) {
      const sinks = matrix.get(pair.source) ?? new Map<string, MechanismOption[]>();
      matrix.set(pair.source, sinks);
      const options = sinks.get(pair.sink) ?? [];
      sinks.set(pair.sink, options);
      options.push({
        id: mechanism.id,
        name: mechanism.name,
        shortLabel: mechanism.short_label || mechanism.name,
        modes: [...pair.modes],
        evidence: [...pair.evidence],
        status: pair.status,
        renames: mechanism.renames,
        legacy: mechanism.legacy,
      });
    }
  }
  for (const [source, sinks] of matrix) {
    for (const [sink, options] of sinks) {
      const preferred = defaults.get(`${source}>${sink}`);
      // Stable sort keeps catalog order among equals; the named default, then current before legacy.
      options.sort(
        (a, b) =>
          Number(b.id === preferred) - Number(a.id === preferred) || Number(a.legacy) - Number(b.legacy),
      );
    }
  }
  return matrix;
}

/** Services of one product family (the Spark flavours) count as siblings in refusals. */
export function serviceFamily(serviceId: string): string | undefined {
  return serviceId.includes("-") ? serviceId.split("-")[0] : undefined;
}

/** The mechanisms connecting source → sink ([] when none is documented). */
export function mechanismsBetween(matrix: Matrix, source: string, sink: string): readonly MechanismOption[] {
  return matrix.get(source)?.get(sink) ?? [];
}

/** Every sink service the source can feed, with the mechanisms that would carry the flow. */
export function compatibleSinks(
  matrix: Matrix,
  source: string,
): ReadonlyMap<string, readonly MechanismOption[]> {
  return matrix.get(source) ?? new Map();
}

/**
 * Routes of two or more hops from source to sink, the shortest length only, at most
 * maxHops long, each hop carried by its default mechanism; sorted by the services passed through.
 */
export function shortestRoutes(matrix: Matrix, source: string, sink: string, maxHops: number): Hop[][] {
  let frontier: Hop[][] = [];
  for (const [next, options] of compatibleSinks(matrix, source)) {
    const first = options[0];
    if (first && next !== source && next !== sink) frontier.push([{ source, sink: next, mechanism: first }]);
  }
  for (let hops = 2; hops <= maxHops && frontier.length > 0; hops += 1) {
    const found: Hop[][] = [];
    const extended: Hop[][] = [];
    for (const route of frontier) {
      const last = route[route.length - 1];
      if (!last) continue;
      const visited = new Set([source, ...route.map((hop) => hop.sink)]);
      for (const [next, options] of compatibleSinks(matrix, last.sink)) {
        const option = options[0];
        if (!option) continue;
        const hop = { source: last.sink, sink: next, mechanism: option };
        if (next === sink) found.push([...route, hop]);
        else if (!visited.has(next)) extended.push([...route, hop]);
      }
    }
    if (found.length > 0) {
      const key = (route: Hop[]) => route.map((hop) => hop.sink).join(">");
      return found.sort((a, b) => key(a).localeCompare(key(b)));
    }
    frontier = extended;
  }
  return [];
}

/** Every source service that feeds the sink. */
export function sourcesOf(matrix: Matrix, sink: string): string[] {
  const sources: string[] = [];
  for (const [source, sinks] of matrix) if (sinks.has(sink)) sources.push(source);
  return sources.sort();
}

function listNames(ids: readonly string[], nameOf: (id: string) => string): string {
  const names = ids.map(nameOf);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/**
 * Decide whether a flow source → sink is documented, and when it is not, explain why and what
 * exists instead: the reverse direction, a two-hop path, or a sibling sink of the same family.
 */
export function checkConnection(
  matrix: Matrix,
  source: string,
  sink: string,
  nameOf: (id: string) => string = (id) => id,
  familyOf: (id: string) => string | undefined = () => undefined,
): ConnectionVerdict {
  const options = mechanismsBetween(matrix, source, sink);
  if (options.length > 0) return { ok: true, options };

  const reverse = mechanismsBetween(matrix, sink, source);
  const via = shortestRoutes(matrix, source, sink, 3);

  const family = familyOf(sink);
  const siblings: Hop[] = [];
  if (family) {
    for (const [other, otherOptions] of compatibleSinks(matrix, source)) {
      const first = otherOptions[0];
      if (other !== sink && familyOf(other) === family && first) {
        siblings.push({ source, sink: other, mechanism: first });
      }
    }
  }

  const inputs = sourcesOf(matrix, sink);
  let reason: string;
  if (inputs.length === 0) {
    reason = `${nameOf(sink)} does not read from other services.`;
  } else if (inputs.length <= 3) {
    reason = `${nameOf(sink)} only reads ${listNames(inputs, nameOf)}.`;
  } else {
    reason = `No documented integration carries data from ${nameOf(source)} to ${nameOf(sink)} in this direction.`;
  }
  const batchOnly = siblings.find((hop) => hop.mechanism.modes.every((mode) => mode === "batch"));
  if (batchOnly) {
    reason += ` ${nameOf(source)} can be read in batch only (${nameOf(batchOnly.sink)}).`;
  }
  return { ok: false, reason, reverse, via, siblings };
}

/** One-line human summary of the alternatives to a refused connection. */
export function describeAlternatives(
  verdict: Extract<ConnectionVerdict, { ok: false }>,
  source: string,
  sink: string,
  nameOf: (id: string) => string = (id) => id,
): string[] {
  const lines: string[] = [];
  for (const hop of verdict.siblings) {
    lines.push(
      `${nameOf(hop.source)} → ${nameOf(hop.sink)} via ${hop.mechanism.name} (${hop.mechanism.modes.join(", ")})`,
    );
  }
  // "then Kibana via Kibana" says nothing: a mechanism named after its sink is left unsaid.
  const via = (hop: (typeof verdict.via)[number][number]): string =>
    hop.mechanism.shortLabel === nameOf(hop.sink) ? "" : ` via ${hop.mechanism.shortLabel}`;
  for (const route of verdict.via.slice(0, 3)) {
    const steps = route.map((hop, index) =>
      index === 0
        ? `${nameOf(hop.source)} → ${nameOf(hop.sink)}${via(hop)}`
        : `${nameOf(hop.sink)}${via(hop)}`,
    );
    lines.push(steps.join(", then "));
  }
  const back = verdict.reverse[0];
  if (back) lines.push(`The other way round works: ${nameOf(sink)} → ${nameOf(source)} via ${back.name}`);
  return lines;
}

/** Whether a flow using this option streams (solid edge) or runs in batches (dashed edge). */
export function flowMode(
  option: MechanismOption | undefined,
  properties: Record<string, unknown> = {},
): Mode {
  const requested = properties.mode;
  if (requested === "batch" || requested === "stream") return requested;
  if (!option) return "stream";
  return option.modes.includes("stream") ? "stream" : "batch";
}
