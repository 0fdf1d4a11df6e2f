import { api, ApiError } from "../../api/client";
import type { JobAccepted } from "../../api/contract";
import { runJob, type JobProgress } from "./use-job";

/** A file name stem for a design. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "design"
  );
}

async function failure(response: Response): Promise<ApiError> {
  let message = `The server answered ${response.status}.`;
  let code = "http-error";
  try {
    const body = (await response.json()) as { error?: { message?: string; code?: string } };
    message = body.error?.message ?? message;
    code = body.error?.code ?? code;
  } catch {
    // Not JSON: keep the status line.
  }
  // The status travels with the error so a 503 (jobs down) reads as such.
  return new ApiError(response.status, code, message);
}

/**
 * Fetch `url` and hand it to the browser as a download. Large renders answer 202 with a job:
 * its progress is reported and its artefact fetched once it is done.
 */
export async function download(
  url: string,
  filename: string,
  signal: AbortSignal,
  onProgress: (p: JobProgress) => void = () => undefined,
): Promise<void> {
  let response = await fetch(url, { credentials: "same-origin", signal });
  if (response.status === 202) {
    const queued = (await response.json()) as JobAccepted;
    const job = await runJob(() => Promise.resolve(queued), onProgress, signal);
    response = await fetch(api.jobDownloadUrl(job.id), { credentials: "same-origin", signal });
  }
  if (!response.ok) throw await failure(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename="?([^";]+)"?/.exec(disposition)?.[1];
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = named ?? filename;
  link.click();
  // The browser has started the download by the time click() returns; the URL is not needed after.
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
