import { describe, expect, it } from "vitest";
import type { DesignDocument } from "../src/api/contract";
import { diffColouring } from "../src/lib/diff-colouring";

function doc(
  nodes: DesignDocument["nodes"],
  flows: DesignDocument["flows"] = [],
  layout = {},
): DesignDocument {
  return { format: "kafkaesque.design/v1", name: "d", nodes, flows, layout };
}

describe("diffColouring", () => {
  it("colours added, removed, changed and unchanged nodes and flows", () => {
    // given a revision with two nodes and a flow
    const before = doc(
      [
        { id: "k", service: "kafka", name: "Kafka" },
        { id: "c", service: "cassandra", name: "Orders" },
      ],
      [{ id: "f", from: "k", to: "c" }],
    );
    // when the next one renames Kafka, drops Cassandra and adds S3 with a new flow
    const after = doc(
      [
        { id: "k", service: "kafka", name: "Kafka Sydney" },
        { id: "s", service: "s3", name: "Archive" },
      ],
      [{ id: "g", from: "k", to: "s", mechanism: "connect-s3-sink" }],
    );
    const diff = diffColouring(before, after);
    // then each element gets its colour
    expect(diff.nodes).toEqual({ k: "changed", s: "added", c: "removed" });
    expect(diff.flows).toEqual({ g: "added", f: "removed" });
    expect(diff.counts).toEqual({ added: 2, removed: 2, changed: 1, unchanged: 0 });
  });

  it("ignores key order and layout moves", () => {
    const before = doc([{ id: "k", service: "kafka", name: "K", properties: { a: 1, b: 2 } }], [], {
      k: { x: 0, y: 0 },
    });
    const after = doc([{ name: "K", id: "k", service: "kafka", properties: { b: 2, a: 1 } }], [], {
      k: { x: 50, y: 9 },
    });
    expect(diffColouring(before, after).nodes).toEqual({ k: "unchanged" });
  });
});
