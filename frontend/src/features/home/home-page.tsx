import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "../../api/client";
import type { DesignDocument, PatternSummary } from "../../api/contract";
import { DesignPreview } from "../../components/design-preview";
import { VerdictBadge } from "../../components/verdict-badge";
import { navigate } from "../../hooks/use-route";
import { createAsyncCache } from "../../lib/async-cache";
import { useCatalog } from "../catalog/catalog-context";
import { useSession } from "../shell/session";
import { useToast } from "../shell/toasts";
import { Link } from "../shell/top-bar";
import { DesignList } from "./design-list";

type Load<T> = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; items: T[] };

export const EMPTY_DOCUMENT: DesignDocument = {
  format: "kafkaesque.design/v1",
  name: "Untitled design",
  description: "",
  locations: [],
  nodes: [],
  flows: [],
  layout: {},
  extensions: {},
};

function useLoad<T>(loader: () => Promise<T[]>, deps: unknown[]): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: "loading" });
  useEffect(() => {
    // The previous list stays on screen while a new search loads, rather than flashing a skeleton.
    let live = true;
    loader()
      .then((items) => live && setState({ status: "ready", items }))
      .catch((error: Error) => live && setState({ status: "error", message: error.message }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass the loader's inputs as deps
  }, deps);
  return state;
}

/** Pattern documents for the gallery thumbnails, fetched once per page life. */
const patternDocuments = createAsyncCache((slug: string) => api.patternDocument(slug));

/** The pattern's document once its card scrolls into view (lazy), or at once when already loaded. */
function usePatternDocument(pattern: PatternSummary) {
  const ref = useRef<HTMLDivElement>(null);
  const [document, setDocument] = useState<DesignDocument | undefined>(() =>
    patternDocuments.peek(pattern.slug),
  );
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (document || !ref.current) return;
    let live = true;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        patternDocuments
          .get(pattern.slug)
          .then((loaded) => live && setDocument(loaded))
          .catch(() => live && setFailed(true));
      },
      { rootMargin: "200px" },
    );
    observer.observe(ref.current);
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [document, pattern.slug]);
  return { ref, document, failed };
}

function PatternPreview({
  pattern,
  categoryOf,
}: {
  pattern: PatternSummary;
  categoryOf: (service: string) => string | undefined;
}) {
  const { ref, document, failed } = usePatternDocument(pattern);
  return (
    <div ref={ref} className="pattern-preview">
      {document ? (
        <DesignPreview document={document} categoryOf={categoryOf} />
      ) : (
        <div
          className={`design-preview${failed ? " preview-failed" : " skeleton"}`}
          role="img"
          aria-busy={!failed}
          aria-label={failed ? "Preview unavailable" : "Loading preview"}
        />
      )}
    </div>
  );
}

export function HomePage() {
  const { user, ready } = useSession();
  const catalog = useCatalog();
  const notify = useToast();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [search]);

  const patterns = useLoad<PatternSummary>(() => api.patterns(), []);
  const categoryOf = (service: string) =>
    catalog.status === "ready" ? catalog.index.services.get(service)?.category : undefined;

  const requireLogin = () => {
    if (user) return true;
    navigate(`/login?next=${encodeURIComponent("/")}`);
    return false;
  };

  const run = async (action: () => Promise<{ id: number }>) => {
    if (!requireLogin()) return;
    setBusy(true);
    try {
      const design = await action();
      navigate(`/designs/${design.id}`);
    } catch (error) {
      notify("error", error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const visiblePatterns =
    patterns.status === "ready"
      ? patterns.items.filter((p) => !query || p.title.toLowerCase().includes(query.toLowerCase()))
      : [];

  return (
    <main className="page home-page">
      <header className="page-header">
        <h1>Designs</h1>
        <input
          type="search"
          className="search"
          placeholder="Search designs and patterns by name…"
          aria-label="Search designs by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button
          type="button"
          className="button button-primary"
          disabled={busy || !ready}
          onClick={() => void run(() => api.createDesign(EMPTY_DOCUMENT))}
        >
          New design
        </button>
      </header>
      <div className="home-columns">
        <div>
          {user ? (
            <DesignList
              title="My designs"
              scope="mine"
              search={query}
              empty="No designs yet. Start from a pattern or a blank canvas."
            />
          ) : (
            <section className="home-section">
              <h2>My designs</h2>
              <p className="muted">
                <Link to="/login?next=/">Log in</Link> to create and save designs.
              </p>
            </section>
          )}
          <DesignList
            title="Public designs"
            scope="public"
            search={query}
            empty="Nobody has shared a design yet."
          />
        </div>
        <section className="home-section" aria-label="Pattern gallery">
          <h2>Pattern gallery</h2>
          {patterns.status === "loading" && (
            <div
              className="skeleton card-skeleton"
              role="status"
              aria-busy="true"
              aria-label="Loading patterns"
            />
          )}
          {patterns.status === "error" && (
            <p className="list-error" role="alert">
              Could not load the patterns: {patterns.message} Reload the page to try again.
            </p>
          )}
          {patterns.status === "ready" && visiblePatterns.length === 0 && (
            <p className="muted">
              {query ? `No pattern is named like “${query}”.` : "No patterns are installed."}
            </p>
          )}
          <div className="pattern-grid">
            {visiblePatterns.map((pattern) => (
              <article key={pattern.slug} className="pattern-card" data-pattern={pattern.slug}>
                <PatternPreview pattern={pattern} categoryOf={categoryOf} />
                <div className="pattern-body">
                  <h3>{pattern.title}</h3>
                  {pattern.expected_verdict && <VerdictBadge verdict={pattern.expected_verdict} />}
                  <p>{pattern.explanation}</p>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    aria-label={`New design from pattern ${pattern.title}`}
                    onClick={() => void run(() => api.instantiatePattern(pattern.slug))}
                  >
                    New design
                  </button>
                </div>
              </article>
            ))}
          </div>
        </section>
      </div>
    </main>
  );
}
