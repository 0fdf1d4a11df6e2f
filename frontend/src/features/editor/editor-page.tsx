import { ReactFlowProvider } from "@xyflow/react";
// The editor's styles, each next to its feature, imported here in one fixed order (React Flow's own
// first) so rules of equal specificity keep overriding each other as they did in one file.
import "@xyflow/react/dist/style.css";
import "./editor-page.css";
import "./palette.css";
import "./editor-canvas.css";
import "./inspector/inspector.css";
import "./revisions-panel.css";
import "./findings-panel.css";
import "./dialogs.css";
import "./share-dialog.css";
import "./what-if/what-if.css";
import "./live/live.css";
import { useEffect, useMemo, useRef, useState } from "react";
import { api, ApiError } from "../../api/client";
import type { DesignRecord } from "../../api/contract";
import { navigate } from "../../hooks/use-route";
import { useCatalog, type CatalogIndex } from "../catalog/catalog-context";
import { useToast } from "../shell/toasts";
import { Brand, Link } from "../shell/top-bar";
import { JobAnnouncer } from "./announcer";
import { EditorBanners } from "./banners";
import { EditorToolbar } from "./toolbar";
import { BundleDialog, ConflictDialog, HelpDialog } from "./dialogs";
import { liveUrl } from "../live/live-client";
import { DriftPanel } from "./drift-panel";
import { EditorCanvas } from "./editor-canvas";
import { FindingsDock } from "./findings-dock";
import { Inspector } from "./inspector/inspector";
import { bindLiveSession } from "./live/live-binding";
import { Palette } from "./palette";
import { RevisionsPanel } from "./revisions-panel";
import { ShareDialog } from "./share-dialog";
import { bindingFor } from "./shortcuts";
import { EditorStoreProvider, useEditor, useEditorActions } from "./store/editor-context";
import { createEditorStore, type EditorStore } from "./store/editor-store";
import { CONFIG_ACCEPT } from "./uploads";
import {
  EditorCommandsProvider,
  useCommands,
  useEditorCommands,
  type EditorElements,
} from "./use-editor-commands";
import { WhatIfPanel } from "./what-if/what-if-panel";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** One keydown listener for the whole editor, reading the shortcut table the help dialog lists. */
function useShortcuts(store: EditorStore) {
  const commands = useCommands();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = isTyping(event.target) || window.document.querySelector("dialog[open]") !== null;
      const binding = bindingFor(event, typing);
      if (!binding) return;
      if (!binding.passThrough) event.preventDefault();
      binding.run(commands, store.getState().actions);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [commands, store]);
}

/** The right-hand column: what runs, the revisions, or the inspector of the selection. */
function SidePanel({ index }: { index: CatalogIndex }) {
  const drift = useEditor((s) => s.drift);
  const revisionsOpen = useEditor((s) => s.panels.revisions);
  const designId = useEditor((s) => s.record.id);
  const revision = useEditor((s) => s.record.revision);
  const actions = useEditorActions();
  const commands = useCommands();
  if (drift && !revisionsOpen)
    return <DriftPanel report={drift.report} onClose={() => actions.setDrift(null)} />;
  if (revisionsOpen)
    return (
      <RevisionsPanel
        designId={designId}
        current={revision}
        onClose={() => actions.openPanel("revisions", false)}
        onCompare={commands.compareRevision}
        onRestore={commands.restore}
      />
    );
  return <Inspector index={index} />;
}

function WhatIf() {
  const open = useEditor((s) => s.panels.whatIf);
  const document = useEditor((s) => s.document);
  const designId = useEditor((s) => s.record.id);
  const actions = useEditorActions();
  const commands = useCommands();
  if (!open) return null;
  return (
    <WhatIfPanel
      designId={designId}
      document={document}
      save={commands.save}
      signal={commands.signal}
      gone={commands.gone}
      onResult={actions.setSimulation}
      onSelectFinding={commands.selectFinding}
      onClose={() => actions.openPanel("whatIf", false)}
      onJobsDown={actions.setJobsPaused}
    />
  );
}

function EditorDialogs() {
  const help = useEditor((s) => s.panels.help);
  const share = useEditor((s) => s.panels.share);
  const conflict = useEditor((s) => s.conflict);
  const bundle = useEditor((s) => s.bundle);
  const designId = useEditor((s) => s.record.id);
  const canAdminister = useEditor((s) => s.record.can_administer);
  const actions = useEditorActions();
  const commands = useCommands();
  return (
    <>
      {help && <HelpDialog onClose={() => actions.openPanel("help", false)} />}
      {share && (
        <ShareDialog
          designId={designId}
          canAdminister={canAdminister}
          onClose={() => actions.openPanel("share", false)}
        />
      )}
      {conflict && (
        <ConflictDialog
          conflict={conflict}
          onClose={actions.dismissConflict}
          onTakeTheirs={commands.takeTheirs}
          onKeepMine={commands.keepMine}
        />
      )}
      {bundle && <BundleDialog bundle={bundle} onClose={() => actions.setBundle(null)} />}
    </>
  );
}

