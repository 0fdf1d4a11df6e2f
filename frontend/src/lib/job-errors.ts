/** What the user reads when a job (analysis, bundle, export) could not be submitted or failed. */
export const JOBS_DOWN_MESSAGE = "Redis is down: jobs cannot run, your design is saved";

export interface JobErrorText {
  /** The toast's text. */
  message: string;
  /** True when jobs as a whole are unavailable (503), so the "jobs paused" banner shows too. */
  jobsDown: boolean;
}

/**
 * The toast for a failed job submission: a 503 means the queue is down, and the server's own
 * words say so (falling back to ours when it sent none); anything else names the action.
 */
export function jobErrorText(
  action: string,
  error: { status?: number; message?: string } | null,
): JobErrorText {
  const said = error?.message?.trim() ?? "";
  if (error?.status === 503) return { message: said || JOBS_DOWN_MESSAGE, jobsDown: true };
  return { message: `${action} failed: ${said || "unknown error"}`, jobsDown: false };
}
