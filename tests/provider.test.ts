// The Dataflow provider in-process against the emulator: every lifecycle row, with the exact calls.
import { RunningEmulator } from "../emulator";
import { DataflowProvider } from "../provider/runtime";
import { DataflowInputs, DataflowOutputs } from "../provider/kinds/dataflow/types";
import { ConcurrentEditError, PartialFailureError } from "../provider/errors";
import { MAPPING, SEEDED, SOURCE_ID_2, baseInputs, emulator, flowCalls, stackConfig } from "./helpers/emulator";
import { futureStart } from "./helpers/dates";

let emu: RunningEmulator;
let provider: DataflowProvider;

/**
 * A provider configured for the emulator. By default its flow spec cache is warmed (one GET
 * /flowSpecs/{id}, then the journal is cleared), so that the other tests' exact call lists are about
 * the operation under test; the spec reads themselves are tested in "flow spec checks".
 */
async function configured(config: Record<string, string> = {}, warm = true): Promise<DataflowProvider> {
  const p = new DataflowProvider({});
  const all: Record<string, string> = {
    ...stackConfig(emu),
    // Keeps the settle time before recovery reads short (it follows the timeout).
    "aep:timeoutSeconds": "1",
    ...config,
  };
  await p.configure({ config: { get: (k: string) => all[k], require: (k: string) => all[k] } });
  if (warm) {
    await p.check({}, baseInputs());
    emu.clearJournal();
  }
  return p;
}

beforeEach(async () => {
  emu = await emulator();
  provider = await configured();
});
afterEach(() => emu.stop());

const schedule = { startTime: futureStart(), frequency: "minute" as const, interval: 15, backfill: true };

async function checked(news: Record<string, unknown>, olds?: Record<string, unknown>): Promise<DataflowInputs> {
  const { inputs, failures } = await provider.check(olds ?? {}, news);
  expect(failures).toEqual([]);
  return inputs as DataflowInputs;
}

/** create → read → diff must be clean (no perpetual diff), as Terraform's provider tests require. */
async function expectNoDriftAfterRead(id: string, outs: DataflowOutputs, news: DataflowInputs): Promise<void> {
  // The refresh and the diff come in later runs (a provider process per run).
  provider.startRun();
  await provider.check({}, baseInputs());
  emu.clearJournal();
  const read = await provider.read(id, outs);
  expect(read.id).toBe(id);
  expect(await provider.diff(id, read.props as DataflowOutputs, news)).toEqual({
    changes: false,
    replaces: [],
    deleteBeforeReplace: false,
  });
  const again = await provider.check(read.inputs as Record<string, unknown>, news as unknown as Record<string, unknown>);
  expect(again.inputs).toEqual(news);
  expect(flowCalls(emu)).toEqual([{ method: "GET", path: `/flows/${id}` }]);
}

