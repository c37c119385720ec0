// The emulator's base, source and target connections over raw HTTP: create and read shapes, drafts
// and publish order, PATCH paths and etags, secrets never read back nor journaled, references
// between connections, flows and mapping sets (both sides of `referentialChecks`), delete order.
import { FIXTURE_IDS, RunningEmulator, SECRET_MASK, secretFingerprint } from "../emulator";
import {
  FLOW_SPEC,
  MAPPING,
  NO_DRAFT_SPECS,
  RawApi,
  SEEDED,
  SOURCE_ID,
  TARGET_ID,
  emulator,
  rawApis,
  publishableRequest,
} from "./helpers/emulator";

let emu: RunningEmulator;
let flow: RawApi;
let token: string;

const S3 = { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" };
const LAKE = { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" };
const HTTP = { id: "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb", version: "1.0" };
const SECRET = "S3-SECRET-never-shown-7f3a";
const ROTATED = "S3-SECRET-rotated-91bc";
const ETAG = /^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/;

const baseBody = (extra: Record<string, unknown> = {}) => ({
  name: "Orders bucket",
  description: "demo",
  auth: { specName: "Access Key", params: { s3AccessKey: "AKIA-VISIBLE-ONLY-HERE", s3SecretKey: SECRET } },
  connectionSpec: S3,
  ...extra,
});
const sourceBody = (baseConnectionId: string, extra: Record<string, unknown> = {}) => ({
  name: "Orders files",
  baseConnectionId,
  data: { format: "delimited", properties: { columnDelimiter: ";", encoding: "UTF-8", compressionType: "gzip" } },
  params: { path: "/bucket/in/*.csv", type: "folder", recursive: true },
  connectionSpec: S3,
  ...extra,
});
const targetBody = (extra: Record<string, unknown> = {}) => ({
  name: "Orders target",
  data: { schema: { id: FIXTURE_IDS.schemas.orders, version: "application/vnd.adobe.xed-full+json;version=1" } },
  params: { dataSetId: FIXTURE_IDS.datasets.orders },
  connectionSpec: LAKE,
  ...extra,
});

const errorType = (code: string) => `https://ns.adobe.com/aep/errors/FLOW-${code}`;
const item = async (path: string) => (await flow("GET", path)).body.items[0];

async function created(path: string, body: unknown, query = ""): Promise<{ id: string; etag: string }> {
  const res = await flow("POST", `${path}${query}`, { body });
  expect(res.status).toBe(201);
  return res.body;
}

beforeEach(async () => {
  emu = await emulator();
  ({ flow, token } = await rawApis(emu));
});
afterEach(() => emu.stop());

describe("base connections", () => {
  it("creates with 201 {id, etag} and Location; GET answers {items: [connection]} with the spec's fields", async () => {
    const res = await flow("POST", "/connections", { body: baseBody() });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), etag: expect.stringMatching(ETAG) });
    expect(res.headers.get("location")).toBe(`/data/foundation/flowservice/connections/${res.body.id}`);
    const got = await flow("GET", `/connections/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      items: [
        {
          id: res.body.id,
          createdAt: expect.any(Number),
          updatedAt: expect.any(Number),
          createdBy: `${SEEDED.clientId}@AdobeID`,
          updatedBy: `${SEEDED.clientId}@AdobeID`,
          createdClient: SEEDED.clientId,
          updatedClient: SEEDED.clientId,
          sandboxId: expect.any(String),
          sandboxName: "prod",
          imsOrgId: SEEDED.orgId,
          name: "Orders bucket",
          description: "demo",
          connectionSpec: S3,
          auth: { specName: "Access Key", params: { s3AccessKey: "AKIA-VISIBLE-ONLY-HERE", s3SecretKey: SECRET_MASK } },
          state: "enabled",
          version: res.body.etag,
          etag: res.body.etag,
          lastOperation: {
            started: expect.any(Number),
            updated: expect.any(Number),
            percentCompleted: 100,
            status: { value: "completed", errors: [] },
            operation: "create",
          },
        },
      ],
    });
  });

  it("leaves a secret out of a GET with secretParams: omitted", async () => {
    emu.setBehaviour({ secretParams: "omitted" });
    const { id } = await created("/connections", baseBody());
    expect((await item(`/connections/${id}`)).auth).toEqual({ specName: "Access Key", params: { s3AccessKey: "AKIA-VISIBLE-ONLY-HERE" } });
  });

  it.each([
    [
      "an auth spec the connection spec does not have (1415)",
      baseBody({ auth: { specName: "OAuth", params: {} } }),
      "1415-400",
      "The auth spec 'OAuth' could not be found for the connection spec ID ecadc60c-7455-4d87-84dc-2a0e293d997b.",
    ],
    [
      "an unknown connection spec (1413)",
      baseBody({ connectionSpec: { id: "00000000-0000-4000-8000-000000000000", version: "1.0" } }),
      "1413-400",
      "The spec ID provided is invalid. Please provide a valid spec ID and try again.",
    ],
    [
      "a required auth param missing (1304)",
      baseBody({ auth: { specName: "Access Key", params: { s3AccessKey: "A" } } }),
      "1304-400",
      "The mandatory field auth.params.s3SecretKey is not provided. Please provide the auth.params.s3SecretKey and try again.",
    ],
    [
      "no name (1304)",
      baseBody({ name: undefined }),
      "1304-400",
      "The mandatory field name is not provided. Please provide the name and try again.",
    ],
    [
      "a spec that takes no base connection (1100)",
      baseBody({ connectionSpec: LAKE }),
      "1100-400",
      "The request could not be processed. Error from flow provider: connection spec datalake (c604ff05-7f1a-43c0-8e18-33bf874cb11c) takes no base connection",
    ],
  ])("refuses %s, storing nothing", async (_what, body, code, message) => {
    const before = emu.connections("base").length;
    const res = await flow("POST", "/connections", { body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: errorType(code), errorMessage: message });
    expect(emu.connections("base")).toHaveLength(before);
  });

  it("a property connections do not have is ignored (Adobe documents no refusal), or refused (1100) with unknownFields: refuse", async () => {
    const taken = await flow("POST", "/connections", { body: baseBody({ colour: "blue" }) });
    expect(taken.status).toBe(201);
    expect(await item(`/connections/${taken.body.id}`)).not.toHaveProperty("colour");
    emu.setBehaviour({ unknownFields: "refuse" });
    const before = emu.connections("base").length;
    const res = await flow("POST", "/connections", { body: baseBody({ colour: "blue" }) });
    expect(res.body).toMatchObject({
      type: errorType("1100-400"),
      errorMessage: "The request could not be processed. Error from flow provider: colour is not a base connection property",
    });
    expect(emu.connections("base")).toHaveLength(before);
  });

  it("a draft of a connection spec declaring isDraftModeSupported: false is taken, or refused with draftOnUnsupportedSpec: reject; an absent attribute never refuses", async () => {
    await emu.stop();
    emu = await emulator({ specs: NO_DRAFT_SPECS });
    ({ flow } = await rawApis(emu));
    const streaming = (id: string) => ({
      name: "Web",
      auth: { specName: "Streaming Connection", params: { dataType: "xdm", name: "Web" } },
      connectionSpec: { id, version: "1.0" },
    });
    const noDrafts = NO_DRAFT_SPECS.connection[0].id;
    expect((await flow("POST", "/connections?mode=draft", { body: streaming(noDrafts) })).status).toBe(201);
    emu.setBehaviour({ draftOnUnsupportedSpec: "reject" });
    const refused = await flow("POST", "/connections?mode=draft", { body: streaming(noDrafts) });
    expect(refused.body.errorMessage).toMatch(/connection spec test: no drafts \(connection spec\) \(.*\) does not support drafts/);
    expect((await flow("POST", "/connections?mode=draft", { body: streaming(HTTP.id) })).status).toBe(201);
  });

  it("a draft (mode=draft) publishes once to enabled with a new etag", async () => {
    const draft = await created("/connections", baseBody(), "?mode=draft");
    expect(await item(`/connections/${draft.id}`)).toMatchObject({ state: "draft", lastOperation: { operation: "draft_create" } });
    const published = await flow("POST", `/connections/${draft.id}/action?op=publish`);
    expect(published).toMatchObject({ status: 200, body: { id: draft.id, etag: expect.stringMatching(ETAG) } });
    expect(published.body.etag).not.toBe(draft.etag);
    expect(await item(`/connections/${draft.id}`)).toMatchObject({
      state: "enabled",
      etag: published.body.etag,
      version: published.body.etag,
    });
    const again = await flow("POST", `/connections/${draft.id}/action?op=publish`);
    expect(again.body).toMatchObject({
      type: errorType("1444-400"),
      errorMessage: `Base connection ${draft.id} is not in expected state draft.`,
    });
    expect((await flow("POST", `/connections/${draft.id}/action?op=enable`)).body.errorMessage).toMatch(
      /unknown action op "enable": a base connection takes publish/,
    );
    expect((await flow("POST", `/connections/${draft.id}/action?op=finalize`)).body.type).toBe(errorType("1402-400"));
  });

  it("an HTTP API streaming connection's GET adds its inlet; sourceId defaults to the name", async () => {
    const { id } = await created("/connections", {
      name: "Web",
      auth: { specName: "Streaming Connection", params: { dataType: "xdm", name: "Web events" } },
      connectionSpec: HTTP,
    });
    const params = (await item(`/connections/${id}`)).auth.params;
    expect(params).toEqual({
      dataType: "xdm",
      name: "Web events",
      sourceId: "Web events",
      inletId: expect.stringMatching(/^[0-9a-f]{64}$/),
      inletUrl: `https://dcs.adobedc.net/collection/${params.inletId}`,
      authenticationRequired: false,
    });
  });

  it("PATCH needs If-Match (1403), refuses a stale etag (1404-412), the connection spec (1414) and undocumented paths (1365)", async () => {
    const { id, etag } = await created("/connections", baseBody());
    const rename = [{ op: "replace", path: "/name", value: "Renamed" }];
    expect((await flow("PATCH", `/connections/${id}`, { body: rename })).body.type).toBe(errorType("1403-400"));
    const ok = await flow("PATCH", `/connections/${id}`, { body: rename, headers: { "If-Match": etag } });
    expect(ok).toMatchObject({ status: 200, body: { id, etag: expect.stringMatching(ETAG) } });
    const stale = await flow("PATCH", `/connections/${id}`, { body: rename, headers: { "If-Match": etag } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      type: errorType("1404-412"),
      errorMessage: `Supplied version=[${etag}] does not match the current version on entity=[${ok.body.etag}]`,
    });
    const spec = await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "replace", path: "/connectionSpec/id", value: HTTP.id }],
      headers: { "If-Match": ok.body.etag },
    });
    expect(spec.body).toMatchObject({
      type: errorType("1414-400"),
      errorMessage: "The connection spec of a connection cannot be updated.",
    });
    const specName = await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "replace", path: "/auth/specName", value: "x" }],
      headers: { "If-Match": ok.body.etag },
    });
    expect(specName.body).toMatchObject({
      type: errorType("1365-400"),
      errorMessage: "The path /auth/specName provided in ops is invalid. Please provide valid path /auth/specName and try again.",
    });
    expect((await item(`/connections/${id}`)).name).toBe("Renamed");
  });

  it("PATCH rotates one secret (/auth/params/{key}) or replaces the params; a required param cannot be removed", async () => {
    const { id, etag } = await created("/connections", baseBody());
    const one = await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "add", path: "/auth/params/s3SessionToken", value: "SESSION-TOKEN-1" }],
      headers: { "If-Match": etag },
    });
    expect(one.status).toBe(200);
    const whole = await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "replace", path: "/auth/params", value: { s3AccessKey: "AKIA2", s3SecretKey: ROTATED } }],
      headers: { "If-Match": one.body.etag },
    });
    expect(whole.status).toBe(200);
    const stored = emu.connections("base").find((c) => c.id === id)!;
    expect(stored.auth).toEqual({ specName: "Access Key", params: { s3AccessKey: "AKIA2", s3SecretKey: secretFingerprint(ROTATED) } });
    const removed = await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "remove", path: "/auth/params/s3SecretKey" }],
      headers: { "If-Match": whole.body.etag },
    });
    expect(removed.body).toMatchObject({ type: errorType("1304-400"), errorMessage: expect.stringMatching(/auth\.params\.s3SecretKey/) });
    expect((await item(`/connections/${id}`)).auth.params).toEqual({ s3AccessKey: "AKIA2", s3SecretKey: SECRET_MASK });
  });

  it("never shows a credential: not in the journal, an error, lastOperation or the control plane", async () => {
    const { id, etag } = await created("/connections", baseBody());
    await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "replace", path: "/auth/params/s3SecretKey", value: ROTATED }],
      headers: { "If-Match": etag },
    });
    await flow("PATCH", `/connections/${id}/`, {
      body: [{ op: "replace", path: "/auth", value: { specName: "Access Key", params: { s3SecretKey: ROTATED } } }],
      headers: { "If-Match": "stale" },
    });
    const badType = await flow("POST", "/connections", {
      body: baseBody({ auth: { specName: "Access Key", params: { s3AccessKey: "A", s3SecretKey: { nested: SECRET } } } }),
    });
    expect(badType.body.errorMessage).toBe(
      "The request could not be processed. Error from flow provider: auth.params.s3SecretKey must be string",
    );
    const notJson = await flow("POST", "/connections", { raw: `{"auth": {"params": {"s3SecretKey": "${SECRET}"` });
    expect(notJson.body).toEqual({
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: expect.stringMatching(/^The request body is not valid JSON( \(at position \d+\))?\.$/),
    });
    const everything = JSON.stringify([
      emu.journal(),
      badType.body,
      notJson.body,
      await item(`/connections/${id}`),
      (await flow("GET", "/connections?limit=100")).body,
      emu.connections("base"),
      await (await fetch(`${emu.url}/__emulator/connections/base`)).json(),
    ]);
    const found = (text: string, values: string[]) => values.filter((v) => text.includes(v));
    expect(found(everything, [SECRET, ROTATED, "emulator-fixture-s3-secret", token])).toEqual([]);
    // Every value under auth.params stays out of the journal, secret or not.
    expect(found(JSON.stringify(emu.journal()), ["AKIA-VISIBLE-ONLY-HERE"])).toEqual([]);
    const posts = emu.journal().filter((e) => e.method === "POST" && e.path === "/connections");
    expect(posts[0].body).toEqual({
      ...baseBody(),
      auth: { specName: "Access Key", params: { s3AccessKey: "<redacted>", s3SecretKey: "<redacted>" } },
    });
    expect(posts.at(-1)!.body).toBe("<redacted: a body that is not JSON>");
    const patches = emu.journal().filter((e) => e.method === "PATCH");
    expect(patches.map((e) => e.body)).toEqual([
      [{ op: "replace", path: "/auth/params/s3SecretKey", value: "<redacted>" }],
      [{ op: "replace", path: "/auth", value: { specName: "Access Key", params: { s3SecretKey: "<redacted>" } } }],
    ]);
    expect((await item(`/connections/${id}`)).lastOperation.ops).toEqual([
      { op: "replace", path: "/auth/params/s3SecretKey", value: "<redacted>" },
    ]);
  });

  it("keeps a published connection initializing for transitionMs: updates and deletes are refused (1417)", async () => {
    emu.setBehaviour({ transitionMs: 300 });
    const { id } = await created("/connections", baseBody(), "?mode=draft");
    const published = await flow("POST", `/connections/${id}/action?op=publish`);
    expect(await item(`/connections/${id}`)).toMatchObject({ state: "initializing", lastOperation: { status: { value: "inProgress" } } });
    const patch = await flow("PATCH", `/connections/${id}`, {
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": published.body.etag },
    });
    expect(patch.body).toMatchObject({
      type: errorType("1417-400"),
      errorMessage: "Delete or Update on Connections in `initializing` state are not allowed with UserToken.",
    });
    expect((await flow("DELETE", `/connections/${id}`)).body.type).toBe(errorType("1417-400"));
    // The transition ends on a timer: waited for (up to 5 s, a loaded machine delays timers), never assumed after a sleep.
    let state = "";
    for (const started = Date.now(); Date.now() - started < 5000 && state !== "enabled";) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await item(`/connections/${id}`)).state;
    }
    expect(state).toBe("enabled");
  });

  it.each([
    ["allow", 204],
    ["refuse", 400],
  ] as const)("a draft's delete with draftBaseConnectionWrites: %s answers %i", async (draftBaseConnectionWrites, status) => {
    emu.setBehaviour({ draftBaseConnectionWrites });
    const { id } = await created("/connections", baseBody(), "?mode=draft");
    const res = await flow("DELETE", `/connections/${id}`);
    expect(res.status).toBe(status);
    if (status === 400) {
      expect(res.body).toMatchObject({
        type: errorType("1416-400"),
        errorMessage: "Delete or Update can only be applied on connection with enabled, disabled or initializing state.",
      });
    }
  });
});

