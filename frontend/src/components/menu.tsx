import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { menuMove, menuTypeAhead } from "../lib/menu-keys";

const TYPE_AHEAD_MS = 600;
const ITEMS = '[role="menuitem"], [role="menuitemradio"], [role="menuitemcheckbox"]';

/**
 * A menu (role="menu") whose items are buttons with role="menuitem": the first item takes the focus
 * when it opens; arrows, Home and End move; typing jumps to an item by its first letters; Escape
 * closes it and gives the focus back (`onClose(true)`), Tab closes it and lets the focus move on.
 */
export function Menu({
  label,
  onClose,
  children,
  className = "menu",
  style,
}: {
  label: string;
  onClose: (restoreFocus: boolean) => void;
  children: ReactNode;
  className?: string;
  style?: CSSProperties;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const typed = useRef({ text: "", at: 0 });
  const items = () => Array.from(ref.current?.querySelectorAll<HTMLElement>(ITEMS) ?? []);
  const entries = () =>
    items().map((item) => ({
      label: item.textContent ?? "",
      disabled: item.matches(":disabled, [aria-disabled='true']"),
    }));

  useEffect(() => {
    const all = items();
    const first = menuMove(entries(), -1, "Home");
    if (first !== null) all[first]?.focus();
    // Only on opening: the items are read from the DOM each time a key is pressed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = items();
    const current = all.indexOf(window.document.activeElement as HTMLElement);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
      return;
    }
    if (event.key === "Tab") {
      onClose(false);
      return;
    }
    let target = menuMove(entries(), current, event.key);
    if (target === null && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const now = Date.now();
      const text = (now - typed.current.at < TYPE_AHEAD_MS ? typed.current.text : "") + event.key;
      typed.current = { text, at: now };
      if (event.key !== " ") target = menuTypeAhead(entries(), current, text);
      else return; // Space activates the focused item
    }
    if (target === null) return;
    event.preventDefault();
    event.stopPropagation();
    all[target]?.focus();
  };

  return (
    <div ref={ref} className={className} role="menu" aria-label={label} style={style} onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}