describe("create", () => {
  it("creates a draft with POST /flows?mode=draft and keeps the etag", async () => {
    const news = await checked({ ...baseInputs(), description: "d", scheduleParams: schedule });
    const { id, outs } = await provider.create(news);
    const stored = emu.flows()[0];
    expect(flowCalls(emu)).toEqual([
      {
        method: "POST",
        path: "/flows",
        query: { mode: "draft" },
        body: {
          ...baseInputs(),
          description: "d",
          scheduleParams: { startTime: String(futureStart()), frequency: "minute", interval: "15", backfill: true },
        },
      },
    ]);
    expect(outs).toEqual({ ...news, etag: stored.etag, state: "draft" });
    expect(stored).toMatchObject({ id, state: "draft", sandboxName: "dev" });
    await expectNoDriftAfterRead(id, outs, news);
  });

  it("creates a published flow with POST /flows", async () => {
    const news = await checked({ ...baseInputs(), transformations: MAPPING, draft: false, scheduleParams: schedule });
    const { id, outs } = await provider.create(news);
    expect(flowCalls(emu).map((c) => [c.method, c.path, c.query])).toEqual([["POST", "/flows", undefined]]);
    expect(outs.state).toBe("enabled");
    await expectNoDriftAfterRead(id, outs, news);
  });

  it("creates a published, disabled flow with POST /flows then action?op=disable", async () => {
    const news = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, draft: false, enabled: false });
    const { id, outs } = await provider.create(news);
    expect(flowCalls(emu).map((c) => [c.method, c.path, c.query])).toEqual([
      ["POST", "/flows", undefined],
      ["POST", `/flows/${id}/action`, { op: "disable" }],
    ]);
    expect(outs).toMatchObject({ state: "disabled", etag: emu.flows()[0].etag });
    await expectNoDriftAfterRead(id, outs, news);
  });

  it("reports a partial failure with the flow's id when the follow-up disable fails", async () => {
    const news = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, draft: false, enabled: false });
    emu.addFault({ method: "POST", op: "disable", status: 500, times: 2 });
    const err: PartialFailureError = await provider.create({ ...news, __provider: "shim" } as DataflowInputs).catch((e) => e);
    expect(err).toBeInstanceOf(PartialFailureError);
    const flow = emu.flows()[0];
    expect(err.id).toBe(flow.id);
    expect(err.properties).toMatchObject({ state: "enabled", enabled: true, etag: flow.etag, __provider: "shim" });
    expect(err.reasons[0]).toMatch(/create succeeded, but disable failed.*state enabled.*run `pulumi up` again/);
    // The unknown outcome of the first disable was checked (GET) before it was sent once more.
    expect(flowCalls(emu).map((c) => [c.method, c.query?.op ?? c.query?.mode ?? ""])).toEqual([
      ["POST", ""],
      ["POST", "disable"],
      ["GET", ""],
      ["POST", "disable"],
    ]);
  });

  it("uses the resource's own sandbox over aep:sandboxName", async () => {
    const news = await checked({ ...baseInputs(), sandboxName: "stage" });
    await provider.create(news);
    expect(flowCalls(emu, { withSandbox: true })[0].sandbox).toBe("stage");
  });
});