describe("source and target connections", () => {
  it("a source connection reads back with what the server fills in", async () => {
    const { id, etag } = await created("/sourceConnections", sourceBody(FIXTURE_IDS.baseConnections.s3), "?mode=draft");
    expect(await item(`/sourceConnections/${id}`)).toEqual({
      id,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      createdBy: `${SEEDED.clientId}@AdobeID`,
      updatedBy: `${SEEDED.clientId}@AdobeID`,
      createdClient: SEEDED.clientId,
      updatedClient: SEEDED.clientId,
      sandboxId: expect.any(String),
      sandboxName: "prod",
      imsOrgId: SEEDED.orgId,
      name: "Orders files",
      baseConnectionId: FIXTURE_IDS.baseConnections.s3,
      inheritedAttributes: { baseConnection: { id: FIXTURE_IDS.baseConnections.s3, connectionSpec: S3 } },
      data: { format: "delimited", schema: null, properties: { columnDelimiter: ";", encoding: "UTF-8", compressionType: "gzip" } },
      params: { path: "/bucket/in/*.csv", type: "folder", recursive: true },
      connectionSpec: S3,
      providerRefId: "0ed90a81-07f4-4586-8190-b40eccef1c5a",
      state: "draft",
      version: etag,
      etag,
      lastOperation: {
        started: expect.any(Number),
        updated: expect.any(Number),
        percentCompleted: 100,
        status: { value: "completed", errors: [] },
        operation: "draft_create",
      },
    });
  });

  it("a table source reads back with columns [] and data.properties null; a target with the data lake's fields", async () => {
    const table = await created("/sourceConnections", {
      name: "Contacts",
      baseConnectionId: FIXTURE_IDS.baseConnections.salesforce,
      data: { format: "tabular" },
      params: { tableName: "Contact" },
      connectionSpec: { id: "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", version: "1.0" },
    });
    expect(await item(`/sourceConnections/${table.id}`)).toMatchObject({
      data: { format: "tabular", schema: null, properties: null },
      params: { tableName: "Contact", columns: [] },
    });
    const target = await created("/targetConnections", targetBody());
    expect(await item(`/targetConnections/${target.id}`)).toMatchObject({
      data: { format: null, schema: targetBody().data.schema, properties: null },
      params: { dataSetId: FIXTURE_IDS.datasets.orders },
      connectionSpec: LAKE,
      providerRefId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
      state: "enabled",
    });
    expect((await item(`/targetConnections/${target.id}`)).baseConnectionId).toBeUndefined();
  });

  it.each([
    [
      "a base connection that does not exist",
      sourceBody("00000000-0000-4000-8000-000000000001"),
      "1100-400",
      /base connection 00000000-0000-4000-8000-000000000001 does not exist in sandbox prod/,
    ],
    [
      "a base connection of another spec",
      sourceBody(FIXTURE_IDS.baseConnections.salesforce),
      "1100-400",
      /is of connection spec salesforce .*, not amazon-s3/,
    ],
    [
      "a format the spec does not take (1327)",
      sourceBody(FIXTURE_IDS.baseConnections.s3, { data: { format: "tabular" } }),
      "1327-400",
      /supplied=tabular .* allowed values are: delimited, json, parquet/,
    ],
    [
      "a delimiter of two characters (1331)",
      sourceBody(FIXTURE_IDS.baseConnections.s3, { data: { format: "delimited", properties: { columnDelimiter: ";;" } } }),
      "1331-400",
      /Column Delimiter cannot be more than one character/,
    ],
    [
      "no params.path (1304)",
      sourceBody(FIXTURE_IDS.baseConnections.s3, { params: { type: "folder" } }),
      "1304-400",
      /mandatory field params.path/,
    ],
    [
      "a target connection spec",
      sourceBody(FIXTURE_IDS.baseConnections.s3, { connectionSpec: LAKE }),
      "1100-400",
      /datalake .* is not a source/,
    ],
  ])("refuses a source connection with %s", async (_what, body, code, message) => {
    const res = await flow("POST", "/sourceConnections", { body });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(errorType(code));
    expect(res.body.errorMessage).toMatch(message);
  });

  it("takes a source connection without baseConnectionId (the API spec does not require one), or refuses it (1304) with sourceBaseConnection: required", async () => {
    const body = sourceBody(FIXTURE_IDS.baseConnections.s3, { baseConnectionId: undefined });
    expect((await flow("POST", "/sourceConnections", { body })).status).toBe(201);
    emu.setBehaviour({ sourceBaseConnection: "required" });
    const res = await flow("POST", "/sourceConnections", { body });
    expect(res.body.type).toBe(errorType("1304-400"));
    expect(res.body.errorMessage).toMatch(/mandatory field baseConnectionId/);
  });

  it.each([
    [
      "no dataSetId (1325)",
      targetBody({ params: {} }),
      "1325-400",
      "The dataSetId param cannot be null or empty in target connection: Orders target. Please provide valid dataSetId param and try again.",
    ],
    [
      "a dataset the sandbox's Catalog does not have (1312)",
      targetBody({ params: { dataSetId: "000000000000000000000000" } }),
      "1312-400",
      "The provided param value 000000000000000000000000 is not a valid input for property=dataSetId. Please provide a valid param value and try again.",
    ],
    [
      "a base connection (the data lake takes none)",
      targetBody({ baseConnectionId: FIXTURE_IDS.baseConnections.s3 }),
      "1100-400",
      "The request could not be processed. Error from flow provider: connection spec datalake (c604ff05-7f1a-43c0-8e18-33bf874cb11c) takes no base connection: remove baseConnectionId",
    ],
    [
      "no data (1304)",
      targetBody({ data: undefined }),
      "1304-400",
      "The mandatory field data is not provided. Please provide the data and try again.",
    ],
  ])("refuses a target connection with %s", async (_what, body, code, message) => {
    const res = await flow("POST", "/targetConnections", { body });
    expect(res.body).toMatchObject({ type: errorType(code), errorMessage: message });
  });

  it("with referentialChecks: off, takes a base connection and a dataset that do not exist", async () => {
    emu.setBehaviour({ referentialChecks: "off" });
    expect((await flow("POST", "/sourceConnections", { body: sourceBody("00000000-0000-4000-8000-000000000001") })).status).toBe(201);
    expect(
      (await flow("POST", "/targetConnections", { body: targetBody({ params: { dataSetId: "000000000000000000000000" } }) })).status,
    ).toBe(201);
  });

  it.each([
    ["documented", { "/params/filters": 200, "/name": 400, "/params/path": 400, "/description": 400 }],
    ["lenient", { "/params/filters": 200, "/name": 200, "/params/path": 200, "/description": 200 }],
  ] as const)("a source connection's PATCH paths with connectionPatchPaths: %s", async (connectionPatchPaths, expected) => {
    emu.setBehaviour({ connectionPatchPaths });
    const { id } = await created("/sourceConnections", sourceBody(FIXTURE_IDS.baseConnections.s3), "?mode=draft");
    const value = {
      "/params/filters": { type: "PQL", format: "pql/json", value: {} },
      "/name": "n",
      "/params/path": "/other/*.csv",
      "/description": "d",
    };
    const seen: Record<string, number> = {};
    for (const path of Object.keys(expected) as (keyof typeof value)[]) {
      const etag = (await item(`/sourceConnections/${id}`)).etag;
      const res = await flow("PATCH", `/sourceConnections/${id}`, {
        body: [{ op: "add", path, value: value[path] }],
        headers: { "If-Match": etag },
      });
      seen[path] = res.status;
      if (res.status === 400) expect(res.body.type).toBe(errorType("1365-400"));
    }
    expect(seen).toEqual(expected);
    const spec = await flow("PATCH", `/sourceConnections/${id}`, {
      body: [{ op: "replace", path: "/connectionSpec", value: LAKE }],
      headers: { "If-Match": (await item(`/sourceConnections/${id}`)).etag },
    });
    expect(spec.body.type).toBe(errorType("1414-400"));
  });

  it.each([
    ["documented", 400],
    ["lenient", 200],
  ] as const)(
    "a target connection's PATCH of /params/dataSetId with connectionPatchPaths: %s answers %i",
    async (connectionPatchPaths, status) => {
      emu.setBehaviour({ connectionPatchPaths });
      const { id, etag } = await created("/targetConnections", targetBody());
      const res = await flow("PATCH", `/targetConnections/${id}`, {
        body: [{ op: "replace", path: "/params/dataSetId", value: FIXTURE_IDS.datasets.customers }],
        headers: { "If-Match": etag },
      });
      expect(res.status).toBe(status);
      if (status === 200) {
        const gone = await flow("PATCH", `/targetConnections/${id}`, {
          body: [{ op: "replace", path: "/params/dataSetId", value: "000000000000000000000000" }],
          headers: { "If-Match": res.body.etag },
        });
        expect(gone.body.type).toBe(errorType("1312-400"));
      } else {
        expect(res.body.type).toBe(errorType("1365-400"));
      }
    },
  );

  it("keeps a published source connection inProgress, then updating after a PATCH, refusing calls meanwhile (1420)", async () => {
    emu.setBehaviour({ transitionMs: 300, connectionPatchPaths: "lenient" });
    const { id } = await created("/sourceConnections", sourceBody(FIXTURE_IDS.baseConnections.s3), "?mode=draft");
    await flow("POST", `/sourceConnections/${id}/action?op=publish`);
    const during = await item(`/sourceConnections/${id}`);
    expect(during.state).toBe("inProgress");
    const patch = await flow("PATCH", `/sourceConnections/${id}`, {
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": during.etag },
    });
    expect(patch.body).toMatchObject({ type: errorType("1420-400"), errorMessage: "The current state inProgress cannot be updated." });
    await new Promise((r) => setTimeout(r, 350));
    const settled = await item(`/sourceConnections/${id}`);
    expect(settled.state).toBe("enabled");
    await flow("PATCH", `/sourceConnections/${id}`, {
      body: [{ op: "replace", path: "/name", value: "x" }],
      headers: { "If-Match": settled.etag },
    });
    expect((await item(`/sourceConnections/${id}`)).state).toBe("updating");
  });

  it("lists with filters, paging and count, like /flows; sandboxes do not share connections", async () => {
    const s3 = `property=${encodeURIComponent(`connectionSpec.id==${S3.id}`)}`;
    expect((await flow("GET", `/sourceConnections?count=true&${s3}`)).body).toEqual({ count: FIXTURE_IDS.s3Sources.length });
    const first = await flow("GET", `/sourceConnections?limit=5&${s3}`);
    expect(first.body.items).toHaveLength(5);
    expect(first.body._links.next.href).toMatch(/^\/sourceConnections\?continuationToken=[A-Za-z0-9_-]+$/);
    const second = await flow("GET", first.body._links.next.href);
    expect(second.body.items).toHaveLength(FIXTURE_IDS.s3Sources.length - 5);
    expect(second.body._links).toEqual({});
    const dev = await rawApis(emu, "dev");
    const { id } = (await dev.flow("POST", "/connections", { body: baseBody() })).body;
    expect((await flow("GET", `/connections/${id}`)).status).toBe(404);
    expect((await dev.flow("GET", `/connections/${id}`)).status).toBe(200);
    const unknown = await flow("GET", "/connections", { headers: { "x-sandbox-name": "nosuch" } });
    expect(unknown.body.type).toBe(errorType("2100-404"));
  });
});

