import { createStore, type StoreApi } from "zustand/vanilla";
import type {
  AnalysisResult,
  DesignDocument,
  DesignRecord,
  Finding,
  SimulationResult,
} from "../../../api/contract";
import type { MechanismOption } from "../../../lib/connection-rules";
import type { DiffColouring } from "../../../lib/diff-colouring";
import { createHistory, type HistoryStore } from "../../../lib/history";
import { applyOps, diffDocuments } from "../../../lib/live-ops";
import type { LiveIdentity, LivePeer, LiveStatus } from "../../live/live-client";
import type { BundleSummary } from "../dialogs";
import type { Drift } from "../use-drift";
import type { JobProgress } from "../use-job";

export type SaveStatus = "saved" | "unsaved" | "saving" | "error" | "conflict";

export interface Conflict {
  theirs: DesignRecord;
  mine: DesignDocument;
  diff: DiffColouring;
}

/** A connection released on a node that cannot receive it: why not, and what would work instead. */
export interface Refusal {
  x: number;
  y: number;
  title: string;
  reason: string;
  alternatives: string[];
}

/** A connection that several mechanisms could make: the menu asking which. */
export interface Choice {
  x: number;
  y: number;
  from: string;
  to: string;
  options: readonly MechanismOption[];
}

type Size = { width: number; height: number };
type Point = { x: number; y: number };

/** Panels and menus that open and close; one flag each. */
export interface Panels {
  findings: boolean;
  export: boolean;
  help: boolean;
  share: boolean;
  revisions: boolean;
  whatIf: boolean;
}

/** The live session as the editor shows it; "unavailable" until a welcome, or after a refusal. */
export interface LiveState {
  status: LiveStatus | "unavailable";
  you: LiveIdentity | null;
  /** The others in the session (not oneself), with their selection and cursor. */
  peers: readonly LivePeer[];
  /** Edits the server has not saved as a revision yet. */
  unsaved: boolean;
  /**
   * Welcomed into the session, and not refused since: the session carries the edits, also while the
   * connection is down for a moment (they are queued and sent on reconnect, not saved through REST).
   */
  joined: boolean;
}

export interface EditorState {
  /** Viewers, and anyone the live session admits read-only, cannot edit. */
  readOnly: boolean;
  /** The design as edited now (the history's present). */
  document: DesignDocument;
  canUndo: boolean;
  canRedo: boolean;

  // saving
  record: DesignRecord;
  /** The document the server holds as `record.revision`; differing from `document` means unsaved. */
  savedDocument: DesignDocument;
  saveStatus: Exclude<SaveStatus, "unsaved">;
  saveError: string | null;
  conflict: Conflict | null;

  // selection and canvas
  selection: ReadonlySet<string>;
  measured: ReadonlyMap<string, Size>;
  dragging: ReadonlyMap<string, Point>;
  refusal: Refusal | null;
  choice: Choice | null;

  // analysis and jobs
  analysis: { result: AnalysisResult; document: DesignDocument } | null;
  analysing: JobProgress | null;
  activeFinding: Finding | null;
  hoverFinding: Finding | null;
  bundling: JobProgress | null;
  bundle: BundleSummary | null;
  drift: Drift | null;
  comparing: JobProgress | null;
  simulation: SimulationResult | null;
  compare: { number: number; diff: DiffColouring } | null;
  jobsPaused: string | null;

  panels: Panels;
  live: LiveState;
}

/** Told of every change to the document this editor makes (edit, undo, redo), not of remote ones. */
export type LocalChangeListener = (before: DesignDocument, after: DesignDocument, label: string) => void;

export interface EditorActions {
  /** A local edit: one undo step, except typing into one field within a second extends the last one. */
  edit(next: DesignDocument, label: string): void;
  undo(): void;
  redo(): void;
  /** Someone else's edit (or the server's merged state): applied without entering this editor's undo. */
  receiveRemote(next: DesignDocument): void;
  onLocalChange(listener: LocalChangeListener): () => void;

  select(ids: Iterable<string>): void;
  /** React Flow's select/unselect changes applied to the current selection (never a stale copy). */
  applySelects(changes: readonly { id: string; selected: boolean }[]): void;
  measure(sizes: ReadonlyMap<string, Size>): void;
  drag(moves: ReadonlyMap<string, Point>): void;
  endDrag(): void;
  setRefusal(refusal: Refusal | null): void;
  setChoice(choice: Choice | null): void;