describe("update", () => {
  async function created(extra: Record<string, unknown> = {}) {
    const news = await checked({
      ...baseInputs(),
      scheduleParams: schedule,
      ...(extra.draft === false ? { transformations: MAPPING } : {}),
      ...extra,
    });
    const { id, outs } = await provider.create(news);
    // What follows is the next `pulumi up`: a new run.
    provider.startRun();
    await provider.check({}, baseInputs());
    emu.clearJournal();
    return { id, outs, news };
  }

  it("sends one minimal PATCH with If-Match from state", async () => {
    const { id, outs } = await created();
    const news = await checked({ ...baseInputs(), name: "Renamed", scheduleParams: { ...schedule, interval: 30 } }, outs as never);
    expect(await provider.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs: after } = await provider.update(id, outs, news);
    expect(flowCalls(emu)).toEqual([
      {
        method: "PATCH",
        path: `/flows/${id}`,
        ifMatch: outs.etag,
        body: [
          { op: "replace", path: "/scheduleParams/interval", value: "30" },
          { op: "replace", path: "/name", value: "Renamed" },
        ],
      },
    ]);
    expect(after.etag).toBe(emu.flows()[0].etag);
    expect(after.etag).not.toBe(outs.etag);
    await expectNoDriftAfterRead(id, after, news);
  });

  it("publishes after the PATCH when draft flips to false", async () => {
    const { id, outs } = await created({ transformations: MAPPING });
    const news = await checked(
      { ...baseInputs(), transformations: MAPPING, description: "ready", scheduleParams: schedule, draft: false },
      outs as never,
    );
    const { outs: after } = await provider.update(id, outs, news);
    const calls = flowCalls(emu);
    expect(calls).toEqual([
      { method: "PATCH", path: `/flows/${id}`, ifMatch: outs.etag, body: [{ op: "add", path: "/description", value: "ready" }] },
      { method: "POST", path: `/flows/${id}/action`, query: { op: "publish" } },
    ]);
    expect(after).toMatchObject({ state: "enabled", draft: false, etag: emu.flows()[0].etag });
    await expectNoDriftAfterRead(id, after, news);
  });

  it("publishes with no PATCH when only the draft flag changed, then disables when asked", async () => {
    const { id, outs } = await created({ transformations: MAPPING });
    const news = await checked(
      { ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, draft: false, enabled: false },
      outs as never,
    );
    await provider.update(id, outs, news);
    expect(flowCalls(emu).map((c) => [c.method, c.query])).toEqual([
      ["POST", { op: "publish" }],
      ["POST", { op: "disable" }],
    ]);
    expect(emu.flows()[0].state).toBe("disabled");
  });

  it("enables and disables a published flow", async () => {
    const { id, outs } = await created({ draft: false });
    const off = await checked(
      { ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, draft: false, enabled: false },
      outs as never,
    );
    const { outs: disabled } = await provider.update(id, outs, off);
    const on = await checked(
      { ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, draft: false, enabled: true },
      disabled as never,
    );
    const { outs: enabled } = await provider.update(id, disabled, on);
    expect(flowCalls(emu).map((c) => [c.method, c.path, c.query])).toEqual([
      ["POST", `/flows/${id}/action`, { op: "disable" }],
      ["POST", `/flows/${id}/action`, { op: "enable" }],
    ]);
    expect([disabled.state, enabled.state]).toEqual(["disabled", "enabled"]);
  });

  it("makes no call when nothing changed, and none for a draft's enabled intent", async () => {
    const { id, outs, news } = await created();
    expect(await provider.diff(id, outs, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    const intent = await checked({ ...baseInputs(), scheduleParams: schedule, enabled: false }, outs as never);
    const { outs: after } = await provider.update(id, outs, intent);
    expect(after.enabled).toBe(false);
    expect(flowCalls(emu)).toEqual([]);
  });

  it("plans a replace for connection, flow spec and sandbox changes", async () => {
    const { id, outs } = await created();
    const news = await checked(
      { ...baseInputs(), sourceConnectionIds: [SOURCE_ID_2], sandboxName: "prod", scheduleParams: schedule },
      outs as never,
    );
    expect(await provider.diff(id, outs, news)).toEqual({
      changes: true,
      replaces: ["sourceConnectionIds", "sandboxName"],
      deleteBeforeReplace: false,
    });
    expect(flowCalls(emu)).toEqual([]);
  });

  describe("412 from a concurrent edit", () => {
    it("retries once with the new etag when only the etag moved (patchable properties unchanged)", async () => {
      const { id, outs } = await created({ draft: false });
      // Someone disabled and re-enabled it in the UI: new etag, same patchable properties.
      emu.editFlow(id, [{ op: "replace", path: "/name", value: baseInputs().name }]);
      const moved = emu.flows()[0].etag;
      const news = await checked(
        { ...baseInputs(), transformations: MAPPING, name: "Renamed", scheduleParams: schedule, draft: false },
        outs as never,
      );
      const { outs: after } = await provider.update(id, outs, news);
      expect(flowCalls(emu, { withStatus: true })).toEqual([
        {
          method: "PATCH",
          path: `/flows/${id}`,
          ifMatch: outs.etag,
          body: [{ op: "replace", path: "/name", value: "Renamed" }],
          status: 412,
        },
        { method: "GET", path: `/flows/${id}`, status: 200 },
        { method: "PATCH", path: `/flows/${id}`, ifMatch: moved, body: [{ op: "replace", path: "/name", value: "Renamed" }], status: 200 },
      ]);
      expect(after.etag).toBe(emu.flows()[0].etag);
      expect(emu.flows()[0].name).toBe("Renamed");
    });

    it("fails without overwriting, naming the properties edited outside Pulumi", async () => {
      const { id, outs } = await created();
      emu.editFlow(id, [
        { op: "replace", path: "/scheduleParams/interval", value: "45" },
        { op: "add", path: "/description", value: "edited in the UI" },
      ]);
      const news = await checked({ ...baseInputs(), name: "Renamed", scheduleParams: schedule }, outs as never);
      const err: ConcurrentEditError = await provider.update(id, outs, news).catch((e) => e);
      expect(err).toBeInstanceOf(ConcurrentEditError);
      expect(err.properties).toEqual(["description", "scheduleParams.interval"]);
      expect(err.message).toMatch(/changed outside Pulumi since the last update \(description, scheduleParams.interval\).*pulumi refresh/);
      expect(flowCalls(emu).map((c) => [c.method, c.status ?? ""])).toEqual([
        ["PATCH", ""],
        ["GET", ""],
      ]);
      expect(emu.flows()[0]).toMatchObject({ name: baseInputs().name, description: "edited in the UI" });
    });

    it("takes the flow as updated when an earlier attempt already landed", async () => {
      const { id, outs } = await created();
      const news = await checked({ ...baseInputs(), name: "Renamed", scheduleParams: schedule }, outs as never);
      emu.editFlow(id, [{ op: "replace", path: "/name", value: "Renamed" }]);
      const { outs: after } = await provider.update(id, outs, news);
      expect(flowCalls(emu).map((c) => c.method)).toEqual(["PATCH", "GET"]);
      expect(after.etag).toBe(emu.flows()[0].etag);
    });
  });

  it("keeps the state of a done PATCH when the publish after it fails", async () => {
    const { id, outs } = await created();
    emu.addFault({ method: "POST", op: "publish", status: 500, times: 2 });
    const news = await checked(
      { ...baseInputs(), transformations: MAPPING, name: "Renamed", scheduleParams: schedule, draft: false },
      outs as never,
    );
    const err: PartialFailureError = await provider.update(id, outs, { ...news, __provider: "shim" } as DataflowInputs).catch((e) => e);
    expect(err).toBeInstanceOf(PartialFailureError);
    expect(err.properties).toMatchObject({ name: "Renamed", state: "draft", draft: true, etag: emu.flows()[0].etag, __provider: "shim" });
    expect(err.message).toMatch(/PATCH succeeded, but publish failed.*state draft/);
  });
});

describe("read", () => {
  it("returns outputs and inputs normalised to input types", async () => {
    const news = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, draft: false });
    const { id, outs } = await provider.create(news);
    emu.editFlow(id, [{ op: "replace", path: "/name", value: "Edited in UI" }]);
    provider.startRun();
    const read = await provider.read(id, outs);
    const flow = emu.flows()[0];
    expect(read.props).toEqual({
      ...news,
      name: "Edited in UI",
      etag: flow.etag,
      state: "enabled",
      createdAt: new Date(flow.createdAt).toISOString(),
      updatedAt: new Date(flow.updatedAt).toISOString(),
    });
    expect(read.inputs).toEqual({ ...news, name: "Edited in UI" });
    expect(await provider.diff(id, read.props as DataflowOutputs, news)).toMatchObject({ changes: true, replaces: [] });
  });

  it("keeps a flow that answers not-found, marked, so the next up replaces it visibly (deleted or label-hidden: the same 404)", async () => {
    const news = await checked(baseInputs());
    const { id, outs } = await provider.create(news);
    emu.deleteFlowOutOfBand(id);
    const read = await provider.read(id, outs);
    expect(read).toEqual({ id, props: { ...outs, state: "not-found" }, inputs: news });
    // Delete first: a flow hidden by an access label refuses the DELETE (403), so no second flow is made.
    expect(await provider.diff(id, read.props as DataflowOutputs, news)).toEqual({
      changes: true,
      replaces: ["state"],
      deleteBeforeReplace: true,
    });
  });
});

