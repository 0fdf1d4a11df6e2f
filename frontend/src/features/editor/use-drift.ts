import { useCallback } from "react";
import { api, type ApiError } from "../../api/client";
import type { DriftReport } from "../../api/contract";
import { driftColouring } from "../../lib/drift-colouring";
import type { DiffColouring } from "../../lib/diff-colouring";
import { jobErrorText } from "../../lib/job-errors";
import type { EditorStore } from "./store/editor-store";
import { runJob } from "./use-job";
import { readUploads } from "./uploads";

export interface Drift {
  report: DriftReport;
  colouring: DiffColouring;
}

interface Options {
  store: EditorStore;
  save: () => Promise<number | null>;
  signal: () => AbortSignal;
  gone: () => boolean;
  notify: (kind: "success" | "info" | "error", message: string) => void;
}

/** "Compare with what runs": upload files, run the drift job on the saved revision, colour the canvas. */
export function useDrift({ store, save, signal, gone, notify }: Options) {
  return useCallback(
    async (files: readonly File[]) => {
      const { comparing, actions, record, document } = store.getState();
      if (comparing || files.length === 0) return;
      if ((await save()) === null) return;
      actions.setComparing({ progress: 0, phase: "uploading" });
      try {
        const uploads = await readUploads(files);
        const job = await runJob(() => api.startDrift(record.id, uploads), actions.setComparing, signal());
        const report = job.result as unknown as DriftReport;
        actions.setDrift({ report, colouring: driftColouring(document, report) });
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
        if (text.jobsDown) actions.setJobsPaused(text.message);
        notify("error", text.message);
      } finally {
        if (!gone()) actions.setComparing(null);
      }
    },
    [gone, notify, save, signal, store],
  );
}
