import { Fragment, useMemo, useState } from "react";
import type { Service } from "../../api/contract";
import { ServiceIcon } from "../../components/service-icon";
import { CATEGORIES, categoryColour } from "../../lib/categories";
import { mechanismsBetween, type MechanismOption } from "../../lib/connection-rules";
import { useCatalog, type CatalogIndex } from "./catalog-context";

function modeLabel(option: MechanismOption): string {
  return option.modes.length > 1 ? "stream + batch" : (option.modes[0] ?? "");
}

function ServiceCard({ service }: { service: Service }) {
  return (
    <article className="service-card" style={{ ["--cat" as string]: categoryColour(service.category) }}>
      <div className="service-card-head">
        <span className="service-glyph">
          <ServiceIcon service={service.id} size={22} />
        </span>
        <h4>{service.name}</h4>
        {service.legacy && <span className="tag">legacy</span>}
      </div>
      <p>{service.description}</p>
      {service.store_kinds.length > 0 && (
        <div className="chips" aria-label="Store kinds">
          {service.store_kinds.map((kind) => (
            <span key={kind} className="chip">
              {kind}
            </span>
          ))}
        </div>
      )}
    </article>
  );
}

function Services({ index }: { index: CatalogIndex }) {
  return (
    <section aria-labelledby="services-heading" className="catalog-section">
      <h2 id="services-heading">Services</h2>
      <div className="category-columns">
        {CATEGORIES.map((category) => {
          const services = index.catalog.services.filter((s) => s.category === category.id);
          if (services.length === 0) return null;
          return (
            <div key={category.id} className="category-group" data-category={category.id}>
              <h3>
                <span className="swatch" style={{ background: category.colour }} />
                {category.label}
              </h3>
              <div className="service-grid">
                {services.map((service) => (
                  <ServiceCard key={service.id} service={service} />
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}

function MatrixTable({ index }: { index: CatalogIndex }) {
  const [selected, setSelected] = useState<{ source: string; sink: string } | null>(null);
  const order = useMemo(() => {
    const rank = new Map(CATEGORIES.map((c, i) => [c.id, i]));
    return [...index.catalog.services].sort(
      (a, b) => (rank.get(a.category) ?? 9) - (rank.get(b.category) ?? 9) || a.name.localeCompare(b.name),
    );
  }, [index]);
  const detail = selected ? mechanismsBetween(index.matrix, selected.source, selected.sink) : [];

  return (
    <section aria-labelledby="matrix-heading" className="catalog-section">
      <h2 id="matrix-heading">Integration matrix</h2>
      <p className="muted">
        Rows are sources, columns are sinks. Each cell lists the documented mechanisms; solid marks streaming,
        dashed marks batch. Select a cell for its evidence.
      </p>
      <div className="matrix-scroll">
        <table className="matrix" aria-label="Integration matrix, source by sink">
          <thead>
            <tr>
              <th scope="col" className="corner">
                source ↓ · sink →
              </th>
              {order.map((sink) => (
                <th key={sink.id} scope="col" className="sink-head">
                  <span style={{ color: categoryColour(sink.category) }}>
                    <ServiceIcon service={sink.id} size={16} />
                  </span>
                  <span>{sink.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {order.map((source) => (
              <tr key={source.id}>
                <th scope="row" className="source-head">
                  <span style={{ color: categoryColour(source.category) }}>
                    <ServiceIcon service={source.id} size={16} />
                  </span>
                  {source.name}
                </th>
                {order.map((sink) => {
                  const options = mechanismsBetween(index.matrix, source.id, sink.id);
                  const isSelected = selected?.source === source.id && selected.sink === sink.id;
                  return (
                    <td
                      key={sink.id}
                      className={`${options.length ? "has" : "none"}${isSelected ? " selected" : ""}`}
                      data-source={source.id}
                      data-sink={sink.id}
                    >
                      {options.length > 0 && (
                        <button
                          type="button"
                          className="cell-button"
                          // The visible abbreviations first, so a spoken "click MM2" finds the cell (WCAG 2.5.3).
                          aria-label={`${options.map((o) => o.shortLabel).join(" ")}: ${source.name} to ${sink.name} (${options.map((o) => o.name).join(", ")})`}
                          onClick={() => setSelected({ source: source.id, sink: sink.id })}
                        >
                          {options.map((option, i) => (
                            <Fragment key={option.id}>
                              {/* A space between the labels, so the visible text reads as words. */}
                              {i > 0 && " "}
                              <span
                                className={`mech mech-${option.modes.includes("stream") ? "stream" : "batch"}${option.legacy ? " legacy" : ""}`}
                                title={`${option.name} · ${modeLabel(option)}`}
                              >
                                {option.shortLabel}
                              </span>
                            </Fragment>
                          ))}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && (
        <div className="matrix-detail" role="region" aria-label="Selected integration">
          <h3>
            {index.nameOf(selected.source)} → {index.nameOf(selected.sink)}
          </h3>
          <ul>
            {detail.map((option) => (
              <li key={option.id}>
                <strong>{option.name}</strong> <span className="tag">{modeLabel(option)}</span>{" "}
                <span className="tag">{option.status}</span>
                {option.renames && <span className="tag">renames</span>}
                {option.legacy && <span className="tag">legacy</span>}
                <div className="evidence">
                  {option.evidence.map((url) => (
                    <a key={url} href={url} target="_blank" rel="noreferrer">
                      {url.replace(/^https?:\/\//, "")} ↗
                    </a>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Map widths as a share of the section's width: 100 % fits the page, larger ones scroll. */
const MAP_ZOOMS = [0.5, 0.75, 1, 1.5, 2] as const;

/**
 * The server-drawn map of every documented integration, zoomable and scrollable. It opens fitted
 * to the page width (its natural size, in Graphviz points, is wider than the page and means
 * nothing to a reader); the zoom steps scale from there.
 */
function IntegrationMap() {
  const [zoom, setZoom] = useState(1);
  const [failed, setFailed] = useState(false);
  const step = (direction: 1 | -1) => {
    const at = MAP_ZOOMS.indexOf(zoom as (typeof MAP_ZOOMS)[number]);
    const next = MAP_ZOOMS[Math.min(MAP_ZOOMS.length - 1, Math.max(0, at + direction))];
    if (next !== undefined) setZoom(next);
  };
  return (
    <section className="catalog-section" aria-labelledby="integration-map-title">
      <header className="section-head">
        <h2 id="integration-map-title">Integration map</h2>
        <span className="muted small">Every documented flow between services, drawn from the catalog.</span>
        <span className="spacer" />
        <div className="zoom-controls" role="group" aria-label="Map zoom">
          <button
            type="button"
            className="button button-small"
            aria-label="Zoom out"
            disabled={zoom === MAP_ZOOMS[0]}
            onClick={() => step(-1)}
          >
            −
          </button>
          <span className="zoom-value" aria-live="polite" title="100% fits the page width">
            {Math.round(zoom * 100)}%
          </span>
          <button
            type="button"
            className="button button-small"
            aria-label="Zoom in"
            disabled={zoom === MAP_ZOOMS[MAP_ZOOMS.length - 1]}
            onClick={() => step(1)}
          >
            +
          </button>
          <a className="button button-small" href="/api/catalog/map.svg" target="_blank" rel="noreferrer">
            Open ↗
          </a>
        </div>
      </header>
      <div className="map-viewport" tabIndex={0} aria-label="Integration map, scrollable">
        {failed ? (
          <p className="muted">The map could not be drawn (is Graphviz installed on the server?).</p>
        ) : (
          <img
            src="/api/catalog/map.svg"
            alt="Integration map: every catalog service and the mechanisms that carry data between them"
            style={{ width: `${zoom * 100}%` }}
            onError={() => setFailed(true)}
          />
        )}
      </div>
    </section>
  );
}

export function CatalogPage() {
  const state = useCatalog();
  if (state.status === "loading") {
    return (
      <main className="page" aria-busy="true">
        <h1>Service catalog</h1>
        <div className="skeleton-grid">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="skeleton card-skeleton" />
          ))}
        </div>
      </main>
    );
  }
  if (state.status === "error") {
    return (
      <main className="page">
        <h1>Service catalog</h1>
        <div className="empty-state" role="alert">
          <p>The catalog could not be loaded: {state.message}</p>
          <button type="button" className="button" onClick={state.retry}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  const { index } = state;
  return (
    <main className="page catalog-page">
      <header className="page-header">
        <h1>Service catalog</h1>
        <span className="muted">
          {index.catalog.services.length} services · {index.catalog.mechanisms.length} mechanisms · version{" "}
          {index.catalog.version.slice(0, 12)}
        </span>
      </header>
      <Services index={index} />
      <MatrixTable index={index} />
      <IntegrationMap />
    </main>
  );
}
