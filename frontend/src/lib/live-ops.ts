import type { DesignDocument } from "../api/contract";

/**
 * Operations on a design document for live sessions (docs/live-protocol.md): the browser's copy of the
 * server's `explorer/engine/live_ops.py`, held to the same vectors in `tests-data/live-ops/`.
 *
 * Collections are addressed by entity id; each field is last-writer-wins in the server's order.
 * - `set`/`unset` on `[key]` (a top-level key other than the collections and layout),
 *   `[coll, id, field]` (the whole value of that field) or `["layout", id]`;
 * - `add` on `[coll, id]` appends; a taken id becomes `id-2`, `id-3`... and later ops of the batch follow it;
 * - `remove` on `[coll, id]`; a node's or location's position goes with it.
 * Ops on entities that do not exist are dropped. After the batch, flows naming a missing node or store are
 * removed and nodes placed in a missing location lose it; those drops are part of the applied ops.
 */

export type Collection = "locations" | "nodes" | "flows";
export type LiveOpPath = string[];
export type LiveOp =
  | { op: "set"; path: LiveOpPath; value: unknown }
  | { op: "unset"; path: LiveOpPath }
  | { op: "add"; path: [Collection, string]; value: Record<string, unknown> }
  | { op: "remove"; path: [Collection, string] };

export const COLLECTIONS: readonly Collection[] = ["locations", "nodes", "flows"];
const RESERVED = new Set<string>([...COLLECTIONS, "layout"]);
const KINDS = ["set", "unset", "add", "remove"];
const ID_MAX = 63;

type Entity = Record<string, unknown>;
type Doc = Record<string, unknown>;

/** A malformed operation; the message starts with its place, e.g. `ops[2].path: ...`. */
export class LiveOpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LiveOpError";
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCollection = (value: string): value is Collection => (COLLECTIONS as string[]).includes(value);
const isNumber = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value);

/** Structural equality of JSON values; object key order does not matter (as with Python's dicts). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => has(b, key) && jsonEqual(a[key], b[key]))
    );
  }
  return false;
}

const has = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);
const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

function checkPath(kind: string, path: unknown, where: string): string[] {
  if (!Array.isArray(path) || path.length === 0) throw new LiveOpError(`${where}: expected a non-empty list`);
  path.forEach((part, index) => {
    if (typeof part !== "string" || part === "") {
      throw new LiveOpError(`${where}[${index}]: expected a non-empty string`);
    }
  });
  const parts = path as string[];
  const head = parts[0] as string;
  if (kind === "add" || kind === "remove") {
    if (parts.length !== 2 || !isCollection(head)) {
      throw new LiveOpError(
        `${where}: ${kind} takes [collection, id] with collection one of ${COLLECTIONS.join(", ")}`,
      );
    }
    return parts;
  }
  if (isCollection(head)) {
    if (parts.length !== 3)
      throw new LiveOpError(`${where}: a ${head} field is addressed as ['${head}', id, field]`);
    if (parts[2] === "id") {
      throw new LiveOpError(`${where}: an entity's id cannot be changed; remove it and add it anew`);
    }
    return parts;
  }
  if (head === "layout") {
    if (parts.length !== 2) throw new LiveOpError(`${where}: a position is addressed as ['layout', id]`);
    return parts;
  }
  if (parts.length !== 1) throw new LiveOpError(`${where}: a document key is addressed as [key]`);
  return parts;
}

/** Check the shape of a batch; return it typed, or throw {@link LiveOpError}. */
export function validateOps(ops: unknown): LiveOp[] {
  if (!Array.isArray(ops)) throw new LiveOpError("ops: expected a list");
  ops.forEach((op: unknown, index) => {
    const where = `ops[${index}]`;
    if (!isObject(op)) throw new LiveOpError(`${where}: expected an object`);
    const kind = op.op;
    if (typeof kind !== "string" || !KINDS.includes(kind)) {
      throw new LiveOpError(`${where}.op: expected one of ${KINDS.join(", ")}`);
    }
    const allowed = kind === "set" || kind === "add" ? ["op", "path", "value"] : ["op", "path"];
    const extra = Object.keys(op)
      .filter((key) => !allowed.includes(key))
      .sort();
    if (extra.length) throw new LiveOpError(`${where}.${extra[0]}: not allowed in a ${kind} op`);
    const path = checkPath(kind, op.path, `${where}.path`);
    if ((kind === "set" || kind === "add") && !has(op, "value"))
      throw new LiveOpError(`${where}.value: required`);
    if (kind === "add" && !isObject(op.value))
      throw new LiveOpError(`${where}.value: an added entity is an object`);
    if (kind === "set" && path[0] === "layout") {
      const value = op.value;
      if (!isObject(value) || !isNumber(value.x) || !isNumber(value.y)) {
        throw new LiveOpError(`${where}.value: a position is an object with finite numbers x and y`);
      }
    }
  });
  return ops as LiveOp[];
}

