import { MarkerType } from "@xyflow/react";
import type { DesignDocument, Finding, Severity } from "../../api/contract";
import { flowMode, mechanismsBetween, type MechanismOption } from "../../lib/connection-rules";
import type { DiffColouring } from "../../lib/diff-colouring";
import { endpointNode } from "../../lib/design-ops";
import { enclose, GROUP_FRAME, LOCATION_FRAME } from "../../lib/containers";
import {
  chooseHandles,
  handlePoint,
  laneHandlesByNode,
  type Box,
  type LaneHandle,
  type SourceHandle,
  type TargetHandle,
} from "../../lib/edge-handles";
import { placeLabels, type LabelRequest, type TextWidth } from "../../lib/label-placement";
import { SERVICE_NODE_WIDTH, serviceNodeHandles, serviceNodeHeight } from "../../lib/node-size";
import type { CatalogIndex } from "../catalog/catalog-context";
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  type CanvasEdge,
  type CanvasNode,
  type ContainerFlowNode,
  type Mark,
  type ServiceFlowNode,
} from "./types";

export interface Decorations {
  selection: ReadonlySet<string>;
  measured: ReadonlyMap<string, { width: number; height: number }>;
  dragging: ReadonlyMap<string, { x: number; y: number }>;
  connectingFrom: string | null;
  finding: Finding | null;
  findings: readonly Finding[];
  diff: DiffColouring | null;
  /** The size factor flow labels are placed for (`labelScaleAt` the zoom), or null: zoomed out, no labels. */
  labels: number | null;
  /** Measures a label's text; an estimate from its length when absent. */
  textWidth?: TextWidth | null;
  /** Measures a store chip's text, to size nodes before they are drawn; an estimate when absent. */
  chipWidth?: TextWidth | null;
  /** Zoomed out below NODE_DETAIL_MIN_ZOOM: service nodes are drawn as their boxes alone. */
  compact?: boolean;
}

/** The line of a node box its name takes (after the icon, above the service), which no flow label may cover. */
function nameLine(box: Box): Box {
  return { x: box.x + 51, y: box.y + 8, width: box.width - 58, height: 23 };
}

const NO_LANES: readonly LaneHandle[] = [];

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The worst severity naming each node or flow id, for the small markers on the canvas. */
export function severityById(findings: readonly Finding[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const finding of findings) {
    for (const ref of finding.refs) {
      const id = endpointNode(ref);
      const current = worst.get(id);
      if (!current || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[current])
        worst.set(id, finding.severity);
    }
  }
  return worst;
}

/** Node and flow ids a finding points at; loops also get the flows along their witness path. */
export function findingTargets(
  document: DesignDocument,
  finding: Finding | null,
): { nodes: Set<string>; flows: Set<string>; loop: Set<string> } {
  const nodes = new Set<string>();
  const flows = new Set<string>();
  const loop = new Set<string>();
  if (!finding) return { nodes, flows, loop };
  const flowIds = new Set(document.flows.map((f) => f.id));
  for (const ref of [...finding.refs, ...finding.path]) {
    if (flowIds.has(ref)) {
      flows.add(ref);
      const flow = document.flows.find((f) => f.id === ref);
      if (flow) {
        nodes.add(endpointNode(flow.from));
        nodes.add(endpointNode(flow.to));
      }
    } else nodes.add(endpointNode(ref));
  }
  const path = finding.path;
  for (const id of path) if (flowIds.has(id)) loop.add(id);
  // A witness path of node or store ids: light the flows joining consecutive steps.
  for (let i = 0; i < path.length; i += 1) {
    const a = path[i];
    const b = path[(i + 1) % path.length];
    if (!a || !b || flowIds.has(a) || flowIds.has(b)) continue;
    for (const flow of document.flows) {
      const fromMatches = flow.from === a || endpointNode(flow.from) === endpointNode(a);
      const toMatches = flow.to === b || endpointNode(flow.to) === endpointNode(b);
      if (fromMatches && toMatches) loop.add(flow.id);
    }
  }
  if (finding.code === "event-loop" || finding.code === "feedback-cycle")
    for (const id of loop) flows.add(id);
  return { nodes, flows, loop };
}

export function defaultPosition(index: number): { x: number; y: number } {
  return { x: 80 + (index % 5) * 300, y: 80 + Math.floor(index / 5) * 170 };
}

export function positionOf(document: DesignDocument, id: string, index: number): { x: number; y: number } {
  const at = document.layout?.[id];
  return at ? { x: at.x, y: at.y } : defaultPosition(index);
}

function edgeLabel(option: MechanismOption | undefined, properties: Record<string, unknown>): string {
  if (!option) return "no mechanism";
  const policy = properties.replication_policy;
  if (option.id === "mirrormaker2")
    return `${option.shortLabel} · ${typeof policy === "string" ? policy : "default"}`;
  return option.shortLabel;
}