describe("publish order", () => {
  it("a source or target connection cannot be published while its base connection is a draft", async () => {
    const base = await created("/connections", baseBody(), "?mode=draft");
    const published = await flow("POST", "/sourceConnections", { body: sourceBody(base.id) });
    expect(published.body).toMatchObject({
      type: errorType("1100-400"),
      errorMessage: expect.stringMatching(
        new RegExp(
          `source connection [0-9a-f-]{36} cannot be published while its base connection ${base.id} is a draft: publish the base connection first`,
        ),
      ),
    });
    const source = await created("/sourceConnections", sourceBody(base.id), "?mode=draft");
    const refused = await flow("POST", `/sourceConnections/${source.id}/action?op=publish`);
    expect(refused.body.errorMessage).toMatch(
      `source connection ${source.id} cannot be published while its base connection ${base.id} is a draft`,
    );
    expect((await flow("POST", `/connections/${base.id}/action?op=publish`)).status).toBe(200);
    expect((await flow("POST", `/sourceConnections/${source.id}/action?op=publish`)).status).toBe(200);
    expect((await item(`/sourceConnections/${source.id}`)).state).toBe("enabled");
  });

  it("a flow cannot be published, nor created published, while one of its connections is a draft", async () => {
    const source = await created("/sourceConnections", sourceBody(FIXTURE_IDS.baseConnections.s3), "?mode=draft");
    const target = await created("/targetConnections", targetBody(), "?mode=draft");
    const body = { ...publishableRequest(), sourceConnectionIds: [source.id], targetConnectionIds: [target.id] };
    const createdPublished = await flow("POST", "/flows", { body });
    expect(createdPublished.body.errorMessage).toMatch(`cannot be published while its source connection ${source.id} is a draft`);
    const draft = await created("/flows", body, "?mode=draft");
    const sourceFirst = await flow("POST", `/flows/${draft.id}/action?op=publish`);
    expect(sourceFirst.body).toMatchObject({
      type: errorType("1100-400"),
      errorMessage: `The request could not be processed. Error from flow provider: flow ${draft.id} cannot be published while its source connection ${source.id} is a draft: publish the source connection first (POST /sourceConnections/${source.id}/action?op=publish)`,
    });
    await flow("POST", `/sourceConnections/${source.id}/action?op=publish`);
    expect((await flow("POST", `/flows/${draft.id}/action?op=publish`)).body.errorMessage).toMatch(
      `its target connection ${target.id} is a draft`,
    );
    await flow("POST", `/targetConnections/${target.id}/action?op=publish`);
    expect((await flow("POST", `/flows/${draft.id}/action?op=publish`)).status).toBe(200);
  });

  it("with referentialChecks: off, drafts do not block a publish", async () => {
    emu.setBehaviour({ referentialChecks: "off" });
    const base = await created("/connections", baseBody(), "?mode=draft");
    expect((await flow("POST", "/sourceConnections", { body: sourceBody(base.id) })).status).toBe(201);
  });
});

