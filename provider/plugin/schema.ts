// The Pulumi package schema of the `aep` provider plugin (`pulumi-resource-aep`): the same five kinds
// and five lookups the dynamic resources serve, described so that `pulumi package gen-sdk` makes SDKs
// (Python, Node.js), Pulumi YAML type-checks programs, and `pulumi import` knows the types. Every
// property says its shape, units and default, and what a change does to the entity (one etag-guarded
// PATCH, a new mapping set version, a publish, or a replace), in Adobe's terms. Pure data.
// Format: https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/
// (meta-schema: github.com/pulumi/pulumi pkg/codegen/schema/pulumi.json)
import type { BaseConnectionOutputs } from "../kinds/base-connection";
import type { MappingSetOutputs } from "../kinds/mapping-set";
import type { SourceConnectionOutputs } from "../kinds/source-connection";
import type { TargetConnectionOutputs } from "../kinds/target-connection";
import type { DataflowOutputs } from "../types";
import { DEFAULT_ENDPOINT, DEFAULT_IMS_ENDPOINT, DEFAULT_SANDBOX, DEFAULT_SCOPES, SETTINGS, SettingName } from "../adobe/settings";

// ---- The schema format (the parts this package uses) ----

/** A reference to a type: a primitive, an array, a map, a named type (`$ref`) or a union (`oneOf`). */
export interface TypeSpec {
  type?: "boolean" | "integer" | "number" | "string" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
  plain?: boolean;
}

/** A property of a resource, an object type, a function, or the provider's configuration. */
export interface PropertySpec extends TypeSpec {
  description: string;
  default?: boolean | number | string;
  defaultInfo?: { environment: string[] };
  secret?: boolean;
  /** A change of this property replaces the resource instead of updating it. */
  replaceOnChanges?: boolean;
  /** The provider replaces the resource when this property changes (informational). */
  willReplaceOnChanges?: boolean;
}

/** An object type: its properties and those that are always set. */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** One value of an enum type. */
export interface EnumValueSpec {
  value: string;
  name?: string;
  description?: string;
}

/** A named string enum. */
export interface EnumTypeSpec {
  type: "string";
  description?: string;
  enum: EnumValueSpec[];
}

/** A resource (or the provider itself): its inputs, outputs and which of each are required. */
export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  /** The outputs: the inputs and the computed properties. */
  properties?: Record<string, PropertySpec>;
  /** Outputs that are always set. */
  required?: string[];
}

/** A function (a read-only lookup): its inputs and the object it returns. */
export interface FunctionSpec {
  description: string;
  inputs: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

/** A Pulumi package schema (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/). */
export interface PackageSchema {
  name: string;
  displayName?: string;
  version: string;
  description?: string;
  keywords?: string[];
  homepage?: string;
  license?: string;
  repository?: string;
  publisher?: string;
  meta?: { moduleFormat: string };
  config: { variables: Record<string, PropertySpec>; defaults?: string[] };
  provider: ResourceSpec;
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  language: {
    nodejs: { packageName: string; packageDescription?: string; dependencies?: Record<string, string> };
    python: { packageName: string; requires: Record<string, string>; respectSchemaVersion?: boolean; pyproject?: { enabled: boolean } };
  };
}

// ---- Tokens ----

/** The runtime kind names (what `pulumi-aep-dataflows/runtime`'s `forKind` takes). */
export type KindName = "Dataflow" | "BaseConnection" | "SourceConnection" | "TargetConnection" | "MappingSet";

/** The lookup functions of provider/lookups.ts, by name. */
export type LookupName = "getFlowSpec" | "getConnectionSpec" | "getDataset" | "getSchema" | "getFlowRuns";

/** Resource type token (`aep:index:<Name>`) → the runtime kind that serves it. */
export const TYPE_TOKENS: Record<string, KindName> = {
  "aep:index:Dataflow": "Dataflow",
  "aep:index:BaseConnection": "BaseConnection",
  "aep:index:SourceConnection": "SourceConnection",
  "aep:index:TargetConnection": "TargetConnection",
  "aep:index:MappingSet": "MappingSet",
};

/**
 * Function token (`aep:index:<name>`) → the lookup of provider/lookups.ts that answers it. Every
 * function returns an object: `getFlowRuns`, whose lookup returns an array, returns it as `runs`.
 */
export const FUNCTION_TOKENS: Record<string, LookupName> = {
  "aep:index:getFlowSpec": "getFlowSpec",
  "aep:index:getConnectionSpec": "getConnectionSpec",
  "aep:index:getDataset": "getDataset",
  "aep:index:getSchema": "getSchema",
  "aep:index:getFlowRuns": "getFlowRuns",
};

// ---- Building blocks ----

const FLOW_SERVICE = "https://platform.adobe.io/data/foundation/flowservice";
const DATA_PREP = "https://platform.adobe.io/data/foundation/conversion";
const XED = "application/vnd.adobe.xed-full+json;version=1";
const DOCS = {
  update: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update",
  updateDataflows: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows",
  draft: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft",
  cloudStorage: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage",
  mappingSet: "https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set",
  partial: "https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial",
  monitor: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor",
  authSpec: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec",
};

const ref = (name: string): TypeSpec => ({ $ref: `#/types/aep:index:${name}` });
const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };
const STRING: TypeSpec = { type: "string" };
const BOOLEAN: TypeSpec = { type: "boolean" };
const INTEGER: TypeSpec = { type: "integer" };
const NUMBER: TypeSpec = { type: "number" };
const STRINGS: TypeSpec = { type: "array", items: STRING };
/** A free-form map whose values may be anything (spec-defined params). */
const ANY_MAP: TypeSpec = { type: "object", additionalProperties: ANY };
/** Epoch seconds or an ISO 8601 date. */
const TIME: TypeSpec = { oneOf: [INTEGER, STRING] };

