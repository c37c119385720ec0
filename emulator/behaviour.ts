// Switches for behaviours that Adobe's pages leave open or contradict. Where a page shows what the
// service does, that is the default; where pages are silent or disagree, the default is the
// permissive choice (never stricter than Adobe on a guess) and the strict one is the switch. Tests
// run the provider (or the emulator) against both settings.

export interface Behaviour {
  /**
   * A call without `x-sandbox-name`. The sources API spec lets the org's default sandbox apply; the
   * error catalogue has 2105-400 "The header x-sandbox-name is missing", and the destinations spec
   * marks the header required. Default "reject": a client that forgets the header would otherwise
   * write into production without noticing. (The destination update tutorial also says a request without
   * it resolves to prod.) https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml,
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors,
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml,
   * https://experienceleague.adobe.com/en/docs/experience-platform/destinations/api/update-destination-dataflows
   */
  missingSandboxHeader: "reject" | "default-prod";
  /**
   * How values are stored: in the types the flow spec declares ("declared", as Adobe's examples
   * show: mappingVersion sent as 0 reads back "0", partialIngestionPercent sent as "10" reads back
   * 10), or exactly as sent ("as-sent"). Schedule values read back as strings either way, as the
   * update tutorial's GET shows. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
   * (partialIngestionPercent: https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial)
   */
  storedTypes: "declared" | "as-sent";
  /**
   * How long an entity stays in a transitional state (a flow updating, initializing, disabling,
   * delete-finalizing; a base connection initializing; a source or target connection inProgress or
   * updating) after a write, in ms. How long these last is not documented; 0 settles at once.
   * The states: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
   */
  transitionMs: number;
  /**
   * `?mode=draft` on a spec that declares `attributes.isDraftModeSupported: false` (an absent attribute is not false:
   * the streaming specs Adobe prints carry none, and the draft page drafts a flow of one). The draft tutorial says to
   * check the attribute but documents no error. Default "accept"; "reject" answers 1100, so that a client that skips
   * the check can be caught.
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
   */
  draftOnUnsupportedSpec: "accept" | "reject";
  /**
   * `error_code` in gateway error bodies: a string in Adobe's examples, a number in the destinations spec.
   * Default "string", what the platform-wide troubleshooting guide prints.
   * https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting,
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml
   */
  gatewayErrorCode: "string" | "number";
  /**
   * Whether an entity's references are checked: a flow's connections and mapping set, a source or
   * target connection's base connection and dataset, a mapping set's schema, publish order (no
   * published entity over a draft) and delete order (1418, 1447). Adobe checks them (the error
   * catalogue's 1412, 1418, 1425, 1447; the sources catalogue's 1307). "off" is for programs that
   * use ids the emulator was not given (e.g. generated ones in a benchmark).
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors,
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors
   */
  referentialChecks: "enforce" | "off";
  /**
   * What a GET of a base connection shows for an auth param its spec declares `format: "password"`.
   * Adobe's spec says a base connection holds "a partial view of the credentials" and every example
   * shows a placeholder, so a value is there but it is not the secret. Default "masked" (a fixed
   * placeholder, as the examples show); "omitted" leaves the key out. A client must treat secrets as
   * write-only either way. https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml
   */
  secretParams: "masked" | "omitted";
  /**
   * Which JSON Patch paths a source or target connection takes. Adobe documents only `/params/filters`
   * on a source connection (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter)
   * and none on a target connection; the sources catalogue answers any other with 1365. Default
   * "documented", the stricter side: the provider's rename of a source or target connection meets
   * the 1365 and must say so (nothing changed, replace or undo). "lenient" also takes `/name`,
   * `/description` and `/params/…`, where the provider's PATCH lands.
   */
  connectionPatchPaths: "documented" | "lenient";
  /**
   * `DELETE /mappingSets/{id}`: absent from Adobe's Data Prep spec and endpoint guide, present only in
   * an early stub page and in Adobe's aepp client. Default "absent" (405): a client tested here copes
   * with a mapping set it cannot delete, which also works where deletion is supported.
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml,
   * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
   */
  mappingSetDelete: "absent" | "supported";
  /**
   * Updating or deleting a base connection that is a draft. The error catalogue's 1416 says update
   * and delete apply only to enabled, disabled or initializing connections, which would leave a draft
   * undeletable; the draft tutorial (written later) says nothing. Default "allow", so a draft can be
   * cleaned up; "refuse" answers 1416.
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors,
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
   */
  draftBaseConnectionWrites: "allow" | "refuse";
  /**
   * The order of a list (`GET /flows`, `/sourceConnections`, `/runs`, …) without `orderby`. The destinations spec says
   * "The most recently created or updated entities are returned first"; the sources spec is silent and its
   * `orderby=createdAt` example is ascending. Default "newest-first", what a page documents: a client that pages and
   * names no order must not depend on either. "oldest-first" is creation order.
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml
   */
  listOrder: "newest-first" | "oldest-first";
  /**
   * A flow created with a start time in the past. The sources catalogue's 1360 ("The start time cannot be set in the
   * past") does not say whether a draft, which runs nothing yet, is exempt. Default "refuse" (any create, draft or not);
   * "accept-drafts" takes a draft's. https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors
   */
  pastStartTime: "refuse" | "accept-drafts";
  /**
   * What `GET /mappingSets/{id}` without `version` reads. The Data Prep spec declares the query parameter with
   * `default: 0`; the mapping set guide uses `version` to read an older version, so the latest without it (what Adobe's
   * aepp client relies on). Default "latest"; "first" answers version 0. The provider is tested under both: it never
   * takes an answer older than a version it knows, and a PUT answered with a version it did not expect is reported.
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml,
   * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
   */
  mappingSetDefaultVersion: "latest" | "first";
  /**
   * A mapping set create or PUT with a rule whose `destination`, under the tenant's namespace (`_emulator.…`), is not a
   * field of the output schema. The Data Prep spec answers a create or PUT with a bare 400 "An invalid mapping set was
   * requested" and says no more; the mapping set guide and the UI guide say only that the fields mapped must be the
   * target schema's (the UI's mapping import: "you must ensure that you are using only the fields that are provided in
   * your source file and target schema") and offer `POST /mappingSets/validate` to check mappings. No page says the write
   * is refused. Default "accept" (stored as sent); "refuse" answers 400 naming each such rule. `POST /mappingSets/validate`
   * reports them as FAILED either way. Destinations outside the tenant's namespace are not judged: the emulator does not
   * model the fields of classes and Adobe's field groups.
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml,
   * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set,
   * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/ui/mapping
   */
  mappingDestinations: "accept" | "refuse";
  /**
   * A body whose Content-Type is not JSON's. The troubleshooting guide answers "A valid content-type must be specified"
   * (https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting); the draft dataflow page's own
   * PATCH sends none (curl then sends application/x-www-form-urlencoded) and shows it succeeding
   * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft). The pages disagree:
   * default "any" (a body that is JSON is read as JSON); "require-json" answers the guide's 400.
   */
  contentType: "any" | "require-json";
  /**
   * A field the entity does not have, in a create body. Adobe documents no refusal of one. Default "ignore" (it is not
   * stored); "refuse" answers 1100 naming it, so that a client's misspelt field is caught.
   */
  unknownFields: "ignore" | "refuse";
  /**
   * `If-Match: *`. Adobe documents no wildcard; RFC 9110 makes `*` match any current version. Default "matches" (RFC
   * 9110); "mismatch" answers 412 like any other etag, so that a client relying on it is caught.
   */
  ifMatchWildcard: "matches" | "mismatch";
  /**
   * A published flow (a create without mode=draft, or a publish) without a schedule or a Mapping where its flow spec has
   * them. The API spec requires only flowSpec (CreateFlowRequest); the sources tutorials' prose gives published flows
   * both, and the draft tutorial says a draft may omit them. Default "any"; "schedule-and-mapping" refuses (1100 at
   * create, 1444 at publish, 1455 when a PATCH removes one). https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml
   */
  publishCompleteness: "any" | "schedule-and-mapping";
  /**
   * A schedule (or options) sent for a flow spec that declares no scheduleSpec (optionSpec): the HTTP API streaming
   * specs. Adobe documents no answer. Default "accept" (stored as sent); "refuse" answers 1100 (1455 in a PATCH).
   */
  undeclaredFlowParts: "accept" | "refuse";
  /**
   * A source connection without `baseConnectionId` on a spec that has an auth spec. The API spec does not require it;
   * every tutorial for such a connector sends one. Default "optional"; "required" answers 1304 (mandatory field).
   */
  sourceBaseConnection: "optional" | "required";
  /**
   * What a read shows for a schedule key the flow spec declares with a `default` (a schedule's `backfill`, `default: true`)
   * when the create or PATCH did not send it. Adobe's pages are silent. Default "as-sent"; "filled" stores the declared
   * default, as a service that fills defaults would (a client must not take that for drift).
   */
  specDefaults: "as-sent" | "filled";
  /**
   * A field group or schema write that removes or retypes a field once a dataset references the schema (or one using
   * the field group) or the schema is enabled for Profile. The troubleshooting guide's FAQ and the composition page state
   * that the evolution rules are then "strictly enforced", but document no error. Default "accept" (the write is taken);
   * "refuse" answers 400 naming the fields and the reason.
   * https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide,
   * https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/composition
   */
  registryBreakingChanges: "accept" | "refuse";
  /**
   * An identity descriptor for a schema that is not in the sandbox, on a `xdm:sourceProperty` that is not a field of the
   * schema, or a second `xdm:isPrimary: true` on one schema ("a schema may have only one primary identity"). The
   * descriptors guide documents no error for any of them. Default "accept"; "refuse" answers 400 naming the problem.
   * https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors
   */
  descriptorChecks: "accept" | "refuse";
  /**
   * What `PUT /tenant/descriptors/{id}` answers: the spec says 200 with the full descriptor; the descriptors guide shows
   * 201 with only `{"@id"}`. Default "200-full" (the spec); "201-id" is the guide's.
   * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/schema-registry.yaml,
   * https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors
   */
  descriptorPut: "200-full" | "201-id";
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  missingSandboxHeader: "reject",
  storedTypes: "declared",
  transitionMs: 0,
  draftOnUnsupportedSpec: "accept",
  gatewayErrorCode: "string",
  referentialChecks: "enforce",
  secretParams: "masked",
  connectionPatchPaths: "documented",
  mappingSetDelete: "absent",
  draftBaseConnectionWrites: "allow",
  listOrder: "newest-first",
  pastStartTime: "refuse",
  mappingSetDefaultVersion: "latest",
  mappingDestinations: "accept",
  contentType: "any",
  unknownFields: "ignore",
  ifMatchWildcard: "matches",
  publishCompleteness: "any",
  undeclaredFlowParts: "accept",
  sourceBaseConnection: "optional",
  specDefaults: "as-sent",
  registryBreakingChanges: "accept",
  descriptorChecks: "accept",
  descriptorPut: "200-full",
};

