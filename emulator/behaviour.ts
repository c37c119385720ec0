// Switches for behaviours that Adobe's pages leave open or contradict. Each default is the choice
// safer for a user of the package; tests run the provider (or the emulator) against both settings.

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
   * `?mode=draft` on a spec whose `attributes.isDraftModeSupported` is false. The draft tutorial
   * says to check the attribute but no error is documented. Default "reject", so that a client that skips
   * the check learns it here rather than in production.
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
   */
  draftOnUnsupportedSpec: "reject" | "accept";
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
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  missingSandboxHeader: "reject",
  storedTypes: "declared",
  transitionMs: 0,
  draftOnUnsupportedSpec: "reject",
  gatewayErrorCode: "string",
  referentialChecks: "enforce",
  secretParams: "masked",
  connectionPatchPaths: "documented",
  mappingSetDelete: "absent",
  draftBaseConnectionWrites: "allow",
  listOrder: "newest-first",
  pastStartTime: "refuse",
  mappingSetDefaultVersion: "latest",
};

const ALLOWED: Record<keyof Behaviour, (v: unknown) => boolean> = {
  missingSandboxHeader: (v) => v === "reject" || v === "default-prod",
  storedTypes: (v) => v === "declared" || v === "as-sent",
  transitionMs: (v) => typeof v === "number" && Number.isFinite(v) && v >= 0,
  draftOnUnsupportedSpec: (v) => v === "reject" || v === "accept",
  gatewayErrorCode: (v) => v === "string" || v === "number",
  referentialChecks: (v) => v === "enforce" || v === "off",
  secretParams: (v) => v === "masked" || v === "omitted",
  connectionPatchPaths: (v) => v === "documented" || v === "lenient",
  mappingSetDelete: (v) => v === "absent" || v === "supported",
  draftBaseConnectionWrites: (v) => v === "allow" || v === "refuse",
  listOrder: (v) => v === "newest-first" || v === "oldest-first",
  pastStartTime: (v) => v === "refuse" || v === "accept-drafts",
  mappingSetDefaultVersion: (v) => v === "latest" || v === "first",
};

/** Checks a partial behaviour from the control plane or the CLI; throws naming the bad key. */
export function checkBehaviour(update: Record<string, unknown>): Partial<Behaviour> {
  for (const [key, value] of Object.entries(update)) {
    const ok = ALLOWED[key as keyof Behaviour];
    if (!ok) throw new Error(`unknown behaviour "${key}": expected one of ${Object.keys(ALLOWED).join(", ")}`);
    if (!ok(value)) throw new Error(`behaviour ${key}: ${JSON.stringify(value)} is not an allowed value`);
  }
  return update as Partial<Behaviour>;
}