/** A copy-on-write view of a document: collections and entities are copied only when changed. */
class Draft {
  readonly doc: Doc;
  private readonly copied = new Set<string>();
  private readonly fresh = new Set<Entity>();

  constructor(document: Doc) {
    this.doc = { ...document };
  }

  items(coll: Collection): Entity[] {
    if (!this.copied.has(coll)) {
      const value = this.doc[coll];
      this.doc[coll] = Array.isArray(value) ? [...value] : [];
      this.copied.add(coll);
    }
    return this.doc[coll] as Entity[];
  }

  find(coll: Collection, id: string): number {
    const value = this.doc[coll];
    if (!Array.isArray(value)) return -1;
    return value.findIndex((item) => isObject(item) && item.id === id);
  }

  entity(coll: Collection, index: number): Entity {
    const items = this.items(coll);
    let item = items[index] as Entity;
    if (!this.fresh.has(item)) {
      item = { ...item };
      items[index] = item;
      this.fresh.add(item);
    }
    return item;
  }

  markFresh(entity: Entity): void {
    this.fresh.add(entity);
  }

  layout(): Record<string, unknown> {
    if (!this.copied.has("layout")) {
      const value = this.doc.layout;
      this.doc.layout = isObject(value) ? { ...value } : {};
      this.copied.add("layout");
    }
    return this.doc.layout as Record<string, unknown>;
  }

  exists(coll: Collection, id: string): boolean {
    return this.find(coll, id) >= 0;
  }
}

function freeId(draft: Draft, coll: Collection, wanted: string): string {
  if (!draft.exists(coll, wanted)) return wanted;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = wanted.slice(0, ID_MAX - suffix.length) + suffix;
    if (!draft.exists(coll, candidate)) return candidate;
  }
}

type Renames = Partial<Record<Collection, Map<string, string>>>;

function renamedEndpoint(endpoint: unknown, renames: Map<string, string> | undefined): unknown {
  if (typeof endpoint !== "string" || !renames) return endpoint;
  const slash = endpoint.indexOf("/");
  const node = slash < 0 ? endpoint : endpoint.slice(0, slash);
  const renamed = renames.get(node);
  return renamed === undefined ? endpoint : renamed + (slash < 0 ? "" : endpoint.slice(slash));
}

/** `op` with ids renamed earlier in the batch replaced: in its path, flow endpoints and node locations. */
function followRenames(op: LiveOp, renames: Renames): LiveOp {
  const path = [...op.path];
  const head = path[0] as string;
  const id = path[1] as string;
  if (isCollection(head) && op.op !== "add") {
    path[1] = renames[head]?.get(id) ?? id;
  } else if (head === "layout") {
    path[1] = renames.nodes?.get(id) ?? renames.locations?.get(id) ?? id;
  }
  const followed = { ...op, path } as LiveOp;
  const nodes = renames.nodes;
  const locations = renames.locations;
  if (head === "flows" && op.op === "add") {
    const value = { ...op.value };
    for (const key of ["from", "to"]) if (has(value, key)) value[key] = renamedEndpoint(value[key], nodes);
    return { ...followed, value } as LiveOp;
  }
  if (head === "flows" && op.op === "set" && (path[2] === "from" || path[2] === "to")) {
    return { ...followed, value: renamedEndpoint(op.value, nodes) } as LiveOp;
  }
  if (head === "nodes" && op.op === "add" && typeof op.value.location === "string") {
    return {
      ...followed,
      value: { ...op.value, location: locations?.get(op.value.location) ?? op.value.location },
    } as LiveOp;
  }
  if (head === "nodes" && op.op === "set" && path[2] === "location" && typeof op.value === "string") {
    return { ...followed, value: locations?.get(op.value) ?? op.value } as LiveOp;
  }
  return followed;
}

