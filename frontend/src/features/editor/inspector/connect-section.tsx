import { useId, useState } from "react";
import { mechanismsBetween } from "../../../lib/connection-rules";
import { addFlow, endpointNode } from "../../../lib/design-ops";
import type { NodePanelProps } from "./change";

/**
 * Connecting without a pointer: the node's flows, and a flow to another node chosen from a list
 * that offers only the nodes this one can feed, with the mechanism when more than one fits.
 */
export function ConnectSection({ document, node, index, onChange }: NodePanelProps) {
  const headingId = useId();
  const targetId = useId();
  const mechanismId = useId();
  const targets = document.nodes
    .filter((other) => other.id !== node.id)
    .map((other) => ({ node: other, options: mechanismsBetween(index.matrix, node.service, other.service) }))
    .filter((t) => t.options.length > 0);
  const [chosen, setChosen] = useState("");
  const [mechanism, setMechanism] = useState("");
  const target = targets.find((t) => t.node.id === chosen) ?? targets[0];
  const options = target?.options ?? [];
  const option = options.find((o) => o.id === mechanism) ?? options[0];
  const nameOf = (id: string) => document.nodes.find((n) => n.id === endpointNode(id))?.name ?? id;
  const outgoing = document.flows.filter((f) => endpointNode(f.from) === node.id);
  const incoming = document.flows.filter((f) => endpointNode(f.to) === node.id);

  return (
    <section className="inspector-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Flows</h3>
      {outgoing.length + incoming.length > 0 ? (
        <ul className="flow-list small">
          {outgoing.map((flow) => (
            <li key={flow.id}>
              → {nameOf(flow.to)} <span className="muted">({flow.id})</span>
            </li>
          ))}
          {incoming.map((flow) => (
            <li key={flow.id}>
              ← {nameOf(flow.from)} <span className="muted">({flow.id})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No flows yet.</p>
      )}
      {targets.length === 0 ? (
        <p className="muted small">No other node on the canvas can receive a flow from this one.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={targetId}>Connect to</label>
            <select id={targetId} value={target?.node.id ?? ""} onChange={(e) => setChosen(e.target.value)}>
              {targets.map((t) => (
                <option key={t.node.id} value={t.node.id}>
                  {t.node.name}
                </option>
              ))}
            </select>
          </div>
          {options.length > 1 && (
            <div className="field">
              <label htmlFor={mechanismId}>Mechanism</label>
              <select
                id={mechanismId}
                value={option?.id ?? ""}
                onChange={(e) => setMechanism(e.target.value)}
              >
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.legacy ? " (legacy)" : ""}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button
            type="button"
            className="button button-small"
            disabled={!target || !option}
            onClick={() => {
              if (!target || !option) return;
              const { document: next } = addFlow(document, node.id, target.node.id, option.id);
              onChange(next, "Connect");
            }}
          >
            Connect{target && option ? ` to ${target.node.name} via ${option.shortLabel}` : ""}
          </button>
        </>
      )}
    </section>
  );
}
