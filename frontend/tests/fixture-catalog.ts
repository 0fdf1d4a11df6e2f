import type { Catalog, Mechanism, Mode, Service } from "../src/api/contract";

function service(id: string, name: string, category: Service["category"]): Service {
  return {
    id,
    name,
    category,
    description: "",
    store_kinds: [],
    naming: [],
    properties: [],
    image: null,
    default_version: null,
    docs: [],
    legacy: false,
    versions: [],
  };
}

function mechanism(id: string, name: string, pairs: [string, string, Mode[]][], legacy = false): Mechanism {
  return {
    id,
    name,
    kind: "native",
    description: "",
    renames: id === "mirrormaker2",
    properties: [],
    required_properties: [],
    version_constraints: [],
    generates: {},
    short_label: name,
    legacy,
    pairs: pairs.map(([source, sink, modes]) => ({
      source,
      sink,
      modes,
      evidence: [`https://example.org/${id}`],
      status: "documented",
      note: "",
    })),
  };
}

/** A slice of the real catalog, enough to exercise the rules the reference insists on. */
export const catalog: Catalog = {
  version: "test",
  defaults: [],
  services: [
    service("kafka", "Kafka", "stream"),
    service("cassandra", "Cassandra", "store"),
    service("s3", "S3", "external"),
    service("elasticsearch", "Elasticsearch", "search"),
    service("elassandra", "Elassandra", "search"),
    service("kibana", "Kibana", "visualise"),
    service("spark-batch", "Spark batch", "compute"),
    service("spark-streaming", "Spark Structured Streaming", "compute"),
  ],
  mechanisms: [
    mechanism("mirrormaker1", "MirrorMaker 1", [["kafka", "kafka", ["stream"]]], true),
    mechanism("mirrormaker2", "MirrorMaker 2", [["kafka", "kafka", ["stream"]]]),
    mechanism("connect-cassandra-sink", "Connect Cassandra sink", [["kafka", "cassandra", ["stream"]]]),
    mechanism("debezium-cassandra", "Debezium Cassandra", [["cassandra", "kafka", ["stream"]]]),
    mechanism("connect-s3-sink", "Connect S3 sink", [["kafka", "s3", ["stream"]]]),
    mechanism("connect-s3-source", "Connect S3 source", [["s3", "kafka", ["stream"]]]),
    mechanism("connect-elasticsearch-sink", "Connect Elasticsearch sink", [
      ["kafka", "elasticsearch", ["stream"]],
    ]),
    mechanism("kibana-elasticsearch", "Kibana", [
      ["elasticsearch", "kibana", ["batch"]],
      ["elassandra", "kibana", ["batch"]],
    ]),
    mechanism("spark-cassandra", "Spark Cassandra connector", [
      ["cassandra", "spark-batch", ["batch"]],
      ["spark-streaming", "cassandra", ["stream"]],
    ]),
  ],
};

export const names = new Map(catalog.services.map((s) => [s.id, s.name]));
export const nameOf = (id: string) => names.get(id) ?? id;
export { serviceFamily as familyOf } from "../src/lib/connection-rules";