const prop = (type: TypeSpec, description: string, extra: Omit<PropertySpec, "description" | keyof TypeSpec> = {}): PropertySpec => ({
  ...type,
  description,
  ...extra,
});
/** A property whose change replaces the resource. */
const replacing = (type: TypeSpec, description: string, extra: Omit<PropertySpec, "description" | keyof TypeSpec> = {}): PropertySpec =>
  prop(type, description, { ...extra, replaceOnChanges: true, willReplaceOnChanges: true });

/** An object type from its properties; `required` lists those always set. */
const object = (description: string, properties: Record<string, PropertySpec>, required: string[] = []): ObjectTypeSpec => ({
  type: "object",
  description,
  properties,
  ...(required.length ? { required } : {}),
});

/** How a resource of a Flow Service collection is named in descriptions. */
interface EntityWords {
  /** "flow", "base connection". */
  noun: string;
  /** `POST /flows`: where it is created. */
  collection: string;
}

/** What a change of a Flow Service entity's name or description does. */
function patchNote(w: EntityWords): string {
  return `Changed in place: one etag-guarded \`PATCH ${w.collection}/{id}\` (\`If-Match: <etag>\`, a minimal RFC 6902 JSON Patch).`;
}

/** The inputs every Flow Service entity takes: name, description, draft, sandboxName, adoptId. */
function entityInputs(
  w: EntityWords,
  opts: { patchNote?: string; publishNote?: string } = {},
): Record<"name" | "description" | "draft" | "sandboxName" | "adoptId", PropertySpec> {
  const patch = opts.patchNote ?? patchNote(w);
  return {
    name: prop(STRING, `The ${w.noun}'s name, as the AEP UI shows it (not blank). ${patch}`),
    description: prop(STRING, `A description of the ${w.noun} (empty and absent are the same). ${patch}`),
    draft: prop(
      BOOLEAN,
      `Keep the ${w.noun} a draft (default \`true\`: created with \`POST ${w.collection}?mode=draft\`). Setting it to \`false\` publishes ` +
        `it (\`POST ${w.collection}/{id}/action?op=publish\`), in Adobe's publish order: base connection, then source and target ` +
        `connections, then the flow (when the service refuses a publish, the error names each draft it uses). There is no way ` +
        `back: \`true\` after \`false\` is refused (give the resource a new name to start a new draft). A spec that declares ` +
        `\`attributes.isDraftModeSupported: false\` takes no draft: then set \`false\`.` +
        (opts.publishNote ? ` ${opts.publishNote}` : "") +
        ` ${DOCS.draft}`,
      { default: true },
    ),
    sandboxName: replacing(
      STRING,
      `The sandbox (\`x-sandbox-name\`, e.g. \`prod\`) the ${w.noun} lives in; default the provider's ` +
        `\`aep:sandboxName\` (itself default \`prod\`). As an output, the effective sandbox. Changing it replaces the ${w.noun} ` +
        `(a new one in the new sandbox, then the old one deleted).`,
    ),
    adoptId: prop(
      STRING,
      `Take over the existing ${w.noun} with this id (a UUID) when the resource is created, instead of creating one: it must ` +
        `exist in the sandbox with the declared spec and references, and is then brought to the declared inputs with at most one ` +
        `etag-guarded PATCH and the needed actions. Only read at creation: changing or removing it later changes nothing.`,
    ),
  };
}

/** The outputs every Flow Service entity adds to its inputs. */
function entityComputed(w: EntityWords, states: string): Record<"etag" | "state" | "createdAt" | "updatedAt" | "adoption", PropertySpec> {
  return {
    etag: prop(STRING, `The ${w.noun}'s current etag, sent as \`If-Match\` on the next PATCH (a 412 is re-read, never overwritten).`),
    state: prop(
      STRING,
      `The ${w.noun}'s state: ${states}; a transitional state the API reports; \`not-found\` after a refresh found none (the next ` +
        `\`pulumi up\` replaces it).`,
    ),
    createdAt: prop(STRING, `When the ${w.noun} was created (ISO 8601), as of the last read.`),
    updatedAt: prop(STRING, `When the ${w.noun} was last changed (ISO 8601), as of the last read (writes return only \`{id, etag}\`).`),
    adoption: prop(
      STRING,
      `For an adopted ${w.noun} (\`adoptId\`): what taking it over changes, as \`pulumi preview\` shows it, e.g. ` +
        `\`adopts … in sandbox dev: PATCH replace /name\` or \`…: no change\`.`,
    ),
  };
}

const ENTITY_REQUIRED_OUTPUTS = ["name", "draft", "sandboxName", "etag", "state"];

const connectionSpecInput = (noun: string, example: string): PropertySpec =>
  replacing(
    ref("ConnectionSpecRef"),
    `The connection spec (\`{id, version}\`) the ${noun} is made from, ${example}; look it up by name with \`getConnectionSpec\`. ` +
      `Inputs are checked against it before any write. Changing it replaces the ${noun}.`,
  );

// ---- Configuration ----