describe("delete", () => {
  it("sends DELETE /flows/{id} in the flow's sandbox and accepts 404", async () => {
    const news = await checked({ ...baseInputs(), sandboxName: "stage" });
    const { id, outs } = await provider.create(news);
    await provider.delete(id, outs);
    await provider.delete(id, outs);
    expect(flowCalls(emu, { withStatus: true, withSandbox: true }).slice(1)).toEqual([
      { method: "DELETE", path: `/flows/${id}`, sandbox: "stage", status: 204 },
      { method: "DELETE", path: `/flows/${id}`, sandbox: "stage", status: 404 },
    ]);
    expect(emu.flows()).toEqual([]);
  });
});

describe("configuration", () => {
  it("makes no call and needs no credentials for check and diff", async () => {
    const bare = new DataflowProvider({});
    await bare.configure({ config: { get: () => undefined, require: () => "" } });
    const { inputs, failures } = await bare.check({}, baseInputs());
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ sandboxName: "prod" });
    await expect(bare.create(inputs as DataflowInputs)).rejects.toThrow(/aep:clientId \/ AEP_CLIENT_ID: is required/);
    expect(emu.journal()).toEqual([]);
  });

  it("falls back to environment variables", async () => {
    const p = new DataflowProvider({
      AEP_ENDPOINT: emu.url,
      AEP_IMS_ENDPOINT: emu.url,
      AEP_CLIENT_ID: SEEDED.clientId,
      AEP_CLIENT_SECRET: SEEDED.clientSecret,
      AEP_ORG_ID: SEEDED.orgId,
      AEP_SANDBOX_NAME: "stage",
    });
    const { inputs } = await p.check({}, baseInputs());
    await p.create(inputs as DataflowInputs);
    expect(flowCalls(emu, { withSandbox: true }).map((c) => `${c.method} ${c.path} ${c.sandbox}`)).toEqual([
      `GET /flowSpecs/${baseInputs().flowSpec.id} stage`,
      "POST /flows stage",
    ]);
  });

  it("refuses plain http to a non-loopback endpoint before any call: in check already, and before a write", async () => {
    const p = await configured({ "aep:endpoint": "http://platform.example.com" }, false);
    const refused = /aep:endpoint \/ AEP_ENDPOINT: "http:\/\/platform.example.com" uses plain http/;
    await expect(p.check({}, baseInputs())).rejects.toThrow(refused);
    await expect(p.create({ ...baseInputs(), draft: true, enabled: true, sandboxName: "dev" } as DataflowInputs)).rejects.toThrow(refused);
    expect(emu.journal()).toEqual([]);
  });
});

