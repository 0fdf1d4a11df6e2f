import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useConnection,
  useReactFlow,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type DragEvent,
} from "react";
import { api, ApiError } from "../../api/client";
import type {
  AnalysisResult,
  DesignDocument,
  DesignRecord,
  Finding,
  Service,
  SimulationResult,
} from "../../api/contract";
import { VerdictBadge } from "../../components/verdict-badge";
import { autoLayout } from "../../lib/auto-layout";
import { categoryColour } from "../../lib/categories";
import { checkConnection, describeAlternatives, type MechanismOption } from "../../lib/connection-rules";
import {
  addFlow,
  addNode,
  copySelection,
  endpointNode,
  moveNodes,
  pasteClipboard,
  removeElements,
  updateNode,
  type Clipboard,
} from "../../lib/design-ops";
import { mergeDesigns } from "../../lib/design-merge";
import { diffColouring, type DiffColouring } from "../../lib/diff-colouring";
import { applyFix, fixForFinding, type FindingFix } from "../../lib/finding-fixes";
import { createHistory } from "../../lib/history";
import { jobErrorText } from "../../lib/job-errors";
import { navigate } from "../../hooks/use-route";
import { useCatalog, type CatalogIndex } from "../catalog/catalog-context";
import { useToast } from "../shell/toasts";
import { Brand, Link, UserMenu } from "../shell/top-bar";
import { buildCanvas, locationAt } from "./canvas-model";
import { ContainerNode } from "./container-node";
import { BundleDialog, ConflictDialog, HelpDialog, type BundleSummary } from "./dialogs";
import { ShareDialog } from "./share-dialog";
import { download, slug } from "./download";
import { DriftPanel } from "./drift-panel";
import { FindingsPanel } from "./findings-panel";
import { FlowEdge, SelectFlowContext } from "./flow-edge";
import { Inspector } from "./inspector";
import { Palette, SERVICE_MIME } from "./palette";
import { RevisionsPanel } from "./revisions-panel";
import { ServiceNode } from "./service-node";
import { NODE_WIDTH, type CanvasEdge, type CanvasNode } from "./types";
import { useDesignSave, type SaveStatus } from "./use-design-save";
import { useDrift } from "./use-drift";
import { runJob, type JobProgress } from "./use-job";
import { CONFIG_ACCEPT, readUploads } from "./uploads";
import { overlayOf, withOverlay } from "./what-if/overlay";
import { WhatIfPanel } from "./what-if/what-if-panel";

const nodeTypes = { service: ServiceNode, container: ContainerNode };
const edgeTypes = { flow: FlowEdge };
const EXPORT_FORMATS = [
  ["svg", "SVG image"],
  ["png", "PNG image"],
  ["pdf", "PDF document"],
  ["dot", "Graphviz DOT"],
  ["mermaid", "Mermaid"],
  ["json", "Design JSON"],
] as const;

interface Refusal {
  x: number;
  y: number;
  title: string;
  reason: string;
  alternatives: string[];
}

interface Choice {
  x: number;
  y: number;
  from: string;
  to: string;
  options: readonly MechanismOption[];
}

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: "Saved",
  unsaved: "Unsaved changes",
  saving: "Saving…",
  error: "Not saved",
  conflict: "Conflict",
};

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

