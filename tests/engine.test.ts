// Engine-protocol tests: the provider serialized exactly as Pulumi serializes it, driven through the
// SDK's real dynamic-provider host over gRPC: configure → check → create → diff → update → read → delete.
import type * as grpc from "@grpc/grpc-js";
import { RunningEmulator } from "../emulator";
import { UNKNOWN } from "../provider/engine/unknown";
import { EngineHost, Props, configuredHost, initFailure, serializeDataflow } from "./helpers/engine";
import { MAPPING, SEEDED, SOURCE_ID_2, baseInputs, emulator, flowCalls } from "./helpers/emulator";
import { futureStart } from "./helpers/dates";

const schedule = { startTime: futureStart(), frequency: "hour", interval: 1, backfill: false };
const args = { ...baseInputs(), transformations: MAPPING, scheduleParams: schedule };

let emu: RunningEmulator;
let host: EngineHost;
let serialized: string;
/** Everything the host returned, searched at the end for credentials. */
const seen: unknown[] = [];

beforeAll(async () => {
  // Credentials are in the program's environment too: none of it may reach the serialized provider.
  const program = serializeDataflow(args, { AEP_CLIENT_SECRET: SEEDED.clientSecret, AEP_ACCESS_TOKEN: "SEEDED-ACCESS-TOKEN" });
  serialized = program.inputs.__provider as string;
  emu = await emulator();
  host = await configuredHost(emu.url, SEEDED);
});

afterAll(async () => {
  await host?.stop();
  await emu?.stop();
});

beforeEach(() => emu.clearJournal());

const withProvider = (props: Props) => ({ ...props, __provider: serialized });

/**
 * The next `pulumi up`: the engine starts a new provider process per run. (What a run learned —
 * which resource took which flow — must not leak into the next one.)
 */
async function nextRun(): Promise<void> {
  await host.stop();
  host = await configuredHost(emu.url, SEEDED);
  await host.check("spec-read", {}, withProvider(args));
  emu.clearJournal();
}

async function createDraft(name = "orders"): Promise<{ id: string; outs: Props; inputs: Props }> {
  const { inputs } = await host.check(name, {}, withProvider(args));
  const { id, outs } = await host.create(name, inputs);
  seen.push(inputs, outs);
  emu.clearJournal();
  await nextRun();
  return { id, outs, inputs };
}

