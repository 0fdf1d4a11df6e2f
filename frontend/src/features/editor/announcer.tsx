import { useEffect, useState } from "react";
import { useEditorStore } from "./store/editor-context";

const VERDICT: Record<string, string> = {
  impossible: "impossible",
  kafkaesque: "Kafkaesque",
  sensible: "sensible",
};

function plural(n: number, one: string) {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/**
 * Says what a finished job found, for screen readers: one polite live region, written when an
 * analysis, a bundle or a simulation arrives (the job's progress bar says the rest).
 */
export function JobAnnouncer() {
  const store = useEditorStore();
  const [message, setMessage] = useState("");
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        const analysis = state.analysis?.result;
        if (analysis && analysis !== previous.analysis?.result) {
          const errors = analysis.findings.filter((f) => f.severity === "error").length;
          const verdict = VERDICT[analysis.verdict] ?? analysis.verdict;
          setMessage(
            `Analysis finished: ${verdict}, ${plural(analysis.findings.length, "finding")}` +
              (errors ? `, ${plural(errors, "error")}.` : "."),
          );
        }
        if (state.bundle && state.bundle !== previous.bundle) {
          setMessage(`Bundle ready: ${plural(state.bundle.total, "file")}, ${state.bundle.name}.`);
        }
        if (state.simulation && state.simulation !== previous.simulation) {
          setMessage(`Simulation finished: ${plural(state.simulation.findings.length, "finding")}.`);
        }
      }),
    [store],
  );
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="job-announcer">
      {message}
    </div>
  );
}
