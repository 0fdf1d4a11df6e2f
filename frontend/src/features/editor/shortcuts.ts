import type { EditorActions } from "./store/editor-store";
import type { EditorCommands } from "./use-editor-commands";

/** A key press as the bindings see it: the key lower-cased, Ctrl and Cmd alike. */
export interface Press {
  key: string;
  /** The key as the browser reports it (Delete, Escape, ?). */
  raw: string;
  mod: boolean;
  shift: boolean;
}

export interface Binding {
  match: (press: Press) => boolean;
  run: (commands: EditorCommands, actions: EditorActions) => void;
  /** Also while typing in a field or with a dialog open (saving, analysing, generating). */
  anywhere?: boolean;
  /** Keep the browser's own meaning of the key (copy and paste in the page). */
  passThrough?: boolean;
}

export interface Shortcut {
  /** As the help lists it; alternatives separated by " / ". */
  keys: string;
  what: string;
  /** None when the browser or a component handles the key itself (Tab, Enter in the palette). */
  bindings: Binding[];
}

/**
 * Every keyboard shortcut of the editor, read by the one keydown listener and by the help dialog, so
 * the two cannot disagree. The first matching binding runs.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: "Ctrl+S",
    what: "Save now",
    bindings: [{ match: (p) => p.mod && p.key === "s", run: (c) => void c.save(), anywhere: true }],
  },
  {
    keys: "Ctrl+Z",
    what: "Undo",
    bindings: [{ match: (p) => p.mod && p.key === "z" && !p.shift, run: (_, a) => a.undo() }],
  },
  {
    keys: "Ctrl+Shift+Z / Ctrl+Y",
    what: "Redo",
    bindings: [
      { match: (p) => p.mod && (p.key === "y" || (p.key === "z" && p.shift)), run: (_, a) => a.redo() },
    ],
  },
  {
    keys: "Ctrl+C / Ctrl+V",
    what: "Copy / paste the selected nodes",
    bindings: [
      { match: (p) => p.mod && p.key === "c", run: (c) => c.copy(), passThrough: true },
      { match: (p) => p.mod && p.key === "v", run: (c) => c.paste(), passThrough: true },
    ],
  },
  {
    keys: "Delete / Backspace",
    what: "Delete the selection",
    bindings: [
      { match: (p) => p.raw === "Delete" || p.raw === "Backspace", run: (c) => c.deleteSelection() },
    ],
  },
  {
    keys: "Ctrl+A",
    what: "Select everything",
    bindings: [{ match: (p) => p.mod && p.key === "a", run: (c) => c.selectAll() }],
  },
  {
    keys: "Ctrl+Enter",
    what: "Analyse",
    bindings: [{ match: (p) => p.mod && p.key === "enter", run: (c) => void c.analyse(), anywhere: true }],
  },
  {
    keys: "Ctrl+Shift+G",
    what: "Generate the bundle",
    bindings: [
      { match: (p) => p.mod && p.shift && p.key === "g", run: (c) => void c.generate(), anywhere: true },
    ],
  },
  {
    keys: "/",
    what: "Search the palette (Enter drops the first match at the centre)",
    bindings: [{ match: (p) => p.raw === "/", run: (c) => c.focusPalette() }],
  },
  {
    keys: "F",
    what: "Fit the design in view",
    bindings: [{ match: (p) => p.key === "f" && !p.mod, run: (c) => c.fit(), passThrough: true }],
  },
  {
    keys: "Shift+L",
    what: "Automatic layout (pinned nodes stay)",
    bindings: [
      { match: (p) => p.key === "l" && p.shift && !p.mod, run: (c) => void c.runLayout(), passThrough: true },
    ],
  },
  {
    keys: "Escape",
    what: "Clear the selection, cancel a connection drag, close dialogs and menus",
    bindings: [{ match: (p) => p.raw === "Escape", run: (c) => c.dismiss(), passThrough: true }],
  },
  { keys: "Tab / Shift+Tab", what: "Move through palette, canvas and inspector", bindings: [] },
  { keys: "Enter", what: "On a palette entry: drop it at the centre of the canvas", bindings: [] },
  {
    keys: "?",
    what: "This help",
    bindings: [{ match: (p) => p.raw === "?", run: (_, a) => a.openPanel("help"), passThrough: true }],
  },
];

/** The binding a key press triggers, if any; `typing` is true in a field or with a dialog open. */
export function bindingFor(event: KeyboardEvent, typing: boolean): Binding | undefined {
  const press: Press = {
    key: event.key.toLowerCase(),
    raw: event.key,
    mod: event.ctrlKey || event.metaKey,
    shift: event.shiftKey,
  };
  for (const shortcut of SHORTCUTS) {
    for (const binding of shortcut.bindings) {
      if ((binding.anywhere || !typing) && binding.match(press)) return binding;
    }
  }
  return undefined;
}
