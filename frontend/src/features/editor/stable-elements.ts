/**
 * Keeping React Flow's node and edge objects stable across rebuilds of the canvas.
 *
 * The canvas is rebuilt from the store on every change that can affect it (selection, measuring, a
 * finding hovered, ...). React Flow reuses its internal node only when the object it is given is the
 * very one it had (`userNode === internals.userNode`), and the memoised node and edge components skip
 * a render only when their props are identical. Rebuilt objects that describe the same thing are
 * therefore swapped for the previous ones, so a click re-renders the one or two nodes it changed
 * instead of all of them.
 */

/** Structural equality of plain objects and arrays down to `depth` levels; anything else by identity. */
export function sameValue(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth <= 0 || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameValue(a[i], b[i], depth - 1)) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype) return false;
  if (Object.getPrototypeOf(b) !== Object.prototype) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of aKeys) {
    if (!(key in rb) || !sameValue(ra[key], rb[key], depth - 1)) return false;
  }
  return true;
}

/**
 * Two elements alike but for their top-level `ignored` keys. A node's `measured` size is one: React Flow
 * measured it itself and keeps the size on its internal node as long as it is given the same object, so a
 * rebuild that only adds the size it reported (the first one after opening a design) changes nothing on
 * screen and must not re-render every node.
 */
function sameElement(a: object, b: object, ignored: ReadonlySet<string>): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    if (!(key in ra) || !(key in rb) || !sameValue(ra[key], rb[key], DEPTH - 1)) return false;
  }
  return true;
}

const NODE_IGNORED: ReadonlySet<string> = new Set(["measured"]);
const NOTHING_IGNORED: ReadonlySet<string> = new Set();

/** How deep two elements are compared: element → data → e.g. `connect` → its options list → an option. */
const DEPTH = 5;

/**
 * `next`, with each element that equals the one of the same id in `previous` replaced by that one.
 * Returns the previous array itself when nothing changed at all.
 */
export function keepStable<T extends { id: string }>(
  previous: readonly T[],
  next: T[],
  ignored: ReadonlySet<string> = NOTHING_IGNORED,
): T[] {
  if (previous.length === 0) return next;
  const byId = new Map<string, T>();
  for (const element of previous) byId.set(element.id, element);
  let changed = previous.length !== next.length;
  const result = next.map((element, i) => {
    const before = byId.get(element.id);
    if (before !== undefined && sameElement(before, element, ignored)) {
      if (previous[i] !== before) changed = true;
      // The kept object takes the ignored fields' new values in place: React Flow's minimap reads a
      // node's size from the object it was given, not from its internal node.
      const target = before as Record<string, unknown>;
      const source = element as Record<string, unknown>;
      for (const key of ignored) if (key in source) target[key] = source[key];
      return before;
    }
    changed = true;
    return element;
  });
  return changed ? result : (previous as T[]);
}

/** A function that stabilises each canvas it is given against the one it returned last time. */
export function createStabiliser<N extends { id: string }, E extends { id: string }>(): (canvas: {
  nodes: N[];
  edges: E[];
}) => { nodes: N[]; edges: E[] } {
  let last: { nodes: N[]; edges: E[] } = { nodes: [], edges: [] };
  return (canvas) => {
    const nodes = keepStable(last.nodes, canvas.nodes, NODE_IGNORED);
    const edges = keepStable(last.edges, canvas.edges);
    if (nodes !== last.nodes || edges !== last.edges) last = { nodes, edges };
    return last;
  };
}
