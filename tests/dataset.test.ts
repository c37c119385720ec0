// Engine-protocol tests of the Dataset kind (Catalog): serialized exactly as Pulumi serializes it,
// driven through the SDK's real dynamic-provider host over gRPC. A create is one POST, a change one
// JSON Patch guarded by If-Match with the E-Tag of a read just before, a delete one DELETE; a lost
// create answer is looked for by name, never sent twice; a 412 is someone else's edit. Each test
// asserts the exact requests the emulator received and the outputs afterwards.
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { EngineHost, Props, configuredHost, serializeResources } from "./helpers/engine";
import { SEEDED, emulator, rawApis, serviceCalls } from "./helpers/emulator";

const SCHEMA = FIXTURE_IDS.schemas.orders;
const SCHEMA_REF = { id: SCHEMA, contentType: "application/vnd.adobe.xed+json;version=1" };
const args = (extra: Props = {}): Props => ({ name: "Orders events", schemaId: SCHEMA, ...extra });

let emu: RunningEmulator;
let host: EngineHost;
let provider: string;

const dataset = () => host.of("Dataset");
const withProvider = (props: Props) => ({ ...props, __provider: provider });
/** Catalog calls with their status, the content type of a write and its If-Match. */
const catalogCalls = () =>
  emu
    .journal()
    .filter((e) => e.service === "catalog")
    .map((e) => ({
      method: e.method,
      path: e.path,
      ...(Object.keys(e.query).length ? { query: e.query } : {}),
      ...(e.headers.ifMatch ? { ifMatch: e.headers.ifMatch } : {}),
      ...(e.body !== undefined ? { contentType: e.headers.contentType, body: e.body } : {}),
      status: e.status,
    }));
const stored = (id: string) => emu.datasets().find((d) => d.id === id && d.sandboxName === "dev");
const named = (name: string) => emu.datasets().filter((d) => d.sandboxName === "dev" && d.name === name);
const iso = (ms: unknown) => new Date(ms as number).toISOString();
const JSON_PATCH = "application/json-patch+json";
/** The POST of `args()` as the journal shows it. */
const POST_PLAIN = {
  method: "POST",
  path: "/dataSets",
  contentType: "application/json",
  body: { name: "Orders events", schemaRef: SCHEMA_REF },
  status: 201,
};
/** The outputs a read of `remote` adds to the declared ones. */
const readBack = (remote: { version?: unknown; created: unknown; updated?: unknown }) => ({
  version: remote.version,
  createdAt: iso(remote.created),
  updatedAt: iso(remote.updated),
});

/** The next `pulumi up`: a new provider process. */
async function nextRun(): Promise<void> {
  await host?.stop();
  host = await configuredHost(emu.url, SEEDED);
  emu.clearJournal();
}

async function created(name: string, extra: Props = {}): Promise<{ id: string; outs: Props; inputs: Props }> {
  const { inputs, failures } = await dataset().check(name, {}, withProvider(args(extra)));
  expect(failures).toEqual([]);
  const { id, outs } = await dataset().create(name, inputs);
  return { id, outs, inputs };
}

beforeAll(async () => {
  provider = serializeResources([{ kind: "Dataset", name: "orders", args: args() }])[0].inputs.__provider as string;
  emu = await emulator();
});

beforeEach(async () => {
  emu.reset();
  emu.clearFaults();
  await nextRun();
});

afterAll(async () => {
  await host?.stop();
  await emu?.stop();
});

it("the serialized provider is the shared shim, naming its kind", () => {
  expect(provider).toContain('require("pulumi-aep-dataflows/runtime").forKind(t)');
  expect(provider).toContain('t: "Dataset"');
});

