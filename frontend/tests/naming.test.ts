import { describe, expect, it } from "vitest";
import { namingProblems, pythonRegExp, regexListProblem } from "../src/lib/naming";

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

describe("pythonRegExp: names judged as Python's re judges them", () => {
  const word = { ...topic, pattern: "\\w+", description: "Word characters only." };

  it("takes \\w as Unicode letters, digits and underscore, as Python does", () => {
    // Python: re.fullmatch(r"\w+", "bestellungen_größe") matches; so does "注文", "заказы", "x٣"
    for (const name of ["bestellungen_größe", "注文", "заказы", "x٣", "a_1"]) {
      expect(namingProblems(word, name)).toEqual([]);
    }
    // and neither accepts punctuation, spaces or a combining mark alone (Python's \w has no marks)
    for (const name of ["a-b", "a b", "a\u0301"]) {
      expect(namingProblems(word, name)).toEqual(["Word characters only."]);
    }
  });

  it("takes \\d as any decimal digit and \\s as Python's spaces", () => {
    expect(pythonRegExp("\\d+", { whole: true }).test("٣٤")).toBe(true);
    expect(pythonRegExp("\\d+", { whole: true }).test("²")).toBe(false); // superscript: no decimal
    expect(pythonRegExp("a\\sb", { whole: true }).test("a\u3000b")).toBe(true);
    expect(pythonRegExp("a\\sb", { whole: true }).test("a\u001fb")).toBe(true); // str.isspace()
    expect(pythonRegExp("a\\sb", { whole: true }).test("a\ufeffb")).toBe(false); // not to Python
  });

  it("keeps \\w inside a class and \\b between Unicode words", () => {
    expect(pythonRegExp("[\\w.-]+", { whole: true }).test("größe.v1-x")).toBe(true);
    expect(pythonRegExp("\\bé").test("x é")).toBe(true);
    expect(pythonRegExp("\\bé").test("xé")).toBe(false);
  });

  it("reads Python-only syntax: \\A, \\Z, named groups, inline flags", () => {
    expect(pythonRegExp("\\Aab\\Z").test("ab")).toBe(true);
    expect(pythonRegExp("(?P<x>a)(?P=x)", { whole: true }).test("aa")).toBe(true);
    expect(pythonRegExp("(?i)orders", { whole: true }).test("ORDERS")).toBe(true);
  });

  it("keeps the catalog's own patterns working", () => {
    const index = pythonRegExp('[^-_+.\\\\/*?"<>|,# :A-Z][^\\\\/*?"<>|,# :A-Z]*', { whole: true });
    expect(index.test("logs-2026")).toBe(true);
    expect(index.test("Logs")).toBe(false);
    expect(pythonRegExp("[A-Za-z][A-Za-z0-9_]{0,47}\\.[A-Za-z][A-Za-z0-9_]{0,47}").test("shop.orders")).toBe(
      true,
    );
  });
});

describe("regexListProblem", () => {
  it("names the first broken pattern and accepts Unicode classes", () => {
    expect(regexListProblem("orders, \\w+\\.v1")).toBeNull();
    expect(regexListProblem("orders, (unclosed")).toBe('"(unclosed" is not a valid regular expression.');
  });
});