/** The description, type and default of each setting of sdk/settings.ts. */
const SETTING_DOCS: Record<SettingName, { type: TypeSpec; description: string; default?: string | number }> = {
  endpoint: {
    type: STRING,
    description:
      `The AEP Platform base URL (default \`${DEFAULT_ENDPOINT}\`). Must use https, except on a loopback address (the local ` +
      "emulator).",
    default: DEFAULT_ENDPOINT,
  },
  imsEndpoint: {
    type: STRING,
    description: `The Adobe IMS base URL that issues access tokens (default \`${DEFAULT_IMS_ENDPOINT}\`). https, except on loopback.`,
    default: DEFAULT_IMS_ENDPOINT,
  },
  clientId: {
    type: STRING,
    description:
      "The OAuth Server-to-Server client id of the Adobe Developer Console project; also sent as `x-api-key`. Required for any call.",
  },
  clientSecret: {
    type: STRING,
    description:
      "The OAuth Server-to-Server client secret, exchanged at IMS for a token (cached per process, renewed before expiry). " +
      "Required unless `accessToken` is set. A secret: set it with `pulumi config set --secret aep:clientSecret`.",
  },
  scopes: {
    type: STRING,
    description: `Comma-separated OAuth scopes requested from IMS (default \`${DEFAULT_SCOPES.join(",")}\`).`,
  },
  orgId: {
    type: STRING,
    description: "The IMS organization id, sent as `x-gw-ims-org-id` (e.g. `ABC123@AdobeOrg`). Required for any call.",
  },
  sandboxName: {
    type: STRING,
    description:
      `The sandbox every call names (\`x-sandbox-name\`; lowercase letters, digits and dashes), default \`${DEFAULT_SANDBOX}\`. ` +
      "A resource or lookup may override it with its own `sandboxName`.",
    default: DEFAULT_SANDBOX,
  },
  accessToken: {
    type: STRING,
    description:
      "A ready IMS bearer token, used instead of the client credentials (no token request is made). A secret: set it with " +
      "`pulumi config set --secret aep:accessToken`.",
  },
  timeoutSeconds: {
    type: NUMBER,
    description:
      `The timeout of each HTTP attempt, in seconds (default ${SETTINGS.timeoutSeconds.defaultSeconds}, at most ` +
      `${SETTINGS.timeoutSeconds.maxSeconds}). Retries (capped exponential backoff, \`Retry-After\` honoured) each get their own.`,
    default: SETTINGS.timeoutSeconds.defaultSeconds,
  },
  settleTimeoutSeconds: {
    type: NUMBER,
    description:
      "The longest wait, in seconds, for a flow in a transitional state (updating, initializing, disabling, delete-finalizing) to " +
      `settle before the call it blocks is sent again (default ${SETTINGS.settleTimeoutSeconds.defaultSeconds}, at most ` +
      `${SETTINGS.settleTimeoutSeconds.maxSeconds}).`,
    default: SETTINGS.settleTimeoutSeconds.defaultSeconds,
  },
};

/** Every setting as a property: its description, environment variable and secrecy. */
function settingProperties(): Record<string, PropertySpec> {
  return Object.fromEntries(
    (Object.keys(SETTINGS) as SettingName[]).map((name) => {
      const setting = SETTINGS[name];
      const doc = SETTING_DOCS[name];
      const spec: PropertySpec = {
        ...doc.type,
        description: `${doc.description} Pulumi config \`${setting.config}\`, else the environment variable \`${setting.env}\`.`,
        defaultInfo: { environment: [setting.env] },
        ...(doc.default !== undefined ? { default: doc.default } : {}),
        ...("secret" in setting && setting.secret ? { secret: true } : {}),
      };
      return [name, spec];
    }),
  );
}

// ---- Types ----