/** A service node in words: name, service, location, stores, and findings on it. */
export function describeNode(
  document: DesignDocument,
  node: DesignDocument["nodes"][number],
  serviceName: string | undefined,
  severity: string | null,
): string {
  const parts = [node.name, serviceName ?? node.service];
  const location = document.locations?.find((l) => l.id === node.location);
  if (location) parts.push(`in ${location.name}`);
  const stores = node.stores ?? [];
  if (stores.length)
    parts.push(
      `${stores.length} ${stores.length === 1 ? "store" : "stores"}: ${stores.map((st) => st.name).join(", ")}`,
    );
  if (severity) parts.push(`with ${severity} findings`);
  return parts.join(", ");
}

export function buildCanvas(
  document: DesignDocument,
  index: CatalogIndex,
  decorations: Decorations,
): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const { selection, measured, dragging, connectingFrom, diff } = decorations;
  const targets = findingTargets(document, decorations.finding);
  const severities = severityById(decorations.findings);
  const sourceService = connectingFrom
    ? document.nodes.find((n) => n.id === connectingFrom)?.service
    : undefined;

  // Flows name their ends by node name: one lookup table, not a search of every node per flow.
  const nameById = new Map(document.nodes.map((n) => [n.id, n.name] as const));
  const boxes = new Map<string, Box>();
  const serviceNodes: ServiceFlowNode[] = document.nodes.map((node, i) => {
    const position = dragging.get(node.id) ?? positionOf(document, node.id, i);
    // React Flow's measure once it has one; before, the size the node will have (see lib/node-size).
    const size = measured.get(node.id) ?? {
      width: SERVICE_NODE_WIDTH,
      height: serviceNodeHeight(
        (node.stores ?? []).map((st) => st.name),
        decorations.chipWidth ?? undefined,
      ),
    };
    boxes.set(node.id, { ...position, ...size });
    let connect: ServiceFlowNode["data"]["connect"] = null;
    if (sourceService) {
      if (node.id === connectingFrom) connect = { state: "source", options: [] };
      else {
        const options = mechanismsBetween(index.matrix, sourceService, node.service);
        connect = { state: options.length ? "ok" : "dim", options };
      }
    }
    const mark: Mark = targets.nodes.has(node.id) ? "finding" : null;
    const severity = severities.get(node.id) ?? null;
    return {
      id: node.id,
      type: "service",
      // What a screen reader says when the node takes the focus (React Flow puts it on the wrapper).
      ariaLabel: describeNode(document, node, index.services.get(node.service)?.name, severity),
      position,
      selected: selection.has(node.id),
      zIndex: 2,
      measured: size,
      data: {
        node,
        service: index.services.get(node.service),
        connect,
        mark,
        severity,
        diff: diff?.nodes[node.id] ?? null,
        lanes: NO_LANES,
        compact: decorations.compact ? size.height : null,
      },
    };
  });

  const containers: ContainerFlowNode[] = [];
  const boxesOf = (ids: string[]) => ids.map((id) => boxes.get(id)).filter((b) => b !== undefined);
  for (const location of document.locations ?? []) {
    const members = document.nodes.filter((n) => n.location === location.id).map((n) => n.id);
    const box = enclose(boxesOf(members), LOCATION_FRAME);
    if (!box) continue;
    const detail = [location.provider, location.region, location.zone].filter(Boolean).join(" · ");
    containers.push({
      id: `location:${location.id}`,
      type: "container",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      measured: { width: box.width, height: box.height },
      draggable: false,
      selectable: false,
      connectable: false,
      focusable: false,
      zIndex: 0,
      data: { kind: "location", label: location.name, detail, location },
    });
  }
  const groups = new Map<string, string[]>();
  for (const node of document.nodes) {
    if (!node.group) continue;
    const key = `${node.location ?? ""}|${node.group}`;
    groups.set(key, [...(groups.get(key) ?? []), node.id]);
  }
  for (const [key, members] of groups) {
    const box = enclose(boxesOf(members), GROUP_FRAME);
    if (!box) continue;
    const group = key.split("|")[1] ?? "";
    containers.push({
      id: `group:${key}`,
      type: "container",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      measured: { width: box.width, height: box.height },
      draggable: false,
      selectable: false,
      connectable: false,
      focusable: false,
      zIndex: 1,
      data: { kind: "group", label: `co-located · ${group}`, detail: "" },
    });
  }

  const serviceOf = new Map(document.nodes.map((n) => [n.id, n.service]));
  const pairs = new Set(document.flows.map((f) => `${endpointNode(f.from)}>${endpointNode(f.to)}`));
  // Several flows between the same two nodes (streams jobs on one cluster's topics) are numbered, so each is
  // drawn apart from the others where the drawing allows it.
  const lanesUsed = new Map<string, number>();
  const edges: CanvasEdge[] = document.flows.map((flow) => {
    const source = endpointNode(flow.from);
    const target = endpointNode(flow.to);
    const options = mechanismsBetween(index.matrix, serviceOf.get(source) ?? "", serviceOf.get(target) ?? "");
    const option = flow.mechanism ? options.find((o) => o.id === flow.mechanism) : options[0];
    const from = boxes.get(source);
    const to = boxes.get(target);
    const handles =
      from && to
        ? chooseHandles(from, to, source === target)
        : { sourceHandle: "s-right", targetHandle: "t-left" };
    const properties = flow.properties ?? {};
    const mark: Mark = targets.loop.has(flow.id) ? "loop" : targets.flows.has(flow.id) ? "finding" : null;
    const severity = severities.get(flow.id) ?? null;
    const label = option
      ? edgeLabel(option, properties)
      : flow.mechanism
        ? (index.mechanisms.get(flow.mechanism)?.short_label ?? flow.mechanism)
        : "no mechanism";
    const names = (id: string) => nameById.get(id) ?? id;
    const pair = `${source}>${target}`;
    const lane = lanesUsed.get(pair) ?? 0;
    lanesUsed.set(pair, lane + 1);
    return {
      id: flow.id,
      source,
      target,
      ariaLabel:
        `Flow ${flow.id} from ${names(source)} to ${names(target)}, ${label}` +
        (severity ? `, with ${severity} findings` : ""),
      ...handles,
      type: "flow",
      selected: selection.has(flow.id),
      zIndex: mark ? 5 : 3,
      markerEnd: {
        type: MarkerType.ArrowClosed,
        width: 16,
        height: 16,
        color: mark ? "var(--error)" : "var(--arrow)",
      },
      data: {
        flow,
        label,
        mode: flowMode(option, properties),
        isDefault: !flow.mechanism,
        twin: pairs.has(`${target}>${source}`),
        mark,
        severity,
        diff: diff?.flows[flow.id] ?? null,
        lane,
        labelAt: null,
      },
    };
  });

  if (decorations.labels !== null) {
    const requests: LabelRequest[] = [];
    for (const edge of edges) {
      const from = boxes.get(edge.source);
      const to = boxes.get(edge.target);
      if (!from || !to || !edge.data) continue;
      const s = handlePoint(from, edge.sourceHandle as SourceHandle);
      const t = handlePoint(to, edge.targetHandle as TargetHandle);
      requests.push({
        id: edge.id,
        text: edge.data.label,
        twin: edge.data.twin,
        ends: {
          sx: s.x,
          sy: s.y,
          sourceSide: s.side,
          tx: t.x,
          ty: t.y,
          targetSide: t.side,
          lane: edge.data.lane,
        },
      });
    }
    const places = placeLabels(
      requests,
      [...boxes.values()].map(nameLine),
      decorations.labels,
      decorations.textWidth ?? undefined,
    );
    for (const edge of edges) if (edge.data) edge.data.labelAt = places.get(edge.id) ?? null;
  }

  const lanes = laneHandlesByNode(edges);
  for (const node of serviceNodes) {
    node.data.lanes = lanes.get(node.id) ?? NO_LANES;
    // Where its handles are, so React Flow draws the node's flows without measuring it first.
    node.handles = serviceNodeHandles(node.measured?.height ?? NODE_HEIGHT, node.data.lanes);
  }
  return { nodes: [...containers, ...serviceNodes], edges };
}

