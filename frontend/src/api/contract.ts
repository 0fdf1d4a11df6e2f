/**
 * Wire types for the Kafkaesque REST API.
 *
 * Catalog, job and finding types come from the OpenAPI schema (`npm run gen:api`). The design
 * document itself is free-form JSON in the schema (validated by the server's JSON Schema), so
 * its shape is written here from DESIGN.md; the analysis result's findings use the generated type.
 */
import type { components } from "./generated/schema";

type Schemas = components["schemas"];

export type Category = Schemas["CategoryEnum"];
export type Mode = Schemas["ModesEnum"];
export type Severity = Schemas["SeverityEnum"];
export type Verdict = "impossible" | "kafkaesque" | "sensible";
export type PropertySpec = Schemas["PropertySpecOut"];
export type NamingRule = Schemas["NamingRuleOut"];
export type Service = Schemas["ServiceOut"];
export type Pair = Schemas["PairOut"];
export type Mechanism = Schemas["MechanismOut"];
export type Catalog = Schemas["CatalogOut"];
export type Job = Schemas["JobOut"];

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

/** A finding with its witness path always present (the schema marks it optional). */
export type Finding = Omit<Schemas["FindingOut"], "path"> & { path: string[] };

export interface AnalysisResult {
  verdict: Verdict;
  findings: Finding[];
  stats: Record<string, unknown>;
  mechanisms?: Record<string, string>;
}

export interface User {
  id: number;
  username: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