/** The editor's layout: top bar and banners, palette, canvas, side panels, findings; the dialogs. */
function EditorLayout({
  index,
  canvas,
  paletteSearch,
  importInput,
  driftInput,
}: { index: CatalogIndex } & EditorElements) {
  const busy = useEditor((s) => s.analysing !== null);
  const whatIfOpen = useEditor((s) => s.panels.whatIf);
  const commands = useCommands();
  return (
    <div className="editor" aria-busy={busy}>
      <header className="editor-top">
        <EditorToolbar />
        <input
          ref={importInput}
          type="file"
          accept={CONFIG_ACCEPT}
          multiple
          hidden
          aria-label="Import a design file or configuration files of what runs"
          data-testid="import-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length) void commands.importFiles(files);
            e.target.value = "";
          }}
        />
        <input
          ref={driftInput}
          type="file"
          accept={CONFIG_ACCEPT}
          multiple
          hidden
          aria-label="Configuration files of what runs, to compare with the design"
          data-testid="drift-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length) void commands.compareWith(files);
            e.target.value = "";
          }}
        />
      </header>
      <EditorBanners />
      <main className={`editor-main${whatIfOpen ? " what-if-open" : ""}`}>
        <Palette services={index.catalog.services} onAdd={commands.addService} searchRef={paletteSearch} />
        <EditorCanvas index={index} wrapper={canvas} />
        <SidePanel index={index} />
        <WhatIf />
      </main>
      <FindingsDock />
      <JobAnnouncer />
      <EditorDialogs />
    </div>
  );
}

function Editor({ initial, index }: { initial: DesignRecord; index: CatalogIndex }) {
  const notify = useToast();
  const [store] = useState(() => createEditorStore(initial));
  const [live] = useState(() =>
    bindLiveSession(store, {
      url: liveUrl(initial.id, window.location),
      onProblem: (message) => notify("error", message),
    }),
  );
  useEffect(() => {
    live.connect();
    return () => live.close();
  }, [live]);
  const canvas = useRef<HTMLDivElement>(null);
  const paletteSearch = useRef<HTMLInputElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const driftInput = useRef<HTMLInputElement>(null);
  const elements = useMemo(
    () => ({ canvas, paletteSearch, importInput, driftInput }),
    [canvas, paletteSearch, importInput, driftInput],
  );
  const commands = useEditorCommands(store, elements, notify, live);
  useEffect(() => {
    // Deferred so the check never delays the first paint of the canvas.
    const timer = window.setTimeout(() => void commands.health(), 0);
    return () => window.clearTimeout(timer);
  }, [commands]);
  return (
    <EditorStoreProvider store={store}>
      <EditorCommandsProvider value={commands}>
        <Shortcuts store={store} />
        <EditorLayout
          index={index}
          canvas={canvas}
          paletteSearch={paletteSearch}
          importInput={importInput}
          driftInput={driftInput}
        />
      </EditorCommandsProvider>
    </EditorStoreProvider>
  );
}

function Shortcuts({ store }: { store: EditorStore }) {
  useShortcuts(store);
  return null;
}

function EditorLoader({ designId }: { designId: number }) {
  const catalog = useCatalog();
  const [record, setRecord] = useState<DesignRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .design(designId)
      .then((r) => live && setRecord(r))
      .catch((e: Error) => {
        if (!live) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          navigate(`/login?next=${encodeURIComponent(`/designs/${designId}`)}`, true);
        } else setError(e.message);
      });
    return () => {
      live = false;
    };
  }, [designId]);
  if (error || catalog.status === "error") {
    return (
      <main className="page">
        <div className="empty-state" role="alert">
          <p>
            This design could not be opened: {error ?? (catalog.status === "error" ? catalog.message : "")}
          </p>
          <Link to="/" className="button">
            Back to designs
          </Link>
        </div>
      </main>
    );
  }
  if (!record || catalog.status !== "ready") {
    return (
      <div className="editor editor-loading" aria-busy="true" aria-label="Loading the design">
        <header className="editor-top">
          <Brand />
        </header>
        <div className="editor-main">
          <div className="palette">
            {Array.from({ length: 9 }, (_, i) => (
              <div key={i} className="skeleton row-skeleton" />
            ))}
          </div>
          <div className="canvas skeleton" />
          <div className="inspector">
            <div className="skeleton card-skeleton" />
          </div>
        </div>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <Editor key={record.id} initial={record} index={catalog.index} />
    </ReactFlowProvider>
  );
}

export default function EditorPage({ designId }: { designId: number }) {
  return <EditorLoader designId={designId} />;
}
