import type { DesignDocument, DesignLocation } from "../../../api/contract";
import { uniqueId } from "../../../lib/design-ops";
import type { Change } from "./change";

/** Nothing selected: the design's own name, description and locations. */
export function DesignInspector({ document, onChange }: { document: DesignDocument; onChange: Change }) {
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
              className="location-name"
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
              className="location-provider"
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
              className="location-region"
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
              className="location-zone"
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
              className="icon-button location-remove"
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