describe("what a flow names", () => {
  const flowWith = (extra: Record<string, unknown>) => ({ ...publishableRequest(), ...extra });

  it.each([
    [
      "a source connection that does not exist",
      { sourceConnectionIds: ["00000000-0000-4000-8000-000000000009"] },
      "1100-400",
      "source connection 00000000-0000-4000-8000-000000000009 does not exist in sandbox prod",
    ],
    [
      "a target connection that does not exist",
      { targetConnectionIds: [SOURCE_ID] },
      "1100-400",
      `target connection ${SOURCE_ID} does not exist in sandbox prod`,
    ],
    [
      "a source connection of a spec the flow spec does not take",
      { sourceConnectionIds: [FIXTURE_IDS.salesforceSources[0]] },
      "1100-400",
      `source connection ${FIXTURE_IDS.salesforceSources[0]} is of connection spec salesforce (cfc0fee1-7dc0-40ef-b73e-d8b134c436f5), which flow spec CloudStorageToAEP does not take`,
    ],
    [
      "a mapping set Data Prep does not have (1419)",
      { transformations: [{ name: "Mapping", params: { mappingId: "0123456789abcdef0123456789abcdef", mappingVersion: 0 } }] },
      "1419-400",
      "Error while validating mapping with id 0123456789abcdef0123456789abcdef, version 0. The mapping set does not exist in sandbox prod.",
    ],
    [
      "a mapping version that does not exist (1412)",
      { transformations: [{ name: "Mapping", params: { ...MAPPING[0].params, mappingVersion: 3 } }] },
      "1412-400",
      "Invalid Mapping Version in request. Please provide correct mapping version.",
    ],
    [
      "a mapping to another schema than the target dataset's (1425)",
      { transformations: [{ name: "Mapping", params: { mappingId: FIXTURE_IDS.customersMappings[0], mappingVersion: 0 } }] },
      "1425-400",
      `Error while matching schema in target dataset ${FIXTURE_IDS.datasets.orders} with schema in mapping ${FIXTURE_IDS.customersMappings[0]}. Schema with same id and version must be used in both mapping and target dataset.`,
    ],
  ])("refuses a flow with %s", async (_what, extra, code, message) => {
    for (const query of ["", "?mode=draft"]) {
      const res = await flow("POST", `/flows${query}`, { body: flowWith(extra) });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe(errorType(code));
      expect(res.body.errorMessage).toContain(message);
    }
    expect(emu.flows()).toEqual([]);
  });

  it("checks a PATCHed mapping version; with referentialChecks: off takes any ids", async () => {
    const { id, etag } = await created("/flows", flowWith({}), "?mode=draft");
    const patch = await flow("PATCH", `/flows/${id}`, {
      body: [
        { op: "replace", path: "/transformations/0", value: { name: "Mapping", params: { ...MAPPING[0].params, mappingVersion: 1 } } },
      ],
      headers: { "If-Match": etag },
    });
    expect(patch.body.type).toBe(errorType("1412-400"));
    emu.setBehaviour({ referentialChecks: "off" });
    const loose = flowWith({
      sourceConnectionIds: ["00000000-0000-4000-8000-000000000009"],
      transformations: [{ name: "Mapping", params: { mappingId: "m", mappingVersion: 7 } }],
    });
    expect((await flow("POST", "/flows", { body: loose })).status).toBe(201);
  });

  it("reads back what the flow inherits from its connections", async () => {
    const { id } = await created("/flows", flowWith({}), "?mode=draft");
    expect((await item(`/flows/${id}`)).inheritedAttributes).toEqual({
      sourceConnections: [
        { id: SOURCE_ID, connectionSpec: S3, baseConnection: { id: FIXTURE_IDS.baseConnections.s3, connectionSpec: S3 } },
      ],
      targetConnections: [{ id: TARGET_ID, connectionSpec: LAKE }],
      properties: { isSourceFlow: true },
    });
  });
});

