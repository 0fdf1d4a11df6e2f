import type { DriftReport } from "../../api/contract";
import { originText } from "../../lib/drift-colouring";

const STATUS_LABEL = {
  missing: "Does not run",
  changed: "Runs differently",
  extra: "Runs, not designed",
} as const;
const ORDER = ["missing", "changed", "extra"] as const;

/** Every difference between the design and what runs, with the file and line it was read from. */
export function DriftPanel({ report, onClose }: { report: DriftReport; onClose: () => void }) {
  return (
    <aside className="inspector drift-panel" aria-label="Differences from what runs">
      <div className="panel-head">
        <h2>What runs</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {!report.drifted && <p className="muted">What runs matches the design.</p>}
      {ORDER.map((status) => {
        const items = report.differences.filter((d) => d.status === status);
        if (items.length === 0) return null;
        return (
          <section key={status}>
            <h3
              className={`legend legend-${status === "missing" ? "removed" : status === "extra" ? "added" : "changed"}`}
            >
              {STATUS_LABEL[status]} ({items.length})
            </h3>
            <ul className="drift-list">
              {items.map((d) => (
                <li key={`${d.element}:${d.key}:${d.message}`} className="drift-item" data-status={d.status}>
                  <span className="drift-key">
                    {d.element} {d.key}
                  </span>
                  <span>{d.message}</span>
                  {d.origin && <code className="muted small">{originText(d.origin)}</code>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {report.analysis.length > 0 && (
        <section>
          <h3>Analysis</h3>
          <ul className="drift-list">
            {report.analysis.map((line) => (
              <li key={line} className="drift-analysis">
                {line}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
