import type { Category } from "../api/contract";

/** Display order and colour of each category; red, amber and blue stay reserved for findings. */
export const CATEGORIES: readonly { id: Category; label: string; colour: string }[] = [
  { id: "stream", label: "Stream", colour: "#6f52d9" },
  { id: "store", label: "Store", colour: "#0e8a7e" },
  { id: "compute", label: "Compute", colour: "#b0409c" },
  { id: "search", label: "Search", colour: "#4a8a22" },
  { id: "visualise", label: "Visualise", colour: "#9a5a2c" },
  { id: "notebook", label: "Notebook", colour: "#127184" },
  { id: "external", label: "External", colour: "#5f6b7d" },
];

const BY_ID = new Map(CATEGORIES.map((category) => [category.id, category]));

export function categoryColour(category: string | undefined): string {
  return BY_ID.get(category as Category)?.colour ?? "#5f6b7d";
}

export function categoryLabel(category: string | undefined): string {
  return BY_ID.get(category as Category)?.label ?? "Other";
}
