// The fidelity table: each behaviour Adobe documents (or leaves open), its public source, whether
// the emulator models it (checked here, over HTTP, against a fresh emulator), and the test that
// proves the provider handles it (checked to exist). Printed by scripts/fault-figures.ts.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { ROOT } from "../../scripts/pulumi-cli";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { FIXTURE_IDS } from "../../emulator";
import { futureStart } from "../helpers/dates";
import {
  FLOW_SPEC,
  MAPPING,
  NO_DRAFT_SPECS,
  SEEDED,
  SOURCE_ID,
  TARGET_ID,
  emulator,
  emulatorToken,
  publishableRequest,
} from "../helpers/emulator";

let emu: RunningEmulator;
let token: string;
const scenarios: Scenario[] = [];

async function api(method: string, p: string, opts: { body?: unknown; headers?: Record<string, string | undefined>; root?: string } = {}) {
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries({
      Authorization: `Bearer ${token}`,
      "x-api-key": SEEDED.clientId,
      "x-gw-ims-org-id": SEEDED.orgId,
      "x-sandbox-name": "dev",
      ...(opts.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...opts.headers,
    }).filter(([, v]) => v !== undefined) as [string, string][],
  );
  const res = await fetch(`${emu.url}${opts.root ?? "/data/foundation/flowservice"}${p}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const draftBody = { name: "Orders", flowSpec: FLOW_SPEC, sourceConnectionIds: [SOURCE_ID], targetConnectionIds: [TARGET_ID] };
const create = async (body: unknown = draftBody, query = "?mode=draft") =>
  (await api("POST", `/flows${query}`, { body })).body.id as string;
const ERRORS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors";
const SOURCES_ERRORS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors";
const DRAFTS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft";
const MAPPING_SETS = "https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set";
const DATAPREP = "/data/foundation/conversion";
const S3_BASE = {
  name: "Orders bucket",
  auth: { specName: "Access Key", params: { s3AccessKey: "AKIA", s3SecretKey: "fidelity-secret" } },
  connectionSpec: { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" },
};
const S3_SOURCE = (baseConnectionId: string) => ({
  name: "Orders files",
  baseConnectionId,
  data: { format: "delimited" },
  params: { path: "/bucket/*.csv" },
  connectionSpec: S3_BASE.connectionSpec,
});
const MAPPING_BODY = {
  outputSchema: { schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
  mappings: [{ sourceType: "ATTRIBUTE", source: "id", destination: "_id" }],
};
const CONNECTIONS_TEST = "tests/emulator-connections.test.ts";
const DATAPREP_TEST = "tests/emulator-dataprep.test.ts";
const LOOKUPS_TEST = "tests/emulator-lookups.test.ts";

interface Row {
  behaviour: string;
  source: string;
  /** Does the emulator model it? Checked live. */
  emulates: () => Promise<boolean>;
  /** `file › test title` of the test that shows the provider handles it. */
  provider: string;
}

const ROWS: Row[] = [
  {
    behaviour: "404 FLOW-1439 for a flow whose access label the role lacks (PATCH/DELETE 403)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels",
    emulates: async () => {
      const id = await create();
      emu.editFlow(id, [{ op: "add", path: "/labels", value: ["core/C12"] }]);
      return (
        (await api("GET", `/flows/${id}`)).body.type?.endsWith("FLOW-1439-404") && (await api("DELETE", `/flows/${id}`)).status === 403
      );
    },
    provider:
      "tests/fidelity.test.ts › a flow hidden by an access label: refresh keeps it marked, and the replacement's DELETE is refused (403) so no second flow is made",
  },
  {
    behaviour: "sandbox not found is a 404 too (2100)",
    source: ERRORS,
    emulates: async () => (await api("GET", "/flows", { headers: { "x-sandbox-name": "nosuch" } })).body.type?.endsWith("FLOW-2100-404"),
    provider: "tests/fidelity.test.ts › a 404 about the sandbox (2100) fails the refresh and changes nothing",
  },
  {
    behaviour: "a wrong base path answers 404",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting",
    emulates: async () => (await api("GET", "/no-such-resource")).status === 404,
    provider: "tests/fidelity.test.ts › a 404 from a wrong endpoint fails the refresh and changes nothing",
  },
  {
    behaviour: "transitional states refuse calls (1420, 1421, 1458) and report progress",
    source: ERRORS,
    emulates: async () => {
      emu.setBehaviour({ transitionMs: 500 });
      const id = await create(publishableRequest(), "");
      await api("POST", `/flows/${id}/action?op=disable`);
      const during = (await api("GET", `/flows/${id}`)).body.items[0];
      const refused = await api("POST", `/flows/${id}/action?op=enable`);
      emu.setBehaviour({ transitionMs: 0 });
      return during.state === "disabling" && refused.body.type?.endsWith("FLOW-1421-400");
    },
    provider:
      "tests/fidelity.test.ts › a publish right after the PATCH, refused while the flow is updating (1420/1421), waits and is sent again",
  },
  {
    behaviour: "a refresh during a transition shows no phantom change",
    source: ERRORS,
    emulates: async () => {
      emu.setBehaviour({ transitionMs: 500 });
      const id = await create(publishableRequest(), "");
      await api("POST", `/flows/${id}/action?op=disable`);
      const during = (await api("GET", `/flows/${id}`)).body.items[0];
      emu.setBehaviour({ transitionMs: 0 });
      return (
        during.state === "disabling" &&
        during.lastOperation.status.value === "inProgress" &&
        typeof during.lastOperation.percentCompleted === "number"
      );
    },
    provider: "tests/fidelity.test.ts › a refresh of a flow that is disabling waits, and reports it disabled: no phantom change",
  },
  {
    behaviour: 'values stored in the spec\'s types (mappingVersion 0 → "0", percent "10" → 10)',
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial",
    emulates: async () => {
      const id = await create({ ...draftBody, transformations: MAPPING });
      return (await api("GET", `/flows/${id}`)).body.items[0].transformations[0].params.mappingVersion === "0";
    },
    provider: "tests/plan.test.ts › a value read back in the service's types never becomes a PATCH or a diff",
  },
  {
    behaviour:
      "drafts: only an explicit isDraftModeSupported: false counts (the streaming specs carry none); the service's answer to one: taken (default) or refused, switchable",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft",
    emulates: async () => {
      const draft = (flowSpec: string) =>
        api("POST", "/flows?mode=draft", {
          body: { ...draftBody, flowSpec: { id: flowSpec, version: "1.0" }, sourceConnectionIds: [FIXTURE_IDS.httpStreamingSource] },
        });
      const absent = await draft("c1a19761-d2c7-4702-b9fa-fe91f0613e81");
      const taken = await draft(NO_DRAFT_SPECS.flow[0].id);
      emu.setBehaviour({ draftOnUnsupportedSpec: "reject" });
      const refused = await draft(NO_DRAFT_SPECS.flow[0].id);
      return absent.status === 201 && taken.status === 201 && refused.status === 400;
    },
    provider:
      "tests/fidelity.test.ts › a draft of a spec declaring isDraftModeSupported: false is refused in check, naming the default and what to set; an absent attribute is not false",
  },
  {
    behaviour: "the draft dataflow page's four requests (draft, PATCH without Content-Type, publish, delete) succeed as written",
    source: DRAFTS,
    emulates: async () => {
      const id = await create({
        ...draftBody,
        flowSpec: { id: "c1a19761-d2c7-4702-b9fa-fe91f0613e81", version: "1.0" },
        sourceConnectionIds: [FIXTURE_IDS.httpStreamingSource],
      });
      const etag = emu.flows().find((f) => f.id === id)!.etag;
      const patched = await api("PATCH", `/flows/${id}`, {
        body: [{ op: "add", path: "/transformations", value: MAPPING }],
        headers: { "If-Match": etag, "Content-Type": "application/x-www-form-urlencoded" },
      });
      const published = await api("POST", `/flows/${id}/action?op=publish`);
      const deleted = await api("DELETE", `/flows/${id}`);
      return patched.status === 200 && published.status === 200 && deleted.status === 204;
    },
    provider: "tests/draft-page.test.ts › the page's four requests succeed on the default emulator, %s",
  },
  {
    behaviour: 'flow specs carry the names and attributes Adobe prints (c1a19761: "Steam data with transformation")',
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/streaming",
    emulates: async () =>
      (await api("GET", "/flowSpecs/c1a19761-d2c7-4702-b9fa-fe91f0613e81")).body.items[0].name === "Steam data with transformation",
    provider:
      "tests/draft-page.test.ts › the streaming flow spec is as Adobe's streaming tutorial prints it: its name, a Mapping spec requiring mappingId, no isDraftModeSupported",
  },
  {
    behaviour: "schedules are per flow spec (endTime; none for streaming)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage",
    emulates: async () =>
      (await api("GET", `/flowSpecs/${FLOW_SPEC.id}`)).body.items[0].scheduleSpec.spec.properties.endTime !== undefined &&
      (await api("GET", "/flowSpecs/d8a6f005-7eaf-4153-983e-e8574508b877")).body.items[0].scheduleSpec === undefined,
    provider: "tests/fidelity.test.ts › the schedule follows the spec: endTime is kept and round-trips",
  },
  {
    behaviour:
      "a published flow without a schedule or a mapping: taken (the API spec requires neither; default) or refused (the tutorials' prose), switchable",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft",
    emulates: async () => {
      const taken = await api("POST", "/flows", { body: draftBody });
      emu.setBehaviour({ publishCompleteness: "schedule-and-mapping" });
      const refused = await api("POST", "/flows", { body: draftBody });
      return taken.status === 201 && refused.status === 400;
    },
    provider:
      "tests/fidelity.test.ts › a published flow without the spec's schedule and mapping (the tutorials' prose) is a warning, and the service decides: publishCompleteness %s answers %i",
  },
  {
    behaviour: "a schedule key the spec declares a default for (backfill): stored as sent (default) or filled, switchable; never drift",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage",
    emulates: async () => {
      emu.setBehaviour({ specDefaults: "filled" });
      const id = await create({ ...draftBody, scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1" } });
      return (await api("GET", `/flows/${id}`)).body.items[0].scheduleParams.backfill === "true";
    },
    provider:
      "tests/fidelity.test.ts › with specDefaults %s, a schedule without backfill (scheduleSpec: default true) refreshes with no change and no PATCH",
  },
  {
    behaviour: "a 500 can be transient: retry",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting",
    emulates: async () => {
      emu.addFault({ method: "GET", status: 500 });
      const first = await api("GET", "/flows");
      const second = await api("GET", "/flows");
      return first.body.type?.endsWith("FLOW-1102-500") && second.status === 200;
    },
    provider: "tests/fidelity.test.ts › a 500 on a read is retried (Adobe: a 500 can be transient)",
  },
  {
    behaviour: "destination dataflows share /flows (filter isSourceFlow)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter",
    emulates: async () => {
      emu.seedFlow("dev", {
        name: "To S3",
        flowSpec: { id: "71471eba-b620-49e4-90fd-23f1fa0174d8", version: "1.0" },
        inheritedAttributes: { properties: { isDestinationFlow: true } },
      });
      const all = (await api("GET", "/flows?count=true")).body.count;
      const sources = (
        await api("GET", `/flows?count=true&property=${encodeURIComponent("inheritedAttributes.properties.isSourceFlow==true")}`)
      ).body.count;
      return all === sources + 1;
    },
    provider: "tests/export.test.ts › pages through 1,000 flows with continuation tokens and filters",
  },
  {
    behaviour: "options: PATCH add /options (error diagnostics, partial ingestion)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial",
    emulates: async () => {
      const id = await create();
      const etag = emu.flows().find((f) => f.id === id)!.etag;
      return (
        (
          await api("PATCH", `/flows/${id}`, {
            body: [{ op: "add", path: "/options", value: { partialIngestionEnabled: true } }],
            headers: { "If-Match": etag },
          })
        ).status === 200
      );
    },
    provider: "tests/fidelity.test.ts › an edit is one PATCH of /options; a percent read back as a number is no change",
  },
  {
    behaviour: "missing x-sandbox-name: default sandbox (sources spec) or 2105 (catalogue): both, switchable",
    source: ERRORS,
    emulates: async () => (await api("GET", "/flows", { headers: { "x-sandbox-name": undefined } })).body.type?.endsWith("FLOW-2105-400"),
    provider: "tests/fidelity.test.ts › never happens: every call of the provider names its sandbox",
  },
  {
    behaviour:
      "a body without JSON's content type: read as JSON (the draft page's PATCH sends none; default) or refused (the troubleshooting guide), switchable",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting",
    emulates: async () => {
      const taken = await api("POST", "/flows", { body: draftBody, headers: { "Content-Type": "text/plain" } });
      emu.setBehaviour({ contentType: "require-json" });
      const refused = await api("POST", "/flows", { body: draftBody, headers: { "Content-Type": "text/plain" } });
      return taken.status === 201 && refused.body.detail === "A valid content-type must be specified";
    },
    provider: "tests/client.test.ts › sends the headers the API requires, and no Content-Type without a body",
  },
  {
    behaviour: "If-Match: * matches any version (RFC 9110; default) or is a mismatch, switchable (Adobe documents no wildcard)",
    source: ERRORS,
    emulates: async () => {
      const id = await create();
      const rename = (value: string) =>
        api("PATCH", `/flows/${id}`, { body: [{ op: "replace", path: "/name", value }], headers: { "If-Match": "*" } });
      const matched = await rename("Any");
      emu.setBehaviour({ ifMatchWildcard: "mismatch" });
      const mismatched = await rename("None");
      return matched.status === 200 && mismatched.status === 412;
    },
    provider: "tests/emulator.test.ts › by default takes If-Match: * as any version (RFC 9110), since Adobe documents no wildcard",
  },
  {
    behaviour: "a create field the entity does not have: ignored (default) or refused, switchable (Adobe documents no refusal)",
    source: "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml",
    emulates: async () => {
      const ignored = await api("POST", "/connections", { body: { ...S3_BASE, colour: "blue" } });
      emu.setBehaviour({ unknownFields: "refuse" });
      const refused = await api("POST", "/connections", { body: { ...S3_BASE, colour: "blue" } });
      return ignored.status === 201 && refused.status === 400;
    },
    provider: `${CONNECTIONS_TEST} › a property connections do not have is ignored (Adobe documents no refusal), or refused (1100) with unknownFields: refuse`,
  },
  {
    behaviour: "filter operators (== > <; 1450 unknown, 1448 >= on id)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter",
    emulates: async () => (await api("GET", `/flows?property=${encodeURIComponent("name!>x")}`)).body.type?.endsWith("FLOW-1450-400"),
    provider: "tests/ownership.test.ts › with %s: a reset before processing creates the copy's own flow",
  },
  {
    behaviour: "error_code as a number (destinations spec) or a string",
    source: "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml",
    emulates: async () => {
      emu.setBehaviour({ gatewayErrorCode: "number" });
      const body = (await api("GET", "/flows", { headers: { Authorization: "Bearer nope" } })).body;
      emu.setBehaviour({ gatewayErrorCode: "string" });
      return body.error_code === 401013;
    },
    provider: "tests/fidelity.test.ts › a gateway error_code as %s keeps its setting hint",
  },
  {
    behaviour: "paging: _links.next.href carries the token alone; the last page has _links {}",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor",
    emulates: async () => {
      for (let i = 0; i < 3; i++) await create();
      const first = (await api("GET", "/flows?limit=2")).body;
      const last = (await api("GET", first._links.next.href)).body;
      return /^\/flows\?continuationToken=[\w-]+$/.test(first._links.next.href) && JSON.stringify(last._links) === "{}";
    },
    provider: "tests/client.test.ts › pages through every flow with continuation tokens",
  },
  {
    behaviour: "flow specs, connection specs and runs are served (read-only)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor",
    emulates: async () =>
      (await api("GET", `/flowSpecs/${FLOW_SPEC.id}`)).status === 200 &&
      (await api("GET", "/connectionSpecs/ecadc60c-7455-4d87-84dc-2a0e293d997b")).status === 200 &&
      (await api("GET", "/runs?property=flowId==x")).status === 200,
    provider:
      "tests/engine.test.ts › check fills defaults and reports failures with paths; it reads a new resource's flow spec once per run, nothing else",
  },
  {
    behaviour: "a base connection's auth.specName must be one of its spec's authSpec (1415)",
    source: ERRORS,
    emulates: async () =>
      (await api("POST", "/connections", { body: { ...S3_BASE, auth: { specName: "OAuth", params: {} } } })).body.type?.endsWith(
        "FLOW-1415-400",
      ),
    provider: `${CONNECTIONS_TEST} › refuses %s, storing nothing`,
  },
  {
    behaviour: "a connection's connection spec cannot change (1414): replace it",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update",
    emulates: async () => {
      const { id, etag } = (await api("POST", "/connections", { body: S3_BASE })).body;
      const res = await api("PATCH", `/connections/${id}`, {
        body: [{ op: "replace", path: "/connectionSpec/id", value: "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb" }],
        headers: { "If-Match": etag },
      });
      return res.body.type?.endsWith("FLOW-1414-400");
    },
    provider: `${CONNECTIONS_TEST} › PATCH needs If-Match (1403), refuses a stale etag (1404-412), the connection spec (1414) and undocumented paths (1365)`,
  },
  {
    behaviour: "secrets (format: password) are never read back: masked (default) or omitted, switchable",
    source: "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml",
    emulates: async () => {
      const { id } = (await api("POST", "/connections", { body: S3_BASE })).body;
      const masked = (await api("GET", `/connections/${id}`)).body.items[0].auth.params.s3SecretKey;
      emu.setBehaviour({ secretParams: "omitted" });
      const omitted = (await api("GET", `/connections/${id}`)).body.items[0].auth.params;
      emu.setBehaviour({ secretParams: "masked" });
      return masked === "********" && !("s3SecretKey" in omitted) && !JSON.stringify(emu.journal()).includes("fidelity-secret");
    },
    provider: `${CONNECTIONS_TEST} › never shows a credential: not in the journal, an error, lastOperation or the control plane`,
  },
  {
    behaviour: "an HTTP API streaming connection's GET adds inletUrl, inletId, sourceId, authenticationRequired",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/streaming/http",
    emulates: async () => {
      const params = (await api("GET", `/connections/${FIXTURE_IDS.baseConnections.httpStreaming}`)).body.items[0].auth.params;
      return /^https:\/\/dcs\.adobedc\.net\/collection\/[0-9a-f]{64}$/.test(params.inletUrl) && params.sourceId !== undefined;
    },
    provider: `${CONNECTIONS_TEST} › an HTTP API streaming connection's GET adds its inlet; sourceId defaults to the name`,
  },
  {
    behaviour: "a source connection's PATCH: only /params/filters is documented (1365 otherwise), switchable",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter",
    emulates: async () => {
      const { id, etag } = (await api("POST", "/sourceConnections?mode=draft", { body: S3_SOURCE(FIXTURE_IDS.baseConnections.s3) })).body;
      const res = await api("PATCH", `/sourceConnections/${id}`, {
        body: [{ op: "replace", path: "/params/path", value: "/x" }],
        headers: { "If-Match": etag },
      });
      return res.body.type?.endsWith("FLOW-1365-400");
    },
    provider: `${CONNECTIONS_TEST} › a source connection's PATCH paths with connectionPatchPaths: %s`,
  },
  {
    behaviour: "publish order: no source/target connection over a draft base connection, no flow over a draft connection",
    source: DRAFTS,
    emulates: async () => {
      const base = (await api("POST", "/connections?mode=draft", { body: S3_BASE })).body.id;
      const overDraftBase = await api("POST", "/sourceConnections", { body: S3_SOURCE(base) });
      const source = (await api("POST", "/sourceConnections?mode=draft", { body: S3_SOURCE(FIXTURE_IDS.baseConnections.s3) })).body.id;
      const overDraftSource = await api("POST", "/flows", { body: { ...publishableRequest(), sourceConnectionIds: [source] } });
      return overDraftBase.status === 400 && /is a draft/.test(overDraftSource.body.errorMessage);
    },
    provider: `${CONNECTIONS_TEST} › a flow cannot be published, nor created published, while one of its connections is a draft`,
  },
  {
    behaviour: "delete order: a base connection in use 1418, a source/target connection in use 1447",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete",
    emulates: async () => {
      await create(publishableRequest(), "");
      const base = await api("DELETE", `/connections/${FIXTURE_IDS.baseConnections.s3}`);
      const source = await api("DELETE", `/sourceConnections/${SOURCE_ID}`);
      return base.body.type?.endsWith("FLOW-1418-400") && source.body.type?.endsWith("FLOW-1447-400");
    },
    provider: `${CONNECTIONS_TEST} › a base connection in use answers 1418, a source or target connection in use 1447; in order, every delete is 204`,
  },
  {
    behaviour: "a flow's connections and mapping must exist; mapping version (1412), mapping schema = dataset schema (1425)",
    source: ERRORS,
    emulates: async () => {
      const version = await api("POST", "/flows?mode=draft", {
        body: { ...draftBody, transformations: [{ name: "Mapping", params: { ...MAPPING[0].params, mappingVersion: 9 } }] },
      });
      const schema = await api("POST", "/flows?mode=draft", {
        body: {
          ...draftBody,
          transformations: [{ name: "Mapping", params: { mappingId: FIXTURE_IDS.customersMappings[0], mappingVersion: 0 } }],
        },
      });
      return version.body.type?.endsWith("FLOW-1412-400") && schema.body.type?.endsWith("FLOW-1425-400");
    },
    provider: `${CONNECTIONS_TEST} › refuses a flow with %s`,
  },
  {
    behaviour: "a new flow's start time cannot be in the past (1360); once passed, a published flow's cannot change (1366)",
    source: SOURCES_ERRORS,
    emulates: async () => {
      const past = await api("POST", "/flows?mode=draft", {
        body: { ...draftBody, scheduleParams: { startTime: "1600000000", frequency: "once" } },
      });
      return past.body.type?.endsWith("FLOW-1360-400");
    },
    provider: "tests/fidelity.test.ts › with pastStartTime: %s, draft: %s, check refuses it, naming the time, and nothing is written",
  },
  {
    behaviour: "lists without orderby come newest first (creation order switchable)",
    source: "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml",
    emulates: async () => {
      const first = await create({ ...draftBody, name: "first" });
      emu.setClockOffset(1000);
      const second = await create({ ...draftBody, name: "second" });
      emu.setClockOffset(0);
      const ids = ((await api("GET", "/flows")).body.items as { id: string }[]).map((f) => f.id);
      return ids.indexOf(second) < ids.indexOf(first);
    },
    provider:
      "tests/ownership.test.ts › with %s (%i ms), lists %s: a response dropped after commit adopts the flow the create made, not the older one",
  },
  {
    behaviour: "a data lake target connection needs params.dataSetId (1325), a dataset of the sandbox",
    source: SOURCES_ERRORS,
    emulates: async () => {
      const res = await api("POST", "/targetConnections", {
        body: { name: "t", data: {}, params: {}, connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" } },
      });
      return res.body.type?.endsWith("FLOW-1325-400");
    },
    provider: `${CONNECTIONS_TEST} › refuses a target connection with %s`,
  },
  {
    behaviour: "mapping sets: POST answers 200; PUT makes version + 1; older versions stay readable",
    source: MAPPING_SETS,
    emulates: async () => {
      const created = await api("POST", "/mappingSets", { body: MAPPING_BODY, root: DATAPREP });
      const put = await api("PUT", `/mappingSets/${created.body.id}`, { body: MAPPING_BODY, root: DATAPREP });
      const v0 = await api("GET", `/mappingSets/${created.body.id}?version=0`, { root: DATAPREP });
      return created.status === 200 && put.body.version === 1 && v0.body.version === 0;
    },
    provider: `${DATAPREP_TEST} › PUT replaces the set as version + 1 with new rule ids; the old version stays readable with ?version=`,
  },
  {
    behaviour: "a mapping set reads back in another shape (text/x.schema-path, server rule ids, legacy duplicates)",
    source: MAPPING_SETS,
    emulates: async () => {
      const rule = (await api("GET", `/mappingSets/${MAPPING[0].params.mappingId}`, { root: DATAPREP })).body.mappings[0];
      return rule.sourceType === "text/x.schema-path" && /^[0-9a-f]{32}$/.test(rule.id) && rule.sourceAttribute === rule.source;
    },
    provider: `${DATAPREP_TEST} › reads back in the read shape: server rule ids, text/x.schema-path, the legacy duplicates, status`,
  },
  {
    behaviour: "GET /mappingSets/{id} without version: the latest (the guide) or version 0 (the spec's default), switchable",
    source: "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml",
    emulates: async () => {
      const created = await api("POST", "/mappingSets", { body: MAPPING_BODY, root: DATAPREP });
      await api("PUT", `/mappingSets/${created.body.id}`, { body: MAPPING_BODY, root: DATAPREP });
      const latest = await api("GET", `/mappingSets/${created.body.id}`, { root: DATAPREP });
      emu.setBehaviour({ mappingSetDefaultVersion: "first" });
      const first = await api("GET", `/mappingSets/${created.body.id}`, { root: DATAPREP });
      emu.setBehaviour({ mappingSetDefaultVersion: "latest" });
      return latest.body.version === 1 && first.body.version === 0;
    },
    provider:
      "tests/engine-mapping-set.test.ts › a version saved in the AEP UI is refused as a base for the program's change: nothing is sent, the edit is kept",
  },
  {
    behaviour: "DELETE /mappingSets/{id} is unconfirmed: absent (405, default) or supported, switchable",
    source: "https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml",
    emulates: async () => (await api("DELETE", `/mappingSets/${MAPPING[0].params.mappingId}`, { root: DATAPREP })).status === 405,
    provider: `${DATAPREP_TEST} › DELETE with mappingSetDelete: %s answers %i`,
  },
  {
    behaviour: "Catalog dataset names are not unique; limit is 1 to 100 (limit=0 refused)",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data",
    emulates: async () => {
      emu.seedDataset("dev", { name: "Orders dataset" });
      const byName = await api("GET", `/dataSets?property=${encodeURIComponent("name==Orders dataset")}`, {
        root: "/data/foundation/catalog",
      });
      const zero = await api("GET", "/dataSets?limit=0", { root: "/data/foundation/catalog" });
      return Object.keys(byName.body).length === 2 && zero.status === 400;
    },
    provider: `${LOOKUPS_TEST} › finds by property=name==, with properties=; two datasets may share a name`,
  },
  {
    behaviour: "a schema lookup needs a versioned Accept (XDM-1007-400); a list an unversioned one",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide",
    emulates: async () => {
      const res = await api("GET", `/tenant/schemas/${encodeURIComponent(FIXTURE_IDS.schemas.orders)}`, {
        root: "/data/foundation/schemaregistry",
        headers: { Accept: "application/vnd.adobe.xed-full+json" },
      });
      return res.body.type === "http://ns.adobe.com/aep/errors/XDM-1007-400";
    },
    provider: `${LOOKUPS_TEST} › looks up by meta:altId or URL-encoded $id with a versioned Accept; refuses an unversioned one (XDM-1007-400)`,
  },
  {
    behaviour: 'specs are found by name, property=name=="x" (URL-encoded quotes) or name==x',
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage",
    emulates: async () =>
      (await api("GET", `/connectionSpecs?property=${encodeURIComponent('name=="amazon-s3"')}`)).body.items.length === 1 &&
      (await api("GET", "/flowSpecs?property=name==CloudStorageToAEP")).body.items.length === 1,
    provider: `${LOOKUPS_TEST} › finds connection and flow specs by name, %s`,
  },
];

/** Whether `file › title` names a test that exists (a title may carry %s for a table of cases). */
function testExists(ref: string): boolean {
  const [file, title] = ref.split(" › ");
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return text.includes(JSON.stringify(title).slice(1, -1)) || text.includes(title);
}

beforeAll(async () => {
  emu = await emulator({ clients: [{ ...SEEDED, roleLabels: ["core/C1"] }], specs: NO_DRAFT_SPECS });
});

afterAll(async () => {
  recordScenarios(scenarios);
  await emu?.stop();
});

beforeEach(async () => {
  emu.reset();
  token = await emulatorToken(emu);
});

describe("fidelity to Adobe", () => {
  it.each(ROWS.map((r) => [r.behaviour, r] as const))("%s", async (_behaviour, row) => {
    const modelled = Boolean(await row.emulates());
    const handled = testExists(row.provider);
    scenarios.push({
      suite: "fidelity",
      name: row.behaviour,
      expected: row.source,
      observed: `${modelled ? "yes" : "no"}|${row.provider}`,
      passed: modelled && handled,
    });
    expect({ modelled, handled }).toEqual({ modelled: true, handled: true });
  });
});
