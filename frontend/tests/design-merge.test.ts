import { describe, expect, it } from "vitest";
import type { DesignDocument } from "../src/api/contract";
import { mergeDesigns } from "../src/lib/design-merge";

function doc(parts: Partial<DesignDocument>): DesignDocument {
  return { format: "kafkaesque.design/v1", name: "d", nodes: [], flows: [], ...parts };
}

describe("mergeDesigns", () => {
  it("adds new nodes and flows, completes stores of known nodes and keeps the open design's name", () => {
    // given the open design with Kafka, and an import of the same Kafka (with a topic) feeding Cassandra
    const current = doc({
      name: "Mine",
      nodes: [{ id: "kafka", service: "kafka", name: "Kafka", stores: [{ name: "a", kind: "topic" }] }],
      layout: { kafka: { x: 100, y: 80 } },
    });
    const imported = doc({
      name: "Imported",
      nodes: [
        { id: "kafka", service: "kafka", name: "kafka", stores: [{ name: "b", kind: "topic" }] },
        { id: "db", service: "cassandra", name: "db" },
      ],
      flows: [{ id: "sink", from: "kafka/b", to: "db", mechanism: "connect-cassandra-sink" }],
      layout: { kafka: { x: 80, y: 80 }, db: { x: 400, y: 80 } },
    });
    // when
    const merged = mergeDesigns(current, imported);
    // then
    expect(merged.name).toBe("Mine");
    expect(merged.nodes.map((n) => n.id)).toEqual(["kafka", "db"]);
    expect(merged.nodes[0]?.stores?.map((s) => s.name)).toEqual(["a", "b"]);
    expect(merged.flows.map((f) => f.id)).toEqual(["sink"]);
    expect(merged.layout).toEqual({ kafka: { x: 100, y: 80 }, db: { x: 860, y: 80 } });
    // and the open design is not changed in place
    expect(current.nodes[0]?.stores).toHaveLength(1);
  });

  it("renames an imported flow whose id is taken by a different flow", () => {
    const current = doc({ flows: [{ id: "f", from: "a", to: "b" }] });
    const imported = doc({
      flows: [
        { id: "f", from: "b", to: "a" },
        { id: "g", from: "a", to: "b" },
      ],
    });
    expect(mergeDesigns(current, imported).flows.map((f) => f.id)).toEqual(["f", "f-2", "g"]);
  });
});