const TYPES: PackageSchema["types"] = {
  "aep:index:FlowSpecRef": object(
    "A flow spec: what kind of flow it is (e.g. CloudStorageToAEP `9753525b-82c7-4dce-8a9b-5ccfce2b9876`, version `1.0`).",
    {
      id: prop(STRING, "The flow spec id (a UUID); look it up by name with `getFlowSpec`."),
      version: prop(STRING, 'The flow spec version, e.g. `"1.0"`.'),
    },
    ["id", "version"],
  ),
  "aep:index:ConnectionSpecRef": object(
    "A connection spec: which source or destination a connection is for (e.g. Amazon S3 `ecadc60c-7455-4d87-84dc-2a0e293d997b`).",
    {
      id: prop(STRING, "The connection spec id (a UUID); look it up by name with `getConnectionSpec`."),
      version: prop(STRING, 'The connection spec version, e.g. `"1.0"`.'),
    },
    ["id", "version"],
  ),
  "aep:index:Transformation": object(
    "One transformation a flow applies (its flow spec lists the transformations it takes).",
    {
      name: prop(STRING, 'The transformation\'s name, e.g. `"Mapping"` (a published flow of a batch spec needs one).'),
      params: prop(
        ANY_MAP,
        "Free-form, spec-defined parameters. For `Mapping`: `{mappingId: <MappingSet id>, mappingVersion: <MappingSet version>}` " +
          "(numbers and their string forms are the same to the service).",
      ),
    },
    ["name"],
  ),
  "aep:index:Frequency": {
    type: "string",
    description: "How often a scheduled flow runs.",
    enum: [
      { value: "once", description: "A single run at `startTime` (no `interval`, no `backfill`)." },
      { value: "minute", description: "Every `interval` minutes (at least 15)." },
      { value: "hour", description: "Every `interval` hours." },
      { value: "day", description: "Every `interval` days." },
      { value: "week", description: "Every `interval` weeks." },
    ],
  },
  "aep:index:ScheduleParams": object(
    "When a flow runs (`scheduleParams`). The flow spec's own `scheduleSpec` also judges it: a streaming spec has no schedule at all.",
    {
      startTime: prop(
        TIME,
        "When the first run starts: epoch seconds (an integer) or an ISO 8601 date with whole seconds such as " +
          '`"2030-01-01T00:00:00Z"`; kept, and given back, in the form written (sent as epoch seconds; read for an entity the ' +
          "program did not declare, an import, as ISO text). Once a published flow's start time " +
          "has passed, the service refuses to change it (the update is refused in check, naming it).",
      ),
      frequency: prop(ref("Frequency"), "`once`, `minute`, `hour`, `day` or `week`."),
      interval: prop(
        INTEGER,
        'How many `frequency` units between runs: required unless `frequency` is `"once"` (then absent); at least 15 for `minute`, 1 otherwise.',
      ),
      backfill: prop(BOOLEAN, 'Whether the first run also ingests the files that already exist (absent when `frequency` is `"once"`).'),
      endTime: prop(
        TIME,
        "When runs stop: epoch seconds or an ISO 8601 date, for flow specs that declare it (the cloud storage spec does).",
      ),
    },
    ["startTime", "frequency"],
  ),
  "aep:index:DataflowOptions": object(`Error diagnostics and partial ingestion of a batch flow (\`options\`): ${DOCS.partial}`, {
    errorDiagnosticsEnabled: prop(BOOLEAN, "Keep row-level error diagnostics of failed records."),
    partialIngestionEnabled: prop(BOOLEAN, "Let a batch succeed while some of its records fail."),
    partialIngestionPercent: prop(INTEGER, "The percentage (a whole number, 0-100) of failed records above which the whole batch fails."),
  }),
  "aep:index:Auth": object(
    `How a base connection authenticates: one of its connection spec's auth specs, and that spec's params (${DOCS.authSpec}).`,
    {
      specName: replacing(
        STRING,
        "The auth spec's name, one of the connection spec's `authSpec[].name` (e.g. `\"Access Key\"`; `getConnectionSpec` lists " +
          "them). Changing it replaces the base connection.",
      ),
      params: prop(
        ANY_MAP,
        "The credentials and other params the auth spec declares (e.g. `s3AccessKey`, `s3SecretKey`); the params it requires must " +
          "be present. A secret in the state whatever the program passes, never printed, never read back (write-only: drift is " +
          "never computed on them). A change is a credential rotation: one etag-guarded `PATCH /connections/{id}` with " +
          "`replace /auth/params`.",
        { secret: true },
      ),
    },
    ["specName", "params"],
  ),
  "aep:index:SourceConnectionData": object(
    "The format of the data a source connection reads.",
    {
      format: prop(STRING, '`"delimited"`, `"json"` or `"parquet"` for files, `"tabular"` for tables.'),
      schema: prop(ANY, "Free-form: the schema of the source data, when the spec takes one."),
      properties: prop(ANY_MAP, 'Free-form format properties, e.g. `{columnDelimiter: ";"}`.'),
    },
    ["format"],
  ),
  "aep:index:TargetDataSchema": object(
    "The XDM schema of the target dataset.",
    {
      id: prop(STRING, "The schema's `$id` (a URI); look it up by title with `getSchema`."),
      version: prop(STRING, `The schema's media type, e.g. \`"${XED}"\`.`),
    },
    ["id", "version"],
  ),
  "aep:index:TargetConnectionData": object("The data a target connection writes.", {
    format: prop(STRING, 'The data format, e.g. `"parquet_xdm"`; optional for the data lake.'),
    schema: prop(ref("TargetDataSchema"), "The target dataset's XDM schema `{id, version}`."),
    properties: prop(ANY_MAP, "Free-form, spec-defined properties."),
  }),
  "aep:index:SchemaRef": object(
    "A reference to an XDM schema.",
    {
      id: prop(STRING, "The schema's `$id` (a URI); look it up by title with `getSchema`."),
      contentType: prop(STRING, `The schema's media type, e.g. \`"${XED}"\`.`),
    },
    ["id", "contentType"],
  ),
  "aep:index:OutputSchema": object(
    "The XDM schema a mapping set writes to (that of the target dataset).",
    { schemaRef: prop(ref("SchemaRef"), "The schema: `{id: <schema $id>, contentType}`.") },
    ["schemaRef"],
  ),
  "aep:index:MappingSourceType": {
    type: "string",
    description: "What a mapping rule's `source` is.",
    enum: [
      { value: "ATTRIBUTE", description: "A source field (read back by Data Prep as `text/x.schema-path`)." },
      { value: "EXPRESSION", description: "A Data Prep function, e.g. `lower(email)`." },
      { value: "STATIC", description: "A constant." },
    ],
  },
  "aep:index:MappingRule": object(
    `One Data Prep mapping rule (${DOCS.mappingSet}). Rules are compared by what they mean (kind, source, destination), not by ` +
      "the rule ids or the media types Data Prep reads them back with.",
    {
      sourceType: prop(
        ref("MappingSourceType"),
        "`ATTRIBUTE` (a source field), `EXPRESSION` (a Data Prep function) or `STATIC` (a constant). As an output, a rule changed " +
          "outside Pulumi may show the media type Data Prep read back (e.g. `text/x.aep-xl`) when it does not say which of " +
          "`EXPRESSION` and `STATIC` it is.",
      ),
      source: prop(STRING, "The source field, expression or constant (not empty)."),
      destination: prop(STRING, "The XDM path written, e.g. `personalEmail.address`; no two rules may write the same one."),
      name: prop(STRING, "An optional name of the rule."),
      description: prop(STRING, "An optional description of the rule."),
    },
    ["sourceType", "source", "destination"],
  ),
  "aep:index:AuthSpec": object(
    "One auth spec of a connection spec: the ways a base connection of it can authenticate.",
    {
      name: prop(STRING, "The auth spec's name: a base connection's `auth.specName`."),
      params: prop(STRINGS, "Every param the auth spec declares."),
      required: prop(STRINGS, "The params it requires (a base connection without them is refused before any write)."),
      secretParams: prop(STRINGS, 'The params it marks `format: "password"`: give them from `pulumi config set --secret`.'),
    },
    ["name", "params", "required", "secretParams"],
  ),
  "aep:index:DatasetSchemaRef": object(
    "The XDM schema a dataset follows (Catalog `schemaRef`).",
    {
      id: prop(STRING, "The schema's `$id` (a URI)."),
      contentType: prop(STRING, "The schema's media type, when Catalog gives it."),
    },
    ["id"],
  ),
  "aep:index:FlowRunError": object("An error a flow run reports.", {
    code: prop(STRING, "The error code, when the run gives one."),
    message: prop(STRING, "The error message, when the run gives one."),
  }),
  "aep:index:FlowRun": object(
    `One run of a flow (\`GET /runs?property=flowId==…\`, ${DOCS.monitor}).`,
    {
      id: prop(STRING, "The run's id (Flow Service `/runs/{id}`)."),
      status: prop(
        STRING,
        "`success`, `failed`, `inProgress`… (`unknown` when the run reports none). A success may still have failed records: check " +
          "`failedRecordCount`.",
      ),
      startedAt: prop(STRING, "When the run started (ISO 8601)."),
      completedAt: prop(STRING, "When the run completed (ISO 8601); absent while it runs."),
      inputRecordCount: prop(INTEGER, "How many records the run read (absent while unknown)."),
      outputRecordCount: prop(INTEGER, "How many records the run wrote to the dataset (absent while unknown)."),
      failedRecordCount: prop(INTEGER, "How many records failed (absent while unknown); a `success` may have some."),
      errors: prop({ type: "array", items: ref("FlowRunError") }, "The errors the run reports (empty when none)."),
    },
    ["id", "status", "errors"],
  ),
};

