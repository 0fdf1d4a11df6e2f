import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { ServiceIcon } from "../../components/service-icon";
import { categoryColour } from "../../lib/categories";
import { HANDLE_OFFSET } from "../../lib/edge-handles";
import type { ServiceFlowNode } from "./types";

const MAX_CHIPS = 4;
const ROUTE = { className: "handle-route", isConnectableStart: false, isConnectableEnd: false } as const;
const lane = (id: keyof typeof HANDLE_OFFSET) => ({ left: `${HANDLE_OFFSET[id] * 100}%` });

function ServiceNodeView({ data, selected }: NodeProps<ServiceFlowNode>) {
  const { node, service, connect, mark, severity, diff } = data;
  const stores = node.stores ?? [];
  const classes = [
    "service-node",
    selected ? "selected" : "",
    connect ? `connect-${connect.state}` : "",
    mark ? `mark-${mark}` : "",
    severity ? `severity-${severity}` : "",
    diff ? `diff-${diff}` : "",
  ].join(" ");
  return (
    <div
      className={classes}
      style={{ ["--cat" as string]: categoryColour(service?.category) }}
      data-node-id={node.id}
      data-service={node.service}
      aria-label={`${node.name}, ${service?.name ?? node.service}`}
    >
      <Handle type="target" id="t-left" position={Position.Left} className="handle handle-target" />
      {/* Routing-only anchors: flows between stacked nodes attach here; drags start on the right. */}
      <Handle {...ROUTE} type="target" id="t-top" position={Position.Top} style={lane("t-top")} />
      <Handle {...ROUTE} type="target" id="t-bottom" position={Position.Bottom} style={lane("t-bottom")} />
      <Handle {...ROUTE} type="source" id="s-top" position={Position.Top} style={lane("s-top")} />
      <Handle {...ROUTE} type="source" id="s-bottom" position={Position.Bottom} style={lane("s-bottom")} />
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
      <Handle
        type="source"
        id="s-right"
        position={Position.Right}
        className="handle handle-source"
        aria-label={`Connect from ${node.name}`}
      />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
