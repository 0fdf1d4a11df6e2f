import { useSyncExternalStore } from "react";
import { parseChoice, resolveTheme, THEME_KEY, toggled, type Theme } from "../../lib/theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";
const listeners = new Set<() => void>();

function storedChoice() {
  try {
    return parseChoice(window.localStorage.getItem(THEME_KEY));
  } catch {
    return parseChoice(null); // storage refused (private mode): follow the system
  }
}

/** The theme shown now: the remembered choice, else the system's preference. */
export function currentTheme(): Theme {
  return resolveTheme(storedChoice(), window.matchMedia?.(DARK_QUERY).matches ?? false);
}

/** Put the theme on <html data-theme>, where theme.css reads it. */
export function applyTheme() {
  window.document.documentElement.dataset.theme = currentTheme();
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const media = window.matchMedia?.(DARK_QUERY);
  media?.addEventListener("change", applyTheme);
  return () => {
    listeners.delete(listener);
    media?.removeEventListener("change", applyTheme);
  };
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, currentTheme);
}

/** The light/dark switch of the top bars; the choice is remembered in this browser. */
export function ThemeToggle() {
  const theme = useTheme();
  return (
    <button
      type="button"
      className="icon-button theme-toggle"
      aria-pressed={theme === "dark"}
      aria-label="Dark theme"
      title={theme === "dark" ? "Dark theme (on): switch to light" : "Dark theme (off): switch to dark"}
      onClick={() => {
        try {
          window.localStorage.setItem(THEME_KEY, toggled(theme));
        } catch {
          // Not remembered, still switched for this page.
          window.document.documentElement.dataset.theme = toggled(theme);
          return;
        }
        applyTheme();
      }}
    >
      <span aria-hidden="true">{theme === "dark" ? "☾" : "☀"}</span>
    </button>
  );
}