// ---- Resources ----

const FLOW: EntityWords = { noun: "flow", collection: "/flows" };
const BASE: EntityWords = { noun: "base connection", collection: "/connections" };
const SOURCE: EntityWords = { noun: "source connection", collection: "/sourceConnections" };
const TARGET: EntityWords = { noun: "target connection", collection: "/targetConnections" };

/** A resource: its description, inputs and outputs (the inputs and the computed properties), and which of each are required. */
function resource(
  description: string,
  inputs: Record<string, PropertySpec>,
  requiredInputs: string[],
  outputs: Record<string, PropertySpec>,
  required: string[],
): ResourceSpec {
  return { description, inputProperties: inputs, requiredInputs, properties: outputs, required };
}

function dataflow(): ResourceSpec {
  const patch = patchNote(FLOW);
  const inputs = {
    ...entityInputs(FLOW, {
      publishNote:
        "Adobe's tutorials give a published flow the schedule and the `Mapping` transformation its flow spec has (drafts may omit " +
        "them): a preview warns when one is missing, and the service decides.",
    }),
    flowSpec: replacing(
      ref("FlowSpecRef"),
      "The flow spec `{id, version}` (look it up by name with `getFlowSpec`); the flow is checked against it (`GET /flowSpecs/{id}`, " +
        "once per spec per run) before any write. Changing it replaces the flow.",
    ),
    sourceConnectionIds: replacing(
      STRINGS,
      "The ids (at least one) of the source connections the flow reads, usually `[sourceConnection.id]`. Changing " +
        "them replaces the flow: the API does not patch a flow's connections.",
    ),
    targetConnectionIds: replacing(
      STRINGS,
      "The ids (at least one) of the target connections the flow writes, usually `[targetConnection.id]`. Changing " +
        "them replaces the flow.",
    ),
    transformations: prop(
      { type: "array", items: ref("Transformation") },
      "The transformations the flow applies, in order (each one the flow spec lists), e.g. " +
        '`[{name: "Mapping", params: {mappingId: mapping.id, mappingVersion: mapping.version}}]`. ' +
        `${patch} A changed transformation is one \`replace /transformations/<i>\`; a new mapping set version is one such PATCH.`,
    ),
    scheduleParams: prop(
      ref("ScheduleParams"),
      `When the flow runs: \`{startTime, frequency, interval?, backfill?, endTime?}\`. ${patch} The schedule's keys are patched one by ` +
        `one (\`/scheduleParams/<key>\`). ${DOCS.updateDataflows}`,
    ),
    options: prop(
      ref("DataflowOptions"),
      `Error diagnostics and partial ingestion: \`{errorDiagnosticsEnabled?, partialIngestionEnabled?, partialIngestionPercent?}\`. ` +
        `${patch} Sent as one \`replace /options\` (or \`add\`).`,
    ),
    enabled: prop(
      BOOLEAN,
      "Whether the published flow runs (default `true`). A change on a published flow is `POST /flows/{id}/action?op=enable` or " +
        "`op=disable`; while the flow is a draft it is only an intent, applied when it is published.",
      { default: true },
    ),
  };
  const outputs = { ...inputs, ...entityComputed(FLOW, "`draft`, `enabled` or `disabled`") } satisfies Record<
    keyof DataflowOutputs,
    PropertySpec
  >;
  return resource(
    `An AEP Flow Service dataflow (\`POST ${FLOW_SERVICE}/flows\`): runs the data of its source connections through its ` +
      "transformations (a Data Prep mapping set) into its target connections, on its schedule.\n\n" +
      "Lifecycle: created as a draft (`draft: true`, the default); `name`, `description`, `transformations`, `scheduleParams` and " +
      "`options` change in place with one etag-guarded `PATCH /flows/{id}` (a 412 is re-read: someone else's edit is never " +
      "overwritten); `draft: false` publishes it (`action?op=publish`) once its connections are published; `enabled` enables or " +
      "disables a published flow; a change of `flowSpec`, connections or `sandboxName` replaces it. Transitional states " +
      "(updating, disabling…) are waited out for at most `aep:settleTimeoutSeconds`. Delete is `DELETE /flows/{id}`. " +
      DOCS.updateDataflows,
    inputs,
    ["name", "flowSpec", "sourceConnectionIds", "targetConnectionIds"],
    outputs,
    [...ENTITY_REQUIRED_OUTPUTS, "flowSpec", "sourceConnectionIds", "targetConnectionIds", "enabled"],
  );
}