/** Apply React Flow's select/unselect changes to the current selection (never a stale copy). */
function applySelects(previous: ReadonlySet<string>, changes: { id: string; selected: boolean }[]) {
  const next = new Set(previous);
  for (const change of changes) {
    if (change.selected) next.add(change.id);
    else next.delete(change.id);
  }
  return next;
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

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

function Editor({ initial, index }: { initial: DesignRecord; index: CatalogIndex }) {
  const notify = useToast();
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const [history] = useState(() => createHistory<DesignDocument>(initial.document));
  useSyncExternalStore(history.subscribe, history.version);
  const saving = useDesignSave(initial, history, notify);
  const { document, record, readOnly, status, save, edited } = saving;
  // Aborted on unmount: job polling and downloads stop with the editor.
  const lifetime = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    return () => controller.abort();
  }, []);
  const signal = useCallback(() => lifetime.current?.signal ?? AbortSignal.abort(), []);
  const gone = useCallback(() => lifetime.current?.signal.aborted ?? true, []);
  const lastEdit = useRef<{ label: string; at: number }>({ label: "", at: 0 });

  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [measured, setMeasured] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());
  const [dragging, setDragging] = useState<ReadonlyMap<string, { x: number; y: number }>>(new Map());
  // The node a connection is being dragged from. Read from React Flow's own connection state, which
  // it resets on every release, so the dimming can never outlive the gesture (a copy kept in React
  // state missed the reset when the release was refused or ended off the canvas).
  const connectingFrom = useConnection((c) =>
    c.inProgress && c.fromHandle.type === "source" ? c.fromNode.id : null,
  );
  const flowStore = useStoreApi<CanvasNode, CanvasEdge>();
  const connectCancelled = useRef(false);
  const cancelConnecting = useCallback(() => {
    if (!flowStore.getState().connection.inProgress) return;
    connectCancelled.current = true;
    flowStore.getState().cancelConnection();
  }, [flowStore]);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);

  const [analysis, setAnalysis] = useState<{ result: AnalysisResult; document: DesignDocument } | null>(null);
  const [analysing, setAnalysing] = useState<JobProgress | null>(null);
  const [activeFinding, setActiveFinding] = useState<Finding | null>(null);
  const [hoverFinding, setHoverFinding] = useState<Finding | null>(null);
  const [findingsOpen, setFindingsOpen] = useState(true);

  const [bundling, setBundling] = useState<JobProgress | null>(null);
  const [bundle, setBundle] = useState<BundleSummary | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  const [jobsPaused, setJobsPaused] = useState<string | null>(null);
  const [revisionsOpen, setRevisionsOpen] = useState(false);
  const [compare, setCompare] = useState<{ number: number; diff: DiffColouring } | null>(null);
  const [whatIfOpen, setWhatIfOpen] = useState(false);
  const [simulation, setSimulation] = useState<SimulationResult | null>(null);

  const clipboard = useRef<Clipboard | null>(null);
  const paletteSearch = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const driftInput = useRef<HTMLInputElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  // ---- editing -------------------------------------------------------------------------------
  const change = useCallback(
    (next: DesignDocument, label: string) => {
      if (readOnly) return;
      const now = Date.now();
      // Typing into one field is one undo step, not one per keystroke.
      const merge =
        label === lastEdit.current.label && now - lastEdit.current.at < 1000 && label.startsWith("Rename");
      if (
        merge ||
        (label.startsWith("Set ") && label === lastEdit.current.label && now - lastEdit.current.at < 1000)
      ) {
        history.replace(next);
      } else history.push(next, label);
      lastEdit.current = { label, at: now };
      edited();
    },
    [edited, history, readOnly],
  );

  const health = useCallback(async () => {
    try {
      const response = await fetch("/healthz");
      if (response.ok) return setJobsPaused(null);
      const body = (await response.json()) as { failing?: string[] };
      const failing = body.failing ?? [];
      if (failing.includes("redis") || failing.includes("worker")) {
        setJobsPaused(
          failing.includes("redis")
            ? "Redis is down: jobs (analysis, bundles, exports) cannot run. Editing and saving still work."
            : "No Celery worker is running: jobs are paused. Editing and saving still work.",
        );
      }
    } catch {
      // The server itself is unreachable; saving will report that.
    }
  }, []);
  useEffect(() => {
    // Deferred so the check never delays the first paint of the canvas.
    const timer = window.setTimeout(() => void health(), 0);
    return () => window.clearTimeout(timer);
  }, [health]);

  const {
    drift,
    comparing,
    compareWith,
    stop: stopDrift,
  } = useDrift({
    designId: record.id,
    document,
    save,
    signal,
    gone,
    notify,
    onJobsDown: setJobsPaused,
  });

  // ---- jobs ----------------------------------------------------------------------------------
  const analyse = useCallback(async () => {
    if (analysing) return;
    // The analysed document is the one saved now: edits made while the job runs mark it stale.
    const snapshot = history.present();
    const revision = await save();
    if (revision === null) return;
    setAnalysing({ progress: 0, phase: "queued" });
    try {
      const job = await runJob(() => api.startAnalysis(record.id, revision), setAnalysing, signal());
      const raw = job.result as Omit<AnalysisResult, "findings"> & {
        findings: (Finding & { path?: string[] })[];
      };
      const result: AnalysisResult = {
        ...raw,
        findings: raw.findings.map((f) => ({ ...f, path: f.path ?? [] })),
      };
      setAnalysis({ result, document: snapshot });
      setActiveFinding(null);
      setFindingsOpen(true);
      notify(
        result.verdict === "sensible" ? "success" : "info",
        `Analysis: ${result.verdict} · ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}`,
      );
    } catch (error) {
      if (gone()) return;
      const text = jobErrorText("Analysis", error as ApiError);
      if (text.jobsDown) setJobsPaused(text.message);
      notify("error", text.message);
    } finally {
      if (!gone()) setAnalysing(null);
    }
  }, [analysing, gone, history, notify, record.id, save, signal]);

  const generate = useCallback(async () => {
    if (bundling) return;
    if ((await save()) === null) return;
    setBundling({ progress: 0, phase: "queued" });
    try {
      const job = await runJob(() => api.startBundle(record.id), setBundling, signal());
      setBundle(bundleSummary(job.id, job.result as BundleResult));
    } catch (error) {
      if (gone()) return;
      const text = jobErrorText("Bundle generation", error as ApiError);
      if (text.jobsDown) setJobsPaused(text.message);
      notify("error", text.message);
    } finally {
      if (!gone()) setBundling(null);
    }
  }, [bundling, gone, notify, record.id, save, signal]);

  const exportAs = useCallback(
    async (format: string) => {
      setExportOpen(false);
      const revision = await save();
      if (revision === null) return;
      const extension = format === "mermaid" ? "mmd" : format;
      try {
        await download(
          api.exportUrl(record.id, format, revision),
          `${slug(document.name)}.${extension}`,
          signal(),
        );
        notify("success", `Exported ${format.toUpperCase()}.`);
      } catch (error) {
        if (gone()) return;
        const text = jobErrorText("Export", error as ApiError);
        if (text.jobsDown) setJobsPaused(text.message);
        notify("error", text.message);
      }
    },
    [document.name, gone, notify, record.id, save, signal],
  );

  const toggleShare = useCallback(async () => {
    const next = record.visibility === "public" ? "private" : "public";
    try {
      const saved = await api.setVisibility(record.id, next);
      saving.setVisibility(saved.visibility ?? next);
      if (next === "public") {
        const url = `${window.location.origin}/designs/${record.id}`;
        void navigator.clipboard?.writeText(url).catch(() => undefined);
        notify("success", `Shared: anyone with ${url} can view it (link copied).`);
      } else notify("info", "No longer shared.");
    } catch (error) {
      notify("error", `Could not change sharing: ${(error as Error).message}`);
    }
  }, [notify, record.id, record.visibility, saving]);

  const importFile = useCallback(
    async (file: File) => {
      try {
        // A MirrorMaker 2 configuration that already runs comes in as its topology.
        const parsed = file.name.endsWith(".properties")
          ? await api.importMm2(await file.text(), `MirrorMaker 2 topology from ${file.name}`)
          : (JSON.parse(await file.text()) as DesignDocument);
        if (!parsed || !Array.isArray(parsed.nodes) || !Array.isArray(parsed.flows)) {
          throw new Error("This file is not a kafkaesque.design/v1 document (it needs nodes and flows).");
        }
        change({ ...parsed, format: "kafkaesque.design/v1" }, `Import ${file.name}`);
        setSelection(new Set());
        // React Flow queues the fit until the new nodes are measured.
        void flow.fitView({ padding: 0.2, duration: 300 });
        notify("success", `Imported ${file.name}. Undo (Ctrl+Z) brings the previous design back.`);
      } catch (error) {
        notify("error", `Could not import ${file.name}: ${(error as Error).message}`);
      }
    },
    [change, flow, notify],
  );

  // Configuration of what runs (compose, Connect, Strimzi, CQL, Logstash, zips): merged into the open
  // design as one undo step, or replacing it when it is empty.
  const importFiles = useCallback(
    async (files: File[]) => {
      const first = files[0];
      if (!first) return;
      const design = files.length === 1 && /\.json$/i.test(first.name) ? await designJson(first) : null;
      if (design || (files.length === 1 && first.name === "mm2.properties")) return importFile(first);
      const label = files.length === 1 ? first.name : `${files.length} files`;
      try {
        const imported = await api.importConfig(await readUploads(files), document.name);
        const next =
          document.nodes.length === 0
            ? { ...imported.document, name: document.name }
            : mergeDesigns(document, imported.document);
        change(next, `Import ${label}`);
        setSelection(new Set());
        void flow.fitView({ padding: 0.2, duration: 300 });
        const notes = imported.notes.length
          ? ` (${imported.notes.length} notes: ${imported.notes[0]?.message}…)`
          : "";
        notify("success", `Imported ${label}. Undo (Ctrl+Z) brings the previous design back.${notes}`);
      } catch (error) {
        notify("error", `Could not import ${label}: ${(error as Error).message}`);
      }
    },
    [change, document, flow, importFile, notify],
  );

  // ---- canvas --------------------------------------------------------------------------------
  const shownFinding = hoverFinding ?? activeFinding;
  const overlay = useMemo(() => (simulation ? overlayOf(simulation) : null), [simulation]);
  const { nodes, edges } = useMemo(() => {
    const canvas = buildCanvas(document, index, {
      selection,
      measured,
      dragging,
      connectingFrom,
      finding: shownFinding,
      findings: analysis?.result.findings ?? [],
      diff: compare?.diff ?? drift?.colouring ?? null,
    });
    return withOverlay(canvas.nodes, canvas.edges, overlay);
  }, [
    document,
    index,
    selection,
    measured,
    dragging,
    connectingFrom,
    shownFinding,
    analysis,
    compare,
    drift,
    overlay,
  ]);

  // While the view moves, the viewport gets its own compositor layer (see .canvas.moving in
  // styles.css): a pan then shifts already drawn pixels instead of repainting 500 nodes a frame.
  // Toggled on the element, not through state, so a pan re-renders nothing.
  const onMoveStart = useCallback(() => wrapper.current?.classList.add("moving"), []);
  const onMoveEnd = useCallback(() => wrapper.current?.classList.remove("moving"), []);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    let sizes: Map<string, { width: number; height: number }> | null = null;
    let moves: Map<string, { x: number; y: number }> | null = null;
    const selects: { id: string; selected: boolean }[] = [];
    for (const c of changes) {
      if (c.type === "dimensions" && c.dimensions) {
        sizes ??= new Map();
        sizes.set(c.id, c.dimensions);
      } else if (c.type === "position" && c.position && c.dragging) {
        moves ??= new Map();
        moves.set(c.id, c.position);
      } else if (c.type === "select") {
        selects.push(c);
      }
    }
    if (sizes) {
      const update = sizes;
      setMeasured((old) => new Map([...old, ...update]));
    }
    if (moves) {
      const update = moves;
      setDragging((old) => new Map([...old, ...update]));
    }
    if (selects.length) setSelection((previous) => applySelects(previous, selects));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    const selects = changes.filter((c) => c.type === "select");
    if (selects.length) setSelection((previous) => applySelects(previous, selects));
  }, []);

  const onNodeDragStop = useCallback(
    (_: unknown, node: CanvasNode, moved: CanvasNode[]) => {
      const positions = new Map(moved.filter((n) => n.type === "service").map((n) => [n.id, n.position]));
      setDragging(new Map());
      if (positions.size === 0) return;
      let next = moveNodes(document, positions);
      if (moved.length === 1 && node.type === "service") {
        const size = measured.get(node.id);
        const centre = { x: node.position.x + (size?.width ?? NODE_WIDTH) / 2, y: node.position.y + 30 };
        const target = locationAt(document, centre, node.id, measured);
        const current = document.nodes.find((n) => n.id === node.id)?.location ?? null;
        if (target && target !== current) next = updateNode(next, node.id, { location: target });
      }
      change(next, positions.size > 1 ? `Move ${positions.size} nodes` : "Move node");
    },
    [change, document, measured],
  );

  const addService = useCallback(
    (service: Service, at?: { x: number; y: number }) => {
      if (readOnly) return;
      let position = at;
      if (!position) {
        const rect = wrapper.current?.getBoundingClientRect();
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
      change(location ? updateNode(next, id, { location }) : next, `Add ${service.name}`);
      setSelection(new Set([id]));
    },
    [change, document, flow, measured, readOnly],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const serviceId = event.dataTransfer.getData(SERVICE_MIME);
      const service = index.services.get(serviceId);
      if (!service) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addService(service, { x: at.x - NODE_WIDTH / 2, y: at.y - 30 });
    },
    [addService, flow, index.services],
  );

  const serviceOf = useCallback(
    (nodeId: string) => document.nodes.find((n) => n.id === nodeId)?.service ?? "",
    [document.nodes],
  );

  const isValidConnection = useCallback(
    (connection: Connection | CanvasEdge) =>
      connection.source !== connection.target &&
      checkConnection(index.matrix, serviceOf(connection.source), serviceOf(connection.target)).ok,
    [index.matrix, serviceOf],
  );

  const connect = useCallback(
    (from: string, to: string, mechanism: string) => {
      const { document: next, id } = addFlow(document, from, to, mechanism);
      change(next, "Connect");
      setSelection(new Set([id]));
    },
    [change, document],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const from = state.fromHandle?.type === "source" ? (state.fromNode?.id ?? null) : null;
      const cancelled = connectCancelled.current;
      connectCancelled.current = false;
      if (!from || readOnly || cancelled) return;
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      if (!point) return;
      let target = state.toNode?.id ?? null;
      if (!target) {
        const element = window.document.elementFromPoint(point.clientX, point.clientY);
        target = element?.closest(".react-flow__node-service")?.getAttribute("data-id") ?? null;
      }
      if (!target || target === from) return;
      const source = serviceOf(from);
      const sink = serviceOf(target);
      const verdict = checkConnection(index.matrix, source, sink, index.nameOf, index.familyOf);
      const bounds = wrapper.current?.getBoundingClientRect();
      const x = point.clientX - (bounds?.left ?? 0);
      const y = point.clientY - (bounds?.top ?? 0);
      if (!verdict.ok) {
        setRefusal({
          x,
          y,
          title: `${index.nameOf(source)} → ${index.nameOf(sink)} is not possible`,
          reason: verdict.reason,
          alternatives: describeAlternatives(verdict, source, sink, index.nameOf),
        });
        return;
      }
      if (verdict.options.length > 1) setChoice({ x, y, from, to: target, options: verdict.options });
      else if (verdict.options[0]) connect(from, target, verdict.options[0].id);
    },
    [connect, index, readOnly, serviceOf],
  );

  const selectFinding = useCallback(
    (finding: Finding | null) => {
      setActiveFinding(finding);
      if (!finding) return;
      const ids = new Set(document.nodes.map((n) => n.id));
      const refs = [...finding.refs, ...finding.path].map(endpointNode).filter((id) => ids.has(id));
      const flowIds = new Set(document.flows.map((f) => f.id));
      const selected = new Set([...refs, ...finding.refs.filter((r) => flowIds.has(r))]);
      setSelection(selected);
      if (refs.length)
        void flow.fitView({ nodes: refs.map((id) => ({ id })), padding: 0.5, duration: 350, maxZoom: 1.2 });
    },
    [document, flow],
  );

  const selectFlow = useCallback((id: string) => setSelection(new Set([id])), []);

  const deleteSelection = useCallback(() => {
    if (readOnly || selection.size === 0) return;
    const nodeIds = new Set([...selection].filter((id) => document.nodes.some((n) => n.id === id)));
    const flowIds = new Set([...selection].filter((id) => document.flows.some((f) => f.id === id)));
    const next = removeElements(document, nodeIds, flowIds);
    if (next !== document) change(next, `Delete ${nodeIds.size + flowIds.size} element(s)`);
    setSelection(new Set());
  }, [change, document, readOnly, selection]);

  const runLayout = useCallback(async () => {
    if (readOnly) return;
    const layout = await autoLayout(document, (id) => measured.get(id) ?? { width: NODE_WIDTH, height: 92 });
    change({ ...document, layout }, "Automatic layout");
    void flow.fitView({ padding: 0.2, duration: 300 });
    notify("info", "Laid out automatically. Ctrl+Z restores your layout.");
  }, [change, document, flow, measured, notify, readOnly]);

  // ---- keyboard ------------------------------------------------------------------------------
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        void save();
        return;
      }
      if (mod && key === "enter") {
        event.preventDefault();
        void analyse();
        return;
      }
      if (mod && event.shiftKey && key === "g") {
        event.preventDefault();
        void generate();
        return;
      }
      if (isTyping(event.target) || window.document.querySelector("dialog[open]")) return;
      if (mod && key === "z" && !event.shiftKey) {
        event.preventDefault();
        history.undo();
      } else if (mod && (key === "y" || (key === "z" && event.shiftKey))) {
        event.preventDefault();
        history.redo();
      } else if (mod && key === "c") {
        const nodeIds = new Set([...selection].filter((id) => document.nodes.some((n) => n.id === id)));
        if (nodeIds.size) clipboard.current = copySelection(document, nodeIds);
      } else if (mod && key === "v") {
        if (clipboard.current && !readOnly) {
          const pasted = pasteClipboard(document, clipboard.current);
          change(pasted.document, `Paste ${pasted.nodeIds.length} node(s)`);
          setSelection(new Set(pasted.nodeIds));
        }
      } else if (mod && key === "a") {
        event.preventDefault();
        setSelection(new Set(document.nodes.map((n) => n.id)));
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        deleteSelection();
      } else if (event.key === "?") {
        setHelpOpen(true);
      } else if (event.key === "/") {
        event.preventDefault();
        paletteSearch.current?.focus();
      } else if (key === "f" && !mod) {
        void flow.fitView({ padding: 0.2, duration: 300 });
      } else if (key === "l" && event.shiftKey && !mod) {
        void runLayout();
      } else if (event.key === "Escape") {
        setSelection(new Set());
        setActiveFinding(null);
        cancelConnecting();
        setRefusal(null);
        setChoice(null);
        setExportOpen(false);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [
    analyse,
    cancelConnecting,
    change,
    deleteSelection,
    document,
    flow,
    generate,
    history,
    readOnly,
    runLayout,
    save,
    selection,
  ]);

  const nameOfRef = useCallback(
    (ref: string) => document.nodes.find((n) => n.id === endpointNode(ref))?.name ?? ref,
    [document],
  );

  const fixOf = useCallback(
    (finding: Finding) =>
      readOnly ? null : fixForFinding(document, finding, analysis?.result.mechanisms ?? {}),
    [analysis, document, readOnly],
  );
  const applyFindingFix = useCallback(
    (finding: Finding, fix: FindingFix) => {
      change(applyFix(document, fix), `Fix ${finding.code}`);
      notify("success", `${fix.label}. Analyse again to check; Ctrl+Z undoes it.`);
    },
    [change, document, notify],
  );

  const empty = document.nodes.length === 0;

  return (
    <div className="editor" aria-busy={analysing !== null}>
      <header className="editor-top">
        <Brand />
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <Link to="/">Designs</Link>
          <span aria-hidden="true">/</span>
          <span className="breadcrumb-current" title={document.name}>
            {document.name || "Untitled"}
          </span>
          {readOnly && <span className="tag">read-only</span>}
        </nav>
        <span
          className={`save-status save-${status}`}
          role="status"
          data-status={status}
          title={saving.saveError ?? undefined}
        >
          <span className="dot" aria-hidden="true" />
          {STATUS_TEXT[status]}
          <span className="muted"> · r{record.revision}</span>
        </span>
        <span className="spacer" />
        <div className="toolbar" role="toolbar" aria-label="Design actions">
          <button
            type="button"
            className="icon-button tb"
            aria-label="Undo (Ctrl+Z)"
            title="Undo (Ctrl+Z)"
            disabled={!history.canUndo() || readOnly}
            onClick={() => history.undo()}
          >
            ↶
          </button>
          <button
            type="button"
            className="icon-button tb"
            aria-label="Redo (Ctrl+Shift+Z)"
            title="Redo (Ctrl+Shift+Z)"
            disabled={!history.canRedo() || readOnly}
            onClick={() => history.redo()}
          >
            ↷
          </button>
          {!readOnly && (
            <button
              type="button"
              className="button"
              onClick={() => void save()}
              disabled={status === "saving"}
              title="Save (Ctrl+S)"
            >
              Save
            </button>
          )}
          <button
            type="button"
            className="button button-primary analyse-button"
            onClick={() => void analyse()}
            disabled={analysing !== null}
            title="Analyse (Ctrl+Enter)"
          >
            {analysing ? `Analysing… ${analysing.progress}%` : "Analyse"}
          </button>
          {analysis && <VerdictBadge verdict={analysis.result.verdict} />}
          <button
            type="button"
            className="button"
            onClick={() => void generate()}
            disabled={bundling !== null}
            title="Generate the runnable bundle (Ctrl+Shift+G)"
          >
            {bundling ? `Generating… ${bundling.progress}%` : "Generate"}
          </button>
          <div className="menu-anchor">
            <button
              type="button"
              className="button"
              aria-haspopup="menu"
              aria-expanded={exportOpen}
              onClick={() => setExportOpen((o) => !o)}
            >
              Export ▾
            </button>
            {exportOpen && (
              <div className="menu" role="menu" aria-label="Export formats">
                {EXPORT_FORMATS.map(([format, label]) => (
                  <button
                    key={format}
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    onClick={() => void exportAs(format)}
                  >
                    {label}
                    <span className="muted small">.{format === "mermaid" ? "mmd" : format}</span>
                  </button>
                ))}
                {!readOnly && (
                  <button
                    type="button"
                    role="menuitem"
                    className="menu-item menu-separated"
                    onClick={() => {
                      setExportOpen(false);
                      fileInput.current?.click();
                    }}
                  >
                    Import a design or configuration files…
                  </button>
                )}
                <button
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  disabled={comparing !== null || readOnly}
                  onClick={() => {
                    setExportOpen(false);
                    driftInput.current?.click();
                  }}
                >
                  Compare with what runs…
                </button>
              </div>
            )}
          </div>
          {!readOnly && (
            <button
              type="button"
              className="button"
              onClick={() => setRevisionsOpen((o) => !o)}
              aria-pressed={revisionsOpen}
            >
              History
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              if (whatIfOpen) setSimulation(null);
              setWhatIfOpen((o) => !o);
            }}
            aria-pressed={whatIfOpen}
            title="Simulate load, lag and an outage"
          >
            What if
          </button>
          {record.can_administer && (
            <label className="share-toggle" title="Public designs can be opened by anyone with the link">
              <input
                type="checkbox"
                role="switch"
                checked={record.visibility === "public"}
                onChange={() => void toggleShare()}
              />
              Public
            </label>
          )}
          {record.role !== null && (
            <button type="button" className="button" onClick={() => setShareOpen(true)}>
              Share
            </button>
          )}
          <button
            type="button"
            className="icon-button tb"
            aria-label="Keyboard shortcuts (?)"
            title="Keyboard shortcuts (?)"
            onClick={() => setHelpOpen(true)}
          >
            ?
          </button>
        </div>
        <UserMenu compact />
        <input
          ref={fileInput}
          type="file"
          accept={CONFIG_ACCEPT}
          multiple
          hidden
          aria-label="Import a design file or configuration files of what runs"
          data-testid="import-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length) void importFiles(files);
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
            if (files.length) void compareWith(files);
            e.target.value = "";
          }}
        />
      </header>
      {comparing && (
        <div
          className="progress"
          role="progressbar"
          aria-label="Comparison progress"
          aria-valuenow={comparing.progress}
        >
          <div className="progress-fill" style={{ width: `${Math.max(4, comparing.progress)}%` }} />
          <span className="progress-phase">{comparing.phase}</span>
        </div>
      )}
      {drift && !compare && (
        <div className="banner banner-compare" role="status" data-testid="drift-banner">
          Compared with what runs:
          <span className="legend legend-removed">{drift.report.counts.missing} missing</span>
          <span className="legend legend-changed">{drift.report.counts.changed} changed</span>
          <span className="legend legend-added">{drift.report.counts.extra} extra (not on canvas)</span>
          <button type="button" className="button button-small" onClick={stopDrift}>
            Stop comparing
          </button>
        </div>
      )}
      {(analysing || bundling) && (
        <div
          className="progress"
          role="progressbar"
          aria-label={analysing ? "Analysis progress" : "Bundle progress"}
          aria-valuenow={(analysing ?? bundling)?.progress ?? 0}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div
            className="progress-fill"
            style={{ width: `${Math.max(4, (analysing ?? bundling)?.progress ?? 0)}%` }}
          />
          <span className="progress-phase">{(analysing ?? bundling)?.phase}</span>
        </div>
      )}
      {jobsPaused && (
        <div className="banner" role="alert">
          {jobsPaused}
          <button type="button" className="button button-small" onClick={() => void health()}>
            Check again
          </button>
        </div>
      )}
      {compare && (
        <div className="banner banner-compare" role="status">
          Comparing r{compare.number} with your current design:
          <span className="legend legend-added">{compare.diff.counts.added} added</span>
          <span className="legend legend-changed">{compare.diff.counts.changed} changed</span>
          <span className="legend legend-removed">{compare.diff.counts.removed} removed (not on canvas)</span>
          <button type="button" className="button button-small" onClick={() => setCompare(null)}>
            Stop comparing
          </button>
        </div>
      )}
      <div className={`editor-main${whatIfOpen ? " what-if-open" : ""}`}>
        <Palette services={index.catalog.services} onAdd={(s) => addService(s)} searchRef={paletteSearch} />
        <div
          className={`canvas${connectingFrom ? " connecting" : ""}`}
          ref={wrapper}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = "copy";
          }}
          onDrop={onDrop}
          role="application"
          aria-label="Design canvas"
          // Tab stops on the canvas itself between the palette and the inspector, then its nodes.
          tabIndex={0}
        >
          <SelectFlowContext.Provider value={selectFlow}>
            <ReactFlow<CanvasNode, CanvasEdge>
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={onNodesChange}
              onMoveStart={onMoveStart}
              onMoveEnd={onMoveEnd}
              onEdgesChange={onEdgesChange}
              onNodeDragStop={onNodeDragStop}
              onConnectStart={() => {
                connectCancelled.current = false;
                setRefusal(null);
                setChoice(null);
              }}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              onPaneClick={() => {
                setRefusal(null);
                setChoice(null);
                setExportOpen(false);
              }}
              nodesDraggable={!readOnly}
              nodesConnectable={!readOnly}
              connectOnClick={false}
              deleteKeyCode={null}
              selectionKeyCode="Shift"
              multiSelectionKeyCode={["Meta", "Control"]}
              // Fit only a design that has nodes: fitting an empty one would jump at the first drop.
              fitView={initial.document.nodes.length > 0}
              defaultViewport={{ x: 0, y: 0, zoom: 1 }}
              fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
              minZoom={0.1}
              maxZoom={2}
              proOptions={{ hideAttribution: true }}
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#d0d5dd" />
              <Controls showInteractive={false} aria-label="Zoom controls" />
              <MiniMap
                pannable
                style={{ width: 168, height: 112 }}
                zoomable
                ariaLabel="Minimap"
                nodeColor={(n) =>
                  n.type === "service"
                    ? categoryColour((n.data as { service?: Service }).service?.category)
                    : "#eef0f3"
                }
                nodeStrokeWidth={0}
                maskColor="rgb(246 247 249 / 70%)"
              />
            </ReactFlow>
          </SelectFlowContext.Provider>
          {empty && (
            <div className="canvas-empty" role="note">
              <h2>Start your design</h2>
              <p className="muted">Drag a service from the palette, or:</p>
              <div className="canvas-empty-actions">
                <Link to="/#patterns" className="button">
                  Start from a pattern
                </Link>
                <button
                  type="button"
                  className="button"
                  onClick={() => fileInput.current?.click()}
                  disabled={readOnly}
                >
                  Import a file
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => paletteSearch.current?.focus()}
                  disabled={readOnly}
                >
                  Add your first service
                </button>
              </div>
            </div>
          )}
          {refusal && (
            <div className="refusal" role="alert" style={{ left: refusal.x + 12, top: refusal.y + 12 }}>
              <div className="refusal-title">{refusal.title}</div>
              <p>{refusal.reason}</p>
              {refusal.alternatives.length > 0 && (
                <>
                  <div className="refusal-sub">What works instead</div>
                  <ul>
                    {refusal.alternatives.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </>
              )}
              <button type="button" className="button button-small" onClick={() => setRefusal(null)}>
                OK
              </button>
            </div>
          )}
          {choice && (
            <div
              className="choice-menu"
              role="menu"
              aria-label="Choose a mechanism"
              style={{ left: choice.x + 8, top: choice.y + 8 }}
            >
              <div className="refusal-sub">Which mechanism?</div>
              {choice.options.map((option) => (
                <button
                  key={option.id}
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  onClick={() => {
                    connect(choice.from, choice.to, option.id);
                    setChoice(null);
                  }}
                >
                  <span>
                    {option.name}
                    {option.legacy && <span className="tag">legacy</span>}
                  </span>
                  <span className="muted small">{option.modes.join(" + ")}</span>
                </button>
              ))}
            </div>
          )}
        </div>
        {drift && !revisionsOpen ? (
          <DriftPanel report={drift.report} onClose={stopDrift} />
        ) : revisionsOpen ? (
          <RevisionsPanel
            designId={record.id}
            current={record.revision}
            onClose={() => setRevisionsOpen(false)}
            onCompare={(number, old) => setCompare({ number, diff: diffColouring(old, document) })}
            onRestore={(old, number) => {
              change(old, `Restore r${number}`);
              notify("success", `Restored r${number}; it is saved as a new revision.`);
            }}
          />
        ) : (
          <Inspector
            document={document}
            selection={selection}
            index={index}
            onChange={change}
            readOnly={readOnly}
          />
        )}
        {whatIfOpen && (
          <WhatIfPanel
            designId={record.id}
            document={document}
            save={save}
            signal={signal}
            gone={gone}
            onResult={setSimulation}
            onSelectFinding={selectFinding}
            onClose={() => setWhatIfOpen(false)}
            onJobsDown={setJobsPaused}
          />
        )}
      </div>
      <FindingsPanel
        result={analysis?.result ?? null}
        stale={analysis !== null && analysis.document !== document}
        active={activeFinding}
        expanded={findingsOpen}
        onToggle={() => setFindingsOpen((o) => !o)}
        onSelect={selectFinding}
        onHover={setHoverFinding}
        nameOf={nameOfRef}
        fixOf={fixOf}
        onFix={applyFindingFix}
      />
      {helpOpen && <HelpDialog onClose={() => setHelpOpen(false)} />}
      {shareOpen && (
        <ShareDialog
          designId={record.id}
          canAdminister={record.can_administer}
          onClose={() => setShareOpen(false)}
        />
      )}
      {saving.conflict && (
        <ConflictDialog
          conflict={saving.conflict}
          onClose={saving.dismissConflict}
          onTakeTheirs={saving.takeTheirs}
          onKeepMine={saving.keepMine}
        />
      )}
      {bundle && <BundleDialog bundle={bundle} onClose={() => setBundle(null)} />}
    </div>
  );
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
