import { useMemo, useState, type KeyboardEvent, type RefObject } from "react";
import type { Service } from "../../api/contract";
import { ServiceIcon } from "../../components/service-icon";
import { CATEGORIES } from "../../lib/categories";

export const SERVICE_MIME = "application/x-kafkaesque-service";

export function Palette({
  services,
  onAdd,
  searchRef,
}: {
  services: readonly Service[];
  onAdd: (service: Service) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const [query, setQuery] = useState("");
  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return services.filter(
      (s) =>
        !q || s.name.toLowerCase().includes(q) || s.id.includes(q) || s.description.toLowerCase().includes(q),
    );
  }, [services, query]);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // The match Enter drops: a name that starts with the search, then one that contains it, then a
    // description; among equals the one shown first (categories in their order).
    const q = query.trim().toLowerCase();
    const rank = (s: Service) => {
      const name = s.name.toLowerCase();
      if (name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q))) return 0;
      return name.includes(q) || s.id.includes(q) ? 1 : 2;
    };
    const order = (s: Service) => CATEGORIES.findIndex((c) => c.id === s.category);
    const first = [...filtered].sort((a, b) => rank(a) - rank(b) || order(a) - order(b))[0];
    if (event.key === "Enter" && first) {
      event.preventDefault();
      onAdd(first);
      // Typing again replaces the search: the next service is one name away.
      event.currentTarget.select();
    }
  };

  return (
    <aside className="palette" aria-label="Palette">
      <div className="panel-title">Services</div>
      <input
        ref={searchRef}
        type="search"
        className="palette-search"
        placeholder="Search services…  ( / )"
        aria-label="Search services"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
      />
      <div className="palette-list">
        {CATEGORIES.map((category) => {
          const items = filtered.filter((s) => s.category === category.id);
          if (items.length === 0) return null;
          return (
            <div key={category.id} className="palette-group" role="group" aria-label={category.label}>
              <div className="palette-category">{category.label}</div>
              {items.map((service) => (
                <button
                  key={service.id}
                  type="button"
                  className="palette-item"
                  draggable
                  data-service={service.id}
                  title={`${service.description}\nDrag onto the canvas, or press Enter to drop it at the centre.`}
                  style={{ ["--cat" as string]: category.colour }}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(SERVICE_MIME, service.id);
                    event.dataTransfer.setData("text/plain", service.id);
                    event.dataTransfer.effectAllowed = "copy";
                  }}
                  onClick={() => onAdd(service)}
                >
                  <span className="palette-icon">
                    <ServiceIcon service={service.id} size={18} />
                  </span>
                  <span className="palette-text">
                    <span className="palette-name">
                      {/* Spoken, not shown: the button's name says what pressing it does. */}
                      <span className="sr-only">Add </span>
                      {service.name}
                      {service.legacy && <span className="tag">legacy</span>}
                    </span>
                    <span className="palette-desc">{service.description}</span>
                  </span>
                </button>
              ))}
            </div>
          );
        })}
        {filtered.length === 0 && <p className="muted small palette-empty">No service matches “{query}”.</p>}
      </div>
    </aside>
  );
}