function baseConnection(): ResourceSpec {
  const inputs = {
    ...entityInputs(BASE),
    connectionSpec: connectionSpecInput("base connection", "e.g. Amazon S3 `ecadc60c-7455-4d87-84dc-2a0e293d997b`"),
    auth: prop(
      ref("Auth"),
      "`{specName, params}`: the auth spec of the connection spec and its credentials. A Pulumi secret whatever the program passes; " +
        "write-only (the service does not give credentials back). A change of `params` rotates them with one etag-guarded " +
        "`PATCH /connections/{id}` (`replace /auth/params`); a change of `specName` replaces the base connection.",
      { secret: true },
    ),
  };
  const outputs = {
    ...inputs,
    ...entityComputed(BASE, "`draft` or `enabled`"),
    inletUrl: prop(STRING, "For a streaming (HTTP API) connection: the URL data is sent to (the service adds it)."),
  } satisfies Record<keyof BaseConnectionOutputs, PropertySpec>;
  return resource(
    `An AEP Flow Service base connection (\`POST ${FLOW_SERVICE}/connections\`): the account (credentials and the connection ` +
      "spec of a source) that source and target connections read or write through.\n\n" +
      "Lifecycle: checked against its connection spec (the auth spec named and the params it requires) before any write; created " +
      "as a draft by default; `name`, `description` and the credentials (`auth.params`) change in place with one etag-guarded " +
      "`PATCH /connections/{id}`; `draft: false` publishes it (before the connections using it); a change of `connectionSpec`, " +
      "`auth.specName` or `sandboxName` replaces it. A delete the service refuses because a connection or flow still uses it " +
      `(1418) names what does. ${DOCS.update}`,
    inputs,
    ["name", "connectionSpec", "auth"],
    outputs,
    [...ENTITY_REQUIRED_OUTPUTS, "connectionSpec", "auth"],
  );
}

function dataConnection(w: EntityWords, side: "source" | "target") {
  const patch =
    `${patchNote(w)} Adobe documents no PATCH of a ${w.noun}'s name or description: if the service refuses it (1365, 1445, 1300) ` +
    "nothing is changed and the error says to replace the connection (`pulumi up --replace <urn>`) or undo the change.";
  const source = side === "source";
  const inputs = {
    ...entityInputs(w, { patchNote: patch }),
    baseConnectionId: replacing(
      STRING,
      source
        ? "The base connection (a UUID, usually `baseConnection.id`) whose account it reads; some specs take none. It must be " +
            "published before this one is. Changing it replaces the source connection."
        : "The base connection (a UUID) it writes through; absent for the data lake. Changing it replaces the target connection.",
    ),
    connectionSpec: connectionSpecInput(
      w.noun,
      source
        ? "the same as its base connection's"
        : 'for sources the data lake `{id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0"}`',
    ),
    data: replacing(
      ref(source ? "SourceConnectionData" : "TargetConnectionData"),
      source
        ? "The data's format and its properties: `{format, schema?, properties?}`. Changing it replaces the source connection."
        : `The dataset's XDM schema: \`{schema: {id: <schema $id>, version: "${XED}"}}\`. Changing it replaces the target connection.`,
    ),
    params: replacing(
      ANY_MAP,
      (source
        ? "Free-form, defined by the connection spec's `sourceSpec`: `path` and `recursive` for files, `tableName` for tables."
        : "Free-form, defined by the connection spec's `targetSpec`: for the data lake `{dataSetId}` (look it up with `getDataset`).") +
        " Checked against the spec before any write. Changing them replaces the connection (Adobe documents no PATCH of them).",
    ),
  };
  const description =
    `An AEP Flow Service ${w.noun} (\`POST ${FLOW_SERVICE}${w.collection}\`): where a dataflow ${source ? "reads" : "writes"}` +
    (source ? " (a path or table of its base connection's account, and the data's format)" : " (for sources, a dataset of the data lake)") +
    ".\n\nLifecycle: checked against its connection spec before any write; created as a draft by default; `name` and `description` " +
    `change in place with one etag-guarded \`PATCH ${w.collection}/{id}\`; \`draft: false\` publishes it (after its base ` +
    "connection, before the flows using it); a change of `connectionSpec`, `baseConnectionId`, `data`, `params` or `sandboxName` " +
    `replaces it, and through Pulumi's dependency order the flows using it. ${DOCS.cloudStorage}`;
  return { inputs, description };
}