describe("the serialized provider", () => {
  it("is a small shim that loads the package at run time and pins no file path", () => {
    // Stored twice per resource (inputs and outputs): both copies together stay under 4.5 KB (seven
    // methods, each wrapped by Pulumi's serializer in ~200 characters, plus the kind's name).
    expect(2 * serialized.length).toBeLessThan(4608);
    expect(serialized).toContain('require("pulumi-aep-dataflows/runtime").forKind(t)');
    expect(serialized).toContain('t: "Dataflow"');
    expect(serialized).not.toMatch(/node_modules|\/dist\/|\.js"/);
  });

  it("captures no credential", () => {
    expect(serialized).not.toContain(SEEDED.clientSecret);
    expect(serialized).not.toContain("SEEDED-ACCESS-TOKEN");
    expect(serialized).not.toMatch(/clientSecret|accessToken|AEP_CLIENT_SECRET/);
  });
});

describe("through the dynamic-provider host", () => {
  it("check fills defaults and reports failures with paths; it reads a new resource's flow spec once per run, nothing else", async () => {
    const bad = await host.check(
      "orders",
      {},
      withProvider({ ...args, sourceConnectionIds: ["x"], scheduleParams: { ...schedule, frequency: "minute" } }),
    );
    // The flow spec's schedule refuses the interval (a nested property: its path is in the reason); an id not in UUID
    // form is a guess, so only a warning (rules.ts).
    expect(bad.failures).toEqual([{ property: "", reason: "`scheduleParams.interval`: must be >= 15 (flow spec CloudStorageToAEP)" }]);
    const preview = await host.check("orders", {}, withProvider({ ...args, targetConnectionIds: [UNKNOWN] }));
    expect(preview.failures).toEqual([]);
    const ok = await host.check("orders", {}, withProvider(args));
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toEqual({ ...args, draft: true, enabled: true, sandboxName: "dev", __provider: serialized });
    await host.check("returns", {}, withProvider({ ...args, name: "Returns" }));
    // One read of the flow spec for the whole run (the first check's), nothing else.
    expect(flowCalls(emu)).toEqual([{ method: "GET", path: `/flowSpecs/${args.flowSpec.id}` }]);
    emu.clearJournal();
  });

  it("check refuses a sandboxName no request can carry (an empty one would replace the flow in the same sandbox), with no call", async () => {
    for (const [sandboxName, why] of [
      ["", '"" is empty: leave `sandboxName` out to use aep:sandboxName'],
      ["Prod Sandboxé", '"Prod Sandboxé" cannot be sent as the x-sandbox-name header'],
    ]) {
      const bad = await host.check("orders", {}, withProvider({ ...args, sandboxName }));
      expect(bad.failures).toEqual([{ property: "sandboxName", reason: `${why} (1 to 256 visible characters, no spaces; e.g. "prod")` }]);
    }
    expect(flowCalls(emu)).toEqual([]);
  });

  it("create, then read and diff report no change", async () => {
    const { inputs } = await host.check("orders", {}, withProvider(args));
    const { id, outs } = await host.create("orders", inputs);
    seen.push(outs);
    expect(flowCalls(emu)).toEqual([
      {
        method: "POST",
        path: "/flows",
        query: { mode: "draft" },
        body: {
          ...baseInputs(),
          transformations: MAPPING,
          scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: false },
        },
      },
    ]);
    expect(outs).toEqual({ ...inputs, etag: emu.flows()[0].etag, state: "draft" });
    await nextRun();
    const read = await host.read("orders", id, outs);
    seen.push(read);
    expect(read.id).toBe(id);
    expect(await host.diff("orders", id, read.outs, inputs)).toEqual({ changes: "none", replaces: [] });
    expect(flowCalls(emu).map((c) => c.method)).toEqual(["GET"]);
  });

  it("an edit is one PATCH with If-Match; publishing is one action", async () => {
    const { id, outs } = await createDraft();
    const edited = await host.check("orders", outs, withProvider({ ...args, name: "Orders v2" }));
    expect(await host.diff("orders", id, outs, edited.inputs)).toEqual({ changes: "some", replaces: [] });
    const afterEdit = await host.update("orders", id, outs, edited.inputs);
    const published = await host.check("orders", afterEdit, withProvider({ ...args, name: "Orders v2", draft: false }));
    const afterPublish = await host.update("orders", id, afterEdit, published.inputs);
    seen.push(afterEdit, afterPublish);
    expect(flowCalls(emu)).toEqual([
      { method: "PATCH", path: `/flows/${id}`, ifMatch: outs.etag, body: [{ op: "replace", path: "/name", value: "Orders v2" }] },
      { method: "POST", path: `/flows/${id}/action`, query: { op: "publish" } },
    ]);
    expect(afterPublish).toMatchObject({
      state: "enabled",
      draft: false,
      etag: emu.flows().find((f) => f.id === id)!.etag,
      __provider: serialized,
    });
    const back = await host.check("orders", afterPublish, withProvider({ ...args, name: "Orders v2", draft: true }));
    expect(back.failures).toEqual([{ property: "draft", reason: expect.stringContaining("cannot return to draft") }]);
  });

  it("a connection change is a replace", async () => {
    const { id, outs } = await createDraft();
    const news = await host.check("orders", outs, withProvider({ ...args, sourceConnectionIds: [SOURCE_ID_2] }));
    expect(await host.diff("orders", id, outs, news.inputs)).toEqual({ changes: "some", replaces: ["sourceConnectionIds"] });
    expect(emu.journal()).toEqual([]);
  });

  it("a 412 from an edit made outside Pulumi fails the update and keeps that edit", async () => {
    const { id, outs } = await createDraft();
    emu.editFlow(id, [{ op: "replace", path: "/name", value: "Renamed in the UI" }]);
    const news = await host.check("orders", outs, withProvider({ ...args, description: "from Pulumi" }));
    const err = (await host.update("orders", id, outs, news.inputs).catch((e) => e)) as grpc.ServiceError;
    expect(err.details).toMatch(/changed outside Pulumi since the last update \(name\).*pulumi refresh/);
    expect(emu.flows().find((f) => f.id === id)).toMatchObject({ name: "Renamed in the UI" });
    expect(emu.flows().find((f) => f.id === id)!.description).toBeUndefined();
    expect(flowCalls(emu).map((c) => c.method)).toEqual(["PATCH", "GET"]);
  });

  it("a created flow whose follow-up step failed stays in state (partial failure)", async () => {
    const { inputs } = await host.check("disabled", {}, withProvider({ ...args, draft: false, enabled: false }));
    emu.addFault({ method: "POST", op: "disable", status: 500, times: 2 });
    const err = (await host.create("disabled", inputs).catch((e) => e)) as grpc.ServiceError;
    const detail = initFailure(err);
    const flow = emu.flows().find((f) => f.id === detail?.id);
    expect(flow).toMatchObject({ state: "enabled" });
    expect(detail!.properties).toMatchObject({ state: "enabled", etag: flow!.etag, __provider: serialized });
    expect(detail!.reasons[0]).toMatch(/create succeeded, but disable failed/);
  });

  it("refresh of a flow that answers not-found keeps it marked for a visible replace; delete sends DELETE", async () => {
    const gone = await createDraft("gone");
    const kept = await createDraft("kept");
    emu.deleteFlowOutOfBand(gone.id);
    const read = await host.read("gone", gone.id, gone.outs);
    expect(read).toMatchObject({ id: gone.id, outs: { state: "not-found", __provider: serialized } });
    const notice = /was not found \(404 FLOW-1439-404\): deleted outside Pulumi, or hidden by an access label/;
    expect(await host.stderrMatching(notice)).toMatch(notice);
    await host.delete("kept", kept.id, kept.outs);
    expect(flowCalls(emu, { withStatus: true, withSandbox: true })).toEqual([
      { method: "GET", path: `/flows/${gone.id}`, sandbox: "dev", status: 404 },
      { method: "DELETE", path: `/flows/${kept.id}`, sandbox: "dev", status: 204 },
    ]);
  });

  it("no credential appears in any resource output", () => {
    const text = JSON.stringify(seen);
    expect(text.length).toBeGreaterThan(1000);
    expect(text).not.toContain(SEEDED.clientSecret);
    expect(text).not.toMatch(/emu-[A-Za-z0-9_-]{20,}/);
    expect(host.stderr).not.toContain(SEEDED.clientSecret);
  });
});
