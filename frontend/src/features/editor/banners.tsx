import type { JobProgress } from "./use-job";
import { useEditor, useEditorActions } from "./store/editor-context";
import { useCommands } from "./use-editor-commands";

function Progress({ label, job }: { label: string; job: JobProgress }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuenow={job.progress}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="progress-fill" style={{ width: `${Math.max(4, job.progress)}%` }} />
      <span className="progress-phase">{job.phase}</span>
    </div>
  );
}

/** Progress of the running jobs, and the banners under the top bar (comparing, jobs paused). */
export function EditorBanners() {
  const comparing = useEditor((s) => s.comparing);
  const drift = useEditor((s) => s.drift);
  const compare = useEditor((s) => s.compare);
  const analysing = useEditor((s) => s.analysing);
  const bundling = useEditor((s) => s.bundling);
  const jobsPaused = useEditor((s) => s.jobsPaused);
  const actions = useEditorActions();
  const commands = useCommands();
  return (
    <>
      {comparing && <Progress label="Comparison progress" job={comparing} />}
      {drift && !compare && (
        <div className="banner banner-compare" role="status" data-testid="drift-banner">
          Compared with what runs:
          <span className="legend legend-removed">{drift.report.counts.missing} missing</span>
          <span className="legend legend-changed">{drift.report.counts.changed} changed</span>
          <span className="legend legend-added">{drift.report.counts.extra} extra (not on canvas)</span>
          <button type="button" className="button button-small" onClick={() => actions.setDrift(null)}>
            Stop comparing
          </button>
        </div>
      )}
      {analysing ? (
        <Progress label="Analysis progress" job={analysing} />
      ) : (
        bundling && <Progress label="Bundle progress" job={bundling} />
      )}
      {jobsPaused && (
        <div className="banner" role="alert">
          {jobsPaused}
          <button type="button" className="button button-small" onClick={() => void commands.health()}>
            Check again
          </button>
        </div>
      )}
      {compare && (
        <div className="banner banner-compare" role="status">
          Comparing r{compare.number} with your current design:
          <span className="legend legend-added">{compare.diff.counts.added} added</span>
          <span className="legend legend-changed">{compare.diff.counts.changed} changed</span>
          <span className="legend legend-removed">{compare.diff.counts.removed} removed (not on canvas)</span>
          <button type="button" className="button button-small" onClick={() => actions.setCompare(null)}>
            Stop comparing
          </button>
        </div>
      )}
    </>
  );
}
