/**
 * Wire types for the Kafkaesque REST API, all taken from the OpenAPI schema (`npm run gen:api`).
 *
 * The one exception is the design document itself: the schema leaves it free-form JSON (the
 * server validates it against its own JSON Schema), so its shape is written here from DESIGN.md.
 */
import type { components, paths } from "./generated/schema";

type Schemas = components["schemas"];

export type Category = Schemas["CategoryEnum"];
export type Mode = Schemas["ModesEnum"];
export type Severity = Schemas["SeverityEnum"];
export type Verdict = Schemas["VerdictEnum"];
export type PropertySpec = Schemas["PropertySpecOut"];
export type NamingRule = Schemas["NamingRuleOut"];
export type Service = Schemas["ServiceOut"];
export type Pair = Schemas["PairOut"];
export type Mechanism = Schemas["MechanismOut"];
export type Catalog = Schemas["CatalogOut"];
export type Job = Schemas["JobOut"];
export type JobAccepted = Schemas["JobAcceptedOut"];
export type Me = Schemas["MeOut"];
export type DesignSummary = Schemas["DesignSummary"];
export type DesignPage = Schemas["PaginatedDesignSummaryList"];
/** The server's semantic diff of two versions of a design. */
export type DesignDiff = Schemas["DiffOut"];
/** The background of a drawn export. */
export type ExportBackground = NonNullable<
  NonNullable<paths["/api/designs/{design_id}/export/"]["get"]["parameters"]["query"]>["background"]
>;
/** How a design list is sorted: by name or by the last change, either way round. */
export type DesignOrdering = NonNullable<
  NonNullable<paths["/api/designs/"]["get"]["parameters"]["query"]>["ordering"]
>;
export type PatternSummary = Schemas["PatternSummary"];
export type RevisionSummary = Schemas["RevisionSummary"];
export type ApiErrorBody = Schemas["ErrorOut"];
export type UploadedFile = Schemas["UploadedFileInRequest"];
export type DriftDifference = Schemas["DifferenceOut"];
export type DriftReport = Schemas["DriftReportOut"];
/** What an import of configuration files answers, with the merged document given its real shape. */
export type ConfigImport = Omit<Schemas["ConfigImportOut"], "document"> & { document: DesignDocument };
export type People = Schemas["PeopleOut"];
export type Collaborator = Schemas["CollaboratorOut"];
export type CollaboratorRole = Schemas["CollaboratorRoleEnum"];
export type ShareLink = Schemas["LinkOut"];
export type ShareLinkCreated = Schemas["LinkCreatedOut"];
export type ShareJoined = Schemas["JoinOut"];
export type ActivityPage = Schemas["PaginatedActivityOutList"];
export type Activity = Schemas["ActivityOut"];
export type SimulationRequest = Schemas["SimulationInRequest"];
export type SimulationResult = Schemas["SimulationResultOut"];
export type SimulatedFlow = Schemas["SimulatedFlowOut"];

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

/** A design as the API answers it, with the free-form document given its real shape. */
export type DesignRecord = Omit<Schemas["DesignDetail"], "document"> & { readonly document: DesignDocument };

/** A revision with its document. */
export type RevisionRecord = Omit<Schemas["RevisionDetail"], "document"> & { document: DesignDocument };

/** A finding with its witness path always present (the schema marks it optional). */
export type Finding = Omit<Schemas["FindingOut"], "path"> & { path: string[] };

/** An analysis job's result, its findings with their paths filled in. */
export type AnalysisResult = Omit<Schemas["AnalysisResultOut"], "findings"> & { findings: Finding[] };
