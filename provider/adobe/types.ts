// Wire shapes of the Flow Service API, Data Prep, Catalog and the Schema Registry, as Adobe's API
// specifications describe them: https://github.com/AdobeDocs/experience-platform-apis/tree/main/static/swagger-specs

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

/**
 * The Flow Service collections whose entities Adobe drafts, patches with an etag, publishes and
 * deletes alike: https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
 */
export type EntityCollection = "flows" | "connections" | "sourceConnections" | "targetConnections";

/** What every entity of those collections carries, as `GET /{collection}/{id}` returns it (in `items[0]`). */
export interface Entity {
  id: string;
  name: string;
  description?: string;
  state: FlowState;
  etag: string;
  version?: string;
  sandboxName?: string;
  /** Epoch milliseconds. */
  createdAt?: number;
  /** Epoch milliseconds. */
  updatedAt?: number;
  [extra: string]: unknown;
}

export interface EntityList<T extends Entity = Entity> {
  items: T[];
  _links?: { next?: { href: string } };
  count?: number;
}

/** A flow as `GET /flows/{id}` returns it: what a create sends, and the entity's own fields. */
export interface Flow extends Entity, Omit<CreateFlowRequest, "name" | "description"> {
  labels?: string[];
}

export type FlowList = EntityList<Flow>;

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

export interface ListQuery {
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

/** `{id, version}` of a connection spec, as connections carry it. */
export interface ConnectionSpecRef {
  id: string;
  version: string;
}

/**
 * A base connection (an account): `POST /connections`. `auth.params` holds credentials; the
 * service never gives them back as sent. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update
 */
export interface BaseConnection extends Entity {
  connectionSpec: ConnectionSpecRef;
  auth?: { specName: string; params?: Record<string, unknown> };
}

/** A source connection (`POST /sourceConnections`): where the data is read, and its format. */
export interface SourceConnection extends Entity {
  connectionSpec: ConnectionSpecRef;
  baseConnectionId?: string;
  data?: { format?: string; schema?: unknown; properties?: Record<string, unknown> | null } | null;
  params?: Record<string, unknown> | null;
}

/** A target connection (`POST /targetConnections`): for sources, a dataset of the data lake. */
export interface TargetConnection extends Entity {
  connectionSpec: ConnectionSpecRef;
  baseConnectionId?: string;
  data?: { format?: string; schema?: { id: string; version: string } | null; properties?: Record<string, unknown> | null } | null;
  params?: Record<string, unknown> | null;
}

/**
 * A connection spec as `GET /connectionSpecs/{id}` returns it (read-only, the same in every org):
 * its auth specs (a param with `format: "password"` is a secret), what a source or target
 * connection of it takes, and whether it supports drafts.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec
 */
export interface ConnectionSpec {
  id: string;
  name: string;
  version?: string;
  providerId?: string;
  authSpec?: {
    name: string;
    type?: string;
    spec?: { properties?: Record<string, { type?: string; format?: string }>; required?: string[] };
  }[];
  sourceSpec?: { spec?: Record<string, unknown> };
  targetSpec?: { spec?: Record<string, unknown> };
  attributes?: { isDraftModeSupported?: boolean; isSource?: boolean; category?: string; [other: string]: unknown };
  [extra: string]: unknown;
}

/** One mapping rule of a mapping set, as written. https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set */
export interface MappingRule {
  sourceType: "ATTRIBUTE" | "EXPRESSION" | "STATIC" | string;
  source: string;
  destination: string;
  name?: string;
  description?: string;
  [extra: string]: unknown;
}

/** The body of `POST /mappingSets` and `PUT /mappingSets/{id}` (Data Prep). */
export interface MappingSetRequest {
  outputSchema: { schemaRef: { id: string; contentType: string } };
  mappings: MappingRule[];
}

/** A mapping set as `GET /mappingSets/{id}` returns it: the read shape differs from the write shape. */
export interface MappingSet {
  id: string;
  version: number;
  outputSchema?: { schemaRef?: { id: string; contentType?: string }; [extra: string]: unknown };
  mappings?: MappingRule[];
  status?: string;
  createdDate?: number;
  modifiedDate?: number;
  [extra: string]: unknown;
}

/** A dataset, as Catalog returns it (in an object keyed by dataset id). */
export interface Dataset {
  id: string;
  name: string;
  description?: string;
  schemaRef?: { id: string; contentType?: string };
  /** Tag name → values, e.g. `unifiedProfile: ["enabled:true"]`. */
  tags?: Record<string, string[]>;
  /** Semver such as "1.0.1", moved by every write. */
  version?: string;
  /** Epoch milliseconds. */
  created?: number;
  updated?: number;
  [extra: string]: unknown;
}

/** The body of `POST /dataSets` (create-dataset). */
export interface DatasetRequest {
  name: string;
  description?: string;
  schemaRef: { id: string; contentType: string };
  tags?: Record<string, string[]>;
}

/** A schema of the tenant's registry, as a `application/vnd.adobe.xed-id+json` list returns it. */
export interface SchemaSummary {
  $id: string;
  "meta:altId": string;
  version: string;
  title: string;
  [extra: string]: unknown;
}

/** A tenant field group or schema as a versioned lookup (`application/vnd.adobe.xed+json; version=1`) or a write returns it. */
export interface XdmResource {
  $id: string;
  "meta:altId": string;
  /** "major.minor", the minor moved by every write. */
  version: string;
  title: string;
  description?: string;
  allOf?: { $ref: string; [extra: string]: unknown }[];
  definitions?: Record<string, { properties?: Record<string, unknown>; [extra: string]: unknown }>;
  "meta:intendedToExtend"?: string[];
  "meta:immutableTags"?: string[];
  "meta:class"?: string;
  "meta:tenantNamespace"?: string;
  /** `eTag` (64 hex) changes with every write: a change detector only, as the Registry takes no If-Match. */
  "meta:registryMetadata"?: { eTag?: string; "repo:createdDate"?: number; [extra: string]: unknown };
  [extra: string]: unknown;
}

/** An identity descriptor (`xdm:descriptorIdentity`) as `/tenant/descriptors` takes it. */
export interface IdentityDescriptorBody {
  "@type": "xdm:descriptorIdentity";
  "xdm:sourceSchema": string;
  "xdm:sourceVersion": number;
  "xdm:sourceProperty": string;
  "xdm:namespace": string;
  "xdm:property": "xdm:code";
  "xdm:isPrimary": boolean;
}

/** A descriptor as the registry returns it: the body, its `@id` and what the registry adds (`created`, epoch ms). */
export type Descriptor = Partial<IdentityDescriptorBody> & { "@id": string; "@type": string; created?: number; [extra: string]: unknown };

/** A run of a flow (`GET /runs?property=flowId==…`). https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor */
export interface FlowRun {
  id: string;
  flowId: string;
  createdAt?: number;
  metrics?: {
    durationSummary?: { startedAtUTC?: number; completedAtUTC?: number };
    recordSummary?: { inputRecordCount?: number; outputRecordCount?: number; failedRecordCount?: number };
    statusSummary?: { status?: string; errors?: { code?: string; message?: string }[] };
    [extra: string]: unknown;
  };
  [extra: string]: unknown;
}