/**
 * Each switch's values (a number for `transitionMs`) and its one-line meaning, from which the
 * control plane's checks and the CLI's flags and --help are made.
 */
export const SWITCHES: Record<keyof Behaviour, { values: readonly string[] | "ms"; means: string }> = {
  missingSandboxHeader: { values: ["reject", "default-prod"], means: "a call without x-sandbox-name" },
  storedTypes: { values: ["declared", "as-sent"], means: "how values are stored" },
  transitionMs: { values: "ms", means: "time an entity stays updating/initializing/disabling after a write" },
  draftOnUnsupportedSpec: { values: ["accept", "reject"], means: "mode=draft on a spec declaring isDraftModeSupported: false" },
  gatewayErrorCode: { values: ["string", "number"], means: "error_code in gateway errors" },
  referentialChecks: { values: ["enforce", "off"], means: "references between entities, publish and delete order" },
  secretParams: { values: ["masked", "omitted"], means: "what a GET shows of a password auth param" },
  connectionPatchPaths: { values: ["documented", "lenient"], means: "PATCH paths of source/target connections" },
  mappingSetDelete: { values: ["absent", "supported"], means: "DELETE /mappingSets/{id}" },
  draftBaseConnectionWrites: { values: ["allow", "refuse"], means: "update/delete of a draft base connection" },
  listOrder: { values: ["newest-first", "oldest-first"], means: "lists without orderby" },
  pastStartTime: { values: ["refuse", "accept-drafts"], means: "a create whose start time has passed" },
  mappingSetDefaultVersion: { values: ["latest", "first"], means: "GET /mappingSets/{id} without version" },
  mappingDestinations: { values: ["accept", "refuse"], means: "a mapping set rule writing a tenant field its schema lacks" },
  contentType: { values: ["any", "require-json"], means: "a body without JSON's Content-Type" },
  unknownFields: { values: ["ignore", "refuse"], means: "a field the entity does not have, in a create" },
  ifMatchWildcard: { values: ["matches", "mismatch"], means: "If-Match: *" },
  publishCompleteness: { values: ["any", "schedule-and-mapping"], means: "a published flow without schedule or Mapping" },
  undeclaredFlowParts: { values: ["accept", "refuse"], means: "a schedule/options for a flow spec declaring none" },
  sourceBaseConnection: { values: ["optional", "required"], means: "a source connection without baseConnectionId" },
  specDefaults: { values: ["as-sent", "filled"], means: "spec-declared defaults of keys not sent (backfill)" },
  registryBreakingChanges: { values: ["accept", "refuse"], means: "removing/retyping fields of a schema in use (dataset, Profile)" },
  descriptorChecks: { values: ["accept", "refuse"], means: "identity descriptor: unknown schema/field, second primary" },
  descriptorPut: { values: ["200-full", "201-id"], means: "PUT /tenant/descriptors/{id}: 200 + descriptor or 201 + @id" },
};

function allowed(key: keyof Behaviour, v: unknown): boolean {
  const values = SWITCHES[key].values;
  return values === "ms" ? typeof v === "number" && Number.isFinite(v) && v >= 0 : values.includes(v as string);
}

/** Checks a partial behaviour from the control plane or the CLI; throws naming the bad key. */
export function checkBehaviour(update: Record<string, unknown>): Partial<Behaviour> {
  for (const [key, value] of Object.entries(update)) {
    if (!(key in SWITCHES)) throw new Error(`unknown behaviour "${key}": expected one of ${Object.keys(SWITCHES).join(", ")}`);
    if (!allowed(key as keyof Behaviour, value)) throw new Error(`behaviour ${key}: ${JSON.stringify(value)} is not an allowed value`);
  }
  return update as Partial<Behaviour>;
}
