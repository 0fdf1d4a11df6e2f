import { useEffect, useId, useRef, useState } from "react";
import { api } from "../../api/client";
import type { DesignOrdering, DesignSummary } from "../../api/contract";
import { useToast } from "../shell/toasts";
import { Link } from "../shell/top-bar";
import "./design-list.css";

/** The API's page size (REST_FRAMEWORK PAGE_SIZE): page n+1 starts after n full pages. */
const PAGE_SIZE = 50;

const ORDERINGS: { value: DesignOrdering; label: string }[] = [
  { value: "-updated", label: "Last changed" },
  { value: "name", label: "Name, A to Z" },
  { value: "-name", label: "Name, Z to A" },
];

type Listing =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; count: number; more: boolean; items: DesignSummary[]; loadingMore: boolean };

/**
 * Every design of a scope, a page at a time: searched by name, sorted by name or last change, with
 * "Show more" for the next page. Loading, empty and failed states each say so (the last with a retry).
 */
export function DesignList({
  title,
  scope,
  search,
  empty,
}: {
  title: string;
  scope: "mine" | "public";
  search: string;
  empty: string;
}) {
  const notify = useToast();
  const [ordering, setOrdering] = useState<DesignOrdering>("-updated");
  const [state, setState] = useState<Listing>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const headingId = useId();
  const live = useRef(0);
  useEffect(() => {
    const ticket = ++live.current;
    api.designs(scope, { search, ordering }).then(
      (page) => ticket === live.current && setState({ status: "ready", ...page, loadingMore: false }),
      (error: Error) => ticket === live.current && setState({ status: "error", message: error.message }),
    );
  }, [scope, search, ordering, attempt]);
  const showMore = () => {
    if (state.status !== "ready") return;
    const ticket = live.current;
    const page = Math.floor(state.items.length / PAGE_SIZE) + 1;
    setState({ ...state, loadingMore: true });
    api.designs(scope, { search, ordering, page }).then(
      (next) =>
        ticket === live.current &&
        setState({
          status: "ready",
          count: next.count,
          more: next.more,
          items: [...state.items, ...next.items],
          loadingMore: false,
        }),
      (error: Error) => {
        if (ticket !== live.current) return;
        setState({ ...state, loadingMore: false });
        notify("error", `Could not load more designs: ${error.message}`);
      },
    );
  };

  return (
    <section className="home-section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{title}</h2>
        <label className="sort-label small">
          Sort
          <select value={ordering} onChange={(e) => setOrdering(e.target.value as DesignOrdering)}>
            {ORDERINGS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.status === "loading" && (
        <div
          className="list-skeleton"
          aria-busy="true"
          aria-label={`Loading ${title.toLowerCase()}`}
          role="status"
        >
          <div className="skeleton row-skeleton" />
          <div className="skeleton row-skeleton" />
        </div>
      )}
      {state.status === "error" && (
        <div className="list-error" role="alert">
          <p>
            Could not load {title.toLowerCase()}: {state.message}
          </p>
          <button type="button" className="button button-small" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {state.status === "ready" && state.items.length === 0 && (
        <p className="muted">{search ? `No design is named like “${search}”.` : empty}</p>
      )}
      {state.status === "ready" && state.items.length > 0 && (
        <>
          <ul className="design-list">
            {state.items.map((design) => (
              <li key={design.id}>
                <Link to={`/designs/${design.id}`} className="design-row">
                  <span className="design-name">{design.name}</span>
                  <span className="muted">{design.description}</span>
                  <span className="muted small">
                    {design.owner ? `${design.owner} · ` : ""}
                    {`r${design.revision} · `}
                    {new Date(design.updated_at).toLocaleString()}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="list-foot muted small" role="status">
            {state.count === state.items.length
              ? `${state.count} design${state.count === 1 ? "" : "s"}`
              : `Showing ${state.items.length} of ${state.count}`}
            {state.more && (
              <button
                type="button"
                className="button button-small"
                disabled={state.loadingMore}
                onClick={showMore}
              >
                {state.loadingMore ? "Loading…" : "Show more"}
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
