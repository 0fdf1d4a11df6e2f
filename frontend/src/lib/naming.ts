import type { NamingRule } from "../api/contract";

/** Python-style patterns from the catalog, translated to JavaScript where the syntax differs. */
function toRegExp(pattern: string): RegExp | null {
  try {
    const body = pattern
      .replace(/\\A/g, "^")
      .replace(/\\Z/g, "$")
      .replace(/\(\?P</g, "(?<");
    return new RegExp(body.startsWith("^") ? body : `^(?:${body})$`);
  } catch {
    return null;
  }
}

/** Human-readable problems with a store name under a naming rule; [] when the name is valid. */
export function namingProblems(rule: NamingRule | undefined, name: string): string[] {
  if (!rule) return name.trim() ? [] : ["A name is required."];
  const problems: string[] = [];
  if (!name) return ["A name is required."];
  if (rule.max_length !== null && name.length > rule.max_length) {
    problems.push(`At most ${rule.max_length} characters (this one has ${name.length}).`);
  }
  if (rule.reserved.includes(name)) problems.push(`"${name}" is reserved.`);
  const regexp = toRegExp(rule.pattern);
  if (regexp && !regexp.test(name)) problems.push(rule.description || `Must match ${rule.pattern}.`);
  return problems;
}
