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
    expect(namingProblems(topic, "a".repeat(250))).toEqual([
      "At most 249 bytes in UTF-8 (this one has 250).",
    ]);
  });

  it("counts the length in UTF-8 bytes, as the catalog does", () => {
    // given a rule that allows any character, at most 10 bytes
    const rule = { ...topic, pattern: ".+", max_length: 10 };
    // when the name has 6 characters but 12 bytes
    // then it is too long
    expect(namingProblems(rule, "éééééé")).toEqual(["At most 10 bytes in UTF-8 (this one has 12)."]);
  });

  it("matches the whole name even when the pattern anchors only its start", () => {
    const rule = { ...topic, pattern: "^[a-z]+" };
    expect(namingProblems(rule, "orders")).toEqual([]);
    expect(namingProblems(rule, "orders!")).toEqual([topic.description]);
  });

  it("requires a name", () => {
    expect(namingProblems(topic, "")).toEqual(["A name is required."]);
  });
});