it("create is one POST and one GET (Catalog answers a link); refresh reads what Catalog added, and the diff after it is empty", async () => {
  const { id, outs, inputs } = await created("orders", {
    description: "Orders from S3",
    profileEnabled: true,
    tags: { team: ["data"] },
  });
  expect(catalogCalls()).toEqual([
    {
      method: "POST",
      path: "/dataSets",
      contentType: "application/json",
      body: {
        name: "Orders events",
        description: "Orders from S3",
        schemaRef: SCHEMA_REF,
        tags: { team: ["data"], unifiedProfile: ["enabled:true"] },
      },
      status: 201,
    },
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
  ]);
  expect(id).toMatch(/^[0-9a-f]{24}$/);
  expect(inputs).toEqual(
    withProvider({
      ...args(),
      description: "Orders from S3",
      profileEnabled: true,
      identityEnabled: false,
      tags: { team: ["data"] },
      sandboxName: "dev",
    }),
  );
  const made = stored(id)!;
  expect(outs).toEqual({ ...inputs, ...readBack(made) });
  expect(made.version).toBe("1.0.0");
  // A refresh right after the create reads the same outputs: `pulumi refresh` after `pulumi up` shows no change.
  await nextRun();
  expect((await dataset().read("orders", id, outs)).outs).toEqual(outs);

  // Catalog and others add what nobody declared: a version, times, a view, files, a tag of their own.
  const api = await rawApis(emu, "dev");
  await api.catalog("PATCH", `/dataSets/${id}`, {
    body: [{ op: "add", path: "/tags/adobe~1pqs", value: ["x"] }],
    headers: { "Content-Type": JSON_PATCH },
  });
  await nextRun();
  const read = await dataset().read("orders", id, outs);
  const remote = stored(id)!;
  expect(read.outs).toEqual({ ...outs, version: "1.0.1", createdAt: iso(remote.created), updatedAt: iso(remote.updated) });
  expect(read.inputs).toEqual(inputs);
  expect(await dataset().diff("orders", id, read.outs, inputs)).toEqual({ changes: "none", replaces: [] });
  expect(catalogCalls()).toEqual([{ method: "GET", path: `/dataSets/${id}`, status: 200 }]);
});

it("a change is one JSON Patch guarded by If-Match with the E-Tag read just before, then one GET; refresh then shows no change", async () => {
  const { id, outs } = await created("orders", { tags: { team: ["data"], tier: ["gold"] } });
  await nextRun();
  const etag = (await (await rawApis(emu, "dev")).catalog("GET", `/dataSets/${id}`)).headers.get("e-tag");
  emu.clearJournal();
  const news = args({ name: "Orders", description: "d", profileEnabled: true, identityEnabled: true, tags: { team: ["ops"] } });
  const changed = await dataset().check("orders", outs, withProvider(news));
  expect(changed.failures).toEqual([]);
  expect(await dataset().diff("orders", id, outs, changed.inputs)).toEqual({ changes: "some", replaces: [] });
  const after = await dataset().update("orders", id, outs, changed.inputs);
  expect(catalogCalls()).toEqual([
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
    {
      method: "PATCH",
      path: `/dataSets/${id}`,
      ifMatch: etag,
      contentType: JSON_PATCH,
      body: [
        { op: "replace", path: "/name", value: "Orders" },
        { op: "add", path: "/description", value: "d" },
        { op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] },
        { op: "add", path: "/tags/unifiedIdentity", value: ["enabled:true"] },
        { op: "add", path: "/tags/team", value: ["ops"] },
        { op: "remove", path: "/tags/tier" },
      ],
      status: 200,
    },
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
  ]);
  const remote = stored(id)!;
  expect(remote).toMatchObject({
    name: "Orders",
    description: "d",
    version: "1.0.1",
    tags: { team: ["ops"], unifiedProfile: ["enabled:true"], unifiedIdentity: ["enabled:true"] },
  });
  expect(after).toEqual({ ...changed.inputs, ...readBack(remote) });

  await nextRun();
  const read = await dataset().read("orders", id, after);
  // The outputs of the update are what a refresh reads: no change in them either.
  expect(read.outs).toEqual(after);
  expect(await dataset().diff("orders", id, read.outs, changed.inputs)).toEqual({ changes: "none", replaces: [] });

  // Disabling Profile: `replace` with enabled:false, and the preview says what it deletes.
  const off = await dataset().check("orders", read.outs, withProvider({ ...news, profileEnabled: false }));
  expect(await dataset().diff("orders", id, read.outs, off.inputs)).toEqual({ changes: "some", replaces: [] });
  expect(await host.stderrMatching(/profileEnabled: true → false: disabling Profile on a dataset deletes the profile data/)).toMatch(
    /Dataset "Orders" \(dataset [0-9a-f]{24}, sandbox dev\): profileEnabled: true → false/,
  );
  emu.clearJournal();
  await dataset().update("orders", id, read.outs, off.inputs);
  expect(catalogCalls()[1]).toMatchObject({
    method: "PATCH",
    body: [{ op: "replace", path: "/tags/unifiedProfile", value: ["enabled:false"] }],
  });
});

