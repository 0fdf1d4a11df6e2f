import { describe, expect, it } from "vitest";
import type { DesignDiff, DesignDocument } from "../src/api/contract";
import { diffColouring } from "../src/lib/diff-colouring";

function doc(nodes: DesignDocument["nodes"], flows: DesignDocument["flows"] = []): DesignDocument {
  return { format: "kafkaesque.design/v1", name: "d", nodes, flows, layout: {} };
}

const none = { added: [], removed: [], changed: [] };

/** A server answer; the sections below are what explorer.engine.diff answered for these documents. */
function serverDiff(sections: Partial<Pick<DesignDiff, "nodes" | "stores" | "flows">>): DesignDiff {
  return {
    design: 1,
    revisions: { from: 1, to: 0 },
    identical: false,
    summary: {},
    document: [],
    locations: none,
    nodes: none,
    stores: none,
    flows: none,
    layout_changed: false,
    ...sections,
  };
}

describe("diffColouring (of the server's diff)", () => {
  it("colours added, removed, changed and unchanged nodes and flows", () => {
    // given Kafka renamed, Cassandra dropped and S3 added with a new flow, as the server reports it
    const after = doc(
      [
        { id: "k", service: "kafka", name: "Kafka Sydney" },
        { id: "s", service: "s3", name: "Archive" },
      ],
      [{ id: "g", from: "k", to: "s", mechanism: "connect-s3-sink" }],
    );
    const diff = serverDiff({
      nodes: {
        added: ["s"],
        removed: ["c"],
        changed: [{ id: "k", changes: [{ field: "name", before: "Kafka", after: "Kafka Sydney" }] }],
      },
      flows: { added: ["g"], removed: ["f"], changed: [] },
    });
    // when coloured
    const colouring = diffColouring(diff, after);
    // then each element gets its colour
    expect(colouring.nodes).toEqual({ k: "changed", s: "added", c: "removed" });
    expect(colouring.flows).toEqual({ g: "added", f: "removed" });
    expect(colouring.counts).toEqual({ added: 2, removed: 2, changed: 1, unchanged: 0 });
  });

  it("counts a node whose stores changed as changed (the server lists stores on their own)", () => {
    // given a topic added to Kafka: the server's nodes section is empty, its stores section is not
    const after = doc([
      { id: "k", service: "kafka", name: "K" },
      { id: "c", service: "cassandra", name: "C" },
    ]);
    const diff = serverDiff({ stores: { added: ["k/payments"], removed: [], changed: [] } });
    // then
    expect(diffColouring(diff, after).nodes).toEqual({ k: "changed", c: "unchanged" });
  });
});
