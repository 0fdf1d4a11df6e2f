import { describe, expect, it } from "vitest";
import {
  buildMatrix,
  checkConnection,
  compatibleSinks,
  describeAlternatives,
  flowMode,
  type ConnectionVerdict,
} from "../src/lib/connection-rules";
import { catalog, familyOf, nameOf } from "./fixture-catalog";

const matrix = buildMatrix(catalog);

/** The verdict as a refusal; throws (failing the test) when the connection was accepted. */
function refused(verdict: ConnectionVerdict): Extract<ConnectionVerdict, { ok: false }> {
  if (verdict.ok) throw new Error(`expected a refusal, got ${verdict.options.map((o) => o.id).join(", ")}`);
  return verdict;
}

/** The verdict's options; throws (failing the test) when the connection was refused. */
function accepted(verdict: ConnectionVerdict): readonly { id: string }[] {
  if (!verdict.ok) throw new Error(`expected an accepted connection, got: ${verdict.reason}`);
  return verdict.options;
}

describe("checkConnection", () => {
  it("accepts kafka to cassandra through the sink connector", () => {
    // given the catalog matrix
    // when Kafka is connected to Cassandra
    const verdict = checkConnection(matrix, "kafka", "cassandra", nameOf);
    // then the sink connector carries it
    expect(accepted(verdict).map((o) => o.id)).toEqual(["connect-cassandra-sink"]);
  });

  it("refuses s3 to kibana, naming kibana's only inputs and a route through kafka", () => {
    // when S3 is connected to Kibana
    const verdict = refused(checkConnection(matrix, "s3", "kibana", nameOf));
    // then it is refused with why and what would work
    expect(verdict.reason).toBe("Kibana only reads Elassandra or Elasticsearch.");
    const alternatives = describeAlternatives(verdict, "s3", "kibana", nameOf);
    expect(alternatives).toEqual([
      "S3 → Kafka via Connect S3 source, then Elasticsearch via Connect Elasticsearch sink, then Kibana",
    ]);
  });

  it("suggests an intermediate path when one hop exists on each side", () => {
    // when Kafka is connected straight to Kibana
    const verdict = refused(checkConnection(matrix, "kafka", "kibana", nameOf));
    // then the user is told to go through Elasticsearch
    expect(describeAlternatives(verdict, "kafka", "kibana", nameOf)).toContain(
      "Kafka → Elasticsearch via Connect Elasticsearch sink, then Kibana",
    );
  });

  it("offers the reverse direction when only that one is documented", () => {
    // given Spark streaming can write Cassandra
    // when Cassandra is connected to Spark Structured Streaming
    const verdict = refused(checkConnection(matrix, "cassandra", "spark-streaming", nameOf, familyOf));
    // then it is refused, batch-only is explained, and both alternatives are offered
    expect(verdict.reason).toContain("can be read in batch only (Spark batch)");
    const lines = describeAlternatives(verdict, "cassandra", "spark-streaming", nameOf);
    expect(lines[0]).toBe("Cassandra → Spark batch via Spark Cassandra connector (batch)");
    expect(lines).toContain(
      "The other way round works: Spark Structured Streaming → Cassandra via Spark Cassandra connector",
    );
  });

  it("puts legacy mechanisms after current ones so the default is MirrorMaker 2", () => {
    // when Kafka is connected to Kafka
    const verdict = checkConnection(matrix, "kafka", "kafka");
    // then MirrorMaker 2 comes first, MirrorMaker 1 after
    expect(accepted(verdict).map((o) => o.id)).toEqual(["mirrormaker2", "mirrormaker1"]);
  });
});

describe("buildMatrix", () => {
  it("puts the catalog's named default first", () => {
    // given the catalog names MirrorMaker 1 as the default (hypothetically)
    const withDefault = buildMatrix({
      ...catalog,
      defaults: [{ source: "kafka", sink: "kafka", mechanism: "mirrormaker1" }],
    });
    // then it leads the options
    expect(
      compatibleSinks(withDefault, "kafka")
        .get("kafka")
        ?.map((o) => o.id),
    ).toEqual(["mirrormaker1", "mirrormaker2"]);
  });
});

describe("compatibleSinks", () => {
  it("lists every service kafka can feed", () => {
    expect([...compatibleSinks(matrix, "kafka").keys()].sort()).toEqual([
      "cassandra",
      "elasticsearch",
      "kafka",
      "s3",
    ]);
  });

  it("is empty for a service that feeds nothing", () => {
    expect(compatibleSinks(matrix, "kibana").size).toBe(0);
  });
});

describe("flowMode", () => {
  it("draws batch-only mechanisms as batch and honours an explicit mode", () => {
    const options = compatibleSinks(matrix, "cassandra").get("spark-batch");
    expect(flowMode(options?.[0])).toBe("batch");
    expect(flowMode(compatibleSinks(matrix, "kafka").get("s3")?.[0])).toBe("stream");
    expect(flowMode(compatibleSinks(matrix, "kafka").get("s3")?.[0], { mode: "batch" })).toBe("batch");
  });
});