it("a change of schemaId replaces the dataset, and the preview says what deleting it destroys", async () => {
  const { id, outs } = await created("orders");
  await nextRun();
  const news = await dataset().check("orders", outs, withProvider(args({ schemaId: FIXTURE_IDS.schemas.customers })));
  expect(await dataset().diff("orders", id, outs, news.inputs)).toEqual({ changes: "some", replaces: ["schemaId"] });
  expect(await host.stderrMatching(/replaces it/)).toMatch(
    /a change of schemaId replaces it, and the dataset replaced is deleted: deleting a dataset cannot be undone: it deletes the data ingested into it from the data lake, the identity graph and the Profile store/,
  );
});

it("delete is one DELETE; a dataset already gone is said so, not an error", async () => {
  const { id, outs } = await created("orders");
  await nextRun();
  await dataset().delete("orders", id, outs);
  expect(catalogCalls()).toEqual([{ method: "DELETE", path: `/dataSets/${id}`, status: 200 }]);
  expect(stored(id)).toBeUndefined();
  expect(await host.stderrMatching(/deleted; deleting a dataset cannot be undone/)).toMatch(
    /Dataset "Orders events" \(dataset [0-9a-f]{24}, sandbox dev\): deleted/,
  );
  emu.clearJournal();
  await dataset().delete("orders", id, outs);
  expect(catalogCalls()).toEqual([{ method: "DELETE", path: `/dataSets/${id}`, status: 200 }]);
  expect(await host.stderrMatching(/already gone/)).toMatch(/already gone/);
});

