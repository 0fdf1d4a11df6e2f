import { useState } from "react";
import type { DesignNode, DesignStore } from "../../../api/contract";
import { namingProblems } from "../../../lib/naming";
import type { CatalogIndex } from "../../catalog/catalog-context";

/** The stores (topics, tables, indices…) of a node: rename, remove, add with the naming rules checked. */
export function StoreEditor({
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
