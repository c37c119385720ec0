// Engine-protocol tests of the connection kinds: BaseConnection, SourceConnection and
// TargetConnection serialized exactly as Pulumi serializes them, driven through the SDK's real
// dynamic-provider host over gRPC. Each test asserts the exact requests the emulator received and
// the exact outputs afterwards. The credentials are recognisable strings, searched for at the end
// in everything the provider, the host and the emulator produced.
import type * as grpc from "@grpc/grpc-js";
import { FIXTURE_IDS, JournalEntry, RunningEmulator, SECRET_MASK, secretFingerprint } from "../emulator";
import { AMAZON_S3, DATA_LAKE, SALESFORCE } from "../emulator/specs";
import { EngineHost, Props, ResourceKind, configuredHost, secret, serializeResources } from "./helpers/engine";
import { SEEDED, baseInputs, clientFor, emulator, flowCalls, rawApis } from "./helpers/emulator";

const S3 = { id: AMAZON_S3, version: "1.0" };
const CRM = { id: SALESFORCE, version: "1.0" };
const LAKE = { id: DATA_LAKE, version: "1.0" };
const XED = "application/vnd.adobe.xed-full+json;version=1";

/** Credentials no test may find anywhere but in the auth output the engine keeps secret. */
const ACCESS_KEY = "AKIA-SEEDED-ACCESS-5e21";
const SECRET_1 = "SEEDED-S3-SECRET-ONE-9b7d4e";
const SECRET_2 = "SEEDED-S3-SECRET-TWO-c03a8f";
const credentials = (s3SecretKey = SECRET_1) => ({ specName: "Access Key", params: { s3AccessKey: ACCESS_KEY, s3SecretKey } });
/** What the journal keeps of them. */
const REDACTED = { s3AccessKey: "<redacted>", s3SecretKey: "<redacted>" };

const baseArgs = (extra: Props = {}): Props => ({ name: "Acme orders bucket", connectionSpec: S3, auth: credentials(), ...extra });

type DataKind = "SourceConnection" | "TargetConnection";
interface DataConnectionCase {
  kind: DataKind;
  collection: "sourceConnections" | "targetConnections";
  store: "source" | "target";
  args: Props;
  /** The connection spec its check reads. */
  spec: string;
  /** The base connection a publish reads first (Adobe's publish order). */
  base?: string;
  /** What the service shows of the connection besides what was sent: the fields it fills. */
  filled: Props;
}

const DATA_CONNECTIONS: [string, DataConnectionCase][] = [
  [
    "SourceConnection (files, Amazon S3)",
    {
      kind: "SourceConnection",
      collection: "sourceConnections",
      store: "source",
      args: {
        name: "Acme orders files",
        baseConnectionId: FIXTURE_IDS.baseConnections.s3,
        connectionSpec: S3,
        data: { format: "delimited", properties: { columnDelimiter: ";" } },
        params: { path: "/acme/in/*.csv", type: "folder", recursive: true },
      },
      spec: AMAZON_S3,
      base: FIXTURE_IDS.baseConnections.s3,
      filled: {
        data: { format: "delimited", schema: null, properties: { columnDelimiter: ";" } },
        inheritedAttributes: { baseConnection: { id: FIXTURE_IDS.baseConnections.s3, connectionSpec: S3 } },
      },
    },
  ],
  [
    "SourceConnection (table, Salesforce)",
    {
      kind: "SourceConnection",
      collection: "sourceConnections",
      store: "source",
      args: {
        name: "Acme contacts",
        baseConnectionId: FIXTURE_IDS.baseConnections.salesforce,
        connectionSpec: CRM,
        data: { format: "tabular" },
        params: { tableName: "Contact" },
      },
      spec: SALESFORCE,
      base: FIXTURE_IDS.baseConnections.salesforce,
      filled: {
        data: { format: "tabular", schema: null, properties: null },
        params: { tableName: "Contact", columns: [] },
        inheritedAttributes: { baseConnection: { id: FIXTURE_IDS.baseConnections.salesforce, connectionSpec: CRM } },
      },
    },
  ],
  [
    "TargetConnection (data lake)",
    {
      kind: "TargetConnection",
      collection: "targetConnections",
      store: "target",
      args: {
        name: "Acme orders dataset",
        connectionSpec: LAKE,
        data: { schema: { id: FIXTURE_IDS.schemas.orders, version: XED } },
        params: { dataSetId: FIXTURE_IDS.datasets.orders },
      },
      spec: DATA_LAKE,
      filled: {
        data: { format: null, schema: { id: FIXTURE_IDS.schemas.orders, version: XED }, properties: null },
        inheritedAttributes: {},
      },
    },
  ],
];

