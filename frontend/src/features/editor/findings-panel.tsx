import type { AnalysisResult, Finding, Severity } from "../../api/contract";
import { VerdictBadge } from "../../components/verdict-badge";
import type { FindingFix } from "../../lib/finding-fixes";

const ORDER: Severity[] = ["error", "warning", "info"];
const SEVERITY_LABEL: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Notes" };

export function findingKey(finding: Finding): string {
  return `${finding.code}|${finding.refs.join(",")}|${finding.message}`;
}

function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className={`sev-icon sev-${severity}`}>
      {severity === "error" && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path
            d="M5.5 5.5l5 5M10.5 5.5l-5 5"
            className="sev-glyph"
            strokeWidth="1.6"
            strokeLinecap="round"
          />
        </>
      )}
      {severity === "warning" && (
        <>
          <path d="M8 1.5l7 12.5H1z" fill="currentColor" />
          <path d="M8 6v4M8 12v.2" className="sev-glyph" strokeWidth="1.6" strokeLinecap="round" />
        </>
      )}
      {severity === "info" && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M8 7.2v4.3M8 4.8v.2" className="sev-glyph" strokeWidth="1.6" strokeLinecap="round" />
        </>
      )}
    </svg>
  );
}

export function FindingsPanel({
  result,
  stale,
  active,
  expanded,
  onToggle,
  onSelect,
  onHover,
  nameOf,
  fixOf,
  onFix,
}: {
  result: AnalysisResult | null;
  stale: boolean;
  active: Finding | null;
  expanded: boolean;
  onToggle: () => void;
  onSelect: (finding: Finding | null) => void;
  onHover: (finding: Finding | null) => void;
  nameOf: (ref: string) => string;
  fixOf: (finding: Finding) => FindingFix | null;
  onFix: (finding: Finding, fix: FindingFix) => void;
}) {
  const findings = result?.findings ?? [];
  const counts = ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const);
  const complexity = result?.stats?.complexity;
  return (
    <section className={`findings ${expanded && findings.length ? "expanded" : ""}`} aria-label="Findings">
      <div className="findings-bar">
        <button
          type="button"
          className="findings-toggle"
          aria-expanded={expanded}
          disabled={findings.length === 0}
          onClick={onToggle}
        >
          <span className="chevron" aria-hidden="true">
            {expanded ? "▾" : "▸"}
          </span>
          Findings ({findings.length})
        </button>
        {result ? (
          <>
            <span className="muted">verdict</span>
            <VerdictBadge verdict={result.verdict} />
            {counts.map(([severity, count]) =>
              count ? (
                <span key={severity} className={`count count-${severity}`}>
                  <SeverityIcon severity={severity} /> {count}
                </span>
              ) : null,
            )}
            {typeof complexity === "number" && <span className="muted">· complexity {complexity}</span>}
            {stale && <span className="muted">· changed since this analysis</span>}
          </>
        ) : (
          <span className="muted">Not analysed yet — press Analyse (Ctrl+Enter) to check this design.</span>
        )}
      </div>
      {expanded && findings.length > 0 && (
        <div className="findings-list">
          {ORDER.map((severity) => {
            const group = findings.filter((f) => f.severity === severity);
            if (group.length === 0) return null;
            return (
              <div
                key={severity}
                className="findings-group"
                role="list"
                aria-label={SEVERITY_LABEL[severity]}
              >
                <div className="findings-group-title" aria-hidden="true">
                  {SEVERITY_LABEL[severity]}
                </div>
                {group.map((finding) => {
                  const key = findingKey(finding);
                  const isActive = active !== null && findingKey(active) === key;
                  const fix = fixOf(finding);
                  return (
                    <div
                      key={key}
                      role="listitem"
                      className={`finding finding-${severity}${isActive ? " active" : ""}`}
                      data-code={finding.code}
                      onMouseEnter={() => onHover(finding)}
                      onMouseLeave={() => onHover(null)}
                    >
                      <button
                        type="button"
                        className="finding-main"
                        aria-pressed={isActive}
                        onClick={() => onSelect(isActive ? null : finding)}
                      >
                        <SeverityIcon severity={severity} />
                        <code className="finding-code">{finding.code}</code>
                        <span className="finding-refs">{finding.refs.map(nameOf).join(" ⇄ ")}</span>
                        <span className="finding-message">{finding.message}</span>
                      </button>
                      <div className="finding-side">
                        {finding.fix && (
                          <span className="finding-fix" title="Suggested fix">
                            <strong>Fix:</strong> {finding.fix}
                          </span>
                        )}
                        {fix && (
                          <button
                            type="button"
                            className="button button-small button-fix"
                            title={`${fix.label} (one undoable step)`}
                            aria-label={`Fix: ${fix.label}`}
                            onClick={() => onFix(finding, fix)}
                          >
                            Fix
                          </button>
                        )}
                        {finding.evidence.slice(0, 2).map((url) => (
                          <a key={url} href={url} target="_blank" rel="noreferrer" className="small">
                            evidence ↗
                          </a>
                        ))}
                      </div>
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
