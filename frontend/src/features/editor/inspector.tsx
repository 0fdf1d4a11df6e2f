import { useState } from "react";
import type {
  DesignDocument,
  DesignFlow,
  DesignLocation,
  DesignNode,
  DesignStore,
  PropertySpec,
} from "../../api/contract";
import { ServiceIcon } from "../../components/service-icon";
import { categoryColour } from "../../lib/categories";
import { mechanismsBetween } from "../../lib/connection-rules";
import { endpointNode, endpointStore, uniqueId, updateFlow, updateNode } from "../../lib/design-ops";
import { namingProblems } from "../../lib/naming";
import type { CatalogIndex } from "../catalog/catalog-context";

type Change = (next: DesignDocument, label: string) => void;

function propertyProblem(spec: PropertySpec, value: unknown): string | null {
  if (value === undefined || value === "") return spec.required ? "Required." : null;
  if (spec.type === "integer" && !Number.isInteger(value)) return "A whole number.";
  if (spec.type === "number" && typeof value !== "number") return "A number.";
  if (spec.type === "enum" && !spec.choices.includes(String(value)))
    return `One of ${spec.choices.join(", ")}.`;
  if (spec.type === "regex-list" && typeof value === "string") {
    for (const part of value.split(",")) {
      try {
        new RegExp(part.trim());
      } catch {
        return `"${part.trim()}" is not a valid regular expression.`;
      }
    }
  }
  return null;
}

