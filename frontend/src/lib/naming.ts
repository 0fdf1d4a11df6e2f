import type { NamingRule } from "../api/contract";

/**
 * Python-style patterns from the catalog, translated to JavaScript where the syntax differs, and
 * anchored at both ends: the catalog checks with `re.fullmatch`, so "^[a-z]+" must not accept "ab!".
 */
function toRegExp(pattern: string): RegExp | null {
  try {
    const body = pattern
      .replace(/\\A/g, "^")
      .replace(/\\Z/g, "$")
      .replace(/\(\?P</g, "(?<");
    return new RegExp(`^(?:${body})$`);
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
  const regexp = toRegExp(rule.pattern);
  if (regexp && !regexp.test(name)) problems.push(rule.description || `Must match ${rule.pattern}.`);
  return problems;
}
