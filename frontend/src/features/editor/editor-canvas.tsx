import {
  Background,
  BackgroundVariant,
  Controls,
  EdgeLabelRenderer,
  getNodesBounds,
  getViewportForBounds,
  MiniMap,
  ReactFlow,
  useConnection,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from "@xyflow/react";
import {
  useCallback,
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type DragEvent,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from "react";
import { Menu } from "../../components/menu";
import { categoryColour } from "../../lib/categories";
import { checkConnection, describeAlternatives } from "../../lib/connection-rules";
import { labelScaleAt } from "../../lib/label-placement";
import { NODE_DETAIL_MIN_ZOOM } from "../../lib/node-size";
import { chipTextWidth, labelTextWidth } from "../../lib/text-width";
import { moveNodes, updateNode } from "../../lib/design-ops";
import type { CatalogIndex } from "../catalog/catalog-context";
import { Link } from "../shell/top-bar";
import { buildCanvas, locationAt, withSelection } from "./canvas-model";
import { ContainerNode } from "./container-node";
import { FlowEdge, SelectFlowContext } from "./flow-edge";
import { SERVICE_MIME } from "./palette";
import { ServiceNode } from "./service-node";
import { createStabiliser } from "./stable-elements";
import { useEditor, useEditorActions, useEditorStore } from "./store/editor-context";
import { NODE_WIDTH, type CanvasEdge, type CanvasNode } from "./types";
import { useCommands } from "./use-editor-commands";
import { PeerCursors, peerSelectionKey, peerSelections } from "./live/live-presence";
import { overlayOf, withOverlay } from "./what-if/overlay";

const nodeTypes = { service: ServiceNode, container: ContainerNode };
const MIN_ZOOM = 0.1;
const NO_SELECTION: ReadonlySet<string> = new Set();
const FIT = { padding: 0.2, maxZoom: 1.1 };
const edgeTypes = { flow: FlowEdge };

/** How much flow labels are scaled at a zoom: zoomed out they keep their size on screen. */
const labelScaleCss = (zoom: number) => String(Math.max(1, 1 / zoom));

/** Nodes someone else in the live session has selected carry their colours and names. */
function withPeerSelections(nodes: CanvasNode[], key: string): CanvasNode[] {
  const selections = peerSelections(key);
  if (selections.size === 0) return nodes;
  return nodes.map((node) => {
    const peers = node.type === "service" ? selections.get(node.id) : undefined;
    // Raised above its neighbours, so the names over its top edge are not hidden under the next node.
    return peers && node.type === "service" ? { ...node, zIndex: 4, data: { ...node.data, peers } } : node;
  });
}

/** The design as React Flow nodes and edges, decorated with selection, findings, comparisons and load. */
function useCanvasElements(
  index: CatalogIndex,
  connectingFrom: string | null,
  labels: number | null,
  compact: boolean,
) {
  const document = useEditor((s) => s.document);
  const selection = useEditor((s) => s.selection);
  const measured = useEditor((s) => s.measured);
  const dragging = useEditor((s) => s.dragging);
  const shownFinding = useEditor((s) => s.hoverFinding ?? s.activeFinding);
  const analysis = useEditor((s) => s.analysis);
  const diff = useEditor((s) => s.compare?.diff ?? s.drift?.colouring ?? null);
  const simulation = useEditor((s) => s.simulation);
  const overlay = useMemo(() => (simulation ? overlayOf(simulation) : null), [simulation]);
  const peerKey = useEditor((s) => peerSelectionKey(s.live.peers));
  // Unchanged nodes and edges keep their objects, so React Flow and the memoised components skip them.
  const [stabilise] = useState(() => createStabiliser<CanvasNode, CanvasEdge>());
  const [textWidth] = useState(labelTextWidth);
  const [chipWidth] = useState(chipTextWidth);
  // Built without the selection, which is laid over it after: a click re-runs only that last, cheap step
  // (on a 2,000-node design, rebuilding and comparing every node and flow made a click take ~280 ms).
  const base = useMemo(() => {
    const canvas = buildCanvas(document, index, {
      selection: NO_SELECTION,
      measured,
      dragging,
      connectingFrom,
      finding: shownFinding,
      findings: analysis?.result.findings ?? [],
      diff,
      labels,
      textWidth,
      chipWidth,
      compact,
    });
    const nodes = withPeerSelections(canvas.nodes, peerKey);
    return stabilise(withOverlay(nodes, canvas.edges, overlay));
  }, [
    stabilise,
    document,
    index,
    measured,
    dragging,
    connectingFrom,
    shownFinding,
    analysis,
    diff,
    overlay,
    peerKey,
    labels,
    textWidth,
    chipWidth,
    compact,
  ]);
  return useMemo(() => withSelection(base, selection), [base, selection]);
}

function Refusal() {
  const refusal = useEditor((s) => s.refusal);
  const actions = useEditorActions();
  if (!refusal) return null;
  return (
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
      <button type="button" className="button button-small" onClick={() => actions.setRefusal(null)}>
        OK
      </button>
    </div>
  );
}

function MechanismChoice() {
  const choice = useEditor((s) => s.choice);
  const actions = useEditorActions();
  const commands = useCommands();
  const headingId = useId();
  if (!choice) return null;
  const close = (restoreFocus: boolean) => {
    actions.setChoice(null);
    if (restoreFocus) window.document.querySelector<HTMLElement>(".canvas[role='application']")?.focus();
  };
  return (
    <div className="choice-menu" style={{ left: choice.x + 8, top: choice.y + 8 }}>
      <div className="refusal-sub" id={headingId}>
        Which mechanism?
      </div>
      <Menu label="Choose a mechanism" onClose={close} className="choice-items">
        {choice.options.map((option) => (
          <button
            key={option.id}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            onClick={() => {
              commands.connect(choice.from, choice.to, option.id);
              actions.setChoice(null);
            }}
          >
            <span>
              {option.name}
              {option.legacy && <span className="tag">legacy</span>}
            </span>
            <span className="muted small">{option.modes.join(" + ")}</span>
          </button>
        ))}
      </Menu>
    </div>
  );
}

function EmptyCanvas() {
  const readOnly = useEditor((s) => s.readOnly);
  const commands = useCommands();
  return (
    <div className="canvas-empty" role="note">
      <h2>Start your design</h2>
      <p className="muted">Drag a service from the palette, or:</p>
      <div className="canvas-empty-actions">
        <Link to="/#patterns" className="button">
          Start from a pattern
        </Link>
        <button type="button" className="button" onClick={commands.pickImport} disabled={readOnly}>
          Import a file
        </button>
        <button type="button" className="button" onClick={commands.focusPalette} disabled={readOnly}>
          Add your first service
        </button>
      </div>
    </div>
  );
}

/** The canvas: the design drawn by React Flow, connecting with the catalog's rules, dropping from the palette. */
export function EditorCanvas({
  index,
  wrapper,
}: {
  index: CatalogIndex;
  wrapper: RefObject<HTMLDivElement | null>;
}) {
  const store = useEditorStore();
  const actions = useEditorActions();
  const commands = useCommands();
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const readOnly = useEditor((s) => s.readOnly);
  const empty = useEditor((s) => s.document.nodes.length === 0);
  // Fit only a design that has nodes: fitting an empty one would jump at the first drop.
  const [fitAtOpen] = useState(() => store.getState().document.nodes.length > 0);
  // The canvas's size, read before React Flow is first drawn: the view that fits the design is worked out
  // from it and the nodes' known sizes, so the first render is already the fitted one (with the level of
  // detail of that zoom) instead of a render at zoom 1 followed by a fit once every node is measured.
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const element = wrapper.current;
    setSize({ width: element?.clientWidth || 1, height: element?.clientHeight || 1 });
  }, [wrapper]);
  // The node a connection is being dragged from. Read from React Flow's own connection state, which
  // it resets on every release, so the dimming can never outlive the gesture (a copy kept in React
  // state missed the reset when the release was refused or ended off the canvas).
  const connectingFrom = useConnection((c) =>
    c.inProgress && c.fromHandle.type === "source" ? c.fromNode.id : null,
  );
  // Level of detail: zoomed out below LABEL_MIN_ZOOM, flows are drawn without their labels (24 px on screen
  // each, they would cover the nodes' names); the canvas re-renders only when the zoom crosses a step.
  const [opening, setOpening] = useState<{ x: number; y: number; zoom: number } | null>(null);
  const zoom = useStore((s) => (s.panZoom ? s.transform[2] : null));
  const shownZoom = zoom ?? opening?.zoom ?? 1;
  const labels = labelScaleAt(shownZoom);
  // Further out still, nodes are drawn as boxes alone (a 2,000-node design opens at zoom 0.1).
  const compact = shownZoom < NODE_DETAIL_MIN_ZOOM;
  const { nodes, edges } = useCanvasElements(index, connectingFrom, labels, compact);
  // Once, as soon as the canvas's size is known: the viewport that fits the design (as fitView would).
  if (size && !opening) {
    const viewport = fitAtOpen
      ? getViewportForBounds(
          getNodesBounds(nodes),
          size.width,
          size.height,
          MIN_ZOOM,
          FIT.maxZoom,
          FIT.padding,
        )
      : { x: 0, y: 0, zoom: 1 };
    setOpening(viewport);
  }

  // While the view moves, the viewport gets its own compositor layer (see .canvas.moving in
  // editor-canvas.css): a pan then shifts already drawn pixels instead of repainting 500 nodes a frame.
  // Toggled on the element, not through state, so a pan re-renders nothing.
  const onMoveStart = useCallback(() => wrapper.current?.classList.add("moving"), [wrapper]);
  const onMoveEnd = useCallback(() => wrapper.current?.classList.remove("moving", "panning"), [wrapper]);
  // Zoomed out, flow labels keep their size on screen (legible, and at least the 24 px target WCAG
  // 2.5.8 asks of a pointer target): a CSS variable the labels scale by, set without re-rendering.
  // "panning" only once the view has really moved: a press on a flow label starts a gesture too (a drag that
  // starts there pans), and the sheet that takes the pointer while panning must not take that click.
  const onMove = useCallback(
    (_: unknown, viewport: { zoom: number }) => {
      wrapper.current?.classList.add("panning");
      wrapper.current?.style.setProperty("--label-scale", labelScaleCss(viewport.zoom));
    },
    [wrapper],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
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
      if (sizes) actions.measure(sizes);
      if (moves) actions.drag(moves);
      if (selects.length) actions.applySelects(selects);
    },
    [actions],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      const selects = changes.filter((c) => c.type === "select");
      if (selects.length) actions.applySelects(selects);
    },
    [actions],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, node: CanvasNode, moved: CanvasNode[]) => {
      const positions = new Map(moved.filter((n) => n.type === "service").map((n) => [n.id, n.position]));
      actions.endDrag();
      if (positions.size === 0) return;
      const { document, measured } = store.getState();
      let next = moveNodes(document, positions);
      if (moved.length === 1 && node.type === "service") {
        const size = measured.get(node.id);
        const centre = { x: node.position.x + (size?.width ?? NODE_WIDTH) / 2, y: node.position.y + 30 };
        const target = locationAt(document, centre, node.id, measured);
        const current = document.nodes.find((n) => n.id === node.id)?.location ?? null;
        if (target && target !== current) next = updateNode(next, node.id, { location: target });
      }
      actions.edit(next, positions.size > 1 ? `Move ${positions.size} nodes` : "Move node");
    },
    [actions, store],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const serviceId = event.dataTransfer.getData(SERVICE_MIME);
      const service = index.services.get(serviceId);
      if (!service) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      commands.addService(service, { x: at.x - NODE_WIDTH / 2, y: at.y - 30 });
    },
    [commands, flow, index.services],
  );

  const serviceOf = useCallback(
    (nodeId: string) => store.getState().document.nodes.find((n) => n.id === nodeId)?.service ?? "",
    [store],
  );

  const isValidConnection = useCallback(
    (connection: Connection | CanvasEdge) =>
      connection.source !== connection.target &&
      checkConnection(index.matrix, serviceOf(connection.source), serviceOf(connection.target)).ok,
    [index.matrix, serviceOf],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const from = state.fromHandle?.type === "source" ? (state.fromNode?.id ?? null) : null;
      const cancelled = commands.connectWasCancelled();
      if (!from || store.getState().readOnly || cancelled) return;
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
        actions.setRefusal({
          x,
          y,
          title: `${index.nameOf(source)} → ${index.nameOf(sink)} is not possible`,
          reason: verdict.reason,
          alternatives: describeAlternatives(verdict, source, sink, index.nameOf),
        });
        return;
      }
      if (verdict.options.length > 1) actions.setChoice({ x, y, from, to: target, options: verdict.options });
      else if (verdict.options[0]) commands.connect(from, target, verdict.options[0].id);
    },
    [actions, commands, index, serviceOf, store, wrapper],
  );

  // Where one's pointer is, for the others in a live session (the client throttles what it sends).
  const onPointerMove = useCallback(
    (event: ReactPointerEvent) => {
      if (store.getState().live.status !== "live") return;
      commands.setCursor(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [commands, flow, store],
  );
  const onPointerLeave = useCallback(() => commands.setCursor(null), [commands]);

  const onPaneClick = useCallback(() => {
    actions.setRefusal(null);
    actions.setChoice(null);
    actions.openPanel("export", false);
  }, [actions]);

  return (
    <div
      className={`canvas${connectingFrom ? " connecting" : ""}`}
      ref={wrapper}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      }}
      onDrop={onDrop}
      onPointerMove={onPointerMove}
      onPointerLeave={onPointerLeave}
      // The labels' scale at the opening zoom; onMove keeps it up to date from then on.
      style={{ ["--label-scale" as string]: labelScaleCss(opening?.zoom ?? 1) }}
      role="application"
      aria-label="Design canvas"
      // Tab stops on the canvas itself between the palette and the inspector, then its nodes.
      tabIndex={0}
    >
      <SelectFlowContext.Provider value={commands.selectFlow}>
        {opening && (
          <ReactFlow<CanvasNode, CanvasEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onMoveStart={onMoveStart}
            onMove={onMove}
            onMoveEnd={onMoveEnd}
            onEdgesChange={onEdgesChange}
            onNodeDragStop={onNodeDragStop}
            onConnectStart={commands.connectStarted}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            onPaneClick={onPaneClick}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            connectOnClick={false}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={["Meta", "Control"]}
            defaultViewport={opening}
            minZoom={MIN_ZOOM}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
          >
            <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--canvas-dots)" />
            <Controls showInteractive={false} aria-label="Zoom controls" />
            <MiniMap<CanvasNode>
              pannable
              style={{ width: 168, height: 112 }}
              zoomable
              ariaLabel="Minimap"
              nodeColor={(n) => {
                switch (n.type) {
                  case "service":
                    return categoryColour(n.data.service?.category);
                  default:
                    return "var(--fill)";
                }
              }}
              nodeStrokeWidth={0}
              maskColor="var(--minimap-mask)"
            />
            <PeerCursors />
            <EdgeLabelRenderer>
              <div className="pan-shield" aria-hidden="true" />
            </EdgeLabelRenderer>
          </ReactFlow>
        )}
      </SelectFlowContext.Provider>
      {empty && <EmptyCanvas />}
      <Refusal />
      <MechanismChoice />
    </div>
  );
}