describe("adoption (adoptId)", () => {
  async function existing(extra: Record<string, unknown> = {}) {
    const client = (await import("./helpers/emulator")).clientFor(emu, { sandboxName: "dev" });
    const { id } = await client.createFlow(
      {
        ...baseInputs(),
        transformations: MAPPING,
        scheduleParams: { startTime: String(futureStart()), frequency: "minute", interval: "15", backfill: true },
        ...extra,
      },
      { draft: true },
    );
    emu.clearJournal();
    return id;
  }

  it("takes over a matching flow with no write at all, and shows that in check", async () => {
    const id = await existing();
    const news = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, adoptId: id });
    expect(news.adoption).toBe(`adopts flow ${id} (draft) in sandbox dev: no change`);
    const { id: adopted, outs } = await provider.create(news);
    expect(adopted).toBe(id);
    expect(outs).toMatchObject({ etag: emu.flows()[0].etag, state: "draft", adoptId: id });
    // check read the flow; create reuses that read.
    expect(flowCalls(emu)).toEqual([{ method: "GET", path: `/flows/${id}` }]);
    expect(emu.flows()).toHaveLength(1);
    await expectNoDriftAfterRead(id, outs, news);
  });

  it("brings a flow to the declared inputs with one etag-guarded PATCH and the actions", async () => {
    const id = await existing();
    const etag = emu.flows()[0].etag;
    const news = await checked({
      ...baseInputs(),
      transformations: MAPPING,
      name: "Adopted",
      scheduleParams: schedule,
      adoptId: id,
      draft: false,
    });
    expect(news.adoption).toBe(`adopts flow ${id} (draft) in sandbox dev: PATCH replace /name; publish`);
    emu.clearJournal();
    await provider.create(news);
    expect(flowCalls(emu)).toEqual([
      { method: "PATCH", path: `/flows/${id}`, ifMatch: etag, body: [{ op: "replace", path: "/name", value: "Adopted" }] },
      { method: "POST", path: `/flows/${id}/action`, query: { op: "publish" } },
    ]);
    expect(emu.flows()[0]).toMatchObject({ name: "Adopted", state: "enabled" });
  });

  it("adopting a flow already published publishes nothing, and reads nothing more", async () => {
    const id = await existing();
    emu.flowActionOutOfBand(id, "publish");
    const news = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, adoptId: id, draft: false });
    expect(news.adoption).toBe(`adopts flow ${id} (enabled) in sandbox dev: no change`);
    emu.clearJournal();
    const { outs } = await provider.create(news);
    expect(outs).toMatchObject({ state: "enabled", draft: false });
    // check read the flow and create reuses that read.
    expect(flowCalls(emu)).toEqual([]);
  });

  it("reads the flow itself when check did not (another process), and detects a change since check", async () => {
    const id = await existing();
    const news = await checked({ ...baseInputs(), transformations: MAPPING, name: "Adopted", scheduleParams: schedule, adoptId: id });
    const other = await configured();
    emu.clearJournal();
    await other.create(news);
    expect(flowCalls(emu).map((c) => c.method)).toEqual(["GET", "PATCH"]);
    // The first provider read the flow in check; it was changed since, so its PATCH meets a 412.
    const again = await existing();
    const second = await checked({
      ...baseInputs(),
      transformations: MAPPING,
      name: "Adopted again",
      scheduleParams: schedule,
      adoptId: again,
    });
    emu.editFlow(again, [{ op: "replace", path: "/name", value: "Renamed in the UI meanwhile" }]);
    emu.clearJournal();
    await expect(provider.create(second)).rejects.toThrow(/changed outside Pulumi since the last update \(name\)/);
    expect(flowCalls(emu, { withStatus: true }).map((c) => `${c.method} ${c.status}`)).toEqual(["PATCH 412", "GET 200"]);
  });

  it("refuses in check, with no write, a flow that is missing or has other connections", async () => {
    const id = await existing({ sourceConnectionIds: [SOURCE_ID_2] });
    const mismatch = await provider.check({}, { ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, adoptId: id });
    expect(mismatch.failures).toEqual([
      {
        property: "adoptId",
        reason: expect.stringMatching(
          /has sourceConnectionIds \[".+"\], the program declares .* \(connections cannot be changed in place\)/,
        ),
      },
    ]);
    const missing = await provider.check({}, { ...baseInputs(), adoptId: "00000000-0000-4000-8000-000000000000" });
    expect(missing.failures).toEqual([
      {
        property: "adoptId",
        reason: "flow 00000000-0000-4000-8000-000000000000 does not exist in sandbox dev: check adoptId and sandboxName",
      },
    ]);
    expect(flowCalls(emu).every((c) => c.method === "GET")).toBe(true);
  });

  it("reads the flow to adopt only once, when the resource is created", async () => {
    const id = await existing();
    const news = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, adoptId: id });
    const { outs } = await provider.create(news);
    provider.startRun();
    emu.clearJournal();
    const again = await checked({ ...baseInputs(), transformations: MAPPING, scheduleParams: schedule, adoptId: id }, outs as never);
    expect(again.adoption).toBe(news.adoption);
    expect(await provider.diff(id, outs, again)).toMatchObject({ changes: false });
    expect(emu.journal()).toEqual([]);
  });
});
