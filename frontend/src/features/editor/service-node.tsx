import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef } from "react";
import { ServiceIcon } from "../../components/service-icon";
import { categoryColour } from "../../lib/categories";
import { HANDLE_OFFSET, type LaneHandle } from "../../lib/edge-handles";
import { MAX_CHIPS } from "../../lib/node-size";
import type { ServiceFlowNode } from "./types";

const ROUTE = { className: "handle-route", isConnectableStart: false, isConnectableEnd: false } as const;
const LANE: Record<LaneHandle, { type: "source" | "target"; position: Position; style: { left: string } }> = {
  "t-top": { type: "target", position: Position.Top, style: { left: `${HANDLE_OFFSET["t-top"] * 100}%` } },
  "t-bottom": {
    type: "target",
    position: Position.Bottom,
    style: { left: `${HANDLE_OFFSET["t-bottom"] * 100}%` },
  },
  "s-top": { type: "source", position: Position.Top, style: { left: `${HANDLE_OFFSET["s-top"] * 100}%` } },
  "s-bottom": {
    type: "source",
    position: Position.Bottom,
    style: { left: `${HANDLE_OFFSET["s-bottom"] * 100}%` },
  },
};

/** React Flow measures a node's handles when the node resizes; a lane added later needs a nudge. */
function useRemeasureOnLaneChange(id: string, lanes: readonly LaneHandle[]) {
  const updateNodeInternals = useUpdateNodeInternals();
  const key = lanes.join(" ");
  const measuredKey = useRef(key);
  useEffect(() => {
    if (measuredKey.current === key) return;
    measuredKey.current = key;
    updateNodeInternals(id);
  }, [id, key, updateNodeInternals]);
}

/** What a node shows inside its box: who else selected it, icon, name, service, store chips, connection hint. */
function ServiceNodeBody({ data }: { data: ServiceFlowNode["data"] }) {
  const { node, service, connect } = data;
  const stores = node.stores ?? [];
  return (
    <>
      {data.peers?.length ? (
        <span className="peer-names" data-testid="peer-selection">
          {data.peers.map((p) => p.name).join(", ")}
        </span>
      ) : null}
      <div className="service-node-head">
        <span className="service-node-icon">
          <ServiceIcon service={node.service} size={18} />
        </span>
        <span className="service-node-titles">
          <span className="service-node-name">{node.name}</span>
          <span className="service-node-service">
            {service?.name ?? `${node.service} (unknown service)`}
            {typeof node.properties?.version === "string" ? ` · ${node.properties.version}` : ""}
          </span>
        </span>
      </div>
      {stores.length > 0 && (
        <div className="chips service-node-stores">
          {stores.slice(0, MAX_CHIPS).map((store) => (
            <span key={`${store.kind}:${store.name}`} className="chip" title={`${store.kind} ${store.name}`}>
              {store.name}
            </span>
          ))}
          {stores.length > MAX_CHIPS && (
            <span className="chip chip-more">+{stores.length - MAX_CHIPS} more</span>
          )}
        </div>
      )}
      {connect?.state === "ok" && (
        <div className="connect-hint">{connect.options.map((o) => o.shortLabel).join(" · ")}</div>
      )}
    </>
  );
}

function ServiceNodeView({ id, data, selected }: NodeProps<ServiceFlowNode>) {
  const { node, service, connect, mark, severity, diff, lanes } = data;
  useRemeasureOnLaneChange(id, lanes);
  // Level of detail: zoomed far out (data.compact, the height to keep), the name, icon and chips would be a few
  // pixels tall; the box keeps its size, colour, marks and handles (flows still attach) and draws nothing inside.
  const compact = data.compact != null;
  const classes = [
    "service-node",
    compact ? "compact" : "",
    selected ? "selected" : "",
    connect ? `connect-${connect.state}` : "",
    mark ? `mark-${mark}` : "",
    severity ? `severity-${severity}` : "",
    diff ? `diff-${diff}` : "",
    data.down ? "down" : "",
    data.peers?.length ? "peer-selected" : "",
  ].join(" ");
  const peer = data.peers?.[0];
  return (
    <div
      className={classes}
      style={{
        ["--cat" as string]: categoryColour(service?.category),
        ...(peer ? { ["--peer" as string]: peer.colour } : {}),
        ...(compact ? { height: data.compact ?? undefined } : {}),
      }}
      data-node-id={node.id}
      data-service={node.service}
      data-down={data.down ? "true" : undefined}
    >
      <Handle type="target" id="t-left" position={Position.Left} className="handle handle-target" />
      {/* Routing-only anchors, only those a flow uses: flows between stacked nodes attach here. */}
      {lanes.map((handle) => (
        <Handle key={handle} {...ROUTE} {...LANE[handle]} id={handle} />
      ))}
      {!compact && <ServiceNodeBody data={data} />}
      <Handle type="source" id="s-right" position={Position.Right} className="handle handle-source" />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
