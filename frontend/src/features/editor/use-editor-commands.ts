import { useReactFlow, useStoreApi } from "@xyflow/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type RefObject } from "react";
import { api, ApiError } from "../../api/client";
import type { AnalysisResult, DesignDocument, ExportBackground, Finding, Service } from "../../api/contract";
import { autoLayout } from "../../lib/auto-layout";
import {
  addFlow,
  addNode,
  copySelection,
  endpointNode,
  pasteClipboard,
  removeElements,
  updateNode,
  type Clipboard,
} from "../../lib/design-ops";
import { mergeDesigns } from "../../lib/design-merge";
import { diffColouring } from "../../lib/diff-colouring";
import { applyFix, type FindingFix } from "../../lib/finding-fixes";
import { jobErrorText } from "../../lib/job-errors";
import type { ToastKind } from "../shell/toasts";
import { locationAt } from "./canvas-model";
import type { BundleSummary } from "./dialogs";
import { download, slug } from "./download";
import type { LiveBinding } from "./live/live-binding";
import type { EditorStore } from "./store/editor-store";
import { NODE_WIDTH, type CanvasEdge, type CanvasNode } from "./types";
import { useDesignSave } from "./use-design-save";
import { useDrift } from "./use-drift";
import { runJob } from "./use-job";
import { readUploads } from "./uploads";

/** What a bundle job reports: file counts per top-level folder and the placeholders to fill in. */
interface BundleResult {
  name: string;
  files: number;
  folders: Record<string, number>;
  placeholders: { path: string; item: string; reason: string }[];
}

function bundleSummary(jobId: number, result: BundleResult): BundleSummary {
  const files = (n: number) => `${n} file${n === 1 ? "" : "s"}`;
  return {
    jobId,
    total: result.files,
    folders: Object.entries(result.folders).map(([folder, n]) =>
      folder === "." ? `${files(n)} at the top level` : `${folder}/ — ${files(n)}`,
    ),
    placeholders: result.placeholders.map((p) => `${p.path}: ${p.item} (${p.reason})`),
    name: `${result.name}.zip`,
  };
}

/** The design document a .json file holds, or null when it holds something else (a connector, a plan). */
async function designJson(file: File): Promise<DesignDocument | null> {
  try {
    const value = JSON.parse(await file.text()) as Partial<DesignDocument> | null;
    return value && Array.isArray(value.nodes) && Array.isArray(value.flows)
      ? (value as DesignDocument)
      : null;
  } catch {
    return null;
  }
}

/** Elements of the page the commands reach into (focus, file pickers, the canvas's box). */
export interface EditorElements {
  canvas: RefObject<HTMLDivElement | null>;
  paletteSearch: RefObject<HTMLInputElement | null>;
  importInput: RefObject<HTMLInputElement | null>;
  driftInput: RefObject<HTMLInputElement | null>;
}

/**
 * The editor's commands: everything a button, a shortcut or a panel asks for that is more than one
 * store action (requests, jobs, the viewport). Created once per editor; each reads the store when it
 * runs, so none of them changes identity as the document does.
 */
