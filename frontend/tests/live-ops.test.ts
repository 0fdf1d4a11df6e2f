import { describe, expect, it } from "vitest";
import {
  applyOps,
  applyOpsWithResult,
  diffDocuments,
  jsonEqual,
  LiveOpError,
  type LiveOp,
} from "../src/lib/live-ops";
import base from "../../tests-data/live-ops/base.json";
import applyVectors from "../../tests-data/live-ops/apply.json";
import diffVectors from "../../tests-data/live-ops/diff.json";
import invalidVectors from "../../tests-data/live-ops/invalid.json";

// The same vectors explorer/tests/engine/test_live_ops.py runs against the server's copy.
type Doc = Record<string, unknown>;
const before = (name: unknown): Doc => structuredClone((name === "base.json" ? base : name) as Doc);

describe("applyOps (shared vectors)", () => {
  for (const vector of applyVectors.cases) {
    it(vector.name, () => {
      // given the document before the batch
      const doc = before(vector.before);
      const untouched = structuredClone(doc);
      // when the batch is applied
      const { document, applied } = applyOpsWithResult(doc, vector.ops);
      // then the document and the broadcast ops are the expected ones, and the input is as it was
      expect(jsonEqual(document, vector.after)).toBe(true);
      expect(jsonEqual(applied, vector.applied)).toBe(true);
      expect(doc).toEqual(untouched);
      // and replaying the applied ops on the same state gives the same document
      expect(jsonEqual(applyOps(doc, applied), document)).toBe(true);
    });
  }
});

describe("diffDocuments (shared vectors)", () => {
  for (const vector of diffVectors.cases) {
    it(vector.name, () => {
      const doc = before(vector.before);
      const ops = diffDocuments<Doc>(doc, vector.after as Doc);
      expect(jsonEqual(ops, vector.ops)).toBe(true);
      expect(jsonEqual(applyOps(doc, ops), vector.after)).toBe(true);
    });
  }
});

describe("malformed batches (shared vectors)", () => {
  for (const vector of invalidVectors.cases) {
    it(`refuses at ${vector.where}`, () => {
      let error: unknown;
      try {
        applyOpsWithResult(base as Doc, vector.ops);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(LiveOpError);
      expect((error as Error).message.startsWith(`${vector.where}: `)).toBe(true);
    });
  }
});

describe("jsonEqual", () => {
  it("ignores key order but not values or inherited names", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual({}, { constructor: 1 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});

describe("diffDocuments round trip", () => {
  it("turns any edit of the base into ops that reproduce it", () => {
    // given a document edited in several places at once
    const after = structuredClone(base) as Doc & { nodes: Doc[]; layout: Record<string, unknown> };
    after.nodes = [after.nodes[2] as Doc, { id: "new", service: "kafka", name: "New" }];
    after.layout = { new: { x: 1, y: 2 }, app: { x: 3, y: 4 } };
    after.flows = [];
    const ops: LiveOp[] = diffDocuments<Doc>(base as Doc, after);
    // then applying the diff gives exactly that document
    expect(jsonEqual(applyOps(base as Doc, ops), after)).toBe(true);
  });
});
