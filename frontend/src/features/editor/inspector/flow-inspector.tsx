import type { DesignDocument, DesignFlow } from "../../../api/contract";
import { mechanismsBetween } from "../../../lib/connection-rules";
import { endpointNode, endpointStore, updateFlow } from "../../../lib/design-ops";
import type { CatalogIndex } from "../../catalog/catalog-context";
import type { Change } from "./change";
import { PropertyField, setProperty } from "./property-field";

function EndpointStore({
  document,
  endpoint,
  label,
  onChange,
}: {
  document: DesignDocument;
  endpoint: string;
  label: string;
  onChange: (endpoint: string) => void;
}) {
  const nodeId = endpointNode(endpoint);
  const node = document.nodes.find((n) => n.id === nodeId);
  const stores = node?.stores ?? [];
  if (stores.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={`flow-${label}`}>{label} store</label>
      <select
        id={`flow-${label}`}
        value={endpointStore(endpoint) ?? ""}
        onChange={(e) => onChange(e.target.value ? `${nodeId}/${e.target.value}` : nodeId)}
      >
        <option value="">all of {node?.name}</option>
        {stores.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A flow: its mechanism, the stores at either end, the mechanism's settings and evidence. */
export function FlowInspector({
  document,
  flow,
  index,
  onChange,
}: {
  document: DesignDocument;
  flow: DesignFlow;
  index: CatalogIndex;
  onChange: Change;
}) {
  const source = document.nodes.find((n) => n.id === endpointNode(flow.from));
  const sink = document.nodes.find((n) => n.id === endpointNode(flow.to));
  const options = mechanismsBetween(index.matrix, source?.service ?? "", sink?.service ?? "");
  const chosen = flow.mechanism ? options.find((o) => o.id === flow.mechanism) : options[0];
  const mechanism = chosen ? index.mechanisms.get(chosen.id) : undefined;
  const update = (patch: Partial<DesignFlow>, label: string) =>
    onChange(updateFlow(document, flow.id, patch), label);
  return (
    <>
      <header className="inspector-head">
        <div>
          <div className="inspector-title">
            {source?.name ?? flow.from} → {sink?.name ?? flow.to}
          </div>
          <div className="muted small">
            flow <code>{flow.id}</code>
          </div>
        </div>
      </header>
      <section className="inspector-section">
        <div className="field">
          <label htmlFor="flow-mechanism">Mechanism</label>
          <select
            id="flow-mechanism"
            value={flow.mechanism ?? ""}
            onChange={(e) => update({ mechanism: e.target.value || null }, "Change mechanism")}
          >
            <option value="">default{options[0] ? ` (${options[0].name})` : ""}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} · {o.modes.join("+")}
                {o.legacy ? " · legacy" : ""}
              </option>
            ))}
            {flow.mechanism && !options.some((o) => o.id === flow.mechanism) && (
              <option value={flow.mechanism}>{flow.mechanism} (does not connect these services)</option>
            )}
          </select>
          {options.length === 0 && (
            <span className="field-error">
              No documented mechanism connects these services in this direction.
            </span>
          )}
        </div>
        <EndpointStore
          document={document}
          endpoint={flow.from}
          label="Source"
          onChange={(from) => update({ from }, "Change source store")}
        />
        <EndpointStore
          document={document}
          endpoint={flow.to}
          label="Sink"
          onChange={(to) => update({ to }, "Change sink store")}
        />
      </section>
      {mechanism && mechanism.properties.length > 0 && (
        <section className="inspector-section" aria-label="Mechanism properties">
          <h3>{mechanism.short_label || mechanism.name} settings</h3>
          {mechanism.properties.map((spec) => (
            <PropertyField
              key={spec.name}
              idPrefix={`flow-${flow.id}`}
              spec={spec}
              value={flow.properties?.[spec.name]}
              onChange={(value) =>
                update({ properties: setProperty(flow.properties, spec.name, value) }, `Set ${spec.name}`)
              }
            />
          ))}
        </section>
      )}
      {chosen && (
        <section className="inspector-section">
          <h3>Evidence</h3>
          <p className="muted small">
            {chosen.name}: {chosen.modes.join(" and ")}, {chosen.status}
            {chosen.renames ? ", renames what it copies" : ""}.
          </p>
          <div className="evidence">
            {chosen.evidence.map((url) => (
              <a key={url} href={url} target="_blank" rel="noreferrer">
                {url.replace(/^https?:\/\//, "").slice(0, 52)} ↗
              </a>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
