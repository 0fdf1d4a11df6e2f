import { useRef, useState } from "react";
import { Menu } from "../../components/menu";
import { VerdictBadge } from "../../components/verdict-badge";
import { Brand, Link, UserMenu } from "../shell/top-bar";
import { useEditor, useEditorActions } from "./store/editor-context";
import { LivePresence } from "./live/live-presence";
import { saveStatusOf, type SaveStatus } from "./store/editor-store";
import { useCommands } from "./use-editor-commands";
import { ExportDialog } from "./export-dialog";

const EXPORT_FORMATS = [
  ["svg", "SVG image"],
  ["png", "PNG image"],
  ["pdf", "PDF document"],
  ["dot", "Graphviz DOT"],
  ["mermaid", "Mermaid"],
  ["json", "Design JSON"],
] as const;

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: "Saved",
  unsaved: "Unsaved changes",
  saving: "Saving…",
  error: "Not saved",
  conflict: "Conflict",
};

function SaveState() {
  const status = useEditor(saveStatusOf);
  const revision = useEditor((s) => s.record.revision);
  const error = useEditor((s) => s.saveError);
  return (
    <span
      className={`save-status save-${status}`}
      role="status"
      data-status={status}
      title={error ?? undefined}
    >
      <span className="dot" aria-hidden="true" />
      {STATUS_TEXT[status]}
      <span className="muted"> · r{revision}</span>
    </span>
  );
}

/** The formats drawn with colours: their export asks for the background first. */
const DRAWN = new Set(["svg", "png", "pdf", "dot"]);

function ExportMenu() {
  const open = useEditor((s) => s.panels.export);
  const readOnly = useEditor((s) => s.readOnly);
  const comparing = useEditor((s) => s.comparing !== null);
  const actions = useEditorActions();
  const commands = useCommands();
  const button = useRef<HTMLButtonElement>(null);
  const [asking, setAsking] = useState<{ format: string; label: string } | null>(null);
  const close = (restoreFocus: boolean) => {
    actions.openPanel("export", false);
    if (restoreFocus) button.current?.focus();
  };
  return (
    <div className="menu-anchor">
      <button
        ref={button}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => actions.togglePanel("export")}
        onKeyDown={(event) => {
          // The menu button pattern: arrow down (or up) opens the menu with the focus in it.
          if ((event.key === "ArrowDown" || event.key === "ArrowUp") && !open) {
            event.preventDefault();
            actions.openPanel("export", true);
          }
        }}
      >
        Export ▾
      </button>
      {open && (
        <Menu label="Export formats" onClose={close}>
          {EXPORT_FORMATS.map(([format, label]) => (
            <button
              key={format}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              onClick={() => {
                if (!DRAWN.has(format)) return void commands.exportAs(format);
                actions.openPanel("export", false);
                setAsking({ format, label });
              }}
            >
              {label}
              <span className="muted small">.{format === "mermaid" ? "mmd" : format}</span>
            </button>
          ))}
          {!readOnly && (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item menu-separated"
              onClick={() => {
                actions.openPanel("export", false);
                commands.pickImport();
              }}
            >
              Import a design or configuration files…
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            disabled={comparing || readOnly}
            onClick={() => {
              actions.openPanel("export", false);
              commands.pickDrift();
            }}
          >
            Compare with what runs…
          </button>
        </Menu>
      )}
      {asking && (
        <ExportDialog
          label={asking.label}
          onClose={() => setAsking(null)}
          returnFocusTo={() => button.current}
          onExport={(background) => {
            setAsking(null);
            void commands.exportAs(asking.format, background);
          }}
        />
      )}
    </div>
  );
}

/** The editor's top bar: breadcrumb, save status, and the design's actions. */
export function EditorToolbar() {
  const name = useEditor((s) => s.document.name);
  const readOnly = useEditor((s) => s.readOnly);
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  const saving = useEditor((s) => s.saveStatus === "saving");
  const analysing = useEditor((s) => s.analysing);
  const verdict = useEditor((s) => s.analysis?.result.verdict);
  const bundling = useEditor((s) => s.bundling);
  const revisionsOpen = useEditor((s) => s.panels.revisions);
  const whatIfOpen = useEditor((s) => s.panels.whatIf);
  const visibility = useEditor((s) => s.record.visibility);
  const role = useEditor((s) => s.record.role);
  const actions = useEditorActions();
  const commands = useCommands();
  return (
    <>
      <Brand compact />
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Designs</Link>
        <span aria-hidden="true">/</span>
        {/* The design's name is the page's heading (one h1 per page). */}
        <h1 className="breadcrumb-current" title={name}>
          {name || "Untitled"}
        </h1>
        {readOnly && <span className="tag">read-only</span>}
      </nav>
      <SaveState />
      <LivePresence />
      <span className="spacer" />
      <div className="toolbar" role="toolbar" aria-label="Design actions">
        <button
          type="button"
          className="icon-button tb"
          aria-label="Undo (Ctrl+Z)"
          title="Undo (Ctrl+Z)"
          disabled={!canUndo || readOnly}
          onClick={() => actions.undo()}
        >
          ↶
        </button>
        <button
          type="button"
          className="icon-button tb"
          aria-label="Redo (Ctrl+Shift+Z)"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!canRedo || readOnly}
          onClick={() => actions.redo()}
        >
          ↷
        </button>
        {!readOnly && (
          <button
            type="button"
            className="button"
            onClick={() => void commands.save()}
            disabled={saving}
            title="Save (Ctrl+S)"
          >
            Save
          </button>
        )}
        <button
          type="button"
          className="button button-primary analyse-button"
          onClick={() => void commands.analyse()}
          // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page.
          aria-disabled={analysing !== null}
          data-command="analyse"
          title="Analyse (Ctrl+Enter)"
        >
          {analysing ? `Analysing… ${analysing.progress}%` : "Analyse"}
        </button>
        {verdict && <VerdictBadge verdict={verdict} />}
        <button
          type="button"
          className="button"
          onClick={() => void commands.generate()}
          aria-disabled={bundling !== null}
          data-command="generate"
          title="Generate the runnable bundle (Ctrl+Shift+G)"
        >
          {bundling ? `Generating… ${bundling.progress}%` : "Generate"}
        </button>
        <ExportMenu />
        {!readOnly && (
          <button
            type="button"
            className="button"
            onClick={() => actions.togglePanel("revisions")}
            aria-pressed={revisionsOpen}
          >
            History
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={commands.toggleWhatIf}
          aria-pressed={whatIfOpen}
          title="Simulate load, lag and an outage"
        >
          What if
        </button>
        {role !== null && (
          // Who has access, share links and the public switch live in the Share dialog; the button says when
          // the design is public.
          <button
            type="button"
            className="button"
            onClick={() => actions.openPanel("share")}
            title={visibility === "public" ? "Public: anyone with the link can view it" : "Private"}
          >
            Share
            {visibility === "public" && <span className="tag share-public-tag">public</span>}
          </button>
        )}
        <button
          type="button"
          className="icon-button tb"
          aria-label="Keyboard shortcuts (?)"
          title="Keyboard shortcuts (?)"
          onClick={() => actions.openPanel("help")}
        >
          ?
        </button>
      </div>
      <UserMenu compact />
    </>
  );
}
