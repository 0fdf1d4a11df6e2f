import { api } from "../../api/client";
import type { Job, JobAccepted } from "../../api/contract";

export interface JobProgress {
  progress: number;
  phase: string;
}

/** Resolve after `ms`, or reject at once with the signal's reason when it aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      window.clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = window.setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Start a job and poll it until it finishes; rejects with the job's error when it fails. Polling
 * stops as soon as `signal` aborts (the editor aborts it when it unmounts).
 */
export async function runJob(
  start: () => Promise<Job | JobAccepted>,
  onProgress: (progress: JobProgress) => void,
  signal: AbortSignal,
  intervalMs = 300,
): Promise<Job> {
  const started = await start();
  // Analyses answer with the job itself, bundles and exports with {job: id, links}.
  let job = "id" in started ? started : await api.job(started.job, signal);
  for (;;) {
    signal.throwIfAborted();
    onProgress({ progress: job.progress, phase: job.phase || job.status });
    if (job.status === "succeeded") return job;
    if (job.status === "failed") throw new Error(job.error || "The job failed.");
    await pause(intervalMs, signal);
    job = await api.job(job.id, signal);
  }
}
