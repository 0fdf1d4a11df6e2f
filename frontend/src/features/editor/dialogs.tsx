import { useEffect, useRef, type ReactNode } from "react";

/** A modal dialog using the native <dialog>, so focus trapping and Escape come from the browser. */
export function Dialog({
  title,
  children,
  onClose,
  actions,
  wide,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  actions?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? " dialog-wide" : ""}`}
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {actions && <footer className="dialog-actions">{actions}</footer>}
    </dialog>
  );
}

export const SHORTCUTS: [string, string][] = [
  ["Ctrl+S", "Save now"],
  ["Ctrl+Z", "Undo"],
  ["Ctrl+Shift+Z / Ctrl+Y", "Redo"],
  ["Ctrl+C / Ctrl+V", "Copy / paste the selected nodes"],
  ["Delete / Backspace", "Delete the selection"],
  ["Ctrl+A", "Select everything"],
  ["Ctrl+Enter", "Analyse"],
  ["Ctrl+Shift+G", "Generate the bundle"],
  ["/", "Search the palette (Enter drops the first match at the centre)"],
  ["F", "Fit the design in view"],
  ["Shift+L", "Automatic layout (pinned nodes stay)"],
  ["Escape", "Clear the selection, cancel a connection drag, close dialogs and menus"],
  ["Tab / Shift+Tab", "Move through palette, canvas and inspector"],
  ["Enter", "On a palette entry: drop it at the centre of the canvas"],
  ["?", "This help"],
];

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split(" / ").map((k, i) => (
                  <span key={k}>
                    {i > 0 && " / "}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Drag from a node’s right handle to connect it: nodes that can receive the flow are outlined with the
        mechanisms that would carry it, the rest are dimmed.
      </p>
    </Dialog>
  );
}
