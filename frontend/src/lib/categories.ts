import type { Category } from "../api/contract";

/**
 * Display order and colour of each category; red, amber and blue stay reserved for findings. The colours
 * are the theme's tokens (`--cat-*` in styles.css), usable wherever CSS takes a colour (style props,
 * custom properties); an SVG presentation attribute does not resolve var(), so set fill/stroke by style.
 */
export const CATEGORIES: readonly { id: Category; label: string; colour: string }[] = [
  { id: "stream", label: "Stream", colour: "var(--cat-stream)" },
  { id: "store", label: "Store", colour: "var(--cat-store)" },
  { id: "compute", label: "Compute", colour: "var(--cat-compute)" },
  { id: "search", label: "Search", colour: "var(--cat-search)" },
  { id: "visualise", label: "Visualise", colour: "var(--cat-visualise)" },
  { id: "notebook", label: "Notebook", colour: "var(--cat-notebook)" },
  { id: "external", label: "External", colour: "var(--cat-external)" },
];

const BY_ID = new Map(CATEGORIES.map((category) => [category.id, category]));

export function categoryColour(category: string | undefined): string {
  return BY_ID.get(category as Category)?.colour ?? "var(--cat-external)";
}

export function categoryLabel(category: string | undefined): string {
  return BY_ID.get(category as Category)?.label ?? "Other";
}
