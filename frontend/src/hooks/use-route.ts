import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

/** Client-side navigation; Django serves index.html for every non-API path. */
export function navigate(path: string, replace = false) {
  if (replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const listener of [...listeners]) listener();
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
}