describe("delete order", () => {
  it("a base connection in use answers 1418, a source or target connection in use 1447; in order, every delete is 204", async () => {
    const base = await created("/connections", baseBody());
    const source = await created("/sourceConnections", sourceBody(base.id));
    const f = await created("/flows", { ...publishableRequest(), flowSpec: FLOW_SPEC, sourceConnectionIds: [source.id] });
    const baseInUse = await flow("DELETE", `/connections/${base.id}`);
    expect(baseInUse.body).toMatchObject({
      type: errorType("1418-400"),
      errorMessage: `The base connection with the ID ${base.id} cannot be deleted because the base connection is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection. Used by: source connection ${source.id}, flow ${f.id}.`,
    });
    const sourceInUse = await flow("DELETE", `/sourceConnections/${source.id}`);
    expect(sourceInUse.body).toMatchObject({
      type: errorType("1447-400"),
      errorMessage: `Found active flows containing id ${source.id}. Delete these flows first: ${f.id}.`,
    });
    expect((await flow("DELETE", `/targetConnections/${TARGET_ID}`)).body.type).toBe(errorType("1447-400"));
    expect((await flow("DELETE", `/flows/${f.id}`)).status).toBe(204);
    expect((await flow("DELETE", `/connections/${base.id}`)).body.errorMessage).toMatch(`Used by: source connection ${source.id}.`);
    expect((await flow("DELETE", `/sourceConnections/${source.id}`)).status).toBe(204);
    expect((await flow("DELETE", `/connections/${base.id}`)).status).toBe(204);
    expect((await flow("GET", `/connections/${base.id}`)).body).toMatchObject({
      type: errorType("1439-404"),
      report: { id: base.id, type: "connections" },
    });
  });

  it("a flow still delete-finalizing keeps its connections in use", async () => {
    emu.setBehaviour({ transitionMs: 300 });
    const source = await created("/sourceConnections", sourceBody(FIXTURE_IDS.baseConnections.s3));
    const f = await created("/flows", { ...publishableRequest(), sourceConnectionIds: [source.id] });
    await flow("DELETE", `/flows/${f.id}`);
    expect((await flow("DELETE", `/sourceConnections/${source.id}`)).body.type).toBe(errorType("1447-400"));
    await new Promise((r) => setTimeout(r, 350));
    expect((await flow("DELETE", `/sourceConnections/${source.id}`)).status).toBe(204);
  });

  it("with referentialChecks: off, deletes whatever uses the connection", async () => {
    emu.setBehaviour({ referentialChecks: "off" });
    await created("/flows", publishableRequest());
    expect((await flow("DELETE", `/sourceConnections/${SOURCE_ID}`)).status).toBe(204);
    expect((await flow("DELETE", `/connections/${FIXTURE_IDS.baseConnections.s3}`)).status).toBe(204);
  });
});

