import { describe, expect, it } from "vitest";
import type { DesignDocument, DesignFlow, Finding } from "../src/api/contract";
import { applyFix, fixForFinding } from "../src/lib/finding-fixes";

function activeActive(replication: Omit<DesignFlow, "id" | "from" | "to">): DesignDocument {
  return {
    format: "kafkaesque.design/v1",
    name: "active-active",
    nodes: [
      { id: "kafka-syd", service: "kafka", name: "Kafka Sydney" },
      { id: "kafka-fra", service: "kafka", name: "Kafka Frankfurt" },
      { id: "app", service: "application", name: "App" },
    ],
    flows: [
      { id: "syd-to-fra", from: "kafka-syd", to: "kafka-fra", ...replication },
      { id: "fra-to-syd", from: "kafka-fra", to: "kafka-syd", ...replication },
      { id: "read", from: "kafka-syd", to: "app", mechanism: "kafka-client" },
    ],
  };
}

function finding(code: string, refs: string[], path: string[] = []): Finding {
  return { code, severity: "error", message: "m", refs, evidence: [], fix: "f", path };
}

const LOOP = finding(
  "event-loop",
  ["fra-to-syd", "syd-to-fra", "kafka-syd", "kafka-fra"],
  ["kafka-syd/orders", "kafka-fra/orders", "kafka-syd/orders"],
);

describe("fixForFinding", () => {
  it("sets the default policy on identity MirrorMaker 2 flows of an event loop", () => {
    // given two MM2 flows with the identity policy and their topic filters
    const design = activeActive({
      mechanism: "mirrormaker2",
      properties: { replication_policy: "identity", topics: "orders" },
    });
    // when the loop's fix is derived and applied
    const fix = fixForFinding(design, LOOP);
    expect(fix?.label).toBe("Set replication_policy to default on 2 flows");
    const fixed = applyFix(design, fix!);
    // then both flows use the default policy and keep their topic filters; nothing else changes
    for (const id of ["syd-to-fra", "fra-to-syd"]) {
      const flow = fixed.flows.find((f) => f.id === id);
      expect(flow?.mechanism).toBe("mirrormaker2");
      expect(flow?.properties).toEqual({ replication_policy: "default", topics: "orders" });
    }
    expect(fixed.flows[2]).toBe(design.flows[2]);
    expect(fixed.nodes).toBe(design.nodes);
    expect(design.flows[0]?.properties?.replication_policy).toBe("identity");
  });

  it("switches MirrorMaker 1 and uReplicator loops to MirrorMaker 2 with the default policy", () => {
    // given a loop carried by MirrorMaker 1 on one side and uReplicator on the other
    const design = activeActive({ mechanism: "mirrormaker1", properties: { topics: "orders" } });
    design.flows[1] = { ...design.flows[1]!, mechanism: "ureplicator" };
    // when fixed
    const fix = fixForFinding(design, LOOP);
    const fixed = applyFix(design, fix!);
    // then both replicate with MM2's default policy
    expect(fix?.label).toBe("Use MirrorMaker 2 (default policy) on 2 flows");
    expect(fixed.flows[0]).toMatchObject({
      mechanism: "mirrormaker2",
      properties: { topics: "orders", replication_policy: "default" },
    });
    expect(fixed.flows[1]).toMatchObject({
      mechanism: "mirrormaker2",
      properties: { replication_policy: "default" },
    });
  });

  it("judges a flow without a mechanism by the one the analysis resolved", () => {
    // given MM1 chosen implicitly (no mechanism on the flows)
    const design = activeActive({ properties: { topics: "orders" } });
    // when the analysis says the flows ran through mirrormaker1
    const fix = fixForFinding(design, LOOP, { "syd-to-fra": "mirrormaker1", "fra-to-syd": "mirrormaker1" });
    // then the fix switches them to MM2
    expect(fix?.patches.map((p) => p.mechanism)).toEqual(["mirrormaker2", "mirrormaker2"]);
  });

  it("offers no fix when the loop is not a replication-policy problem", () => {
    // given a loop whose named flows already rename (MM2 default) or are plain clients
    const design = activeActive({ mechanism: "mirrormaker2", properties: { replication_policy: "default" } });
    // then there is nothing simple to apply
    expect(fixForFinding(design, LOOP)).toBeNull();
    expect(fixForFinding(design, finding("event-loop", ["kafka-syd", "kafka-fra"]))).toBeNull();
  });

  it("finds the loop's flows along its witness path when the refs name only nodes", () => {
    const design = activeActive({
      mechanism: "mirrormaker2",
      properties: { replication_policy: "identity" },
    });
    const fix = fixForFinding(design, finding("event-loop", ["kafka-syd"], ["syd-to-fra", "fra-to-syd"]));
    expect(fix?.patches.map((p) => p.flowId)).toEqual(["syd-to-fra", "fra-to-syd"]);
  });

  it("writes down the resolved mechanism for a default-mechanism finding", () => {
    const design = activeActive({ mechanism: "mirrormaker2" });
    design.flows[2] = { id: "read", from: "kafka-syd", to: "app" };
    const fix = fixForFinding(design, finding("default-mechanism", ["read"]), { read: "kafka-client" });
    expect(fix?.label).toBe("Set mechanism kafka-client");
    expect(applyFix(design, fix!).flows[2]?.mechanism).toBe("kafka-client");
  });

  it("offers no fix for findings that need the architect", () => {
    const design = activeActive({ mechanism: "mirrormaker2" });
    expect(fixForFinding(design, finding("unsupported-flow", ["syd-to-fra"]))).toBeNull();
    expect(fixForFinding(design, finding("invalid-name", ["kafka-syd"]))).toBeNull();
  });
});
