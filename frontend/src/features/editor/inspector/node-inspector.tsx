import type { DesignNode, PropertySpec } from "../../../api/contract";
import { ServiceIcon } from "../../../components/service-icon";
import { categoryColour } from "../../../lib/categories";
import { updateNode } from "../../../lib/design-ops";
import type { NodePanelProps } from "./change";
import { LOAD_PROPERTIES, PropertyField, setProperty } from "./property-field";
import { ConnectSection } from "./connect-section";
import { StoreEditor } from "./store-editor";

/** A service node: name, location, group, the service's properties, its load and stores. */
export function NodeInspector({ document, node, index, onChange }: NodePanelProps) {
  const service = index.services.get(node.service);
  const update = (patch: Partial<DesignNode>, label: string) =>
    onChange(updateNode(document, node.id, patch), label);
  const fields = (specs: readonly PropertySpec[]) =>
    specs.map((spec) => (
      <PropertyField
        key={spec.name}
        idPrefix={`node-${node.id}`}
        spec={spec}
        value={node.properties?.[spec.name]}
        onChange={(value) =>
          update({ properties: setProperty(node.properties, spec.name, value) }, `Set ${spec.name}`)
        }
      />
    ));
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
          {fields(service.properties)}
        </section>
      )}
      {(node.service === "event-source" || node.properties?.events_per_second !== undefined) && (
        <section className="inspector-section" aria-label="Load">
          <h3>Load (What if)</h3>
          {fields(LOAD_PROPERTIES)}
        </section>
      )}
      <StoreEditor node={node} index={index} onStores={(stores, label) => update({ stores }, label)} />
      <ConnectSection document={document} node={node} index={index} onChange={onChange} />
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