describe("faults, control plane and fixtures", () => {
  it("injects faults on connection routes: a status, and a response dropped after the create was committed", async () => {
    emu.clearJournal();
    emu.addFault({ method: "POST", path: "^/connections$", status: 503, retryAfter: "1" });
    const unavailable = await flow("POST", "/connections", { body: baseBody() });
    expect(unavailable).toMatchObject({ status: 503, body: { type: errorType("1103-503") } });
    expect(unavailable.headers.get("retry-after")).toBe("1");
    const before = emu.connections("source").length;
    emu.addFault({ method: "POST", path: "^/sourceConnections$", dropResponse: true });
    await expect(flow("POST", "/sourceConnections", { body: sourceBody(FIXTURE_IDS.baseConnections.s3) })).rejects.toThrow();
    expect(emu.connections("source")).toHaveLength(before + 1);
    expect(emu.journal().map((e) => [e.method, e.path, e.status, e.fault])).toEqual([
      ["POST", "/connections", 503, "status 503"],
      ["POST", "/sourceConnections", 201, "dropResponse"],
    ]);
  });

  it("edits, publishes and deletes connections as if in the AEP UI, over HTTP and in process", async () => {
    const control = async (method: string, path: string, body?: unknown): Promise<[number, Record<string, unknown> & { id: string }]> => {
      const r = await fetch(`${emu.url}/__emulator${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      return [r.status, text ? JSON.parse(text) : undefined];
    };
    emu.clearJournal();
    const [status, seeded] = await control("POST", "/connections/base", { sandboxName: "dev", connection: baseBody(), state: "draft" });
    expect(status).toBe(200);
    expect(seeded).toMatchObject({ sandboxName: "dev", state: "draft", auth: { params: { s3SecretKey: secretFingerprint(SECRET) } } });
    const [, published] = await control("POST", `/connections/base/${seeded.id}/action?op=publish`);
    expect(published.state).toBe("enabled");
    const edited = emu.editConnection("source", SOURCE_ID, [{ op: "replace", path: "/params/path", value: "/moved/*.csv" }], "prod");
    expect(edited.params).toMatchObject({ path: "/moved/*.csv" });
    expect(edited.lastOperation).toMatchObject({ operation: "update" });
    expect(() => emu.editConnection("source", SOURCE_ID, [{ op: "replace", path: "/name", value: "x" }])).toThrow(
      /is in several sandboxes \(prod, dev, stage\)/,
    );
    emu.deleteConnectionOutOfBand("target", TARGET_ID, "prod");
    expect((await flow("GET", `/targetConnections/${TARGET_ID}`)).status).toBe(404);
    const [, gone] = await control("DELETE", `/connections/source/${SOURCE_ID}?sandbox=prod`);
    expect(gone).toBeUndefined();
    expect((await flow("GET", `/sourceConnections/${SOURCE_ID}`)).status).toBe(404);
    // The control plane is not journaled: only the two API reads are.
    expect(emu.journal().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET /targetConnections/${TARGET_ID} 404`,
      `GET /sourceConnections/${SOURCE_ID} 404`,
    ]);
  });

  it("every sandbox starts with the fixtures; reset clears what was made and seeds them again", async () => {
    const kinds = { base: 3, source: 11, target: 5 } as const;
    for (const [kind, n] of Object.entries(kinds)) expect(emu.connections(kind as keyof typeof kinds)).toHaveLength(n * 3);
    expect(emu.mappingSets()).toHaveLength(5 * 3);
    expect(emu.datasets()).toHaveLength(2 * 3);
    expect(emu.schemas()).toHaveLength(2 * 3);
    await created("/connections", baseBody());
    emu.deleteConnectionOutOfBand("source", SOURCE_ID, "prod");
    emu.reset();
    expect(emu.connections("base")).toHaveLength(9);
    expect(
      emu
        .connections("source")
        .filter((c) => c.id === SOURCE_ID)
        .map((c) => c.sandboxName)
        .sort(),
    ).toEqual(["dev", "prod", "stage"]);
    const empty = await emulator({ fixtures: "none" });
    expect([empty.connections("base"), empty.connections("source"), empty.mappingSets(), empty.datasets()]).toEqual([[], [], [], []]);
    await empty.stop();
  });
});