function applyOne(draft: Draft, op: LiveOp, renames: Renames): LiveOp | null {
  const head = op.path[0] as string;
  const id = op.path[1] as string;
  if (op.op === "add") {
    const coll = op.path[0];
    const used = freeId(draft, coll, id);
    if (used !== id) {
      const map = renames[coll] ?? new Map<string, string>();
      map.set(id, used);
      renames[coll] = map;
    }
    const entity: Entity = { id: used };
    for (const [key, value] of Object.entries(op.value)) if (key !== "id") entity[key] = clone(value);
    draft.items(coll).push(entity);
    draft.markFresh(entity);
    return { op: "add", path: [coll, used], value: entity };
  }
  if (op.op === "remove") {
    const coll = op.path[0];
    const index = draft.find(coll, id);
    if (index < 0) return null;
    draft.items(coll).splice(index, 1);
    const layout = draft.doc.layout;
    if (coll !== "flows" && isObject(layout) && has(layout, id)) {
      delete draft.layout()[id];
    }
    return { op: "remove", path: [coll, id] };
  }
  if (isCollection(head)) {
    const index = draft.find(head, id);
    if (index < 0) return null;
    const entity = draft.entity(head, index);
    const field = op.path[2] as string;
    if (op.op === "set") entity[field] = clone(op.value);
    else delete entity[field];
  } else if (head === "layout") {
    if (!draft.exists("nodes", id) && !draft.exists("locations", id)) return null;
    if (op.op === "set") draft.layout()[id] = clone(op.value);
    else delete draft.layout()[id];
  } else if (op.op === "set") {
    draft.doc[head] = clone(op.value);
  } else {
    delete draft.doc[head];
  }
  return op.op === "set"
    ? { op: "set", path: [...op.path], value: clone(op.value) }
    : { op: "unset", path: [...op.path] };
}

function endpointExists(endpoint: unknown, nodes: Map<string, Entity>): boolean {
  if (typeof endpoint !== "string") return true; // a malformed endpoint is the validator's to report
  const slash = endpoint.indexOf("/");
  const node = nodes.get(slash < 0 ? endpoint : endpoint.slice(0, slash));
  if (!node) return false;
  if (slash < 0) return true;
  const store = endpoint.slice(slash + 1);
  const stores = node.stores;
  return Array.isArray(stores) && stores.some((s) => isObject(s) && s.name === store);
}

/** Drop what the batch left dangling: flows to missing nodes or stores, locations that are gone. */
function cleanup(draft: Draft): LiveOp[] {
  const drops: LiveOp[] = [];
  const nodesList = Array.isArray(draft.doc.nodes) ? (draft.doc.nodes as unknown[]) : [];
  const nodes = new Map<string, Entity>();
  for (const node of nodesList) if (isObject(node) && typeof node.id === "string") nodes.set(node.id, node);
  const locationsList = Array.isArray(draft.doc.locations) ? (draft.doc.locations as unknown[]) : [];
  const locations = new Set(locationsList.filter(isObject).map((l) => l.id));
  nodesList.forEach((node, index) => {
    if (isObject(node) && typeof node.location === "string" && !locations.has(node.location)) {
      delete draft.entity("nodes", index).location;
      drops.push({ op: "unset", path: ["nodes", node.id as string, "location"] });
    }
  });
  const flows = Array.isArray(draft.doc.flows) ? [...(draft.doc.flows as unknown[])] : [];
  for (const flow of flows) {
    if (!isObject(flow)) continue;
    if (!(endpointExists(flow.from, nodes) && endpointExists(flow.to, nodes))) {
      const items = draft.items("flows");
      items.splice(items.indexOf(flow), 1);
      drops.push({ op: "remove", path: ["flows", flow.id as string] });
    }
  }
  return drops;
}

/**
 * Apply a batch of ops in order; return the new document and the ops as applied (dropped ops left out,
 * ids of adds as used, the clean-up drops appended). Throws {@link LiveOpError} on a malformed op, before
 * anything is applied. The input is never mutated.
 */
