import { api } from "../../api/client";
import type { Job } from "../../api/contract";

export interface JobProgress {
  progress: number;
  phase: string;
}

/** Start a job and poll it until it finishes; rejects with the job's error when it fails. */
export async function runJob(
  start: () => Promise<Job>,
  onProgress: (progress: JobProgress) => void,
  intervalMs = 300,
): Promise<Job> {
  const started = (await start()) as Job | { job: number | string };
  // Some endpoints answer with the job itself, others with {job: id, links}.
  let job = "id" in started ? started : await api.job(started.job);
  for (;;) {
    onProgress({ progress: job.progress ?? 0, phase: job.phase || job.status });
    if (job.status === "succeeded") return job;
    if (job.status === "failed") throw new Error(job.error || "The job failed.");
    await new Promise((resolve) => window.setTimeout(resolve, intervalMs));
    job = await api.job(job.id);
  }
}
