import type { NamingRule } from "../api/contract";

// Python's `re` on str patterns is Unicode-aware where JavaScript's is ASCII-only: `\w` is every
// letter and digit of any script (str.isalnum) plus "_", `\d` every decimal digit, `\s` every space
// str.isspace knows, `\b` a boundary between those word characters. The same sets written with
// Unicode property escapes (the `u` flag), so a name is judged alike here and on the server.
const WORD = "\\p{L}\\p{N}_";
const DIGIT = "\\p{Nd}";
const SPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const BOUNDARY = `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
const NOT_BOUNDARY = `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
/** Class escapes: their set inside brackets, and as a class of their own outside. */
const CLASSES: Record<string, [inside: string, outside: string]> = {
  w: [WORD, `[${WORD}]`],
  W: ["", `[^${WORD}]`],
  d: [DIGIT, DIGIT],
  D: ["", "\\P{Nd}"],
  s: [SPACE, `[${SPACE}]`],
  S: ["", `[^${SPACE}]`],
};

/**
 * A Python regular expression (as the catalog writes it) as a JavaScript RegExp with the `u` flag and
 * the same meaning; `whole` anchors it at both ends, as `re.fullmatch` does. Throws SyntaxError when
 * JavaScript cannot express it (a negated class escape inside brackets, which `u` mode has no set for).
 */
export function pythonRegExp(pattern: string, { whole = false }: { whole?: boolean } = {}): RegExp {
  let flags = "u";
  let source = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline?.[1]) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]) if ("ims".includes(flag) && !flags.includes(flag)) flags += flag;
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === "\\") {
      const next = source[i + 1] ?? "";
      i += 1;
      const set = CLASSES[next];
      if (set) {
        if (inClass && !set[0]) throw new SyntaxError(`\\${next} inside [...] has no JavaScript equivalent`);
        out += inClass ? set[0] : set[1];
      } else if (next === "A" && !inClass) out += "^";
      else if (next === "Z" && !inClass) out += "$";
      else if (next === "b" && !inClass) out += BOUNDARY;
      else if (next === "B" && !inClass) out += NOT_BOUNDARY;
      else out += `\\${next}`;
    } else if (char === "[" && !inClass) {
      inClass = true;
      out += char;
      // A "]" first in a class (or after "^") is a literal in Python, an empty class in JavaScript.
      if (source[i + 1] === "^") out += source[++i];
      if (source[i + 1] === "]") {
        out += "\\]";
        i += 1;
      }
    } else if (char === "]" && inClass) {
      inClass = false;
      out += char;
    } else if (char === "(" && source.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
    } else if (char === "(" && source.startsWith("(?P=", i)) {
      const end = source.indexOf(")", i);
      out += `\\k<${source.slice(i + 4, end)}>`;
      i = end;
    } else out += char;
  }
  return new RegExp(whole ? `^(?:${out})$` : out, flags);
}

function tryRegExp(pattern: string): RegExp | null {
  try {
    return pythonRegExp(pattern, { whole: true });
  } catch {
    return null;
  }
}

/** Human-readable problems with a store name under a naming rule; [] when the name is valid. */
export function namingProblems(rule: NamingRule | undefined, name: string): string[] {
  if (!rule) return name.trim() ? [] : ["A name is required."];
  const problems: string[] = [];
  if (!name) return ["A name is required."];
  // The limit is in UTF-8 bytes, as the catalog counts it: "é" takes two.
  const size = new TextEncoder().encode(name).length;
  if (rule.max_length !== null && size > rule.max_length) {
    problems.push(`At most ${rule.max_length} bytes in UTF-8 (this one has ${size}).`);
  }
  if (rule.reserved.includes(name)) problems.push(`"${name}" is reserved.`);
  const regexp = tryRegExp(rule.pattern);
  if (regexp && !regexp.test(name)) problems.push(rule.description || `Must match ${rule.pattern}.`);
  return problems;
}

/**
 * The first broken pattern of a comma-separated list (a topics filter), as the server words it;
 * null when every one compiles. The patterns are Python's, read the way the analysis reads them.
 */
export function regexListProblem(value: string): string | null {
  for (const part of value.split(",").map((p) => p.trim())) {
    if (!part) continue;
    try {
      pythonRegExp(part);
    } catch {
      return `"${part}" is not a valid regular expression.`;
    }
  }
  return null;
}
