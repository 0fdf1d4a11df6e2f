/**
 * Wire types for the Kafkaesque REST API.
 *
 * These follow contracts.md while the back end's serializers are being written; `npm run gen:api`
 * writes the generated schema to ./generated/ and these aliases move onto it as endpoints land.
 */

export type Category = "stream" | "store" | "compute" | "search" | "visualise" | "notebook" | "external";
export type Mode = "stream" | "batch";
export type Severity = "error" | "warning" | "info";
export type Verdict = "impossible" | "kafkaesque" | "sensible";

export interface PropertySpec {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "enum" | "regex-list" | string;
  default: unknown;
  choices: string[];
  description: string;
  required: boolean;
}

export interface NamingRule {
  kind: string;
  pattern: string;
  max_length: number | null;
  reserved: string[];
  description: string;
  evidence?: string[];
}

export interface Service {
  id: string;
  name: string;
  category: Category;
  description: string;
  store_kinds: string[];
  naming: NamingRule[];
  properties: PropertySpec[];
  image: string | null;
  default_version?: string | null;
  docs: string[];
  legacy: boolean;
}

export interface Pair {
  source: string;
  sink: string;
  modes: Mode[];
  evidence: string[];
  status: "documented" | "inferred" | string;
  note: string;
}

export interface Mechanism {
  id: string;
  name: string;
  kind: string;
  description: string;
  pairs: Pair[];
  renames: boolean;
  properties: PropertySpec[];
  required_properties: string[];
  short_label: string;
  legacy: boolean;
}

export interface Catalog {
  version: string;
  services: Service[];
  mechanisms: Mechanism[];
}

/** The design document, format kafkaesque.design/v1 (DESIGN.md). */
export interface DesignLocation {
  id: string;
  name: string;
  provider?: string | null;
  region?: string | null;
  zone?: string | null;
}

export interface DesignStore {
  name: string;
  kind: string;
  properties?: Record<string, unknown>;
}

export interface DesignNode {
  id: string;
  service: string;
  name: string;
  location?: string | null;
  group?: string | null;
  properties?: Record<string, unknown>;
  stores?: DesignStore[];
}

export interface DesignFlow {
  id: string;
  from: string;
  to: string;
  mechanism?: string | null;
  properties?: Record<string, unknown>;
}

export interface DesignDocument {
  format: "kafkaesque.design/v1";
  name: string;
  description?: string;
  locations?: DesignLocation[];
  nodes: DesignNode[];
  flows: DesignFlow[];
  layout?: Record<string, { x: number; y: number; pinned?: boolean }>;
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DesignSummary {
  id: number;
  name: string;
  description: string;
  visibility: "private" | "public";
  owner: string | null;
  revision: number | null;
  updated_at: string;
  can_edit: boolean;
}

export interface DesignRecord extends DesignSummary {
  document: DesignDocument;
}

export interface PatternSummary {
  slug: string;
  name: string;
  description: string;
  expected_verdict: Verdict | null;
  document?: DesignDocument;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  refs: string[];
  evidence: string[];
  fix: string;
  path: string[];
}

export interface AnalysisResult {
  verdict: Verdict;
  findings: Finding[];
  stats: Record<string, unknown>;
  mechanisms?: Record<string, string>;
}

export interface Job {
  id: number | string;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  phase: string;
  error: string;
  result: unknown;
}

export interface User {
  id: number;
  username: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
