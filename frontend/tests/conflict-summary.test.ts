import { describe, expect, it } from "vitest";
import type { DesignDocument } from "../src/api/contract";
import { conflictLines } from "../src/lib/conflict-summary";
import type { DiffColouring } from "../src/lib/diff-colouring";

const doc = (nodes: DesignDocument["nodes"], flows: DesignDocument["flows"]): DesignDocument => ({
  format: "kafkaesque.design/v1",
  name: "d",
  nodes,
  flows,
});

describe("conflictLines", () => {
  it("names what mine adds, changes and removes compared with theirs", () => {
    // given their revision with Kafka → Cassandra
    const theirs = doc(
      [
        { id: "k", service: "kafka", name: "Kafka" },
        { id: "c", service: "cassandra", name: "Orders store" },
      ],
      [{ id: "f", from: "k/orders", to: "c" }],
    );
    // and mine renaming Kafka, dropping Cassandra, adding S3 and a flow to it
    const mine = doc(
      [
        { id: "k", service: "kafka", name: "Kafka Sydney" },
        { id: "s", service: "s3", name: "Archive" },
      ],
      [{ id: "g", from: "k", to: "s" }],
    );
    // when summarised
    // (the colouring of the server's diff from theirs to mine)
    const diff: DiffColouring = {
      nodes: { k: "changed", s: "added", c: "removed" },
      flows: { g: "added", f: "removed" },
      counts: { added: 2, removed: 2, changed: 1, unchanged: 0 },
    };
    const lines = conflictLines(theirs, mine, diff);
    // then each difference is a named, coloured line: added, then changed, then removed
    expect(lines.map((l) => [l.change, l.element, l.label])).toEqual([
      ["added", "node", "Archive"],
      ["added", "flow", "Kafka Sydney → Archive"],
      ["changed", "node", "Kafka Sydney"],
      ["removed", "flow", "Kafka Sydney → Orders store"],
      ["removed", "node", "Orders store"],
    ]);
  });

  it("is empty when both versions match", () => {
    const same = doc([{ id: "k", service: "kafka", name: "Kafka" }], []);
    const diff: DiffColouring = {
      nodes: { k: "unchanged" },
      flows: {},
      counts: { added: 0, removed: 0, changed: 0, unchanged: 1 },
    };
    expect(conflictLines(same, same, diff)).toEqual([]);
  });
});
