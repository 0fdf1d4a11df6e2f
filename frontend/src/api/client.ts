import type {
  AnalysisResult,
  ApiErrorBody,
  Catalog,
  DesignDocument,
  DesignRecord,
  DesignSummary,
  Job,
  PatternSummary,
  User,
} from "./contract";

/** An HTTP failure carrying the API's `{error: {code, message}}` body when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function csrfToken(): string {
  const match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (method !== "GET" && method !== "HEAD") headers["X-CSRFToken"] = csrfToken();
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, "network", "The server cannot be reached. Check that Kafkaesque is running.");
  }
  if (!response.ok) throw await toError(response);
  return response;
}

async function toError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as ApiErrorBody | null)?.error;
  if (error && typeof error.message === "string") {
    return new ApiError(response.status, error.code, error.message, error.details);
  }
  const detail = (body as { detail?: string } | null)?.detail;
  const fallback: Record<number, string> = {
    401: "Please log in first.",
    403: "You are not allowed to do that.",
    404: "Not found.",
    412: "Someone else saved a newer revision.",
    503: "Background jobs are paused (Redis or the worker is down). Your design is saved.",
  };
  return new ApiError(
    response.status,
    `http-${response.status}`,
    detail ?? fallback[response.status] ?? `The server answered ${response.status}.`,
  );
}

async function json<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function results<T>(payload: T[] | { results: T[] }): T[] {
  return Array.isArray(payload) ? payload : payload.results;
}

function revisionFromEtag(etag: string | null): number | null {
  const match = etag ? /r(\d+)/.exec(etag) : null;
  return match?.[1] ? Number(match[1]) : null;
}

/** Normalise a design record whatever names the serializer gives its revision fields. */
function toDesign(raw: Record<string, unknown>, etag: string | null = null): DesignRecord {
  const revision =
    revisionFromEtag(etag) ??
    (typeof raw.revision === "number" ? raw.revision : null) ??
    (typeof raw.current_revision === "number" ? raw.current_revision : null) ??
    (typeof raw.revision_number === "number" ? raw.revision_number : null);
  const owner = raw.owner;
  return {
    id: raw.id as number,
    name: String(raw.name ?? ""),
    description: String(raw.description ?? ""),
    visibility: raw.visibility === "public" || raw.public === true ? "public" : "private",
    owner: typeof owner === "string" ? owner : ((owner as { username?: string } | null)?.username ?? null),
    revision,
    updated_at: String(raw.updated_at ?? ""),
    can_edit: raw.can_edit !== false,
    document: raw.document as DesignDocument,
  };
}

function toPattern(raw: Record<string, unknown>): PatternSummary {
  const verdict = raw.expected_verdict;
  return {
    slug: String(raw.slug),
    name: String(raw.title ?? raw.name ?? raw.slug),
    description: String(raw.explanation ?? raw.description ?? ""),
    expected_verdict:
      verdict === "impossible" || verdict === "kafkaesque" || verdict === "sensible" ? verdict : null,
    document: raw.document as DesignDocument | undefined,
  };
}