  setAnalysis(analysis: EditorState["analysis"]): void;
  setAnalysing(progress: JobProgress | null): void;
  setActiveFinding(finding: Finding | null): void;
  setHoverFinding(finding: Finding | null): void;
  setBundling(progress: JobProgress | null): void;
  setBundle(bundle: BundleSummary | null): void;
  setDrift(drift: Drift | null): void;
  setComparing(progress: JobProgress | null): void;
  setSimulation(result: SimulationResult | null): void;
  setCompare(compare: EditorState["compare"]): void;
  setJobsPaused(message: string | null): void;

  openPanel(panel: keyof Panels, open?: boolean): void;
  togglePanel(panel: keyof Panels): void;

  // saving (the requests themselves are made by useDesignSave)
  saveStarted(): void;
  saved(record: DesignRecord, document: DesignDocument): void;
  saveFailed(message: string): void;
  /** Someone else saved in between: show both versions' differences and wait for the user. */
  conflicted(conflict: Conflict): void;
  dismissConflict(): void;
  /** Take the other person's revision: it becomes the present, as one undoable step. */
  takeTheirs(): void;
  setVisibility(visibility: DesignRecord["visibility"]): void;
  setReadOnly(readOnly: boolean): void;

  /** The live session's state changed (status, who is there, what is unsaved). */
  setLive(patch: Partial<LiveState>): void;
  /** The live session saved the merged document as this revision. */
  liveSaved(revision: number, unsaved: boolean): void;
}

export type EditorStore = StoreApi<EditorState & { actions: EditorActions }>;

export interface EditorStoreOptions {
  /** Override the history (tests; a rebasing one for live editing). */
  history?: HistoryStore<DesignDocument>;
  /** Clock for merging keystrokes into one step (tests). */
  now?: () => number;
}

/** Steps within this long of each other with the same label are one undo step when they are typing. */
const MERGE_MS = 1000;

function typing(label: string): boolean {
  return label.startsWith("Rename") || label.startsWith("Set ");
}

/** Whether the live session carries the edits (and saves them); otherwise the REST API does. */
export function isLive(state: Pick<EditorState, "live">): boolean {
  return state.live.joined;
}

/**
 * Save status as shown: "unsaved" when the document differs from the saved one and nothing else is
 * going on; in a live session, whether the server has saved every edit yet.
 */
export function saveStatusOf(
  state: Pick<EditorState, "saveStatus" | "document" | "savedDocument" | "live">,
): SaveStatus {
  if (isLive(state)) return state.live.unsaved ? "unsaved" : "saved";
  return state.saveStatus === "saved" && state.document !== state.savedDocument
    ? "unsaved"
    : state.saveStatus;
}

/** Carry the change from -> to onto a document that may hold other people's edits too (field by field). */
export function rebaseDocument(
  present: DesignDocument,
  from: DesignDocument,
  to: DesignDocument,
): DesignDocument {
  return applyOps(present, diffDocuments(from, to));
}

/**
 * The editor's state in one store: the document and its history, the selection, analysis and jobs, and
 * the panels. Created by a factory so tests (and two editors on one page) get separate stores.
 */