let emu: RunningEmulator;
let host: EngineHost;
/** The serialized provider of each kind, as a program registers it. */
const providers: Partial<Record<ResourceKind, string>> = {};
let registeredBase: Props;
let registeredBaseSecretOutputs: string[];
/** Everything the provider handed back or said (outputs, errors, the hosts' stderr, the journal), searched at the end for credentials. */
const seen: unknown[] = [];
let stderrOfEarlierRuns = "";
const journals: JournalEntry[] = [];

/**
 * The inputs the engine sends the provider: the program's, with Pulumi's secret wrapper taken off
 * (the dynamic-provider host answers `acceptSecrets: false`, so the engine unwraps secrets before
 * every call and marks the outputs secret itself), and the serialized provider.
 */
const engineInputs = (kind: ResourceKind, args: Props): Props => ({ ...args, __provider: providers[kind] });

const of = (kind: ResourceKind) => host.of(kind);

/** A host on a new provider process, as each `pulumi up` starts one, with the request log on (AEP_DEBUG). */
async function startRun(): Promise<void> {
  if (host) {
    await host.stop();
    stderrOfEarlierRuns += host.stderr;
  }
  host = await configuredHost(emu.url, SEEDED, { AEP_DEBUG: "1" });
}

/**
 * The next `pulumi up`: the engine never diffs or updates a resource in the run that created it,
 * and a provider process forgets what its run learned (see run.ts), so each step that follows a
 * create starts one. Its journal starts empty.
 */
async function nextRun(): Promise<void> {
  await startRun();
  emu.clearJournal();
}

async function created(kind: ResourceKind, name: string, args: Props): Promise<{ id: string; outs: Props; inputs: Props }> {
  const { inputs, failures } = await of(kind).check(name, {}, engineInputs(kind, args));
  expect(failures).toEqual([]);
  const { id, outs } = await of(kind).create(name, inputs);
  seen.push(inputs, outs);
  return { id, outs, inputs };
}

/** The error the host answered with (its message, as the engine prints it). */
async function failure(call: Promise<unknown>): Promise<string> {
  const err = (await call.then(
    () => undefined,
    (e) => e,
  )) as grpc.ServiceError | undefined;
  expect(err).toBeDefined();
  seen.push(err!.details);
  return err!.details;
}

/** The entity as a GET answers it (what the provider read), through the emulator's API. */
async function fetchEntity(collection: string, id: string) {
  const api = await rawApis(emu, "dev");
  return api.flow("GET", `/${collection}/${id}`);
}

const stored = (kind: "base" | "source" | "target", id: string) =>
  emu.connections(kind).find((c) => c.id === id && c.sandboxName === "dev");

beforeAll(async () => {
  const registrations = serializeResources(
    [
      { kind: "BaseConnection", name: "bucket", args: baseArgs() },
      { kind: "SourceConnection", name: "files", args: DATA_CONNECTIONS[0][1].args },
      { kind: "TargetConnection", name: "dataset", args: DATA_CONNECTIONS[2][1].args },
    ],
    { AEP_CLIENT_SECRET: SEEDED.clientSecret },
  );
  for (const r of registrations) providers[r.type.split(":").pop() as ResourceKind] = r.inputs.__provider as string;
  registeredBase = registrations[0].inputs;
  registeredBaseSecretOutputs = registrations[0].additionalSecretOutputs;
  emu = await emulator();
});

afterAll(async () => {
  await host?.stop();
  await emu?.stop();
});

beforeEach(() => {
  emu.setBehaviour({ connectionPatchPaths: "documented" });
  emu.clearFaults();
  emu.clearJournal();
});

afterEach(() => {
  journals.push(...emu.journal());
});