function sourceConnection(): ResourceSpec {
  const { inputs, description } = dataConnection(SOURCE, "source");
  const outputs = { ...inputs, ...entityComputed(SOURCE, "`draft` or `enabled`") } satisfies Record<
    keyof SourceConnectionOutputs,
    PropertySpec
  >;
  return resource(description, inputs, ["name", "connectionSpec"], outputs, [...ENTITY_REQUIRED_OUTPUTS, "connectionSpec"]);
}

function targetConnection(): ResourceSpec {
  const { inputs, description } = dataConnection(TARGET, "target");
  const outputs = { ...inputs, ...entityComputed(TARGET, "`draft` or `enabled`") } satisfies Record<
    keyof TargetConnectionOutputs,
    PropertySpec
  >;
  return resource(description, inputs, ["name", "connectionSpec"], outputs, [...ENTITY_REQUIRED_OUTPUTS, "connectionSpec"]);
}

function mappingSet(): ResourceSpec {
  const newVersion =
    "A change makes a new mapping set version: one `PUT /mappingSets/{id}` (after a read that refuses to overwrite a " +
    "version saved in the AEP UI since the last run), and the output `version` moves on.";
  const inputs = {
    outputSchema: prop(
      ref("OutputSchema"),
      `The XDM schema the rules write to: \`{schemaRef: {id: <schema $id>, contentType: "${XED}"}}\`. ${newVersion}`,
    ),
    mappings: prop(
      { type: "array", items: ref("MappingRule") },
      `The rules, in order (at least one; no two write the same \`destination\`). ${newVersion}`,
    ),
    sandboxName: replacing(
      STRING,
      "The sandbox (`x-sandbox-name`) the mapping set lives in; default the provider's `aep:sandboxName`. As an output, the " +
        "effective sandbox. Changing it replaces the mapping set.",
    ),
    adoptId: prop(
      STRING,
      "Take over the existing mapping set with this id (32 hexadecimal digits) when the resource is created; a new version is " +
        "made if its rules differ. Only read at creation.",
    ),
  };
  const outputs = {
    ...inputs,
    version: prop(
      INTEGER,
      "The version the rules are in: 0 at creation, one more on every change. What a flow's `Mapping` transformation pins " +
        "(`mappingVersion: mapping.version`), so a rule change reaches the flow as one PATCH.",
    ),
    createdAt: prop(
      STRING,
      "When the mapping set was created (ISO 8601), as of the last read (absent until a refresh or an update reads it).",
    ),
    updatedAt: prop(
      STRING,
      "When the mapping set was last changed (ISO 8601), as of the last read (absent until a refresh or an update reads it).",
    ),
    adoption: prop(STRING, "For an adopted mapping set: what taking it over does (`… no change` or `… PUT (a new version)`)."),
    state: prop(STRING, "`not-found` after a refresh found none (the next `pulumi up` creates it again); absent otherwise."),
  } satisfies Record<keyof MappingSetOutputs | "state", PropertySpec>;
  return resource(
    `A Data Prep mapping set (\`POST ${DATA_PREP}/mappingSets\`): the rules that map source fields to the XDM schema of the ` +
      "target dataset. Use `id` and `version` in a Dataflow's `Mapping` transformation.\n\n" +
      "Lifecycle: no draft and no etag (the `state` output only says `not-found` after a refresh found none): a change of `outputSchema` or `mappings` is a full `PUT` that makes a new version " +
      "(read first, so a version saved in the AEP UI is reported, not overwritten); a change of `sandboxName` replaces it. Data " +
      "Prep documents no `DELETE`: on delete the provider tries it and, if the service refuses, says the mapping set is left in " +
      `the sandbox. ${DOCS.mappingSet}`,
    inputs,
    ["outputSchema", "mappings"],
    outputs,
    ["outputSchema", "mappings", "sandboxName", "version"],
  );
}

// ---- Functions ----

const lookupSandbox = prop(
  STRING,
  "The sandbox to look in (`x-sandbox-name`); default the provider's `aep:sandboxName`. Specs are the same in every sandbox.",
);

const lookupNote =
  "A read (cached within the run) on every `preview` and `up`, with the provider's `aep:*` settings, never a write. A name that " +
  "matches nothing, or more than one thing, fails with what was found.";