export function createEditorStore(record: DesignRecord, options: EditorStoreOptions = {}): EditorStore {
  const history =
    options.history ?? createHistory<DesignDocument>(record.document, { rebase: rebaseDocument });
  const now = options.now ?? Date.now;
  const listeners = new Set<LocalChangeListener>();
  let lastEdit = { label: "", at: 0 };

  return createStore<EditorState & { actions: EditorActions }>()((set, get) => {
    const sync = () =>
      set({ document: history.present(), canUndo: history.canUndo(), canRedo: history.canRedo() });
    const local = (before: DesignDocument, label: string) => {
      const after = history.present();
      sync();
      if (before === after) return;
      // An edit after a failed save lets autosave try again; a conflict waits for the user.
      set((s) => ({ saveStatus: s.saveStatus === "error" ? "saved" : s.saveStatus }));
      for (const listener of [...listeners]) listener(before, after, label);
    };
    const setIf =
      <K extends keyof EditorState>(key: K) =>
      (value: EditorState[K]) =>
        set({ [key]: value } as Pick<EditorState, K>);

    const actions: EditorActions = {
      edit(next, label) {
        if (get().readOnly) return;
        const before = history.present();
        const at = now();
        const merge = label === lastEdit.label && at - lastEdit.at < MERGE_MS && typing(label);
        if (merge) history.replace(next);
        else history.push(next, label);
        lastEdit = { label, at };
        local(before, label);
      },
      undo() {
        if (get().readOnly || !history.canUndo()) return;
        const before = history.present();
        const label = history.undoLabel() ?? "Edit";
        history.undo();
        lastEdit = { label: "", at: 0 };
        local(before, `Undo ${label}`);
      },
      redo() {
        if (get().readOnly || !history.canRedo()) return;
        const before = history.present();
        const label = history.redoLabel() ?? "Edit";
        history.redo();
        lastEdit = { label: "", at: 0 };
        local(before, `Redo ${label}`);
      },
      receiveRemote(next) {
        history.remote(next);
        // The next keystroke starts a new step: merging it into one made before the remote edit
        // would make undo revert across it.
        lastEdit = { label: "", at: 0 };
        sync();
      },
      onLocalChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },

      select: (ids) => set({ selection: new Set(ids) }),
      applySelects(changes) {
        const next = new Set(get().selection);
        for (const change of changes) {
          if (change.selected) next.add(change.id);
          else next.delete(change.id);
        }
        set({ selection: next });
      },
      measure: (sizes) => set((s) => ({ measured: new Map([...s.measured, ...sizes]) })),
      drag: (moves) => set((s) => ({ dragging: new Map([...s.dragging, ...moves]) })),
      endDrag: () => set({ dragging: new Map() }),
      setRefusal: setIf("refusal"),
      setChoice: setIf("choice"),

      setAnalysis: setIf("analysis"),
      setAnalysing: setIf("analysing"),
      setActiveFinding: setIf("activeFinding"),
      setHoverFinding: setIf("hoverFinding"),
      setBundling: setIf("bundling"),
      setBundle: setIf("bundle"),
      setDrift: setIf("drift"),
      setComparing: setIf("comparing"),
      setSimulation: setIf("simulation"),
      setCompare: setIf("compare"),
      setJobsPaused: setIf("jobsPaused"),

      openPanel: (panel, open = true) => set((s) => ({ panels: { ...s.panels, [panel]: open } })),
      togglePanel: (panel) => set((s) => ({ panels: { ...s.panels, [panel]: !s.panels[panel] } })),

      saveStarted: () => set({ saveStatus: "saving" }),
      saved: (saved, document) =>
        set((s) => ({
          record: { ...saved, can_edit: s.record.can_edit },
          savedDocument: document,
          saveStatus: "saved",
          saveError: null,
        })),
      saveFailed: (message) => set({ saveStatus: "error", saveError: message }),
      conflicted: (conflict) => set({ conflict, saveStatus: "conflict" }),
      // The status stays "conflict" (autosave paused) until the user saves or takes their revision.
      dismissConflict: () => set({ conflict: null }),
      takeTheirs() {
        const { conflict } = get();
        if (!conflict) return;
        const { theirs } = conflict;
        const before = history.present();
        history.push(theirs.document, "Reload their revision");
        sync();
        set((s) => ({
          savedDocument: theirs.document,
          record: { ...s.record, revision: theirs.revision },
          conflict: null,
          saveStatus: "saved",
        }));
        for (const listener of [...listeners]) listener(before, theirs.document, "Reload their revision");
      },
      setVisibility: (visibility) => set((s) => ({ record: { ...s.record, visibility } })),
      setReadOnly: (readOnly) => set({ readOnly }),

      setLive: (patch) => set((s) => ({ live: { ...s.live, ...patch } })),
      liveSaved: (revision, unsaved) =>
        set((s) => ({
          record: { ...s.record, revision },
          // With nothing left unsaved, what is on screen is the saved revision (the REST path's base).
          savedDocument: unsaved ? s.savedDocument : s.document,
          live: { ...s.live, unsaved },
        })),
    };

    return {
      readOnly: !record.can_edit,
      document: history.present(),
      canUndo: history.canUndo(),
      canRedo: history.canRedo(),
      record,
      savedDocument: record.document,
      saveStatus: "saved",
      saveError: null,
      conflict: null,
      selection: new Set(),
      measured: new Map(),
      dragging: new Map(),
      refusal: null,
      choice: null,
      analysis: null,
      analysing: null,
      activeFinding: null,
      hoverFinding: null,
      bundling: null,
      bundle: null,
      drift: null,
      comparing: null,
      simulation: null,
      compare: null,
      jobsPaused: null,
      panels: { findings: true, export: false, help: false, share: false, revisions: false, whatIf: false },
      live: { status: "unavailable", you: null, peers: [], unsaved: false, joined: false },
      actions,
    };
  });
}
