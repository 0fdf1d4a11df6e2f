import type { Edge, Node } from "@xyflow/react";
import type { DesignFlow, DesignLocation, DesignNode, Mode, Service, Severity } from "../../api/contract";
import type { ChangeKind } from "../../lib/diff-colouring";
import type { MechanismOption } from "../../lib/connection-rules";
import type { LaneHandle } from "../../lib/edge-handles";
import type { FlowLoad } from "./what-if/overlay";

export type Mark = "finding" | "loop" | null;

export type ServiceNodeData = {
  node: DesignNode;
  service: Service | undefined;
  /** While a connection is being drawn: can this node receive it? */
  connect: { state: "source" | "ok" | "dim"; options: readonly MechanismOption[] } | null;
  mark: Mark;
  severity: Severity | null;
  diff: ChangeKind | null;
  /** The top/bottom lane handles some flow attaches to; only these are rendered. */
  lanes: readonly LaneHandle[];
  /** Down in the "What if" outage: drawn greyed. */
  down?: boolean;
  /** Others in the live session who have this node selected. */
  peers?: readonly { colour: string; name: string }[];
  /** Zoomed out too far to read it: the node is drawn as its box alone, this tall (see NODE_DETAIL_MIN_ZOOM). */
  compact?: number | null;
};

export type ContainerNodeData = {
  kind: "location" | "group";
  label: string;
  detail: string;
  location?: DesignLocation;
};

export type ServiceFlowNode = Node<ServiceNodeData, "service">;
export type ContainerFlowNode = Node<ContainerNodeData, "container">;
export type CanvasNode = ServiceFlowNode | ContainerFlowNode;

export type FlowEdgeData = {
  flow: DesignFlow;
  label: string;
  mode: Mode;
  isDefault: boolean;
  /** A flow exists between the same two nodes the other way round. */
  twin: boolean;
  mark: Mark;
  severity: Severity | null;
  diff: ChangeKind | null;
  /** Its number among the flows between the same two nodes in the same direction (0 for the first). */
  lane: number;
  /** Where the label sits along the curve (0 to 1), or null when it is not drawn (zoomed out, or no free spot). */
  labelAt: number | null;
  /** The simulated load ("What if"): width by throughput, colour by headroom. */
  load?: FlowLoad | null;
  /** Lost in the "What if" outage. */
  lost?: boolean;
};

export type CanvasEdge = Edge<FlowEdgeData, "flow">;

/** Estimated node box, used for containers before React Flow has measured the nodes. */
export const NODE_WIDTH = 196;
export const NODE_HEIGHT = 84;
