// The emulator over raw HTTP: the API's rules and error shapes, paging, sandboxes, faults.
import { RunningEmulator } from "../emulator";
import {
  FLOW_SPEC,
  MAPPING,
  SEEDED,
  SOURCE_ID,
  SOURCE_ID_2,
  STREAMING_SOURCE_ID,
  TARGET_ID,
  NO_DRAFT_SPECS,
  emulator,
  emulatorToken,
  publishableRequest,
} from "./helpers/emulator";
import { futureStart } from "./helpers/dates";

let emu: RunningEmulator;
let token: string;
const flowBody = { name: "Orders", flowSpec: FLOW_SPEC, sourceConnectionIds: [SOURCE_ID], targetConnectionIds: [TARGET_ID] };
/** A body the cloud storage flow spec accepts for a published flow (a schedule and a mapping). */
const publishedBody = { ...publishableRequest(), name: "Orders" };

async function getToken(form: Record<string, string>): Promise<Response> {
  return fetch(`${emu.url}/ims/token/v3`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

function headers(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const h: Record<string, string | undefined> = {
    Authorization: `Bearer ${token}`,
    "x-api-key": SEEDED.clientId,
    "x-gw-ims-org-id": SEEDED.orgId,
    "x-sandbox-name": "prod",
    ...extra,
  };
  return Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

async function api(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; headers?: Record<string, string | undefined> } = {},
) {
  const h = headers(opts.headers);
  if (opts.body !== undefined && !("Content-Type" in (opts.headers ?? {}))) h["Content-Type"] = "application/json";
  const res = await fetch(`${emu.url}/data/foundation/flowservice${path}`, {
    method,
    headers: h,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function create(body: unknown = flowBody, query = "?mode=draft", sandbox = "prod") {
  return api("POST", `/flows${query}`, { body, headers: { "x-sandbox-name": sandbox } });
}

beforeEach(async () => {
  emu = await emulator();
  const res = await getToken({
    grant_type: "client_credentials",
    client_id: SEEDED.clientId,
    client_secret: SEEDED.clientSecret,
    scope: "openid",
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterEach(() => emu.stop());

describe("IMS", () => {
  it("issues a bearer token in IMS's shape", async () => {
    const res = await getToken({
      grant_type: "client_credentials",
      client_id: SEEDED.clientId,
      client_secret: SEEDED.clientSecret,
      scope: "openid",
    });
    expect(await res.json()).toEqual({ access_token: expect.stringMatching(/^emu-/), token_type: "bearer", expires_in: 86399 });
  });

  it.each([
    [{ grant_type: "password" }, 400, "unsupported_grant_type"],
    [{ grant_type: "client_credentials", client_id: "nobody", client_secret: "x", scope: "s" }, 400, "invalid_client"],
    [{ grant_type: "client_credentials", client_id: SEEDED.clientId, client_secret: "wrong", scope: "s" }, 401, "invalid_client"],
  ])("refuses %j with OAuth errors", async (form, status, error) => {
    const res = await getToken(form as Record<string, string>);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
  });
});

describe("gateway checks", () => {
  it.each([
    [{ Authorization: undefined }, 403, "403010"],
    [{ Authorization: "Bearer not-a-token" }, 401, "401013"],
    [{ "x-api-key": undefined }, 403, "403000"],
    [{ "x-api-key": "someone-else" }, 403, "403003"],
    [{ "x-gw-ims-org-id": undefined }, 400, "400003"],
    [{ "x-gw-ims-org-id": "OTHER@AdobeOrg" }, 403, "403025"],
  ])("%j → %i %s", async (h, status, code) => {
    const res = await api("GET", "/flows", { headers: h });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error_code: code, message: expect.any(String) });
  });

  it("refuses a call without x-sandbox-name (2105) by default, and 404s an unknown sandbox (2100)", async () => {
    const { body } = await create();
    const missing = await api("GET", `/flows/${body.id}`, { headers: { "x-sandbox-name": undefined } });
    expect(missing.status).toBe(400);
    expect(missing.body.type).toMatch(/FLOW-2105-400$/);
    const unknown = await api("GET", "/flows", { headers: { "x-sandbox-name": "nosuch" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toMatch(/FLOW-2100-404$/);
  });

  it("uses prod when x-sandbox-name is missing, with missingSandboxHeader: default-prod", async () => {
    emu.setBehaviour({ missingSandboxHeader: "default-prod" });
    const { body } = await create();
    expect((await api("GET", `/flows/${body.id}`, { headers: { "x-sandbox-name": undefined } })).status).toBe(200);
  });

  it("writes error_code as a number with gatewayErrorCode: number (as the destinations spec shows)", async () => {
    emu.setBehaviour({ gatewayErrorCode: "number" });
    const res = await api("GET", "/flows", { headers: { Authorization: "Bearer not-a-token" } });
    expect(res.body).toEqual({ error_code: 401013, message: "Oauth token is not valid" });
  });
});

describe("flows", () => {
  it("creates with 201 {id, etag} and Location; GET returns the items envelope", async () => {
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), etag: expect.stringMatching(/^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/) });
    expect(created.headers.get("location")).toBe(`/data/foundation/flowservice/flows/${created.body.id}`);
    const got = await api("GET", `/flows/${created.body.id}`);
    expect(got.body.items).toHaveLength(1);
    expect(got.body.items[0]).toMatchObject({
      ...flowBody,
      id: created.body.id,
      state: "draft",
      etag: created.body.etag,
      version: created.body.etag,
      sandboxName: "prod",
    });
  });

  it.each([
    ["state in the body", { ...flowBody, state: "enabled" }, "FLOW-1410-400"],
    ["a bad flow spec id", { ...flowBody, flowSpec: { id: "x", version: "1.0" } }, "FLOW-1413-400"],
    ["an empty body", {}, "FLOW-1405-400"],
    ["no name", { ...flowBody, name: undefined }, "FLOW-1100-400"],
    ["an unknown flow spec", { ...flowBody, flowSpec: { id: "00000000-0000-4000-8000-000000000000", version: "1.0" } }, "FLOW-1413-400"],
    [
      "a schedule with interval < 15 minutes",
      { ...flowBody, scheduleParams: { startTime: "1", frequency: "minute", interval: "5" } },
      "FLOW-1100-400",
    ],
    [
      "a schedule key the spec does not declare",
      { ...flowBody, scheduleParams: { startTime: "1", frequency: "hour", interval: "1", timeUnit: "day" } },
      "FLOW-1100-400",
    ],
    ["a transformation the spec does not have", { ...flowBody, transformations: [{ name: "Copy", params: {} }] }, "FLOW-1100-400"],
  ])("refuses a create with %s", async (_, body, code) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
    expect(res.body.report["request-id"]).toEqual(expect.any(String));
    expect(emu.flows()).toEqual([]);
  });

  it("reads a JSON body whatever its content type (the draft page's PATCH sends none); with contentType: require-json answers the guide's 400", async () => {
    const sent = () => api("POST", "/flows", { raw: JSON.stringify(flowBody), headers: { "Content-Type": "text/plain" } });
    expect((await sent()).status).toBe(201);
    expect(emu.flows()).toHaveLength(1);
    emu.setBehaviour({ contentType: "require-json" });
    expect(await sent()).toMatchObject({
      status: 400,
      body: { title: "BadRequestError", detail: "A valid content-type must be specified" },
    });
    expect(emu.flows()).toHaveLength(1);
  });

  it("answers bad JSON with AEP errors, storing nothing", async () => {
    const badJson = await api("POST", "/flows", { raw: "{not json", headers: { "Content-Type": "application/json" } });
    expect(badJson.status).toBe(400);
    expect(badJson.body.detail).toMatch(/not valid JSON/);
    expect(emu.flows()).toEqual([]);
  });

  it("patches with If-Match, stores schedule values as strings, and answers 400/412/1434", async () => {
    const { body } = await create();
    const noIfMatch = await api("PATCH", `/flows/${body.id}`, { body: [{ op: "replace", path: "/name", value: "x" }] });
    expect(noIfMatch.body.type).toMatch(/FLOW-1403-400$/);
    const move = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "move", from: "/name", path: "/description" }],
      headers: { "If-Match": body.etag },
    });
    expect(move.body.type).toMatch(/FLOW-1434-400$/);
    const state = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/state", value: "enabled" }],
      headers: { "If-Match": body.etag },
    });
    expect(state.body.type).toMatch(/FLOW-1455-400$/);
    const ok = await api("PATCH", `/flows/${body.id}`, {
      body: [
        { op: "REPLACE", path: "/name", value: "Renamed" },
        { op: "add", path: "/scheduleParams", value: { startTime: futureStart(), frequency: "hour", interval: 2, backfill: true } },
      ],
      headers: { "If-Match": body.etag },
    });
    expect(ok).toMatchObject({ status: 200, body: { id: body.id } });
    const stale = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/name", value: "y" }],
      headers: { "If-Match": body.etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.type).toMatch(/FLOW-1404-412$/);
    expect(stale.body.errorMessage).toContain(`Supplied version=[${body.etag}]`);
    // No wildcard is documented: with ifMatchWildcard: mismatch, `*` is not "any version".
    emu.setBehaviour({ ifMatchWildcard: "mismatch" });
    const wildcard = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/name", value: "y" }],
      headers: { "If-Match": "*" },
    });
    expect({ status: wildcard.status, type: wildcard.body.type }).toEqual({ status: 412, type: expect.stringMatching(/FLOW-1404-412$/) });
    const flow = (await api("GET", `/flows/${body.id}`)).body.items[0];
    expect(flow).toMatchObject({
      name: "Renamed",
      etag: ok.body.etag,
      scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "2", backfill: "true" },
      lastOperation: { operation: "update" },
    });
  });

  it("refuses to move a published flow's start time once it has passed (1366)", async () => {
    const { body } = await create(
      { ...publishedBody, scheduleParams: { startTime: String(futureStart()), frequency: "day", interval: "1" } },
      "",
    );
    emu.setClockOffset((futureStart() + 60) * 1000 - Date.now());
    const res = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/scheduleParams/startTime", value: String(futureStart(1)) }],
      headers: { "If-Match": body.etag },
    });
    expect({ status: res.status, type: res.body.type, message: res.body.errorMessage }).toEqual({
      status: 400,
      type: expect.stringMatching(/FLOW-1366-400$/),
      message: "The start time has passed and the update operation is no longer allowed.",
    });
  });

  it.each([
    ["refuse", 400, 400],
    ["accept-drafts", 201, 400],
  ] as const)(
    "a create whose start time has passed (1360), with pastStartTime: %s: a draft answers %i, a published flow %i",
    async (pastStartTime, draft, published) => {
      emu.setBehaviour({ pastStartTime });
      const past = { startTime: "1600000000", frequency: "day", interval: "1" };
      const asDraft = await create({ ...flowBody, scheduleParams: past });
      const asPublished = await create({ ...publishedBody, scheduleParams: past }, "");
      expect([asDraft.status, asPublished.status]).toEqual([draft, published]);
      expect(asPublished.body.errorMessage).toBe(
        "The start time cannot be set in the past. Please provide a valid start time and try again.",
      );
      expect(asPublished.body.type).toMatch(/FLOW-1360-400$/);
    },
  );

  it("keeps endTime when the spec declares it; a published create without a schedule or a mapping is taken, unless publishCompleteness asks for them", async () => {
    const withEnd = await create({
      ...flowBody,
      scheduleParams: { startTime: String(futureStart()), endTime: String(futureStart(1)), frequency: "hour", interval: "1" },
    });
    expect(withEnd.status).toBe(201);
    expect(emu.flows()[0].scheduleParams).toEqual({
      startTime: String(futureStart()),
      endTime: String(futureStart(1)),
      frequency: "hour",
      interval: "1",
    });
    expect((await create(flowBody, "")).status).toBe(201);
    emu.setBehaviour({ publishCompleteness: "schedule-and-mapping" });
    const incomplete = await create(flowBody, "");
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errorMessage).toMatch(/needs scheduleParams and a Mapping transformation/);
  });

  it("by default takes If-Match: * as any version (RFC 9110), since Adobe documents no wildcard", async () => {
    const { body } = await create();
    const wildcard = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/name", value: "Any version" }],
      headers: { "If-Match": "*" },
    });
    expect(wildcard).toMatchObject({ status: 200, body: { id: body.id } });
    expect(emu.flows()[0]).toMatchObject({ name: "Any version" });
  });

  it("runs the state machine: draft → publish → enabled ⇄ disabled, never back to draft", async () => {
    const { body } = await create(publishedBody);
    const act = (op: string) => api("POST", `/flows/${body.id}/action?op=${op}`);
    expect((await act("enable")).body.type).toMatch(/FLOW-1422-400$/);
    expect((await act("PUBLISH")).status).toBe(200);
    expect((await act("publish")).body.type).toMatch(/FLOW-1444-400$/);
    expect((await act("enable")).body.type).toMatch(/FLOW-1422-400$/);
    expect((await act("disable")).status).toBe(200);
    expect((await act("enable")).status).toBe(200);
    expect((await act("finalize")).body.type).toMatch(/FLOW-1402-400$/);
    expect(emu.flows()[0].state).toBe("enabled");
  });

  it("deletes with 204, then 404 in the AEP shape", async () => {
    const { body } = await create();
    expect((await api("DELETE", `/flows/${body.id}`)).status).toBe(204);
    const again = await api("DELETE", `/flows/${body.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({
      type: "https://ns.adobe.com/aep/errors/FLOW-1439-404",
      title: "Resource not found",
      status: 404,
      report: { id: body.id, type: "flows" },
    });
  });

  it("isolates sandboxes", async () => {
    const { body } = await create(flowBody, "?mode=draft", "dev");
    expect((await api("GET", `/flows/${body.id}`, { headers: { "x-sandbox-name": "prod" } })).status).toBe(404);
    expect((await api("GET", `/flows/${body.id}`, { headers: { "x-sandbox-name": "dev" } })).status).toBe(200);
  });
});

describe("listing", () => {
  beforeEach(async () => {
    for (let i = 0; i < 3; i++) await create({ ...flowBody, name: `draft ${i}` });
    await create({ ...publishedBody, name: "live", sourceConnectionIds: [SOURCE_ID_2] }, "");
  });

  it("filters by property, ANDs repeated filters and ORs comma lists", async () => {
    const names = async (q: string) => (await api("GET", `/flows?${q}`)).body.items.map((f: { name: string }) => f.name).sort();
    expect(await names("property=state==enabled")).toEqual(["live"]);
    expect(await names("property=name==draft 0,draft 2")).toEqual(["draft 0", "draft 2"]);
    expect(await names(`property=sourceConnectionIds[]==${SOURCE_ID}&property=name!=draft 1`)).toEqual(["draft 0", "draft 2"]);
  });

  it("pages with continuation links that carry the token alone, ends with _links: {}, and counts", async () => {
    const first = await api("GET", "/flows?limit=2&orderby=name&property=state==draft");
    expect(first.body.items.map((f: { name: string }) => f.name)).toEqual(["draft 0", "draft 1"]);
    // Adobe's example link is "/connections?continuationToken=…" with nothing else; the token keeps the query.
    const next = first.body._links.next.href as string;
    expect(next).toMatch(/^\/flows\?continuationToken=[A-Za-z0-9_-]+$/);
    const second = await api("GET", next);
    expect(second.body.items.map((f: { name: string }) => f.name)).toEqual(["draft 2"]);
    expect(second.body._links).toEqual({});
    expect((await api("GET", "/flows?count=true")).body).toEqual({ count: 4 });
    expect((await api("GET", "/flows?count=True")).body).toEqual({ count: 4 });
    expect((await api("GET", "/flows?count=true&limit=2")).body.type).toMatch(/FLOW-1401-400$/);
    expect((await api("GET", "/flows?limit=101")).status).toBe(400);
  });

  it.each([
    ["newest-first", ["c", "b", "a"], ["a", "c", "b"]],
    ["oldest-first", ["a", "b", "c"], ["a", "b", "c"]],
  ] as const)("without orderby, lists %s (a change counts as newest with newest-first)", async (listOrder, created, afterPatch) => {
    emu.setBehaviour({ listOrder });
    const ids: Record<string, { id: string; etag: string }> = {};
    for (const [i, name] of ["a", "b", "c"].entries()) {
      emu.setClockOffset(1000 * (i + 1));
      ids[name] = (await create({ ...flowBody, name }, "?mode=draft", "dev")).body;
    }
    const names = async () =>
      (await api("GET", "/flows", { headers: { "x-sandbox-name": "dev" } })).body.items.map((f: { name: string }) => f.name);
    expect(await names()).toEqual(created);
    emu.setClockOffset(5000);
    const patched = await api("PATCH", `/flows/${ids.a!.id}`, {
      body: [{ op: "replace", path: "/name", value: "a" }],
      headers: { "If-Match": ids.a!.etag, "x-sandbox-name": "dev" },
    });
    expect(patched.status).toBe(200);
    expect(await names()).toEqual(afterPatch);
  });

  it("refuses malformed filters and operators the catalogue refuses", async () => {
    expect((await api("GET", "/flows?property=bad")).body.type).toMatch(/FLOW-1453-400$/);
    expect((await api("GET", `/flows?property=${encodeURIComponent("name!>x")}`)).body.type).toMatch(/FLOW-1450-400$/);
    expect((await api("GET", `/flows?property=${encodeURIComponent("id>=x")}`)).body.type).toMatch(/FLOW-1448-400$/);
    expect((await api("GET", `/flows?property=${encodeURIComponent("createdAt<=1,2")}`)).body.type).toMatch(/FLOW-1443-400$/);
    const recent = await api("GET", `/flows?property=${encodeURIComponent("createdAt>0")}`);
    expect(recent.body.items).toHaveLength(4);
  });
});

describe("faults and journal", () => {
  it("injects a status with Retry-After, a reset, and a response dropped after the commit", async () => {
    emu.addFault({ method: "GET", status: 429, retryAfter: "2" });
    const throttled = await api("GET", "/flows");
    expect(throttled).toMatchObject({ status: 429, body: { error_code: "429050", message: "Too many requests" } });
    expect(throttled.headers.get("retry-after")).toBe("2");

    emu.addFault({ method: "GET", reset: true });
    await expect(api("GET", "/flows")).rejects.toThrow();

    emu.addFault({ method: "POST", path: "^/flows$", dropResponse: true });
    await expect(create()).rejects.toThrow();
    expect(emu.flows()).toHaveLength(1);
    expect(
      emu
        .journal()
        .slice(-3)
        .map((e) => [e.method, e.status, e.fault]),
    ).toEqual([
      ["GET", 429, "status 429"],
      ["GET", undefined, "reset"],
      ["POST", 201, "dropResponse"],
    ]);
  });

  it("limits the request rate with the gateway's 429", async () => {
    emu.setRateLimit(2, "1");
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api("GET", "/flows")).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it("never records credentials", async () => {
    await create();
    const text = JSON.stringify(emu.journal());
    expect(text).not.toContain(SEEDED.clientSecret);
    expect(text).not.toContain(token);
    expect(text).toContain("Bearer <redacted>");
  });

  it("answers unknown routes in the AEP shape, journals them, and keeps serving", async () => {
    const res = await api("GET", "/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.type).toMatch(/FLOW-1101-404$/);
    expect(emu.journal().at(-1)).toMatchObject({ service: "flowservice", method: "GET", path: "/nothing-here", status: 404 });
    expect((await api("GET", "/flows")).status).toBe(200);
  });
});

describe("specs and runs", () => {
  it("serves flow specs and connection specs by id and by name, read-only", async () => {
    const byName = await api("GET", `/flowSpecs?property=${encodeURIComponent('name=="CloudStorageToAEP"')}`);
    expect(byName.body.items.map((s: { id: string }) => s.id)).toEqual([FLOW_SPEC.id]);
    const spec = (await api("GET", `/flowSpecs/${FLOW_SPEC.id}`)).body.items[0];
    expect(spec).toMatchObject({
      name: "CloudStorageToAEP",
      attributes: { isDraftModeSupported: true },
      targetConnectionSpecIds: ["c604ff05-7f1a-43c0-8e18-33bf874cb11c"],
    });
    expect(spec.scheduleSpec.spec.properties.endTime).toEqual({ description: "epoch time", type: "integer" });
    const s3 = (await api("GET", "/connectionSpecs/ecadc60c-7455-4d87-84dc-2a0e293d997b")).body.items[0];
    expect(s3.authSpec[0].spec.properties.s3SecretKey).toEqual({ type: "string", format: "password" });
    expect((await api("GET", "/flowSpecs/00000000-0000-4000-8000-000000000000")).body.type).toMatch(/FLOW-1439-404$/);
    expect((await api("POST", "/flowSpecs", { body: {} })).body.type).toMatch(/FLOW-1426-400$/);
  });

  it("takes a draft of a spec declaring isDraftModeSupported: false, unless draftOnUnsupportedSpec is reject; an absent attribute is never false", async () => {
    await emu.stop();
    emu = await emulator({ specs: NO_DRAFT_SPECS });
    token = await emulatorToken(emu);
    const streaming = (id: string) => ({ ...flowBody, flowSpec: { id, version: "1.0" }, sourceConnectionIds: [STREAMING_SOURCE_ID] });
    const noDrafts = streaming(NO_DRAFT_SPECS.flow[0].id);
    expect((await create(noDrafts)).status).toBe(201);
    emu.setBehaviour({ draftOnUnsupportedSpec: "reject" });
    const refused = await create(noDrafts);
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toMatch(/does not support drafts \(attributes.isDraftModeSupported is false\)/);
    // The streaming flow specs Adobe prints carry no isDraftModeSupported: a draft is taken even under "reject".
    expect((await create(streaming("d8a6f005-7eaf-4153-983e-e8574508b877"))).status).toBe(201);
  });

  it("lists a flow's runs, and hides runs of flows the caller cannot see", async () => {
    const { body } = await create();
    emu.seedRun({ flowId: body.id, status: "success", inputRecordCount: 10, outputRecordCount: 9, failedRecordCount: 1 });
    const runs = await api("GET", `/runs?property=flowId==${body.id}`);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0].metrics.recordSummary).toEqual({ inputRecordCount: 10, outputRecordCount: 9, failedRecordCount: 1 });
    expect(runs.body._links).toEqual({});
  });
});

describe("documented behaviours of flows", () => {
  it('stores values in the spec\'s types: mappingVersion 0 reads back "0", partialIngestionPercent "10" reads back 10', async () => {
    const mappingId = MAPPING[0].params.mappingId;
    const { body } = await create({ ...flowBody, transformations: [{ name: "Mapping", params: { mappingId, mappingVersion: 0 } }] });
    await api("PATCH", `/flows/${body.id}`, {
      body: [
        {
          op: "add",
          path: "/options",
          value: { errorDiagnosticsEnabled: "true", partialIngestionEnabled: true, partialIngestionPercent: "10" },
        },
      ],
      headers: { "If-Match": body.etag },
    });
    const flow = (await api("GET", `/flows/${body.id}`)).body.items[0];
    expect(flow.transformations[0].params).toEqual({ mappingId, mappingVersion: "0" });
    expect(flow.options).toEqual({ errorDiagnosticsEnabled: true, partialIngestionEnabled: true, partialIngestionPercent: 10 });
  });

  it("refuses what the specs declare: a fractional partialIngestionPercent (an integer), a CRM Copy without deltaColumn", async () => {
    const { body } = await create();
    const fractional = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "add", path: "/options", value: { partialIngestionPercent: 10.5 } }],
      headers: { "If-Match": body.etag },
    });
    expect({ status: fractional.status, message: fractional.body.errorMessage }).toEqual({
      status: 400,
      message: expect.stringContaining("options.partialIngestionPercent must be integer"),
    });
    const crm = await create({
      ...flowBody,
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      transformations: [{ name: "Copy", params: {} }],
    });
    expect({ status: crm.status, message: crm.body.errorMessage }).toEqual({
      status: 400,
      message: expect.stringContaining("must have required property 'deltaColumn'"),
    });
    const bare = await create({
      ...flowBody,
      flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
      transformations: [{ name: "Copy" }],
    });
    expect({ status: bare.status, message: bare.body.errorMessage }).toEqual({
      status: 400,
      message: expect.stringContaining("must have required property 'deltaColumn'"),
    });
  });

  it("stores values as sent with storedTypes: as-sent", async () => {
    emu.setBehaviour({ storedTypes: "as-sent" });
    const mappingId = MAPPING[0].params.mappingId;
    const { body } = await create({ ...flowBody, transformations: [{ name: "Mapping", params: { mappingId, mappingVersion: 0 } }] });
    expect((await api("GET", `/flows/${body.id}`)).body.items[0].transformations[0].params).toEqual({ mappingId, mappingVersion: 0 });
  });

  it("hides a flow with an access label from a role without it: GET 404 as if deleted, PATCH and DELETE 403", async () => {
    await emu.stop();
    emu = await emulator({ clients: [{ ...SEEDED, roleLabels: ["core/C1"] }] });
    const res = await getToken({
      grant_type: "client_credentials",
      client_id: SEEDED.clientId,
      client_secret: SEEDED.clientSecret,
      scope: "openid",
    });
    token = ((await res.json()) as { access_token: string }).access_token;
    const { body } = await create();
    emu.editFlow(body.id, [{ op: "add", path: "/labels", value: ["core/C12"] }]);
    const get = await api("GET", `/flows/${body.id}`);
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/FLOW-1439-404", report: { id: body.id, type: "flows" } });
    expect((await api("GET", "/flows")).body.items).toEqual([]);
    const patch = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": emu.flows()[0].etag },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.type).toMatch(/FLOW-2120-403$/);
    expect((await api("DELETE", `/flows/${body.id}`)).status).toBe(403);
    expect(emu.flows()).toHaveLength(1);
  });

  it("keeps a flow in a transitional state after a write, refusing calls as the catalogue says, then settles", async () => {
    emu.setBehaviour({ transitionMs: 300 });
    const { body } = await create(publishedBody, "");
    const act = (op: string) => api("POST", `/flows/${body.id}/action?op=${op}`);
    expect((await act("disable")).status).toBe(200);
    const during = (await api("GET", `/flows/${body.id}`)).body.items[0];
    expect(during).toMatchObject({ state: "disabling", lastOperation: { status: { value: "inProgress" } } });
    expect((await act("enable")).body).toMatchObject({
      type: expect.stringMatching(/FLOW-1421-400$/),
      errorMessage: "The current state disabling cannot be transitioned.",
    });
    const patch = await api("PATCH", `/flows/${body.id}`, {
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": during.etag },
    });
    expect(patch.body).toMatchObject({
      type: expect.stringMatching(/FLOW-1420-400$/),
      errorMessage: "The current state disabling cannot be updated.",
    });
    await new Promise((r) => setTimeout(r, 350));
    expect((await api("GET", `/flows/${body.id}`)).body.items[0]).toMatchObject({
      state: "disabled",
      lastOperation: { percentCompleted: 100, status: { value: "completed" } },
    });
    expect((await api("DELETE", `/flows/${body.id}`)).status).toBe(204);
    expect((await api("GET", `/flows/${body.id}`)).body.items[0].state).toBe("delete-finalizing");
    expect((await api("DELETE", `/flows/${body.id}`)).body.type).toMatch(/FLOW-1458-400$/);
    await new Promise((r) => setTimeout(r, 350));
    expect((await api("GET", `/flows/${body.id}`)).status).toBe(404);
  });

  it("holds destination dataflows, which share /flows and a filter on isSourceFlow", async () => {
    emu.seedFlow("prod", {
      name: "To S3",
      flowSpec: { id: "71471eba-b620-49e4-90fd-23f1fa0174d8", version: "1.0" },
      inheritedAttributes: { properties: { isDestinationFlow: true } },
      scheduleParams: { timeUnit: "day", interval: 1 },
    });
    await create();
    const sources = await api("GET", `/flows?property=${encodeURIComponent("inheritedAttributes.properties.isSourceFlow==true")}`);
    expect(sources.body.items.map((f: { name: string }) => f.name)).toEqual(["Orders"]);
    expect((await api("GET", "/flows")).body.items).toHaveLength(2);
  });
});
