/** The colour theme: what the person chose (remembered), or the system's preference until they choose. */

export type Theme = "light" | "dark";
export type ThemeChoice = Theme | "system";

export const THEME_KEY = "kafkaesque.theme";

/** A stored value read back as a choice; anything unknown (or nothing) follows the system. */
export function parseChoice(stored: string | null): ThemeChoice {
  return stored === "light" || stored === "dark" ? stored : "system";
}

/** The theme a choice shows, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === "system") return systemPrefersDark ? "dark" : "light";
  return choice;
}

/** What the toggle chooses next: always the opposite of what is shown (an explicit choice from then on). */
export function toggled(shown: Theme): Theme {
  return shown === "dark" ? "light" : "dark";
}
