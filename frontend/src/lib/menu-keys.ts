/**
 * Keyboard movement in a menu (WAI-ARIA menu pattern): arrows wrap, Home and End go to the ends,
 * and typing a letter moves to the next item starting with what was typed. Disabled items are
 * skipped. Pure, so the rules are tested without a browser.
 */

export interface MenuEntry {
  label: string;
  disabled: boolean;
}

function step(items: readonly MenuEntry[], from: number, delta: 1 | -1): number | null {
  const n = items.length;
  for (let k = 1; k <= n; k += 1) {
    const i = (((from + delta * k) % n) + n) % n;
    if (!items[i]?.disabled) return i;
  }
  return null;
}

/** The item a navigation key moves to from `current` (-1: none focused yet); null for other keys. */
export function menuMove(items: readonly MenuEntry[], current: number, key: string): number | null {
  if (items.length === 0) return null;
  switch (key) {
    case "ArrowDown":
      return step(items, current, 1);
    case "ArrowUp":
      return step(items, current < 0 ? 0 : current, -1);
    case "Home":
      return step(items, -1, 1);
    case "End":
      return step(items, 0, -1);
    default:
      return null;
  }
}

/**
 * Type-ahead: the next enabled item after `current` whose label starts with `typed` (case and
 * accents as written, compared case-insensitively); typing one letter again cycles through the
 * items starting with it. Null when none does.
 */
export function menuTypeAhead(items: readonly MenuEntry[], current: number, typed: string): number | null {
  if (!typed) return null;
  const query = typed.toLocaleLowerCase();
  const repeated = [...query].every((c) => c === query[0]);
  const n = items.length;
  // A fresh prefix may match the current item; a repeated letter moves on to the next one.
  const start = repeated ? 1 : 0;
  for (let k = start; k < n + start; k += 1) {
    const i = ((((current < 0 ? 0 : current) + k) % n) + n) % n;
    const item = items[i];
    if (!item || item.disabled) continue;
    const label = item.label.trim().toLocaleLowerCase();
    if (label.startsWith(repeated ? query[0]! : query)) return i;
  }
  return null;
}
