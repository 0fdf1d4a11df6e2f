import { useEffect, useState } from "react";
import { api } from "../../api/client";
import type { Activity, DesignDocument, RevisionSummary } from "../../api/contract";
import { useToast } from "../shell/toasts";

/** The design's saved revisions, newest first, each one comparable with or restorable over the current design. */
export function RevisionsPanel({
  designId,
  current,
  onClose,
  onCompare,
  onRestore,
}: {
  designId: number;
  current: number;
  onClose: () => void;
  onCompare: (number: number) => void;
  onRestore: (document: DesignDocument, number: number) => void;
}) {
  const notify = useToast();
  const [items, setItems] = useState<RevisionSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [activity, setActivity] = useState<Activity[]>([]);
  useEffect(() => {
    let live = true;
    // Who did what; the history works without it, so a failure only leaves the list empty.
    api.activity(designId).then(
      (events) => live && setActivity(events),
      () => live && setActivity([]),
    );
    return () => {
      live = false;
    };
  }, [designId, current]);
  useEffect(() => {
    // A newer save reloads the list; an answer for an older one must not overwrite it.
    let live = true;
    api.revisions(designId).then(
      (revisions) => {
        if (!live) return;
        setLoadError(null);
        setItems(revisions);
      },
      (error: Error) => live && setLoadError(error.message),
    );
    return () => {
      live = false;
    };
  }, [designId, current, attempt]);

  const open = (number: number, then: (document: DesignDocument) => void) => {
    api.revision(designId, number).then(
      (revision) => then(revision.document),
      (error: Error) => notify("error", `Could not load r${number}: ${error.message}`),
    );
  };

  return (
    <aside className="inspector" aria-label="Revision history">
      <header className="inspector-head">
        <div className="inspector-title">History</div>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close history" onClick={onClose}>
          ×
        </button>
      </header>
      {loadError && (
        <div className="list-error" role="alert">
          <p>Could not load the history: {loadError}</p>
          <button type="button" className="button button-small" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {items === null && !loadError && (
        <div
          className="skeleton row-skeleton"
          role="status"
          aria-busy="true"
          aria-label="Loading the history"
        />
      )}
      {items?.length === 0 && <p className="muted small">No revisions saved yet.</p>}
      <ul className="revision-list">
        {items?.map((item) => (
          <li key={item.number}>
            <div>
              <strong>r{item.number}</strong>{" "}
              {item.number === current && <span className="tag">current</span>}
              <div className="muted small">
                {new Date(item.created_at).toLocaleString()}
                {item.author ? ` · ${item.author}` : ""}
              </div>
              {item.message && <div className="small">{item.message}</div>}
            </div>
            {item.number !== current && (
              <div className="revision-actions">
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Compare r${item.number} with the current design`}
                  onClick={() => onCompare(item.number)}
                >
                  Compare
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Restore r${item.number}`}
                  onClick={() => open(item.number, (document) => onRestore(document, item.number))}
                >
                  Restore
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {activity.length > 0 && (
        <>
          <div className="inspector-title activity-title">Activity</div>
          <ul className="activity-list" aria-label="Activity">
            {activity.map((event) => (
              <li key={event.id}>
                <span>
                  <strong>{event.actor ?? "someone"}</strong> {event.summary}
                </span>
                <span className="muted small">{new Date(event.created_at).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
