import { useCallback, useState } from "react";
import { api, type ApiError } from "../../api/client";
import type { DesignDocument, DriftReport } from "../../api/contract";
import { driftColouring } from "../../lib/drift-colouring";
import type { DiffColouring } from "../../lib/diff-colouring";
import { jobErrorText } from "../../lib/job-errors";
import { runJob, type JobProgress } from "./use-job";
import { readUploads } from "./uploads";

export interface Drift {
  report: DriftReport;
  colouring: DiffColouring;
}

interface Options {
  designId: number;
  document: DesignDocument;
  save: () => Promise<number | null>;
  signal: () => AbortSignal;
  gone: () => boolean;
  notify: (kind: "success" | "info" | "error", message: string) => void;
  onJobsDown: (message: string) => void;
}

/** "Compare with what runs": upload files, run the drift job on the saved revision, colour the canvas. */
export function useDrift({ designId, document, save, signal, gone, notify, onJobsDown }: Options) {
  const [drift, setDrift] = useState<Drift | null>(null);
  const [comparing, setComparing] = useState<JobProgress | null>(null);

  const compareWith = useCallback(
    async (files: readonly File[]) => {
      if (comparing || files.length === 0) return;
      if ((await save()) === null) return;
      setComparing({ progress: 0, phase: "uploading" });
      try {
        const uploads = await readUploads(files);
        const job = await runJob(() => api.startDrift(designId, uploads), setComparing, signal());
        const report = job.result as unknown as DriftReport;
        setDrift({ report, colouring: driftColouring(document, report) });
        const { missing, extra, changed } = report.counts;
        notify(
          report.drifted ? "info" : "success",
          report.drifted
            ? `What runs differs: ${missing} missing, ${changed} changed, ${extra} extra.`
            : "What runs matches the design.",
        );
      } catch (error) {
        if (gone()) return;
        const text = jobErrorText("Comparison", error as ApiError);
        if (text.jobsDown) onJobsDown(text.message);
        notify("error", text.message);
      } finally {
        if (!gone()) setComparing(null);
      }
    },
    [comparing, designId, document, gone, notify, onJobsDown, save, signal],
  );

  return { drift, comparing, compareWith, stop: useCallback(() => setDrift(null), []) };
}
