import { describe, expect, it } from "vitest";
import { namingProblems } from "../src/lib/naming";

const topic = {
  kind: "topic",
  pattern: "^[a-zA-Z0-9._-]+$",
  max_length: 249,
  reserved: [".", ".."],
  description: "Letters, digits, '.', '_' and '-' only.",
  evidence: [],
};

describe("namingProblems", () => {
  it("accepts a valid topic name", () => {
    expect(namingProblems(topic, "orders.v1")).toEqual([]);
  });

  it("explains each broken rule", () => {
    expect(namingProblems(topic, "bad name")).toEqual(["Letters, digits, '.', '_' and '-' only."]);
    expect(namingProblems(topic, "..")).toEqual(['".." is reserved.']);
    expect(namingProblems(topic, "a".repeat(250))[0]).toBe("At most 249 characters (this one has 250).");
  });

  it("requires a name", () => {
    expect(namingProblems(topic, "")).toEqual(["A name is required."]);
  });
});
