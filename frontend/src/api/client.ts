import type {
  Activity,
  ActivityPage,
  ApiErrorBody,
  Collaborator,
  CollaboratorRole,
  People,
  ShareJoined,
  ShareLink,
  ShareLinkCreated,
  Catalog,
  ConfigImport,
  DesignDiff,
  DesignDocument,
  DesignOrdering,
  DesignPage,
  DesignRecord,
  DesignSummary,
  ExportBackground,
  Job,
  JobAccepted,
  Me,
  PatternSummary,
  RevisionRecord,
  RevisionSummary,
  SimulationRequest,
  SimulationResult,
  UploadedFile,
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
  signal?: AbortSignal;
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
      signal: options.signal,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
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
    fallback[response.status] ?? `The server answered ${response.status}.`,
  );
}

async function json<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A signed-in user: the `me` answer once it says so. */
export type SignedIn = Me & { authenticated: true; id: number; username: string };

function signedIn(me: Me): SignedIn | null {
  return me.authenticated && me.id !== null && me.username
    ? { ...me, authenticated: true, id: me.id, username: me.username }
    : null;
}

function ifMatch(revision: number): Record<string, string> {
  return { "If-Match": `"r${revision}"` };
}

export const api = {
  catalog: () => json<Catalog>("/api/catalog/"),

  me: async (): Promise<SignedIn | null> => signedIn(await json<Me>("/api/auth/me/")),
  /** Who is signed in, if anyone, and whether this install takes new accounts. */
  whoami: async (): Promise<{ user: SignedIn | null; signupEnabled: boolean }> => {
    const me = await json<Me>("/api/auth/me/");
    return { user: signedIn(me), signupEnabled: me.signup_enabled };
  },
  login: async (username: string, password: string): Promise<SignedIn | null> =>
    signedIn(await json<Me>("/api/auth/login/", { method: "POST", body: { username, password } })),
  logout: () => json<void>("/api/auth/logout/", { method: "POST" }),

  /** One page of designs in a scope, filtered by name and sorted (the API's page size, 50). */
  designs: async (
    scope: "mine" | "public",
    {
      search = "",
      ordering = "-updated",
      page = 1,
    }: { search?: string; ordering?: DesignOrdering; page?: number } = {},
  ): Promise<{ count: number; more: boolean; items: DesignSummary[] }> => {
    const query = new URLSearchParams({ scope, ordering, page: String(page) });
    if (search) query.set("name", search);
    const answer = await json<DesignPage>(`/api/designs/?${query}`);
    return { count: answer.count, more: Boolean(answer.next), items: answer.results };
  },
  design: (id: number) => json<DesignRecord>(`/api/designs/${id}/`),
  createDesign: (document: DesignDocument, visibility: "private" | "public" = "private") =>
    json<DesignRecord>("/api/designs/", {
      method: "POST",
      body: { name: document.name, description: document.description ?? "", visibility, document },
    }),
  /** Replace the document; `base` is the revision it was edited from (412 when another came since). */
  saveDesign: (id: number, base: number, document: DesignDocument) =>
    json<DesignRecord>(`/api/designs/${id}/`, { method: "PUT", headers: ifMatch(base), body: { document } }),
  /** Sharing is not part of the document and makes no revision, so it needs no base revision. */
  setVisibility: (id: number, visibility: "private" | "public") =>
    json<DesignRecord>(`/api/designs/${id}/`, { method: "PATCH", body: { visibility } }),
  /** Sharing with people: only the owner may change it (403 otherwise). */
  people: (id: number) => json<People>(`/api/designs/${id}/people/`),
  invite: (id: number, person: string, role: CollaboratorRole) =>
    json<Collaborator>(`/api/designs/${id}/people/`, { method: "POST", body: { person, role } }),
  setRole: (id: number, userId: number, role: CollaboratorRole) =>
    json<Collaborator>(`/api/designs/${id}/people/${userId}/`, { method: "PUT", body: { role } }),
  removePerson: (id: number, userId: number) =>
    json<void>(`/api/designs/${id}/people/${userId}/`, { method: "DELETE" }),
  shareLinks: (id: number) => json<ShareLink[]>(`/api/designs/${id}/links/`),
  createShareLink: (id: number, role: CollaboratorRole) =>
    json<ShareLinkCreated>(`/api/designs/${id}/links/`, { method: "POST", body: { role } }),
  revokeShareLink: (id: number, linkId: number) =>
    json<void>(`/api/designs/${id}/links/${linkId}/`, { method: "DELETE" }),
  joinShareLink: (secret: string) =>
    json<ShareJoined>(`/api/share/${encodeURIComponent(secret)}/`, { method: "POST" }),
  /** The newest page of who did what. */
  activity: async (id: number): Promise<Activity[]> =>
    (await json<ActivityPage>(`/api/designs/${id}/activity/`)).results,
  revisions: (id: number) => json<RevisionSummary[]>(`/api/designs/${id}/revisions/`),
  revision: (id: number, number: number) => json<RevisionRecord>(`/api/designs/${id}/revisions/${number}/`),
  /** The server's semantic diff from a saved revision to a document not saved yet (on screen). */
  diffToDocument: (id: number, from: number, document: DesignDocument) =>
    json<DesignDiff>(`/api/designs/${id}/diff/`, { method: "POST", body: { from_revision: from, document } }),

  patterns: () => json<PatternSummary[]>("/api/patterns/"),
  /** A pattern's design document (the detail endpoint answers the document itself). */
  patternDocument: (slug: string) => json<DesignDocument>(`/api/patterns/${slug}/`),
  instantiatePattern: (slug: string) =>
    json<DesignRecord>(`/api/patterns/${slug}/instantiate/`, { method: "POST", body: {} }),

  /** The design document of an mm2.properties file (clusters as Kafka nodes, flows as MM2 flows); not saved. */
  importMm2: async (properties: string, name: string): Promise<DesignDocument> =>
    (
      await json<{ document: DesignDocument }>("/api/import/mm2/", {
        method: "POST",
        body: { properties, name },
      })
    ).document,

  /** The merged design of configuration files of what runs (compose, Connect, MM2, Strimzi, CQL, zips); not saved. */
  importConfig: (files: UploadedFile[], name: string) =>
    json<ConfigImport>("/api/import/", { method: "POST", body: { files, name } }),
  /** Compare uploaded files of what runs with the design's current revision, as a job. */
  startDrift: (id: number, files: UploadedFile[]) =>
    json<JobAccepted>(`/api/designs/${id}/drift/`, { method: "POST", body: { files } }),

  startAnalysis: (id: number, revision: number) =>
    json<Job>(`/api/designs/${id}/analyses/`, { method: "POST", body: { revision } }),
  /** Bundles are always of the current revision. */
  startBundle: (id: number) => json<JobAccepted>(`/api/designs/${id}/bundles/`, { method: "POST" }),
  job: (id: number, signal?: AbortSignal) => json<Job>(`/api/jobs/${id}/`, { signal }),
  /** What if: simulate the current revision (a job; its typed result comes from `simulationResult`). */
  startSimulation: (id: number, request: SimulationRequest) =>
    json<JobAccepted>(`/api/designs/${id}/simulations/`, { method: "POST", body: request }),
  simulationResult: (jobId: number, signal?: AbortSignal) =>
    json<SimulationResult>(`/api/jobs/${jobId}/simulation/`, { signal }),
  jobDownloadUrl: (id: number) => `/api/jobs/${id}/download/`,
  exportUrl: (id: number, format: string, revision: number, background?: ExportBackground) =>
    `/api/designs/${id}/export?format=${format}&revision=${revision}${background ? `&background=${background}` : ""}`,
};
