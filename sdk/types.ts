// Wire shapes of the Flow Service API (see ../shared/reference/flow-service-api.md §2).

export interface FlowSpecRef {
  id: string;
  version: string;
}

export interface Transformation {
  name: string;
  params?: Record<string, unknown>;
}

/** Schedule as the API carries it: reads return every value as a string, writes accept either form. */
export interface ApiScheduleParams {
  startTime: string | number;
  frequency: string;
  interval?: string | number;
  backfill?: string | boolean;
  endTime?: string | number;
  [specific: string]: unknown;
}

export interface CreateFlowRequest {
  name: string;
  description?: string;
  flowSpec: FlowSpecRef;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: Transformation[];
  scheduleParams?: ApiScheduleParams;
  options?: Record<string, unknown>;
}

/** The `{id, etag}` body that every write (create, patch, action) returns. */
export interface WriteResult {
  id: string;
  etag: string;
}

export type FlowState = "draft" | "enabled" | "disabled" | string;

export interface Flow {
  id: string;
  name: string;
  description?: string;
  flowSpec: FlowSpecRef;
  state: FlowState;
  etag: string;
  version?: string;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: Transformation[];
  scheduleParams?: ApiScheduleParams;
  options?: Record<string, unknown>;
  labels?: string[];
  sandboxName?: string;
  createdAt?: number;
  updatedAt?: number;
  [extra: string]: unknown;
}

export interface FlowList {
  items: Flow[];
  _links?: { next?: { href: string } };
  count?: number;
}

export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

export type FlowAction = "publish" | "enable" | "disable";

export interface RequestOptions {
  /** Overrides the client's default `x-sandbox-name` for this call. */
  sandboxName?: string;
}

export interface ListFlowsQuery {
  /** Filters such as `name==My flow` or `state==enabled`; several are ANDed. */
  property?: string[];
  orderby?: string;
  limit?: number;
  continuationToken?: string;
}

/**
 * A flow spec as `GET /flowSpecs/{id}` returns it (read-only; the same in every org): which
 * connection specs a flow may use, its transformations, schedule and options schemas, and whether
 * it supports drafts. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
 */
export interface FlowSpec {
  id: string;
  name: string;
  version?: string;
  sourceConnectionSpecIds?: string[];
  targetConnectionSpecIds?: string[];
  /** Adobe's pages name this list both `transformationSpecs` and `transformationSpec`. */
  transformationSpecs?: { name: string; spec?: Record<string, unknown> }[];
  transformationSpec?: { name: string; spec?: Record<string, unknown> }[];
  scheduleSpec?: { name?: string; type?: string; spec?: Record<string, unknown> };
  optionSpec?: { name?: string; spec?: Record<string, unknown> };
  attributes?: { isDraftModeSupported?: boolean; isSourceFlow?: boolean; [other: string]: unknown };
  [extra: string]: unknown;
}