function PropertyField({
  spec,
  value,
  onChange,
  idPrefix,
}: {
  spec: PropertySpec;
  value: unknown;
  onChange: (value: unknown) => void;
  idPrefix: string;
}) {
  const id = `${idPrefix}-${spec.name}`;
  const problem = propertyProblem(spec, value);
  const placeholder = spec.default === null || spec.default === undefined ? "" : String(spec.default);
  let input;
  if (spec.type === "enum") {
    input = (
      <select
        id={id}
        value={value === undefined ? "" : String(value)}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{placeholder ? `default (${placeholder})` : "—"}</option>
        {spec.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === "boolean") {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={value === undefined ? spec.default === true : value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else {
    const numeric = spec.type === "integer" || spec.type === "number";
    input = (
      <input
        id={id}
        type={numeric ? "number" : "text"}
        value={value === undefined ? "" : String(value)}
        placeholder={placeholder}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          if (raw === "") onChange(undefined);
          else onChange(numeric ? Number(raw) : raw);
        }}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id} title={spec.description}>
        {spec.name}
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {input}
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : (
        spec.description && <span className="field-help">{spec.description}</span>
      )}
    </div>
  );
}

/** A source's load, read by the simulation (DESIGN.md "What-if"); empty means the catalog default. */
const LOAD_PROPERTIES: PropertySpec[] = [
  {
    name: "events_per_second",
    type: "number",
    default: null,
    choices: [],
    description: "Events the source sends per second (empty: the catalog default).",
    required: false,
  },
  {
    name: "record_bytes",
    type: "number",
    default: null,
    choices: [],
    description: "Average size of one event in bytes (empty: the catalog default).",
    required: false,
  },
];

function setProperty(properties: Record<string, unknown> | undefined, name: string, value: unknown) {
  const next = { ...properties };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}

function StoreEditor({
  node,
  index,
  onStores,
}: {
  node: DesignNode;
  index: CatalogIndex;
  onStores: (stores: DesignStore[], label: string) => void;
}) {
  const service = index.services.get(node.service);
  const kinds = service?.store_kinds ?? [];
  const [draft, setDraft] = useState("");
  const [kind, setKind] = useState(kinds[0] ?? "");
  const stores = node.stores ?? [];
  if (kinds.length === 0) return null;
  const rule = (k: string) => service?.naming.find((r) => r.kind === k);
  const draftProblems = draft ? namingProblems(rule(kind), draft) : [];
  const duplicate = stores.some((s) => s.name === draft && s.kind === kind);
  const add = () => {
    if (!draft || draftProblems.length || duplicate) return;
    onStores([...stores, { name: draft, kind }], `Add ${kind} ${draft}`);
    setDraft("");
  };
  return (
    <section className="inspector-section" aria-label="Stores">
      <h3>Stores</h3>
      {stores.length === 0 && <p className="muted small">No {kinds.join(" or ")} yet.</p>}
      <ul className="store-list">
        {stores.map((store, i) => {
          const problems = namingProblems(rule(store.kind), store.name);
          return (
            // Keyed by position, not name: a key that changed with each keystroke would remount
            // the input being typed in and take the focus away.
            <li key={`${store.kind}:${i}`}>
              <span className="tag">{store.kind}</span>
              <input
                aria-label={`${store.kind} name`}
                value={store.name}
                aria-invalid={problems.length ? true : undefined}
                onChange={(e) =>
                  onStores(
                    stores.map((s, j) => (j === i ? { ...s, name: e.target.value } : s)),
                    `Rename ${store.kind}`,
                  )
                }
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${store.kind} ${store.name}`}
                onClick={() =>
                  onStores(
                    stores.filter((_, j) => j !== i),
                    `Remove ${store.kind} ${store.name}`,
                  )
                }
              >
                ×
              </button>
              {problems.map((p) => (
                <span key={p} className="field-error">
                  {p}
                </span>
              ))}
            </li>
          );
        })}
      </ul>
      <form
        className="store-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        {kinds.length > 1 && (
          <select aria-label="Store kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        )}
        <input
          aria-label={`New ${kind} name`}
          placeholder={`new ${kind}…`}
          value={draft}
          aria-invalid={draftProblems.length || duplicate ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button
          type="submit"
          className="button button-small"
          disabled={!draft || draftProblems.length > 0 || duplicate}
        >
          Add
        </button>
      </form>
      {draftProblems.map((p) => (
        <span key={p} className="field-error" role="alert">
          {p}
        </span>
      ))}
      {duplicate && <span className="field-error">That {kind} already exists.</span>}
      {rule(kind)?.description && <p className="field-help">Naming: {rule(kind)?.description}</p>}
    </section>
  );
}

function NodeInspector({
  document,
  node,
  index,
  onChange,
}: {
  document: DesignDocument;
  node: DesignNode;
  index: CatalogIndex;
  onChange: Change;
}) {
  const service = index.services.get(node.service);
  const update = (patch: Partial<DesignNode>, label: string) =>
    onChange(updateNode(document, node.id, patch), label);
  const groups = [...new Set(document.nodes.map((n) => n.group).filter((g): g is string => !!g))].sort();
  return (
    <>
      <header className="inspector-head" style={{ ["--cat" as string]: categoryColour(service?.category) }}>
        <span className="service-glyph">
          <ServiceIcon service={node.service} size={20} />
        </span>
        <div>
          <div className="inspector-title">{node.name}</div>
          <div className="muted small">
            {service?.name ?? node.service} · <code>{node.id}</code>
          </div>
        </div>
      </header>
      <section className="inspector-section">
        <div className="field">
          <label htmlFor="node-name">Name</label>
          <input
            id="node-name"
            value={node.name}
            onChange={(e) => update({ name: e.target.value }, "Rename node")}
          />
        </div>
        <div className="field">
          <label htmlFor="node-location">Location</label>
          <select
            id="node-location"
            value={node.location ?? ""}
            onChange={(e) => update({ location: e.target.value || null }, "Change location")}
          >
            <option value="">— none —</option>
            {(document.locations ?? []).map((location) => (
              <option key={location.id} value={location.id}>
                {location.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="node-group">Co-location group</label>
          <input
            id="node-group"
            list="node-groups"
            value={node.group ?? ""}
            placeholder="e.g. analytics-dc"
            onChange={(e) => update({ group: e.target.value || null }, "Change group")}
          />
          <datalist id="node-groups">
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </div>
      </section>
      {service && service.properties.length > 0 && (
        <section className="inspector-section" aria-label="Properties">
          <h3>Properties</h3>
          {service.properties.map((spec) => (
            <PropertyField
              key={spec.name}
              idPrefix={`node-${node.id}`}
              spec={spec}
              value={node.properties?.[spec.name]}
              onChange={(value) =>
                update({ properties: setProperty(node.properties, spec.name, value) }, `Set ${spec.name}`)
              }
            />
          ))}
        </section>
      )}
      {(node.service === "event-source" || node.properties?.events_per_second !== undefined) && (
        <section className="inspector-section" aria-label="Load">
          <h3>Load (What if)</h3>
          {LOAD_PROPERTIES.map((spec) => (
            <PropertyField
              key={spec.name}
              idPrefix={`node-${node.id}`}
              spec={spec}
              value={node.properties?.[spec.name]}
              onChange={(value) =>
                update({ properties: setProperty(node.properties, spec.name, value) }, `Set ${spec.name}`)
              }
            />
          ))}
        </section>
      )}
      <StoreEditor node={node} index={index} onStores={(stores, label) => update({ stores }, label)} />
      {service && service.docs.length > 0 && (
        <section className="inspector-section">
          <h3>Documentation</h3>
          <div className="evidence">
            {service.docs.map((url) => (
              <a key={url} href={url} target="_blank" rel="noreferrer">
                {url.replace(/^https?:\/\//, "").slice(0, 48)} ↗
              </a>
            ))}
          </div>
        </section>
      )}
    </>
  );
}

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

function FlowInspector({
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

function DesignInspector({ document, onChange }: { document: DesignDocument; onChange: Change }) {
  const locations = document.locations ?? [];
  const setLocations = (next: DesignLocation[], label: string) =>
    onChange({ ...document, locations: next }, label);
  return (
    <>
      <header className="inspector-head">
        <div>
          <div className="inspector-title">Design</div>
          <div className="muted small">
            {document.nodes.length} nodes · {document.flows.length} flows
          </div>
        </div>
      </header>
      <section className="inspector-section">
        <div className="field">
          <label htmlFor="design-name">Name</label>
          <input
            id="design-name"
            value={document.name}
            onChange={(e) => onChange({ ...document, name: e.target.value }, "Rename design")}
          />
        </div>
        <div className="field">
          <label htmlFor="design-description">Description</label>
          <textarea
            id="design-description"
            rows={3}
            value={document.description ?? ""}
            onChange={(e) => onChange({ ...document, description: e.target.value }, "Edit description")}
          />
        </div>
      </section>
      <section className="inspector-section" aria-label="Locations">
        <h3>Locations</h3>
        {locations.map((location, i) => (
          <div key={location.id} className="location-row">
            <input
              aria-label="Location name"
              value={location.name}
              onChange={(e) =>
                setLocations(
                  locations.map((l, j) => (j === i ? { ...l, name: e.target.value } : l)),
                  "Rename location",
                )
              }
            />
            <input
              aria-label="Provider"
              placeholder="provider"
              value={location.provider ?? ""}
              onChange={(e) =>
                setLocations(
                  locations.map((l, j) => (j === i ? { ...l, provider: e.target.value || null } : l)),
                  "Edit location",
                )
              }
            />
            <input
              aria-label="Region"
              placeholder="region"
              value={location.region ?? ""}
              onChange={(e) =>
                setLocations(
                  locations.map((l, j) => (j === i ? { ...l, region: e.target.value || null } : l)),
                  "Edit location",
                )
              }
            />
            <input
              aria-label="Zone"
              placeholder="zone"
              value={location.zone ?? ""}
              onChange={(e) =>
                setLocations(
                  locations.map((l, j) => (j === i ? { ...l, zone: e.target.value || null } : l)),
                  "Edit location",
                )
              }
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove location ${location.name}`}
              onClick={() =>
                onChange(
                  {
                    ...document,
                    locations: locations.filter((_, j) => j !== i),
                    nodes: document.nodes.map((n) =>
                      n.location === location.id ? { ...n, location: null } : n,
                    ),
                  },
                  "Remove location",
                )
              }
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            const id = uniqueId(
              "location",
              locations.map((l) => l.id),
            );
            setLocations(
              [...locations, { id, name: `Location ${locations.length + 1}`, provider: null, region: null }],
              "Add location",
            );
          }}
        >
          Add location
        </button>
      </section>
    </>
  );
}

export function Inspector({
  document,
  selection,
  index,
  onChange,
  readOnly,
}: {
  document: DesignDocument;
  selection: ReadonlySet<string>;
  index: CatalogIndex;
  onChange: Change;
  readOnly: boolean;
}) {
  const ids = [...selection];
  const node = ids.length === 1 ? document.nodes.find((n) => n.id === ids[0]) : undefined;
  const flow = ids.length === 1 ? document.flows.find((f) => f.id === ids[0]) : undefined;
  return (
    <aside className="inspector" aria-label="Inspector">
      <fieldset disabled={readOnly} className="inspector-body">
        {node ? (
          <NodeInspector key={node.id} document={document} node={node} index={index} onChange={onChange} />
        ) : flow ? (
          <FlowInspector key={flow.id} document={document} flow={flow} index={index} onChange={onChange} />
        ) : ids.length > 1 ? (
          <p className="muted inspector-multi">
            {ids.length} elements selected. Delete removes them; Ctrl+C copies.
          </p>
        ) : (
          <DesignInspector document={document} onChange={onChange} />
        )}
      </fieldset>
    </aside>
  );
}
