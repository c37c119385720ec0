// Every rule the provider applies before it writes — in `check` (so `pulumi preview` shows it) and in
// the guards right before a create, update, publish or delete — with where the rule comes from.
// Only a rule the service declares (its API spec's shapes, a flow or connection spec's JSON schema,
// an explicit spec attribute, its error catalogue), one no request can express, one that keeps
// this package's own guarantees (no duplicate, no overwritten edit), or an evolution rule of the data model that
// Adobe's documentation states as the service's (`documented-rule`) may refuse before a write. A rule
// taken from a page's prose or from a guess never refuses: the request is sent, the service decides,
// and when it refuses, the error names the property, quotes the service and says what to do. A
// preview shows such a rule as a warning. docs/pre-write-rules.md is generated from this table
// (`npm run gen`; a unit test fails when they differ). Pure.

/** Where a rule comes from. */
export type RuleSource =
  /** The resource's declared inputs: their types and required properties, following the API spec's request shapes. */
  | "declaration"
  /** A flow spec's or connection spec's JSON schema, read from the service (`GET /flowSpecs/{id}`, `/connectionSpecs/{id}`). */
  | "spec-schema"
  /** An attribute a spec carries explicitly (`attributes.isDraftModeSupported: false`). */
  | "spec-attribute"
  /** Adobe's error catalogues: a refusal the service documents by code. */
  | "error-catalogue"
  /** The service's own answer in this run (a spec it says does not exist). */
  | "service-answer"
  /** The API has no request for it: there is nothing to send. */
  | "no-request"
  /** This package's guarantees: no duplicate entity, no overwritten edit, no entity taken from another resource. */
  | "safety"
  /**
   * A rule Adobe's documentation lists as a rule of the service (a table of what is not supported), enforced by its
   * UI, whose API error is not documented: refused before a write, since sending it could only fail or break data.
   */
  | "documented-rule"
  /** A page's prose, not something the service declares. */
  | "prose"
  /** No page says it. */
  | "guess";

/** What a rule does when inputs break it: refuse before any write, or warn and let the service decide. */
export type RuleEffect = "refuse" | "warn";

/** The sources that may refuse before a write. */
const REFUSING: ReadonlySet<RuleSource> = new Set([
  "declaration",
  "spec-schema",
  "spec-attribute",
  "error-catalogue",
  "service-answer",
  "no-request",
  "safety",
  "documented-rule",
]);

/** A rule's effect, from its source alone: so no rule from prose or a guess can ever refuse. */
export function effectOf(source: RuleSource): RuleEffect {
  return REFUSING.has(source) ? "refuse" : "warn";
}

/** When a rule is applied. */
export type RuleWhen =
  "check" | "diff" | "check (with the spec), and before the write" | "before a write" | "before a publish" | "before a delete";

export interface PreWriteRule {
  /** The resources it applies to. */
  appliesTo: string;
  when: RuleWhen;
  /** What the rule requires, in a sentence. */
  rule: string;
  source: RuleSource;
  /** The page or document it rests on, or why none. */
  basis: string;
}

const DRAFT_PAGE = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft";
const SOURCES_ERRORS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors";
const FLOW_ERRORS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors";
const FLOW_API_SPEC = "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml";
const CONNECTIONS = "BaseConnection, SourceConnection, TargetConnection";
const FLOW_SERVICE_KINDS = `Dataflow, ${CONNECTIONS}`;