export const api = {
  catalog: () => json<Catalog>("/api/catalog/"),
  /** "source>sink" → the catalog's default mechanism for that pair. */
  matrixDefaults: async (): Promise<Map<string, string>> => {
    const payload = await json<{ rows?: { source: string; sink: string; default?: string | null }[] }>(
      "/api/catalog/matrix/",
    );
    const defaults = new Map<string, string>();
    for (const row of payload.rows ?? [])
      if (row.default) defaults.set(`${row.source}>${row.sink}`, row.default);
    return defaults;
  },

  me: async (): Promise<User | null> => {
    try {
      const user = await json<User & { authenticated?: boolean }>("/api/auth/me/");
      return user.authenticated === false || !user.username ? null : user;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
      throw error;
    }
  },
  login: (username: string, password: string) =>
    json<User>("/api/auth/login/", { method: "POST", body: { username, password } }),
  logout: () => json<void>("/api/auth/logout/", { method: "POST" }),

  designs: async (scope: "mine" | "public", search = ""): Promise<DesignSummary[]> => {
    const query = new URLSearchParams({ scope });
    if (search) query.set("name", search);
    const payload = await json<Record<string, unknown>[] | { results: Record<string, unknown>[] }>(
      `/api/designs/?${query}`,
    );
    return results(payload).map((raw) => toDesign(raw));
  },
  design: async (id: number | string): Promise<DesignRecord> => {
    const response = await send(`/api/designs/${id}/`);
    return toDesign((await response.json()) as Record<string, unknown>, response.headers.get("ETag"));
  },
  createDesign: async (document: DesignDocument, visibility = "private"): Promise<DesignRecord> => {
    const response = await send("/api/designs/", {
      method: "POST",
      body: { name: document.name, description: document.description ?? "", visibility, document },
    });
    return toDesign((await response.json()) as Record<string, unknown>, response.headers.get("ETag"));
  },
  saveDesign: async (
    id: number,
    revision: number | null,
    document: DesignDocument,
  ): Promise<DesignRecord> => {
    const response = await send(`/api/designs/${id}/`, {
      method: "PUT",
      headers: revision === null ? {} : { "If-Match": `"r${revision}"` },
      body: { document },
    });
    return toDesign((await response.json()) as Record<string, unknown>, response.headers.get("ETag"));
  },
  setVisibility: async (id: number, revision: number | null, visibility: "private" | "public") => {
    const response = await send(`/api/designs/${id}/`, {
      method: "PATCH",
      headers: revision === null ? {} : { "If-Match": `"r${revision}"` },
      body: { visibility },
    });
    return toDesign((await response.json()) as Record<string, unknown>, response.headers.get("ETag"));
  },
  deleteDesign: (id: number) => json<void>(`/api/designs/${id}/`, { method: "DELETE" }),
  importDesign: async (document: unknown): Promise<DesignRecord> => {
    const response = await send("/api/designs/import/", { method: "POST", body: { document } });
    return toDesign((await response.json()) as Record<string, unknown>, response.headers.get("ETag"));
  },
  revisions: async (id: number) =>
    results(
      await json<
        | { number: number; created_at: string; message: string; author?: unknown }[]
        | { results: { number: number; created_at: string; message: string; author?: unknown }[] }
      >(`/api/designs/${id}/revisions/`),
    ),
  revision: (id: number, number: number) =>
    json<{ number: number; document: DesignDocument }>(`/api/designs/${id}/revisions/${number}/`),
  restoreRevision: (id: number, number: number) =>
    json<Record<string, unknown>>(`/api/designs/${id}/revisions/${number}/restore/`, { method: "POST" }),

  patterns: async (): Promise<PatternSummary[]> =>
    results(
      await json<Record<string, unknown>[] | { results: Record<string, unknown>[] }>("/api/patterns/"),
    ).map(toPattern),
  /** A pattern's design document (the detail endpoint answers the document itself). */
  patternDocument: async (slug: string): Promise<DesignDocument> => {
    const raw = await json<DesignDocument | { document: DesignDocument }>(`/api/patterns/${slug}/`);
    return "nodes" in raw ? raw : raw.document;
  },
  instantiatePattern: async (slug: string): Promise<DesignRecord> => {
    const response = await send(`/api/patterns/${slug}/instantiate/`, { method: "POST", body: {} });
    return toDesign((await response.json()) as Record<string, unknown>, response.headers.get("ETag"));
  },

  startAnalysis: (id: number, revision: number | null) =>
    json<Job>(`/api/designs/${id}/analyses/`, { method: "POST", body: revision ? { revision } : {} }),
  startBundle: (id: number, revision: number | null) =>
    json<Job>(`/api/designs/${id}/bundles/`, { method: "POST", body: revision ? { revision } : {} }),
  job: (id: number | string) => json<Job>(`/api/jobs/${id}/`),
  jobDownloadUrl: (id: number | string) => `/api/jobs/${id}/download/`,
  exportUrl: (id: number, format: string, revision: number | null) =>
    `/api/designs/${id}/export?format=${format}${revision ? `&revision=${revision}` : ""}`,
};

export type AnalysisJobResult = AnalysisResult;