describe("the serialized providers", () => {
  it("are the same small shim, naming their kind, with no credential and no file path", () => {
    for (const kind of ["BaseConnection", "SourceConnection", "TargetConnection"] as const) {
      const shim = providers[kind]!;
      expect(2 * shim.length).toBeLessThan(4608);
      expect(shim).toContain('require("pulumi-aep-dataflows/runtime").forKind(t)');
      expect(shim).toContain(`t: "${kind}"`);
      expect(shim).not.toMatch(/node_modules|\/dist\/|\.js"/);
      expect(shim).not.toContain(SEEDED.clientSecret);
      expect(shim).not.toContain(SECRET_1);
    }
  });

  it("a BaseConnection's credentials reach the engine only as a secret, and its auth output is kept secret", () => {
    expect(registeredBase.auth).toEqual(secret(credentials()));
    expect(registeredBaseSecretOutputs).toEqual(["auth"]);
    const { auth: _auth, ...rest } = registeredBase;
    expect(JSON.stringify(rest)).not.toContain(SECRET_1);
  });
});

describe("BaseConnection through the dynamic-provider host", () => {
  const base = () => of("BaseConnection");

  beforeAll(() => startRun());

  it("create as a draft reads the connection spec, then POST ?mode=draft; read then diff is no change, though the service masks the secret", async () => {
    const { id, outs, inputs } = await created("BaseConnection", "bucket", baseArgs());
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/connectionSpecs/${AMAZON_S3}` },
      {
        method: "POST",
        path: "/connections",
        query: { mode: "draft" },
        body: { name: "Acme orders bucket", connectionSpec: S3, auth: { specName: "Access Key", params: REDACTED } },
      },
    ]);
    expect(inputs).toEqual({ ...baseArgs(), draft: true, sandboxName: "dev", __provider: providers.BaseConnection });
    expect(outs).toEqual({ ...inputs, etag: stored("base", id)!.etag, state: "draft" });
    expect(stored("base", id)).toMatchObject({ state: "draft", auth: { params: { s3SecretKey: secretFingerprint(SECRET_1) } } });

    await nextRun();
    const read = await base().read("bucket", id, outs);
    seen.push(read);
    const remote = stored("base", id)!;
    expect(read.outs).toEqual({
      ...outs,
      createdAt: new Date(remote.createdAt as number).toISOString(),
      updatedAt: new Date(remote.updatedAt as number).toISOString(),
    });
    expect(read.inputs).toEqual(inputs);
    expect(await base().diff("bucket", id, read.outs, inputs)).toEqual({ changes: "none", replaces: [] });
    expect(flowCalls(emu)).toEqual([{ method: "GET", path: `/connections/${id}` }]);
    // What that GET answered: the secret masked, which is never taken for a change of credentials.
    const { status, body } = await fetchEntity("connections", id);
    expect(status).toBe(200);
    expect(body.items[0].auth).toEqual({ specName: "Access Key", params: { s3AccessKey: ACCESS_KEY, s3SecretKey: SECRET_MASK } });
  });

  it("an edit is one minimal PATCH with If-Match; new credentials are one replace of /auth/params, never compared with a read", async () => {
    const { id, outs } = await created("BaseConnection", "bucket", baseArgs({ name: "Acme bucket (edit)" }));
    await nextRun();
    const renamed = await base().check(
      "bucket",
      outs,
      engineInputs("BaseConnection", baseArgs({ name: "Acme bucket v2", description: "Orders" })),
    );
    expect(await base().diff("bucket", id, outs, renamed.inputs)).toEqual({ changes: "some", replaces: [] });
    const afterRename = await base().update("bucket", id, outs, renamed.inputs);
    expect(flowCalls(emu)).toEqual([
      {
        method: "PATCH",
        path: `/connections/${id}`,
        ifMatch: outs.etag,
        body: [
          { op: "replace", path: "/name", value: "Acme bucket v2" },
          { op: "add", path: "/description", value: "Orders" },
        ],
      },
    ]);

    await nextRun();
    const rotatedArgs = baseArgs({ name: "Acme bucket v2", description: "Orders", auth: credentials(SECRET_2) });
    const rotated = await base().check("bucket", afterRename, engineInputs("BaseConnection", rotatedArgs));
    expect(await base().diff("bucket", id, afterRename, rotated.inputs)).toEqual({ changes: "some", replaces: [] });
    const afterRotation = await base().update("bucket", id, afterRename, rotated.inputs);
    seen.push(renamed, afterRename, rotated, afterRotation);
    expect(flowCalls(emu)).toEqual([
      // New credentials are judged against the auth spec: the run's first such check reads the connection spec.
      { method: "GET", path: `/connectionSpecs/${AMAZON_S3}` },
      {
        method: "PATCH",
        path: `/connections/${id}`,
        ifMatch: afterRename.etag,
        body: [{ op: "replace", path: "/auth/params", value: REDACTED }],
      },
    ]);
    expect(afterRename).toEqual({ ...renamed.inputs, etag: expect.any(String), state: "draft" });
    expect(afterRotation).toEqual({ ...rotated.inputs, etag: stored("base", id)!.etag, state: "draft" });
    expect(stored("base", id)).toMatchObject({
      name: "Acme bucket v2",
      description: "Orders",
      auth: { params: { s3SecretKey: secretFingerprint(SECRET_2) } },
    });

    // Credentials rotated in the AEP UI: write-only, so a refresh shows no drift on them.
    emu.editConnection("base", id, [{ op: "replace", path: "/auth/params/s3SecretKey", value: "rotated-in-the-ui" }], "dev");
    emu.clearJournal();
    const read = await base().read("bucket", id, afterRotation);
    seen.push(read);
    expect(read.outs).toEqual({
      ...afterRotation,
      etag: stored("base", id)!.etag,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await base().diff("bucket", id, read.outs, rotated.inputs)).toEqual({ changes: "none", replaces: [] });
    expect(flowCalls(emu)).toEqual([{ method: "GET", path: `/connections/${id}` }]);
  });

  it("publish is one action; a published connection cannot return to draft", async () => {
    const { id, outs } = await created("BaseConnection", "bucket", baseArgs({ name: "Acme bucket (publish)" }));
    await nextRun();
    const publishedArgs = baseArgs({ name: "Acme bucket (publish)", draft: false });
    const published = await base().check("bucket", outs, engineInputs("BaseConnection", publishedArgs));
    expect(await base().diff("bucket", id, outs, published.inputs)).toEqual({ changes: "some", replaces: [] });
    const after = await base().update("bucket", id, outs, published.inputs);
    seen.push(after);
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/connectionSpecs/${AMAZON_S3}` },
      { method: "POST", path: `/connections/${id}/action`, query: { op: "publish" } },
    ]);
    expect(after).toEqual({ ...published.inputs, etag: stored("base", id)!.etag, state: "enabled" });
    expect(stored("base", id)).toMatchObject({ state: "enabled" });
    const back = await base().check("bucket", after, engineInputs("BaseConnection", { ...publishedArgs, draft: true }));
    expect(back.failures).toEqual([
      { property: "draft", reason: expect.stringContaining("a published base connection cannot return to draft") },
    ]);
  });

  it("delete sends DELETE; one still used is refused, naming what uses it and what to do, and stays", async () => {
    const unused = await created("BaseConnection", "unused", baseArgs({ name: "Acme bucket (unused)" }));
    const used = await created("BaseConnection", "used", baseArgs({ name: "Acme bucket (used)" }));
    const user = emu.seedConnection(
      "source",
      "dev",
      { ...DATA_CONNECTIONS[0][1].args, name: "Files made in the UI", baseConnectionId: used.id },
      { state: "draft" },
    );
    emu.clearJournal();
    await base().delete("unused", unused.id, unused.outs);
    const message = await failure(base().delete("used", used.id, used.outs));
    expect(message).toBe(
      `BaseConnection "Acme bucket (used)" (base connection ${used.id}, sandbox dev) cannot be deleted: it is still used by source connection ` +
        `${user.id} ("Files made in the UI"). The service refused the DELETE (HTTP 400 FLOW-1418-400), so nothing was deleted and it stays ` +
        "in the stack. Delete what uses it first: a resource of this stack is deleted before this one when it takes this one's id as an " +
        "input (e.g. `baseConnectionId: base.id`); anything else in the AEP UI. Then run the command again. To leave the base connection in " +
        "AEP and only drop it from the stack, run `pulumi state delete <urn>` (URNs: `pulumi stack --show-urns`).",
    );
    expect(flowCalls(emu, { withStatus: true })).toEqual([
      { method: "DELETE", path: `/connections/${unused.id}`, status: 204 },
      { method: "DELETE", path: `/connections/${used.id}`, status: 400 },
      { method: "GET", path: "/sourceConnections", query: { property: `baseConnectionId==${used.id}` }, status: 200 },
      { method: "GET", path: "/targetConnections", query: { property: `baseConnectionId==${used.id}` }, status: 200 },
    ]);
    expect(stored("base", unused.id)).toBeUndefined();
    expect(stored("base", used.id)).toMatchObject({ state: "draft", etag: used.outs.etag });
  });

  it("adoption reads the connection, then one PATCH brings it to the declaration (credentials are always sent: they cannot be read)", async () => {
    const existing = emu.seedConnection("base", "dev", {
      name: "Made in the UI",
      connectionSpec: S3,
      auth: { specName: "Access Key", params: { s3AccessKey: "AKIA-UI", s3SecretKey: "made-in-the-ui" } },
    });
    const args = baseArgs({ adoptId: existing.id, draft: false });
    const { inputs, failures } = await base().check("adopted", {}, engineInputs("BaseConnection", args));
    expect(failures).toEqual([]);
    const summary = `adopts base connection ${existing.id} (enabled) in sandbox dev: PATCH replace /auth/params, replace /name`;
    expect(inputs).toEqual({ ...args, draft: false, sandboxName: "dev", adoption: summary, __provider: providers.BaseConnection });
    const { id, outs } = await base().create("adopted", inputs);
    seen.push(inputs, outs);
    expect(id).toBe(existing.id);
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/connections/${existing.id}` },
      {
        method: "PATCH",
        path: `/connections/${existing.id}`,
        ifMatch: existing.etag,
        body: [
          { op: "replace", path: "/auth/params", value: REDACTED },
          { op: "replace", path: "/name", value: "Acme orders bucket" },
        ],
      },
    ]);
    expect(outs).toEqual({
      ...inputs,
      etag: stored("base", id)!.etag,
      state: "enabled",
      createdAt: new Date(existing.createdAt as number).toISOString(),
      updatedAt: new Date(existing.updatedAt as number).toISOString(),
    });
    expect(stored("base", id)).toMatchObject({
      name: "Acme orders bucket",
      auth: { params: { s3SecretKey: secretFingerprint(SECRET_1) } },
    });
  });
});

describe.each(DATA_CONNECTIONS)("%s through the dynamic-provider host", (_label, c) => {
  const conn = () => of(c.kind);
  const args = (extra: Props = {}) => ({ ...c.args, ...extra });
  const noun = c.kind === "SourceConnection" ? "source connection" : "target connection";

  // A new run: its first check of this kind reads the connection spec, once.
  beforeAll(() => startRun());

  it("create as a draft reads the connection spec, then POST ?mode=draft; read then diff is no change, though the service fills what nobody sent", async () => {
    const { id, outs, inputs } = await created(c.kind, "conn", args());
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/connectionSpecs/${c.spec}` },
      { method: "POST", path: `/${c.collection}`, query: { mode: "draft" }, body: args() },
    ]);
    expect(inputs).toEqual({ ...args(), draft: true, sandboxName: "dev", __provider: providers[c.kind] });
    expect(outs).toEqual({ ...inputs, etag: stored(c.store, id)!.etag, state: "draft" });

    await nextRun();
    const read = await conn().read("conn", id, outs);
    seen.push(read);
    const remote = stored(c.store, id)!;
    expect(read.outs).toEqual({
      ...outs,
      createdAt: new Date(remote.createdAt as number).toISOString(),
      updatedAt: new Date(remote.updatedAt as number).toISOString(),
    });
    expect(read.inputs).toEqual(inputs);
    expect(await conn().diff("conn", id, read.outs, inputs)).toEqual({ changes: "none", replaces: [] });
    expect(flowCalls(emu)).toEqual([{ method: "GET", path: `/${c.collection}/${id}` }]);
    // What that GET answered: what was sent, with what nobody sent filled in.
    const { body } = await fetchEntity(c.collection, id);
    expect(body.items[0]).toMatchObject({
      ...c.filled,
      state: "draft",
      lastOperation: { operation: "draft_create", status: { value: "completed" } },
    });
  });

  it("publish is one action, read nothing first (the publish order is the service's to judge)", async () => {
    const { id, outs } = await created(c.kind, "conn", args({ name: `${c.args.name} (publish)` }));
    await nextRun();
    const published = await conn().check("conn", outs, engineInputs(c.kind, args({ name: `${c.args.name} (publish)`, draft: false })));
    expect(published.failures).toEqual([]);
    expect(await conn().diff("conn", id, outs, published.inputs)).toEqual({ changes: "some", replaces: [] });
    const after = await conn().update("conn", id, outs, published.inputs);
    seen.push(after);
    // Check reads the spec (it judges a publish), then the update publishes.
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/connectionSpecs/${c.spec}` },
      { method: "POST", path: `/${c.collection}/${id}/action`, query: { op: "publish" } },
    ]);
    expect(after).toEqual({ ...published.inputs, etag: stored(c.store, id)!.etag, state: "enabled" });
  });

  it("a rename the service refuses (documented paths: 1365) is a clear error and changes nothing; where it takes it (lenient), one PATCH with If-Match", async () => {
    const { id, outs } = await created(c.kind, "conn", args({ name: `${c.args.name} (rename)` }));
    await nextRun();
    const renamed = await conn().check("conn", outs, engineInputs(c.kind, args({ name: `${c.args.name} v2`, description: "Renamed" })));
    expect(await conn().diff("conn", id, outs, renamed.inputs)).toEqual({ changes: "some", replaces: [] });
    const patch = {
      method: "PATCH",
      path: `/${c.collection}/${id}`,
      ifMatch: outs.etag,
      body: [
        { op: "replace", path: "/name", value: `${c.args.name} v2` },
        { op: "add", path: "/description", value: "Renamed" },
      ],
    };

    const message = await failure(conn().update("conn", id, outs, renamed.inputs));
    expect(message).toBe(
      `${c.kind} "${c.args.name} v2" (${noun} ${id}, sandbox dev): the service refused to change name, description in place ` +
        "(HTTP 400 FLOW-1365-400: The path /name provided in ops is invalid. Please provide valid path /name and try again.). " +
        `Nothing was changed. Either undo the change in the program (the ${noun} still has name "${c.args.name} (rename)", no ` +
        `description), or replace the ${noun}: \`pulumi up --replace <urn>\` (URNs: \`pulumi stack --show-urns\`) creates a new ` +
        "one with these values, replaces the resources that take its id (and so their dataflows), then deletes this one.",
    );
    expect(flowCalls(emu, { withStatus: true })).toEqual([{ ...patch, status: 400 }]);
    expect(stored(c.store, id)).toMatchObject({ name: `${c.args.name} (rename)`, etag: outs.etag });

    emu.clearJournal();
    emu.setBehaviour({ connectionPatchPaths: "lenient" });
    const after = await conn().update("conn", id, outs, renamed.inputs);
    seen.push(after);
    expect(flowCalls(emu, { withStatus: true })).toEqual([{ ...patch, status: 200 }]);
    expect(after).toEqual({ ...renamed.inputs, etag: stored(c.store, id)!.etag, state: "draft" });
    expect(stored(c.store, id)).toMatchObject({ name: `${c.args.name} v2`, description: "Renamed" });
  });

  it("adoption reads the connection: the same declaration takes it with no write; another name needs a PATCH, which the service refuses", async () => {
    const existing = emu.seedConnection(c.store, "dev", args({ name: `${c.args.name} (adopted)` }), { state: "draft" });
    const same = args({ name: `${c.args.name} (adopted)`, adoptId: existing.id });
    const { inputs, failures } = await conn().check("adopted", {}, engineInputs(c.kind, same));
    expect(failures).toEqual([]);
    expect(inputs.adoption).toBe(`adopts ${noun} ${existing.id} (draft) in sandbox dev: no change`);
    const { id, outs } = await conn().create("adopted", inputs);
    seen.push(outs);
    expect(id).toBe(existing.id);
    // The read for adoption, then (the run's first check of this kind) the connection spec.
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/${c.collection}/${existing.id}` },
      { method: "GET", path: `/connectionSpecs/${c.spec}` },
    ]);
    // In the program's form, as a refresh records it (not the service's `"schema": null`).
    expect(outs).toEqual({
      ...inputs,
      etag: existing.etag,
      state: "draft",
      createdAt: new Date(existing.createdAt as number).toISOString(),
      updatedAt: new Date(existing.updatedAt as number).toISOString(),
    });

    const other = emu.seedConnection(c.store, "dev", args({ name: "Named in the UI" }), { state: "draft" });
    emu.clearJournal();
    const renaming = await conn().check("renaming", {}, engineInputs(c.kind, args({ adoptId: other.id })));
    expect(renaming.inputs.adoption).toBe(`adopts ${noun} ${other.id} (draft) in sandbox dev: PATCH replace /name`);
    const message = await failure(conn().create("renaming", renaming.inputs));
    expect(message).toBe(
      `${c.kind} "${c.args.name}" (${noun} ${other.id}, sandbox dev) cannot be adopted as declared: the service refused to change ` +
        "name in place (HTTP 400 FLOW-1365-400: The path /name provided in ops is invalid. Please provide valid path /name and try again.). " +
        'Nothing was changed, and it was not adopted. Declare what it has now (name "Named in the UI") so that adopting it needs no ' +
        `PATCH, or remove adoptId to create a new ${noun}.`,
    );
    expect(flowCalls(emu, { withStatus: true })).toEqual([
      { method: "GET", path: `/${c.collection}/${other.id}`, status: 200 },
      {
        method: "PATCH",
        path: `/${c.collection}/${other.id}`,
        ifMatch: other.etag,
        body: [{ op: "replace", path: "/name", value: c.args.name }],
        status: 400,
      },
    ]);
    expect(stored(c.store, other.id)).toMatchObject({ name: "Named in the UI", etag: other.etag });
  });

  it("delete sends DELETE", async () => {
    const { id, outs } = await created(c.kind, "conn", args({ name: `${c.args.name} (delete)` }));
    emu.clearJournal();
    await conn().delete("conn", id, outs);
    expect(flowCalls(emu, { withStatus: true })).toEqual([{ method: "DELETE", path: `/${c.collection}/${id}`, status: 204 }]);
    expect(stored(c.store, id)).toBeUndefined();
  });
});

describe("across kinds", () => {
  beforeAll(() => startRun());

  it("a source connection whose base connection is a draft: the publish is sent (the order is the draft tutorial's prose), and the service's refusal names the draft and what to flip", async () => {
    const draftBase = await created("BaseConnection", "bucket", baseArgs({ name: "Acme bucket (still a draft)" }));
    const filesArgs = { ...DATA_CONNECTIONS[0][1].args, baseConnectionId: draftBase.id };
    const files = await created("SourceConnection", "files", filesArgs);
    await nextRun();
    const published = await of("SourceConnection").check(
      "files",
      files.outs,
      engineInputs("SourceConnection", { ...filesArgs, draft: false }),
    );
    expect(published.failures).toEqual([]);
    const message = await failure(of("SourceConnection").update("files", files.id, files.outs, published.inputs));
    const refusedBy = (id: string) =>
      `(HTTP 400 FLOW-1100-400: The request could not be processed. Error from flow provider: source connection ${id} cannot be ` +
      `published while its base connection ${draftBase.id} is a draft: publish the base connection first (POST ` +
      `/connections/${draftBase.id}/action?op=publish)). Adobe's draft tutorial publishes an entity after those it uses: ` +
      `\`baseConnectionId\`: base connection ${draftBase.id} ("Acme bucket (still a draft)") is still a draft: publish it first — set ` +
      "`draft: false` on that BaseConnection (when this resource takes its id output, Pulumi publishes it first), or publish it in the AEP UI.";
    expect(message).toBe(
      `SourceConnection "Acme orders files" (source connection ${files.id}, sandbox dev): the service refused to publish it ` +
        `${refusedBy(files.id)} Nothing was published by this call; then run \`pulumi up\` again.`,
    );
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/connectionSpecs/${AMAZON_S3}` },
      { method: "POST", path: `/sourceConnections/${files.id}/action`, query: { op: "publish" } },
      { method: "GET", path: `/connections/${draftBase.id}` },
    ]);
    expect(stored("source", files.id)).toMatchObject({ state: "draft", etag: files.outs.etag });

    // The same for one declared published from the start: its POST is refused, and explained.
    emu.clearJournal();
    const before = emu.connections("source").length;
    const direct = await of("SourceConnection").check("direct", {}, engineInputs("SourceConnection", { ...filesArgs, draft: false }));
    expect(direct.failures).toEqual([]);
    const refusedCreate = await failure(of("SourceConnection").create("direct", direct.inputs));
    expect(refusedCreate).toMatch(
      /^SourceConnection "Acme orders files" \(sandbox dev\): the service refused to create it published \(HTTP 400 FLOW-1100-400: .*cannot be published while its base connection .* is a draft.*\)\. Adobe's draft tutorial publishes an entity after those it uses: `baseConnectionId`: base connection .* \("Acme bucket \(still a draft\)"\) is still a draft: publish it first .* Nothing was created by this call; then run `pulumi up` again\.$/,
    );
    expect(flowCalls(emu).map((c) => `${c.method} ${c.path}`)).toEqual([`POST /sourceConnections`, `GET /connections/${draftBase.id}`]);
    expect(emu.connections("source")).toHaveLength(before);
  });

  it("a connection a dataflow uses is refused its delete, naming the flow and what to do, and stays", async () => {
    const files = await created("SourceConnection", "files", { ...DATA_CONNECTIONS[0][1].args, name: "Acme files (used)" });
    const flow = await clientFor(emu, { sandboxName: "dev" }).createFlow(
      { ...baseInputs(), name: "Flow made in the UI", sourceConnectionIds: [files.id] },
      { draft: true },
    );
    emu.clearJournal();
    const message = await failure(of("SourceConnection").delete("files", files.id, files.outs));
    expect(message).toBe(
      `SourceConnection "Acme files (used)" (source connection ${files.id}, sandbox dev) cannot be deleted: it is still used by flow ` +
        `${flow.id} ("Flow made in the UI"). The service refused the DELETE (HTTP 400 FLOW-1447-400), so nothing was deleted and it ` +
        "stays in the stack. Delete what uses it first: a resource of this stack is deleted before this one when it takes this one's " +
        "id as an input (e.g. `sourceConnectionIds: [source.id]`); anything else in the AEP UI. Then run the command again. To leave " +
        "the source connection in AEP and only drop it from the stack, run `pulumi state delete <urn>` (URNs: `pulumi stack --show-urns`).",
    );
    expect(flowCalls(emu, { withStatus: true })).toEqual([
      { method: "DELETE", path: `/sourceConnections/${files.id}`, status: 400 },
      { method: "GET", path: "/flows", query: { property: `sourceConnectionIds[]==${files.id}` }, status: 200 },
    ]);
    expect(stored("source", files.id)).toMatchObject({ state: "draft", etag: files.outs.etag });
  });

  it("creates whose answers were lost, made in parallel as Pulumi makes them, each take the connection they made: no second one", async () => {
    const cases = [
      { kind: "BaseConnection" as const, collection: "connections", store: "base" as const, args: baseArgs(), spec: AMAZON_S3 },
      ...DATA_CONNECTIONS.map(([, c]) => c),
    ].map((c, i) => ({ ...c, args: { ...c.args, name: `${c.args.name as string} (lost answer ${i})` } }));
    await nextRun();
    const before = cases.map((c) => emu.connections(c.store).length);
    for (const c of cases) emu.addFault({ method: "POST", path: `^/${c.collection}$`, dropResponse: true });
    const results = await Promise.all(cases.map((c) => created(c.kind, `lost-${c.collection}`, c.args)));
    cases.forEach((c, i) => {
      const { id, outs, inputs } = results[i];
      expect(emu.connections(c.store)).toHaveLength(before[i] + (c.store === "source" ? 2 : 1));
      const remote = stored(c.store, id)!;
      expect(remote).toMatchObject({ name: c.args.name, state: "draft" });
      expect(outs).toEqual({
        ...inputs,
        etag: remote.etag,
        state: "draft",
        createdAt: new Date(remote.createdAt as number).toISOString(),
        updatedAt: new Date(remote.updatedAt as number).toISOString(),
      });
    });
    // Made in parallel, so in any order: each resource's check reads its spec (once per spec), its
    // POST is sent once, never twice; its search lists its own collection by connection spec, and
    // four clock probes judge when the candidate was made.
    const probe = { method: "GET", path: "/flows", query: { property: "id==00000000-0000-0000-0000-000000000000", count: "true" } };
    const expected = [
      ...[AMAZON_S3, SALESFORCE, DATA_LAKE].map((spec) => ({ method: "GET", path: `/connectionSpecs/${spec}` })),
      ...cases.flatMap((c) => [
        { method: "POST", path: `/${c.collection}`, query: { mode: "draft" }, name: c.args.name },
        { method: "GET", path: `/${c.collection}`, query: { property: `connectionSpec.id==${c.spec}` } },
        ...Array(4).fill(probe),
      ]),
    ];
    const received = flowCalls(emu).map(({ body, ...call }) => (body ? { ...call, name: (body as Props).name } : call));
    const sorted = (calls: object[]) => calls.map((call) => JSON.stringify(call)).sort();
    expect(sorted(received)).toEqual(sorted(expected));
    // Each said so (a notice can reach this process after the answer it preceded: waited for).
    const notice = /the create's answer was lost; the \w+ connection it made was found and is kept/g;
    const stderr = await host.stderrMatching(new RegExp(`(${notice.source}[\\s\\S]*){${cases.length}}`));
    expect(stderr.match(notice)).toHaveLength(cases.length);
  });
});

describe("credentials", () => {
  beforeAll(() => startRun());

  it("check and a refused write name the property, never the value", async () => {
    const bad = await of("BaseConnection").check(
      "bucket",
      {},
      engineInputs("BaseConnection", baseArgs({ auth: { specName: "Access Key", params: { s3SecretKey: { value: SECRET_1 } } } })),
    );
    seen.push(bad.failures);
    expect(bad.failures).toEqual([
      { property: "", reason: '`auth.params.s3AccessKey`: is required by the "Access Key" auth spec of amazon-s3' },
      { property: "", reason: '`auth.params.s3SecretKey`: must be string (the "Access Key" auth spec of amazon-s3)' },
    ]);
    const { id, outs } = await created("BaseConnection", "bucket", baseArgs({ name: "Acme bucket (refused)" }));
    await nextRun();
    const rotatedArgs = baseArgs({ name: "Acme bucket (refused)", auth: credentials(SECRET_2) });
    const rotated = await of("BaseConnection").check("bucket", outs, engineInputs("BaseConnection", rotatedArgs));
    emu.addFault({ method: "PATCH", status: 400 });
    const message = await failure(of("BaseConnection").update("bucket", id, outs, rotated.inputs));
    expect(message).toContain(`BaseConnection "Acme bucket (refused)" (base connection ${id}, sandbox dev)`);
    expect(message).toContain("HTTP 400");
  });

  it("appear in no output but the auth the engine keeps secret, in no error, log line or journal entry", () => {
    const everything = JSON.stringify(seen, (key, value) => (key === "auth" ? undefined : value));
    expect(everything.length).toBeGreaterThan(5000);
    const stderr = stderrOfEarlierRuns + host.stderr;
    expect(stderr).toMatch(/\[aep\] (GET|POST|PATCH) /); // the request log was on
    const journal = JSON.stringify(journals);
    expect(journal).toContain("<redacted>");
    for (const value of [SECRET_1, SECRET_2, ACCESS_KEY, SEEDED.clientSecret]) {
      expect(everything).not.toContain(value);
      expect(stderr).not.toContain(value);
      expect(journal).not.toContain(value);
    }
    // The auth outputs hold exactly what the program declared (the engine wraps them as a secret).
    const auths: unknown[] = [];
    JSON.stringify(seen, (key, value) => (key === "auth" && auths.push(value), value));
    for (const auth of auths) expect([credentials(SECRET_1), credentials(SECRET_2)]).toContainEqual(auth);
    expect(auths).toContainEqual(credentials(SECRET_2));
  });
});