export function applyOpsWithResult<T extends object = DesignDocument>(
  document: T,
  ops: unknown,
): { document: T; applied: LiveOp[] } {
  const checked = validateOps(ops);
  const draft = new Draft(document as Doc);
  const renames: Renames = {};
  const applied: LiveOp[] = [];
  for (const op of checked) {
    const result = applyOne(draft, Object.keys(renames).length ? followRenames(op, renames) : op, renames);
    if (result) applied.push(result);
  }
  applied.push(...cleanup(draft));
  return { document: draft.doc as T, applied };
}

/** Apply a batch of ops to a document (see {@link applyOpsWithResult}). */
export function applyOps<T extends object = DesignDocument>(document: T, ops: readonly LiveOp[]): T {
  return applyOpsWithResult(document, ops).document;
}

const idsOf = (items: unknown): string[] =>
  Array.isArray(items) ? items.filter(isObject).map((item) => item.id as string) : [];
const byId = (items: unknown): Map<string, Entity> =>
  new Map(Array.isArray(items) ? items.filter(isObject).map((item) => [item.id as string, item]) : []);

/** How many leading entities of `after` can stay where they are (existing, in `before`'s order). */
function keptPrefix(before: string[], after: string[]): number {
  const position = new Map(before.map((id, index) => [id, index]));
  let last = -1;
  for (let count = 0; count < after.length; count += 1) {
    const index = position.get(after[count] as string);
    if (index === undefined || index < last) return count;
    last = index;
  }
  return after.length;
}

function diffFields(coll: Collection, id: string, before: Entity, after: Entity): LiveOp[] {
  const ops: LiveOp[] = [];
  for (const key of Object.keys(before))
    if (key !== "id" && !has(after, key)) ops.push({ op: "unset", path: [coll, id, key] });
  for (const [key, value] of Object.entries(after)) {
    if (key !== "id" && (!has(before, key) || !jsonEqual(before[key], value))) {
      ops.push({ op: "set", path: [coll, id, key], value: clone(value) });
    }
  }
  return ops;
}

/**
 * The ops that turn `before` into `after` (`applyOps(before, ops)` equals `after`). Entities are matched by
 * id; a changed entity gets one set/unset per changed field; new entities, and entities moved in their
 * collection's order, are added at the end (moved ones removed first). Absent collections count as empty.
 */
export function diffDocuments<T extends object = DesignDocument>(before: T, after: T): LiveOp[] {
  const b = before as Doc;
  const a = after as Doc;
  const ops: LiveOp[] = [];
  for (const key of Object.keys(b))
    if (!RESERVED.has(key) && !has(a, key)) ops.push({ op: "unset", path: [key] });
  for (const [key, value] of Object.entries(a)) {
    if (!RESERVED.has(key) && (!has(b, key) || !jsonEqual(b[key], value))) {
      ops.push({ op: "set", path: [key], value: clone(value) });
    }
  }
  for (const coll of COLLECTIONS) {
    const oldIds = idsOf(b[coll]);
    const newIds = idsOf(a[coll]);
    const oldById = byId(b[coll]);
    const newById = byId(a[coll]);
    const kept = newIds.slice(0, keptPrefix(oldIds, newIds));
    const keptSet = new Set(kept);
    for (const id of oldIds) if (!keptSet.has(id)) ops.push({ op: "remove", path: [coll, id] });
    for (const id of kept)
      ops.push(...diffFields(coll, id, oldById.get(id) as Entity, newById.get(id) as Entity));
    for (const id of newIds.slice(kept.length)) {
      ops.push({ op: "add", path: [coll, id], value: clone(newById.get(id) as Entity) });
    }
  }
  const middle = applyOpsWithResult(b, ops).document;
  const oldLayout = isObject(middle.layout) ? middle.layout : {};
  const newLayout = isObject(a.layout) ? a.layout : {};
  for (const key of Object.keys(oldLayout))
    if (!has(newLayout, key)) ops.push({ op: "unset", path: ["layout", key] });
  for (const [key, value] of Object.entries(newLayout)) {
    if (!jsonEqual(oldLayout[key], value))
      ops.push({ op: "set", path: ["layout", key], value: clone(value) });
  }
  return ops;
}