const FUNCTIONS: PackageSchema["functions"] = {
  "aep:index:getFlowSpec": {
    description: `A flow spec by name (e.g. \`CloudStorageToAEP\`): \`GET ${FLOW_SERVICE}/flowSpecs?property=name=="…"\`. ${lookupNote}`,
    inputs: object("", { name: prop(STRING, "The flow spec's exact name."), sandboxName: lookupSandbox }, ["name"]),
    outputs: object(
      "The flow spec.",
      {
        id: prop(STRING, "The flow spec id (a UUID): a Dataflow's `flowSpec.id`."),
        name: prop(STRING, "The flow spec's name (what it was found by)."),
        version: prop(STRING, 'Its version (`"1.0"` when the spec gives none): a Dataflow\'s `flowSpec.version`.'),
        isDraftModeSupported: prop(BOOLEAN, "Whether flows of it can be drafts (`attributes.isDraftModeSupported`)."),
        sourceConnectionSpecIds: prop(STRINGS, "The connection specs its source connections may have."),
        targetConnectionSpecIds: prop(STRINGS, "The connection specs its target connections may have."),
      },
      ["id", "name", "version", "isDraftModeSupported", "sourceConnectionSpecIds", "targetConnectionSpecIds"],
    ),
  },
  "aep:index:getConnectionSpec": {
    description:
      `A connection spec by name (e.g. \`amazon-s3\`): \`GET ${FLOW_SERVICE}/connectionSpecs?property=name=="…"\`, with its ` +
      `auth specs and which of their params are credentials. ${lookupNote}`,
    inputs: object("", { name: prop(STRING, "The connection spec's exact name."), sandboxName: lookupSandbox }, ["name"]),
    outputs: object(
      "The connection spec.",
      {
        id: prop(STRING, "The connection spec id (a UUID): a connection's `connectionSpec.id`."),
        name: prop(STRING, "The connection spec's name (what it was found by)."),
        version: prop(STRING, 'Its version (`"1.0"` when the spec gives none).'),
        isDraftModeSupported: prop(BOOLEAN, "Whether connections of it can be drafts (`attributes.isDraftModeSupported`)."),
        authSpecs: prop({ type: "array", items: ref("AuthSpec") }, "Its auth specs: a base connection's `auth.specName` and params."),
      },
      ["id", "name", "version", "isDraftModeSupported", "authSpecs"],
    ),
  },
  "aep:index:getDataset": {
    description:
      `The dataset named exactly \`name\` in the sandbox (Catalog, \`GET https://platform.adobe.io/data/foundation/catalog/dataSets\`; ` +
      `names are not unique, so more than one match fails). ${lookupNote}`,
    inputs: object("", { name: prop(STRING, "The dataset's exact name."), sandboxName: lookupSandbox }, ["name"]),
    outputs: object(
      "The dataset.",
      {
        id: prop(STRING, "The dataset id: a data lake target connection's `params.dataSetId`."),
        name: prop(STRING, "The dataset's name (what it was found by)."),
        schemaRef: prop(ref("DatasetSchemaRef"), "The XDM schema it follows, when Catalog gives it."),
      },
      ["id", "name"],
    ),
  },
  "aep:index:getSchema": {
    description:
      "The tenant schema titled exactly `title` in the sandbox (Schema Registry, " +
      `\`GET https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas\`). ${lookupNote}`,
    inputs: object("", { title: prop(STRING, "The schema's exact title."), sandboxName: lookupSandbox }, ["title"]),
    outputs: object(
      "The schema.",
      {
        id: prop(STRING, "The schema's `$id` (a URI): what mapping sets and target connections reference."),
        altId: prop(STRING, "The schema's `meta:altId` (the Schema Registry's dotted id)."),
        title: prop(STRING, "The schema's title (what it was found by)."),
        version: prop(STRING, 'The schema\'s version (e.g. `"1.0"`), as the Schema Registry gives it.'),
      },
      ["id", "altId", "title", "version"],
    ),
  },
  "aep:index:getFlowRuns": {
    description:
      `A flow's latest runs, newest first (\`GET ${FLOW_SERVICE}/runs?property=flowId==…\`): whether a published flow is healthy, ` +
      "e.g. in a CI step. Adobe reports a run with failed records as a success: check `failedRecordCount`. A read (cached within " +
      `the run per flow and limit), never a write. ${DOCS.monitor}`,
    inputs: object(
      "",
      {
        flowId: prop(STRING, "The flow's id (a UUID), e.g. a Dataflow's `id`."),
        limit: prop(INTEGER, "How many runs at most (default 10).", { default: 10 }),
        sandboxName: lookupSandbox,
      },
      ["flowId"],
    ),
    outputs: object(
      "The runs.",
      { runs: prop({ type: "array", items: ref("FlowRun") }, "The runs, newest first (empty when the flow has not run).") },
      ["runs"],
    ),
  },
};

// ---- The package ----

/** The Pulumi package schema of the `aep` provider plugin at `version` (semver, e.g. the package.json version). */
export function packageSchema(version: string): PackageSchema {
  const settings = settingProperties();
  return {
    name: "aep",
    displayName: "Adobe Experience Platform Dataflows",
    version,
    description:
      "Adobe Experience Platform (AEP) ingestion pipelines as Pulumi resources: base, source and target connections, Data Prep " +
      "mapping sets and dataflows, stood up as drafts, changed with etag-guarded minimal JSON Patches, and published in Adobe's " +
      "order, through the Flow Service and Data Prep APIs; lookups find the ids that differ per sandbox by name.",
    keywords: ["pulumi", "aep", "adobe", "experience-platform", "dataflow", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    config: { variables: settings },
    provider: {
      description:
        "The provider of AEP dataflows. Each setting is read from the provider's inputs (or the stack's `aep:*` config for the " +
        "default provider), else its `AEP_*` environment variable, else its default. `pulumi preview` needs no credentials.",
      inputProperties: settings,
    },
    types: TYPES,
    resources: {
      "aep:index:Dataflow": dataflow(),
      "aep:index:BaseConnection": baseConnection(),
      "aep:index:SourceConnection": sourceConnection(),
      "aep:index:TargetConnection": targetConnection(),
      "aep:index:MappingSet": mappingSet(),
    },
    functions: FUNCTIONS,
    language: {
      nodejs: {
        packageName: "@pulumi-aep/aep",
        packageDescription: "Adobe Experience Platform dataflows, connections and mapping sets as Pulumi resources.",
      },
      // The SDK carries the package's version (not codegen's "0.0.0"), so the engine asks for the
      // plugin at that version, and a pyproject.toml instead of a setup.py.
      python: {
        packageName: "pulumi_aep",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        respectSchemaVersion: true,
        pyproject: { enabled: true },
      },
    },
  };
}