export function useEditorCommands(
  store: EditorStore,
  elements: EditorElements,
  notify: (kind: ToastKind, message: string) => void,
  live: LiveBinding | null = null,
) {
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const { save, takeTheirs, keepMine } = useDesignSave(store, notify, live);
  // Aborted on unmount: job polling and downloads stop with the editor.
  const lifetime = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    return () => controller.abort();
  }, []);
  const signal = useCallback(() => lifetime.current?.signal ?? AbortSignal.abort(), []);
  const gone = useCallback(() => lifetime.current?.signal.aborted ?? true, []);
  const clipboard = useRef<Clipboard | null>(null);
  const flowStore = useStoreApi<CanvasNode, CanvasEdge>();
  // Set when Escape cancels a connection drag, so its release does not connect.
  const connectCancelled = useRef(false);
  const compareWith = useDrift({ store, save, signal, gone, notify });

  return useMemo(() => {
    const state = () => store.getState();
    const actions = () => store.getState().actions;
    const fit = () => void flow.fitView({ padding: 0.2, duration: 300 });

    const health = async () => {
      try {
        const response = await fetch("/healthz");
        if (response.ok) return actions().setJobsPaused(null);
        const body = (await response.json()) as { failing?: string[] };
        const failing = body.failing ?? [];
        if (failing.includes("redis") || failing.includes("worker")) {
          actions().setJobsPaused(
            failing.includes("redis")
              ? "Redis is down: jobs (analysis, bundles, exports) cannot run. Editing and saving still work."
              : "No Celery worker is running: jobs are paused. Editing and saving still work.",
          );
        }
      } catch {
        // The server itself is unreachable; saving will report that.
      }
    };

    const jobFailed = (what: string, error: unknown) => {
      if (gone()) return;
      const text = jobErrorText(what, error as ApiError);
      if (text.jobsDown) actions().setJobsPaused(text.message);
      notify("error", text.message);
    };

    const analyse = async () => {
      if (state().analysing) return;
      // The analysed document is the one saved now: edits made while the job runs mark it stale.
      const snapshot = state().document;
      const revision = await save();
      if (revision === null) return;
      const { record, actions: act } = state();
      act.setAnalysing({ progress: 0, phase: "queued" });
      try {
        const job = await runJob(() => api.startAnalysis(record.id, revision), act.setAnalysing, signal());
        const raw = job.result as Omit<AnalysisResult, "findings"> & {
          findings: (Finding & { path?: string[] })[];
        };
        const result: AnalysisResult = {
          ...raw,
          findings: raw.findings.map((f) => ({ ...f, path: f.path ?? [] })),
        };
        act.setAnalysis({ result, document: snapshot });
        act.setActiveFinding(null);
        act.openPanel("findings");
        notify(
          result.verdict === "sensible" ? "success" : "info",
          `Analysis: ${result.verdict} · ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}`,
        );
      } catch (error) {
        jobFailed("Analysis", error);
      } finally {
        if (!gone()) act.setAnalysing(null);
      }
    };

    const generate = async () => {
      if (state().bundling) return;
      if ((await save()) === null) return;
      const { record, actions: act } = state();
      act.setBundling({ progress: 0, phase: "queued" });
      try {
        const job = await runJob(() => api.startBundle(record.id), act.setBundling, signal());
        act.setBundle(bundleSummary(job.id, job.result as BundleResult));
      } catch (error) {
        jobFailed("Bundle generation", error);
      } finally {
        if (!gone()) act.setBundling(null);
      }
    };

    const exportAs = async (format: string, background?: ExportBackground) => {
      actions().openPanel("export", false);
      const name = state().document.name;
      const revision = await save();
      if (revision === null) return;
      const extension = format === "mermaid" ? "mmd" : format;
      try {
        await download(
          api.exportUrl(state().record.id, format, revision, background),
          `${slug(name)}.${extension}`,
          signal(),
        );
        notify(
          "success",
          `Exported ${format.toUpperCase()}${background ? ` (${background} background)` : ""}.`,
        );
      } catch (error) {
        jobFailed("Export", error);
      }
    };

    const toggleShare = async () => {
      const { record } = state();
      const next = record.visibility === "public" ? "private" : "public";
      try {
        const saved = await api.setVisibility(record.id, next);
        actions().setVisibility(saved.visibility ?? next);
        if (next === "public") {
          const url = `${window.location.origin}/designs/${record.id}`;
          void navigator.clipboard?.writeText(url).catch(() => undefined);
          notify("success", `Shared: anyone with ${url} can view it (link copied).`);
        } else notify("info", "No longer shared.");
      } catch (error) {
        notify("error", `Could not change sharing: ${(error as Error).message}`);
      }
    };

    const importFile = async (file: File) => {
      try {
        // A MirrorMaker 2 configuration that already runs comes in as its topology.
        const parsed = file.name.endsWith(".properties")
          ? await api.importMm2(await file.text(), `MirrorMaker 2 topology from ${file.name}`)
          : (JSON.parse(await file.text()) as DesignDocument);
        if (!parsed || !Array.isArray(parsed.nodes) || !Array.isArray(parsed.flows)) {
          throw new Error("This file is not a kafkaesque.design/v1 document (it needs nodes and flows).");
        }
        actions().edit({ ...parsed, format: "kafkaesque.design/v1" }, `Import ${file.name}`);
        actions().select([]);
        // React Flow queues the fit until the new nodes are measured.
        fit();
        notify("success", `Imported ${file.name}. Undo (Ctrl+Z) brings the previous design back.`);
      } catch (error) {
        notify("error", `Could not import ${file.name}: ${(error as Error).message}`);
      }
    };

    // Configuration of what runs (compose, Connect, Strimzi, CQL, Logstash, zips): merged into the open
    // design as one undo step, or replacing it when it is empty.
    const importFiles = async (files: File[]) => {
      const first = files[0];
      if (!first) return;
      const design = files.length === 1 && /\.json$/i.test(first.name) ? await designJson(first) : null;
      if (design || (files.length === 1 && first.name === "mm2.properties")) return importFile(first);
      const label = files.length === 1 ? first.name : `${files.length} files`;
      try {
        const document = state().document;
        const imported = await api.importConfig(await readUploads(files), document.name);
        const next =
          document.nodes.length === 0
            ? { ...imported.document, name: document.name }
            : mergeDesigns(document, imported.document);
        actions().edit(next, `Import ${label}`);
        actions().select([]);
        fit();
        const notes = imported.notes.length
          ? ` (${imported.notes.length} notes: ${imported.notes[0]?.message}…)`
          : "";
        notify("success", `Imported ${label}. Undo (Ctrl+Z) brings the previous design back.${notes}`);
      } catch (error) {
        notify("error", `Could not import ${label}: ${(error as Error).message}`);
      }
    };

    const addService = (service: Service, at?: { x: number; y: number }) => {
      const { readOnly, document, measured } = state();
      if (readOnly) return;
      let position = at;
      if (!position) {
        const rect = elements.canvas.current?.getBoundingClientRect();
        const centre = rect
          ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }
          : { x: 400, y: 300 };
        position = flow.screenToFlowPosition(centre);
        position = { x: position.x - NODE_WIDTH / 2 + (document.nodes.length % 5) * 12, y: position.y - 40 };
      }
      const { document: next, id } = addNode(document, service, position);
      const location = locationAt(
        document,
        { x: position.x + NODE_WIDTH / 2, y: position.y + 30 },
        id,
        measured,
      );
      actions().edit(location ? updateNode(next, id, { location }) : next, `Add ${service.name}`);
      actions().select([id]);
    };

    const connect = (from: string, to: string, mechanism: string) => {
      const { document: next, id } = addFlow(state().document, from, to, mechanism);
      actions().edit(next, "Connect");
      actions().select([id]);
    };

    const selectFinding = (finding: Finding | null) => {
      actions().setActiveFinding(finding);
      if (!finding) return;
      const { document } = state();
      const ids = new Set(document.nodes.map((n) => n.id));
      const refs = [...finding.refs, ...finding.path].map(endpointNode).filter((id) => ids.has(id));
      const flowIds = new Set(document.flows.map((f) => f.id));
      actions().select([...refs, ...finding.refs.filter((r) => flowIds.has(r))]);
      if (refs.length)
        void flow.fitView({ nodes: refs.map((id) => ({ id })), padding: 0.5, duration: 350, maxZoom: 1.2 });
    };

    const deleteSelection = () => {
      const { readOnly, selection, document } = state();
      if (readOnly || selection.size === 0) return;
      const nodeIds = new Set([...selection].filter((id) => document.nodes.some((n) => n.id === id)));
      const flowIds = new Set([...selection].filter((id) => document.flows.some((f) => f.id === id)));
      const next = removeElements(document, nodeIds, flowIds);
      if (next !== document) actions().edit(next, `Delete ${nodeIds.size + flowIds.size} element(s)`);
      actions().select([]);
    };

    const runLayout = async () => {
      const { readOnly, document, measured } = state();
      if (readOnly) return;
      const layout = await autoLayout(
        document,
        (id) => measured.get(id) ?? { width: NODE_WIDTH, height: 92 },
      );
      actions().edit({ ...document, layout }, "Automatic layout");
      fit();
      notify("info", "Laid out automatically. Ctrl+Z restores your layout.");
    };

    const copy = () => {
      const { selection, document } = state();
      const nodeIds = new Set([...selection].filter((id) => document.nodes.some((n) => n.id === id)));
      if (nodeIds.size) clipboard.current = copySelection(document, nodeIds);
    };

    const paste = () => {
      if (!clipboard.current || state().readOnly) return;
      const pasted = pasteClipboard(state().document, clipboard.current);
      actions().edit(pasted.document, `Paste ${pasted.nodeIds.length} node(s)`);
      actions().select(pasted.nodeIds);
    };

    const restore = (old: DesignDocument, number: number) => {
      actions().edit(old, `Restore r${number}`);
      notify("success", `Restored r${number}; it is saved as a new revision.`);
    };

    // The server's diff from the revision to what is on screen (saved or not).
    const compareRevision = async (number: number) => {
      const shown = state().document;
      try {
        const diff = await api.diffToDocument(state().record.id, number, shown);
        actions().setCompare({ number, diff: diffColouring(diff, shown) });
      } catch (error) {
        notify("error", `Could not compare with r${number}: ${(error as Error).message}`);
      }
    };

    const applyFindingFix = (finding: Finding, fix: FindingFix) => {
      actions().edit(applyFix(state().document, fix), `Fix ${finding.code}`);
      notify("success", `${fix.label}. Analyse again to check; Ctrl+Z undoes it.`);
    };

    const toggleWhatIf = () => {
      if (state().panels.whatIf) actions().setSimulation(null);
      actions().togglePanel("whatIf");
    };

    const connectStarted = () => {
      connectCancelled.current = false;
      actions().setRefusal(null);
      actions().setChoice(null);
    };

    /** Whether Escape cancelled the connection drag now ending (and forget it). */
    const connectWasCancelled = () => {
      const cancelled = connectCancelled.current;
      connectCancelled.current = false;
      return cancelled;
    };

    /** Escape: clear the selection and every transient thing on screen. */
    const dismiss = () => {
      const act = actions();
      act.select([]);
      act.setActiveFinding(null);
      if (flowStore.getState().connection.inProgress) {
        connectCancelled.current = true;
        flowStore.getState().cancelConnection();
      }
      act.setRefusal(null);
      act.setChoice(null);
      act.openPanel("export", false);
    };

    return {
      save,
      takeTheirs,
      keepMine,
      signal,
      gone,
      health,
      analyse,
      generate,
      exportAs,
      toggleShare,
      importFiles,
      compareWith,
      addService,
      connect,
      selectFinding,
      selectFlow: (id: string) => actions().select([id]),
      deleteSelection,
      runLayout,
      copy,
      paste,
      restore,
      compareRevision,
      applyFindingFix,
      toggleWhatIf,
      dismiss,
      connectStarted,
      connectWasCancelled,
      fit,
      selectAll: () => actions().select(state().document.nodes.map((n) => n.id)),
      focusPalette: () => elements.paletteSearch.current?.focus(),
      pickImport: () => elements.importInput.current?.click(),
      pickDrift: () => elements.driftInput.current?.click(),
      setCursor: (cursor: { x: number; y: number } | null) => live?.setCursor(cursor),
    };
  }, [compareWith, elements, flow, flowStore, gone, keepMine, live, notify, save, signal, store, takeTheirs]);
}

export type EditorCommands = ReturnType<typeof useEditorCommands>;

const EditorCommandsContext = createContext<EditorCommands | null>(null);
export const EditorCommandsProvider = EditorCommandsContext.Provider;

export function useCommands(): EditorCommands {
  const commands = useContext(EditorCommandsContext);
  if (!commands) throw new Error("useCommands outside an EditorCommandsProvider");
  return commands;
}