it("adoptId takes over an existing dataset: check reads it, create patches only what differs", async () => {
  const existing = emu.seedDataset("dev", { name: "Legacy", schemaRef: { id: SCHEMA }, tags: { unifiedIdentity: ["enabled: true"] } });
  emu.clearJournal();
  const checked = await dataset().check("orders", {}, withProvider(args({ adoptId: existing.id, identityEnabled: true })));
  expect(checked.failures).toEqual([]);
  expect(checked.inputs.adoption).toBe(`adopts dataset ${existing.id} ("Legacy") in sandbox dev: PATCH replace /name`);
  const { id, outs } = await dataset().create("orders", checked.inputs);
  expect(id).toBe(existing.id);
  const etag = `"${existing.updated}-1.0.0"`;
  expect(catalogCalls()).toEqual([
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
    {
      method: "PATCH",
      path: `/dataSets/${id}`,
      ifMatch: etag,
      contentType: JSON_PATCH,
      body: [{ op: "replace", path: "/name", value: "Orders events" }],
      status: 200,
    },
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
  ]);
  const adopted = stored(id)!;
  expect(outs).toEqual({ ...checked.inputs, ...readBack(adopted) });
  expect(adopted.version).toBe("1.0.1");
  expect(named("Orders events")).toHaveLength(1);

  // A dataset of another schema cannot be adopted: its schema cannot change.
  const other = emu.seedDataset("dev", { name: "Other", schemaRef: { id: FIXTURE_IDS.schemas.customers } });
  const refused = await dataset().check("other", {}, withProvider(args({ adoptId: other.id })));
  expect(refused.failures).toEqual([
    expect.objectContaining({
      property: "adoptId",
      reason: expect.stringMatching(/has schema .*customers|Catalog cannot change a dataset's schema/),
    }),
  ]);
});

it("a lost create answer: the dataset it made is found by name and kept, never made twice", async () => {
  // An older dataset of the same name and schema exists: names are not unique, so only one made during the request counts.
  // Made two minutes earlier by the service's clock, well outside the window a lost answer is judged in (the Date
  // headers' whole seconds): seeded in the same millisecond as the create, it could be either.
  emu.setClockOffset(-120_000);
  emu.seedDataset("dev", { name: "Orders events", schemaRef: { id: SCHEMA } });
  emu.setClockOffset(0);
  emu.addFault({ service: "catalog", method: "POST", path: "/dataSets", dropResponse: true });
  emu.clearJournal();
  const { id, outs, inputs } = await created("orders");
  const made = named("Orders events").sort((a, b) => a.created - b.created);
  expect(made).toHaveLength(2);
  expect(id).toBe(made[1].id);
  expect(outs).toEqual({ ...inputs, ...readBack(made[1]) });
  expect(made[1].version).toBe("1.0.0");
  expect(catalogCalls()).toEqual([
    POST_PLAIN,
    {
      method: "GET",
      path: "/dataSets",
      query: { property: "name==Orders events", properties: "name,schemaRef,created", limit: "100" },
      status: 200,
    },
    { method: "GET", path: `/dataSets/${id}`, status: 200 },
  ]);
  expect(await host.stderrMatching(/answer was lost/)).toMatch(/the create's answer was lost; the dataset it made was found and is kept/);
});

it("a 412 (edited between the read and the PATCH) and an edit made since the last run are someone else's: nothing is overwritten", async () => {
  const { id, outs } = await created("orders");
  await nextRun();
  const news = await dataset().check("orders", outs, withProvider(args({ description: "mine" })));
  // Someone edits the dataset right after the provider's read: the PATCH carries the older E-Tag.
  emu.addFault({ service: "catalog", method: "PATCH", status: 412 });
  await expect(dataset().update("orders", id, outs, news.inputs)).rejects.toThrow(
    /Dataset "Orders events" \(dataset [0-9a-f]{24}, sandbox dev\) was changed outside Pulumi since the last update \(\(the dataset changed between the read and the PATCH: 412\)\); nothing was sent/,
  );
  expect(catalogCalls().map((c) => [c.method, c.status])).toEqual([
    ["GET", 200],
    ["PATCH", 412],
  ]);

  // An edit made in the AEP UI since the last run, to a declared property: refused before any write.
  emu.clearFaults();
  const api = await rawApis(emu, "dev");
  await api.catalog("PATCH", `/dataSets/${id}`, { body: { name: "Renamed in the UI" } });
  await nextRun();
  await expect(dataset().update("orders", id, outs, news.inputs)).rejects.toThrow(
    /was changed outside Pulumi since the last update \(name\)/,
  );
  expect(catalogCalls()).toEqual([{ method: "GET", path: `/dataSets/${id}`, status: 200 }]);
  expect(stored(id)).toMatchObject({ name: "Renamed in the UI" });
  expect(stored(id)).not.toHaveProperty("description");
});

it("check refuses the reserved tags and warns about an adoptId that is not a dataset id", async () => {
  const { failures } = await dataset().check("orders", {}, withProvider(args({ tags: { unifiedProfile: ["enabled:true"] } })));
  expect(failures).toEqual([
    {
      property: "",
      reason: expect.stringMatching(/^`tags.unifiedProfile`: is what `profileEnabled` declares: set `profileEnabled: true`/),
    },
  ]);
  const warned = await dataset().check("orders", {}, withProvider(args({ adoptId: "not-a-dataset-id" })));
  // A guess: warned, then the adoption's read lets Catalog answer (no such dataset).
  expect(await host.stderrMatching(/is not 24 hexadecimal digits/)).toMatch(
    /`adoptId` is not 24 hexadecimal digits, which every dataset id has/,
  );
  expect(warned.failures).toEqual([{ property: "adoptId", reason: "dataset not-a-dataset-id does not exist in sandbox dev" }]);
  expect(serviceCalls(emu, "catalog")).toEqual([{ method: "GET", path: "/dataSets/not-a-dataset-id" }]);
});

it("a create whose read after the POST fails is kept all the same, its version left to a refresh, and said", async () => {
  emu.addFault({ service: "catalog", method: "GET", path: "^/dataSets/[0-9a-f]{24}$", status: 404 });
  const { id, outs, inputs } = await created("orders");
  expect(catalogCalls()).toEqual([POST_PLAIN, { method: "GET", path: `/dataSets/${id}`, status: 404 }]);
  expect(outs).toEqual(inputs);
  expect(named("Orders events").map((d) => d.id)).toEqual([id]);
  expect(await host.stderrMatching(/read after the write/)).toMatch(
    /Dataset "Orders events" \(dataset [0-9a-f]{24}, sandbox dev\): written, but the read after the write found no dataset; `version` and `updatedAt` are known after a `pulumi refresh`/,
  );
});