/** Every pre-write rule, by id. Failures and warnings name the id they come from. */
export const RULES = {
  shape: {
    appliesTo: "every resource",
    when: "check",
    rule: "Each input has its declared type (string, boolean, number, list, object); required inputs are given; no input the resource does not declare.",
    source: "declaration",
    basis: `The resource's schema (provider/plugin/schema.ts), which follows the API spec's request shapes: ${FLOW_API_SPEC} (CreateFlowRequest, ScheduleSpecDTO, CreateConnectionRequest, …) and the Data Prep spec.`,
  },
  "name.present": {
    appliesTo: `${FLOW_SERVICE_KINDS}, Dataset`,
    when: "check",
    rule: "`name` is a non-empty string.",
    source: "safety",
    basis:
      "Every message names the entity by it, and the search for an entity a lost create made filters by it (no duplicate). The API spec requires it of source connections (CreateSourceConnectionRequest).",
  },
  "name.length": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "check",
    rule: "`name` has at most 256 characters.",
    source: "guess",
    basis: "Adobe documents no limit.",
  },
  "description.length": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "check",
    rule: "`description` has at most 4096 characters.",
    source: "guess",
    basis: "Adobe documents no limit.",
  },
  "sandboxName.sendable": {
    appliesTo: "every resource",
    when: "check",
    rule: "`sandboxName` (and `aep:sandboxName`) can be sent as the `x-sandbox-name` header: 1 to 256 visible ASCII characters, no spaces (an empty one is not a sandbox: leave the property out to use `aep:sandboxName`).",
    source: "no-request",
    basis:
      "No request can carry it: an HTTP header value of visible characters names the sandbox on every call (https://experienceleague.adobe.com/en/docs/experience-platform/landing/platform-apis/api-guide).",
  },
  "sandboxName.form": {
    appliesTo: "every resource",
    when: "check",
    rule: "`sandboxName` (and `aep:sandboxName`) is lowercase letters, digits and dashes.",
    source: "prose",
    basis:
      "The sandbox API spec's prose: names are all-lowercase, without spaces or special characters (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/sandbox.yaml).",
  },
  "id.form": {
    appliesTo: "every resource",
    when: "check",
    rule: "Ids have the form every example shows: Flow Service ids (flow spec, connection spec, connections, `adoptId`) are UUIDs; a mapping set's `adoptId` is 32 hexadecimal digits, a dataset's 24; an XDM class `$id` (Schema `classId`) is an absolute URI (`https://ns.adobe.com/…`).",
    source: "guess",
    basis: "The API specs declare ids as plain strings.",
  },
  "specVersion.form": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "check",
    rule: '`flowSpec.version` / `connectionSpec.version` is a version such as "1.0".',
    source: "guess",
    basis: "The API spec declares a string (SpecInfoDTO).",
  },
  "text.nonEmpty": {
    appliesTo: "SourceConnection, TargetConnection, MappingSet, Dataflow, Dataset",
    when: "check",
    rule: "Strings that name something (`data.format`, a target's `data.schema`, a transformation's `name`, a mapping rule's `source` and `destination`, `outputSchema.schemaRef`, a dataset's `schemaId`) are not empty.",
    source: "guess",
    basis: "The API specs declare plain strings.",
  },
  "draft.noWayBack": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "check",
    rule: "A published entity does not go back to `draft: true` (unless the change replaces it).",
    source: "no-request",
    basis: `The API has no request that makes a published entity a draft again; the UI's draft guide: "once published … can never be set back to a draft". ${DRAFT_PAGE}`,
  },
  "flow.connections.present": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "`sourceConnectionIds` and `targetConnectionIds` each hold at least one id.",
    source: "error-catalogue",
    basis: `The sources catalogue's 1338 ("connection ID can't be null in flowRequest"), ${SOURCES_ERRORS}; the search for a flow a lost create made filters by the first source connection.`,
  },
  "flow.connections.list": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "A connection id list names each id once, and at most 100 ids.",
    source: "guess",
    basis: "Adobe documents no limit and no refusal of a repeated id.",
  },
  "flow.transformations.count": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "At most 100 transformations.",
    source: "guess",
    basis: "Adobe documents no limit.",
  },
  "flow.schedule.offline": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "Without the flow spec at hand: `frequency` is once, minute, hour, day or week; `interval` is given (at least 15 for minute, 1 otherwise) unless frequency is once, when `interval` and `backfill` are absent; no schedule key other than startTime, endTime, frequency, interval, backfill. The flow spec's own scheduleSpec replaces this rule when it can be read.",
    source: "prose",
    basis: `The API spec's description of ScheduleSpecDTO, and the schedule specs Adobe's tutorials print; each flow spec declares its own (${FLOW_API_SPEC}).`,
  },
  "flow.options.offline": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "Without the flow spec at hand: `options` holds errorDiagnosticsEnabled, partialIngestionEnabled and partialIngestionPercent (0 to 100) only. The flow spec's optionSpec replaces this rule when it can be read.",
    source: "prose",
    basis: "The partial ingestion page: https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial",
  },
  "flow.start.past": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "A new flow (or the new flow of a replacement) does not start in the past, by this machine's clock.",
    source: "error-catalogue",
    basis: `The sources catalogue's 1360, "The start time cannot be set in the past", ${SOURCES_ERRORS}`,
  },
  "flow.start.frozen": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "A published flow whose start time has passed keeps that start time.",
    source: "error-catalogue",
    basis: `The sources catalogue's 1366, "The start time has passed and the update operation is no longer allowed", ${SOURCES_ERRORS}; the update tutorial.`,
  },
  "flow.mapping.params": {
    appliesTo: "Dataflow",
    when: "check",
    rule: "A Mapping transformation's params are mappingId and mappingVersion, both given, nothing else.",
    source: "prose",
    basis:
      "The flow bodies of the sources tutorials (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage); the flow spec's Mapping spec judges the params when it can be read.",
  },
  "spec.exists": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "check (with the spec), and before the write",
    rule: "The flow spec or connection spec the resource names exists.",
    source: "service-answer",
    basis: "`GET /flowSpecs/{id}` or `/connectionSpecs/{id}` answered 404.",
  },
  "spec.draftSupport": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "check (with the spec), and before the write",
    rule: "A draft only of a spec that does not declare `attributes.isDraftModeSupported: false` (an absent attribute is not false).",
    source: "spec-attribute",
    basis: `The draft tutorial: check attributes.isDraftModeSupported before using mode=draft. ${DRAFT_PAGE}`,
  },
  "spec.schedule": {
    appliesTo: "Dataflow",
    when: "check (with the spec), and before the write",
    rule: "`scheduleParams` is valid against the flow spec's scheduleSpec JSON schema.",
    source: "spec-schema",
    basis: "The flow spec's scheduleSpec.",
  },
  "spec.schedule.absent": {
    appliesTo: "Dataflow",
    when: "check (with the spec), and before the write",
    rule: "A flow spec without a scheduleSpec (streaming) takes no `scheduleParams`.",
    source: "guess",
    basis: "Adobe documents no answer to a schedule sent for such a spec.",
  },
  "spec.transformations": {
    appliesTo: "Dataflow",
    when: "check (with the spec), and before the write",
    rule: "Each transformation is one the flow spec lists (transformationSpecs) and its params are valid against that transformation's JSON schema.",
    source: "spec-schema",
    basis: "The flow spec's transformationSpecs.",
  },
  "spec.options": {
    appliesTo: "Dataflow",
    when: "check (with the spec), and before the write",
    rule: "`options` is valid against the flow spec's optionSpec JSON schema.",
    source: "spec-schema",
    basis: "The flow spec's optionSpec.",
  },
  "spec.options.absent": {
    appliesTo: "Dataflow",
    when: "check (with the spec), and before the write",
    rule: "A flow spec without an optionSpec takes no `options`.",
    source: "guess",
    basis: "Adobe documents no answer to options sent for such a spec.",
  },
  "spec.publish.complete": {
    appliesTo: "Dataflow",
    when: "check (with the spec), and before the write",
    rule: "A published flow has a schedule (when its flow spec has a scheduleSpec) and a Mapping transformation (when its flow spec lists one).",
    source: "prose",
    basis: `The sources tutorials' prose; the draft tutorial says only that a draft may omit them (${DRAFT_PAGE}). The API spec requires only flowSpec (CreateFlowRequest).`,
  },
  "spec.auth": {
    appliesTo: "BaseConnection",
    when: "check (with the spec), and before the write",
    rule: "`auth.specName` is one of the connection spec's authSpec names, and `auth.params` is valid against that auth spec's JSON schema.",
    source: "spec-schema",
    basis: `The connection spec's authSpec; the catalogue's 1415 ("auth spec … could not be found"), ${FLOW_ERRORS}`,
  },
  "spec.params": {
    appliesTo: "SourceConnection, TargetConnection",
    when: "check (with the spec), and before the write",
    rule: "`params` is valid against the connection spec's sourceSpec or targetSpec JSON schema.",
    source: "spec-schema",
    basis: "The connection spec's sourceSpec / targetSpec.",
  },
  "mapping.rules.present": {
    appliesTo: "MappingSet",
    when: "check",
    rule: "`mappings` holds at least one rule.",
    source: "guess",
    basis: "The Data Prep spec declares a list, with no minimum.",
  },
  "mapping.destinations.unique": {
    appliesTo: "MappingSet",
    when: "check",
    rule: "No two rules write the same destination.",
    source: "guess",
    basis: "Adobe documents no refusal of it.",
  },
  "mapping.destination.inSchema": {
    appliesTo: "MappingSet",
    when: "check",
    rule: "A rule's `destination` under the tenant's namespace (`_{tenantId}.…`, the fields a FieldGroup declares) is a field of the output schema as the Schema Registry resolves it (`GET /tenant/schemas/{$id}`, Accept `xed-full`). The schema is read once per schema per run, only when the mapping set is new or its `outputSchema` or `mappings` change, and only once the schema's `$id` is known: the first preview of a program that also creates the schema cannot judge them (its `up` does, before the mapping set is written). Destinations outside the tenant's namespace (class and Adobe field group fields) are not judged.",
    source: "prose",
    basis:
      'The Data Prep UI guide\'s mapping import: "you must ensure that you are using only the fields that are provided in your source file and target schema" (https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/ui/mapping). No page says Data Prep refuses such a rule: the Data Prep spec answers a create or PUT with a bare 400 "An invalid mapping set was requested", and `POST /mappingSets/validate` reports each rule SUCCESS or FAILED without saying what fails (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml, https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set).',
  },
  "publish.order": {
    appliesTo: `${CONNECTIONS.replace("BaseConnection, ", "")}, Dataflow`,
    when: "before a publish",
    rule: "An entity is published after the entities it names: a source or target connection after its base connection, a flow after its connections. Not checked before the write: when the service refuses, the error names each draft it uses and says to publish it first.",
    source: "prose",
    basis: `The draft tutorial's prose, ${DRAFT_PAGE}`,
  },
  "update.etag": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "before a write",
    rule: "A PATCH is sent only with the etag the stack holds (If-Match); without a valid one, nothing is sent.",
    source: "safety",
    basis: `PATCH requires If-Match (the catalogue's 1403; ${FLOW_ERRORS}); without it an edit made elsewhere could be overwritten.`,
  },
  "update.concurrentEdit": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "before a write",
    rule: "When a PATCH answers 412 and the entity was changed by someone else, nothing is sent again: the other edit is kept.",
    source: "safety",
    basis: "The 412 (1404) is the service's; keeping the other edit is this package's guarantee.",
  },
  "dataset.tags.reserved": {
    appliesTo: "Dataset",
    when: "check",
    rule: "`tags` does not name `unifiedProfile` or `unifiedIdentity`: `profileEnabled` and `identityEnabled` declare them.",
    source: "declaration",
    basis:
      "The resource declares these tags as booleans; Adobe reserves the names for Profile and Identity enablement (https://experienceleague.adobe.com/en/docs/experience-platform/catalog/datasets/enable-for-profile).",
  },
  "dataset.concurrentEdit": {
    appliesTo: "Dataset",
    when: "before a write",
    rule: "A dataset whose declared properties were changed outside Pulumi since the last run is not overwritten; the PATCH carries `If-Match` with the E-Tag of the read just before, and a 412 is not retried.",
    source: "safety",
    basis:
      "Catalog's conditional writes (E-Tag, If-Match, 412: https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/appendix); keeping the other edit is this package's guarantee.",
  },
  "title.present": {
    appliesTo: "FieldGroup, Schema",
    when: "check",
    rule: "`title` is a non-empty string.",
    source: "declaration",
    basis:
      "The Schema Registry's spec requires `title` on a field group and a schema (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/schema-registry.yaml).",
  },
  "xdm.fieldSchema": {
    appliesTo: "FieldGroup",
    when: "check",
    rule: "Each of `fields` is a JSON Schema definition (an object valid against draft-07's meta-schema: `type` among JSON Schema's types, `properties` an object, …); the refusal names the field.",
    source: "declaration",
    basis:
      "The registry takes a field group's fields as JSON Schema (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups, https://experienceleague.adobe.com/en/docs/experience-platform/xdm/home: XDM is built on JSON Schema).",
  },
  "xdm.fieldType": {
    appliesTo: "FieldGroup",
    when: "check",
    rule: "A field's `type` is one XDM lists (string, number, integer, boolean, object, array); another JSON Schema type (`null`) is a warning and sent.",
    source: "prose",
    basis:
      "The field constraints page lists XDM's types (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/field-constraints); no error code is documented for another.",
  },
  "xdm.evolution": {
    appliesTo: "FieldGroup, Schema",
    when: "diff",
    rule: "No breaking change on what a Profile-enabled schema uses: a field group's field is not removed or retyped while a schema enabled for Profile uses the field group (the schemas using it are listed only when the change removes or retypes a field), and a field group is not removed from a Profile-enabled schema. Judged by diff, so `pulumi preview` shows it (from the stack's fields; the schemas are listed only for a change that removes or retypes), and again after the update's read. The refusal names the field and the way out (a new field beside it).",
    source: "documented-rule",
    basis:
      "Adobe's schema evolution rules: removing, renaming or redefining fields is not supported once a schema is enabled for Profile (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/composition); the API documents no error code for it.",
  },
  "xdm.profileIrreversible": {
    appliesTo: "Schema, IdentityDescriptor",
    when: "diff",
    rule: "`profileEnabled` (Schema) and `enableProfile` (IdentityDescriptor) do not go from true to false (judged on the stack's outputs, true only once the union tag was added); a Profile-enabled schema is not replaced (diff reads it when the stack cannot tell); no DELETE is sent for one (a destroy leaves it in the sandbox, said).",
    source: "no-request",
    basis:
      "Immutable tags are set and never removed; a schema enabled for Profile cannot be disabled or deleted (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/profile-enablement-planning, https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas).",
  },
  "xdm.unionIdentity": {
    appliesTo: "IdentityDescriptor",
    when: "check",
    rule: "`enableProfile` is set on a primary descriptor (`isPrimary: true`).",
    source: "prose",
    basis:
      "XDM-1528-400: a union schema needs a primary identity descriptor or the identityMap field group (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide); another descriptor may already be primary, so the registry decides.",
  },
  "xdm.concurrentEdit": {
    appliesTo: "FieldGroup, Schema",
    when: "before a write",
    rule: "A field group or schema whose declared properties were changed outside Pulumi since the last run (its `meta:registryMetadata.eTag` differs from the stack's) is not overwritten. The Registry takes no If-Match: an edit between that read and the PATCH is not detected.",
    source: "safety",
    basis:
      "The Schema Registry's spec declares no If-Match and no 412 (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started); keeping the other edit is this package's guarantee.",
  },
  "mappingSet.otherVersion": {
    appliesTo: "MappingSet",
    when: "before a write",
    rule: "A mapping set version saved outside Pulumi since the last run is not overwritten by a PUT.",
    source: "safety",
    basis: "Data Prep has no etag; the set is read before the PUT.",
  },
  "adopt.identity": {
    appliesTo: "every resource",
    when: "before a write",
    rule: "An entity is adopted (`adoptId`) only when what cannot be changed in place (spec, connections, base connection, params, auth spec) is as declared, and a published one is not declared a draft.",
    source: "no-request",
    basis: "The API has no request that changes these in place (the catalogue's 1414; the update tutorial).",
  },
  "claims.oneHolder": {
    appliesTo: "every resource",
    when: "before a write",
    rule: "An entity is held by one resource of the stack: it is not adopted by a second one, and a resource that lets go of it does not delete it while another holds it.",
    source: "safety",
    basis: "No entity taken from another resource, none deleted under it.",
  },
  "notFound.backAgain": {
    appliesTo: FLOW_SERVICE_KINDS,
    when: "before a delete",
    rule: "An entity a refresh found missing is not replaced when it answers again (an access label was lifted): nothing is deleted or created.",
    source: "safety",
    basis:
      "The service answers 404 both for a deleted entity and for one an access label hides (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels).",
  },
} as const satisfies Record<string, PreWriteRule>;

export type RuleId = keyof typeof RULES;

/** Whether rule `id` refuses before a write (else it warns). */
export function refuses(id: RuleId): boolean {
  return effectOf(RULES[id].source) === "refuse";
}

/** Rules whose offline form gives way to the spec's own, once the spec is read. */
export const SUPERSEDED_BY_SPEC: ReadonlySet<RuleId> = new Set<RuleId>(["flow.schedule.offline", "flow.options.offline"]);

/** The table as Markdown, for docs/pre-write-rules.md. */
export function rulesTable(): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = Object.entries(RULES).map(
    ([id, r]) =>
      `| \`${id}\` | ${cell(r.appliesTo)} | ${r.when} | ${cell(r.rule)} | ${r.source} | ${effectOf(r.source)} | ${cell(r.basis)} |`,
  );
  return ["| rule | applies to | when | what it requires | source | effect | basis |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}