/**
 * The canvas with the selected nodes and flows marked: copies of those elements only, so React Flow and the
 * memoised components re-render just them. The canvas is built without a selection and this is laid over it.
 */
export function withSelection<
  N extends { id: string; selected?: boolean },
  E extends { id: string; selected?: boolean },
>(canvas: { nodes: N[]; edges: E[] }, selection: ReadonlySet<string>): { nodes: N[]; edges: E[] } {
  if (selection.size === 0) return canvas;
  const mark = <T extends { id: string; selected?: boolean }>(element: T): T =>
    selection.has(element.id) && !element.selected ? { ...element, selected: true } : element;
  return { nodes: canvas.nodes.map(mark), edges: canvas.edges.map(mark) };
}

/** The location whose container holds a point, ignoring the node being moved. */
export function locationAt(
  document: DesignDocument,
  point: { x: number; y: number },
  except: string,
  measured: ReadonlyMap<string, { width: number; height: number }>,
): string | null {
  for (const location of document.locations ?? []) {
    const members = document.nodes.filter((n) => n.location === location.id && n.id !== except);
    if (members.length === 0) continue;
    const box = enclose(
      members.map((n) => {
        const at = positionOf(document, n.id, document.nodes.indexOf(n));
        const size = measured.get(n.id);
        return { x: at.x, y: at.y, width: size?.width ?? NODE_WIDTH, height: size?.height ?? NODE_HEIGHT };
      }),
      LOCATION_FRAME,
    );
    if (!box) continue;
    const inside =
      point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
    if (inside) return location.id;
  }
  return null;
}
