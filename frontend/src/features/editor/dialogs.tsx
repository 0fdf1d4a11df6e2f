import { useEffect, useId, useRef, type ReactNode } from "react";
import { api } from "../../api/client";
import { conflictLines } from "../../lib/conflict-summary";
import { SHORTCUTS } from "./shortcuts";
import type { Conflict } from "./store/editor-store";

/**
 * A modal dialog using the native <dialog>: showModal() makes the rest of the page inert (focus
 * stays inside) and Escape fires `cancel`. Focus goes back where it was when the dialog closes; when
 * that element is gone (a menu item that opened it) or was never focused (a job that finished),
 * to `returnFocusTo()` instead.
 */
export function Dialog({
  title,
  children,
  onClose,
  actions,
  wide,
  returnFocusTo,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  actions?: ReactNode;
  wide?: boolean;
  returnFocusTo?: () => HTMLElement | null | undefined;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fallbackAtOpen = useRef(returnFocusTo);
  useEffect(() => {
    const dialog = ref.current;
    const opener = window.document.activeElement;
    const fallback = fallbackAtOpen.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      const back =
        opener instanceof HTMLElement && opener.isConnected && opener !== window.document.body
          ? opener
          : fallback?.();
      back?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? " dialog-wide" : ""}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {/* Focusable, so a keyboard can scroll a long body (the shortcut table) without a pointer. */}
      <div className="dialog-body" tabIndex={0} role="group" aria-labelledby={titleId}>
        {children}
      </div>
      {actions && <footer className="dialog-actions">{actions}</footer>}
    </dialog>
  );
}

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(({ keys, what }) => (
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

/** Someone else saved while we edited: their revision, our differences, and the two ways on. */
export function ConflictDialog({
  conflict,
  onClose,
  onTakeTheirs,
  onKeepMine,
}: {
  conflict: Conflict;
  onClose: () => void;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  const { theirs, mine, diff } = conflict;
  return (
    <Dialog
      title="Someone saved a newer revision"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onTakeTheirs}>
            Reload theirs (r{theirs.revision})
          </button>
          <button type="button" className="button button-primary" onClick={onKeepMine}>
            Save mine as a new revision
          </button>
        </>
      }
    >
      <p>
        While you were editing, revision r{theirs.revision} was saved. Compared with it, your version has:
      </p>
      <ul className="conflict-summary">
        <li className="legend legend-added">{diff.counts.added} added</li>
        <li className="legend legend-changed">{diff.counts.changed} changed</li>
        <li className="legend legend-removed">{diff.counts.removed} removed</li>
      </ul>
      <ul className="conflict-lines" aria-label="Differences, yours compared with theirs">
        {conflictLines(theirs.document, mine, diff).map((line) => (
          <li key={`${line.element}:${line.id}`} className={`conflict-line change-${line.change}`}>
            <span className={`legend legend-${line.change}`}>{line.change}</span>
            <span className="muted small">{line.element}</span>
            <span>{line.label}</span>
          </li>
        ))}
      </ul>
      <p className="muted small">Reloading theirs is undoable: Ctrl+Z brings your version back.</p>
    </Dialog>
  );
}

export interface BundleSummary {
  jobId: number;
  total: number;
  /** One line per top-level folder of the zip, with its file count. */
  folders: string[];
  placeholders: string[];
  name: string;
}

/** The generated bundle: what is in it, what to fill in, and the download. */
export function BundleDialog({ bundle, onClose }: { bundle: BundleSummary; onClose: () => void }) {
  return (
    <Dialog
      title="Bundle ready"
      onClose={onClose}
      returnFocusTo={() => window.document.querySelector<HTMLElement>("[data-command='generate']")}
      actions={
        <a className="button button-primary" href={api.jobDownloadUrl(bundle.jobId)} download={bundle.name}>
          Download {bundle.name}
        </a>
      }
    >
      {bundle.folders.length > 0 ? (
        <>
          <p className="muted">{bundle.total} files:</p>
          <ul className="file-list">
            {bundle.folders.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>The bundle is ready to download.</p>
      )}
      {bundle.placeholders.length > 0 && (
        <>
          <p className="muted">To fill in before running (listed in the README):</p>
          <ul className="small">
            {bundle.placeholders.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
