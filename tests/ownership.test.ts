// A flow is held by one resource only, and outputs come from what the service says: lost create
// answers, renames of adopted resources, re-reads after a 412, flows gone outside Pulumi. Through
// Pulumi's own dynamic-provider host, one host process per simulated `pulumi up` (as the engine
// starts one per run).
import type * as grpc from "@grpc/grpc-js";
import { RunningEmulator } from "../emulator";
import { EngineHost, Props, configuredHost, serializeDataflow } from "./helpers/engine";
import { SEEDED, SOURCE_ID_2, baseInputs, clientFor, emulator, flowCalls, publishable, publishableRequest } from "./helpers/emulator";

let emu: RunningEmulator;
let serialized: string;
const hosts: EngineHost[] = [];

/**
 * A fresh provider process, as each `pulumi up` starts one. Its first check reads the flow spec
 * (once per run; asserted in engine.test.ts); that read is done here and left out of the journal,
 * so the calls each test asserts are those of the operation under test.
 */
async function run(): Promise<EngineHost> {
  const host = await configuredHost(emu.url, SEEDED);
  hosts.push(host);
  await host.check("spec-read", {}, args());
  emu.clearJournal();
  return host;
}

/** Inputs the cloud storage spec takes published or as a draft (a schedule and a mapping). */
const args = (extra: Props = {}): Props => ({ ...publishable(), ...extra, __provider: serialized });

async function create(host: EngineHost, name: string, extra: Props = {}): Promise<{ id: string; outs: Props; inputs: Props }> {
  const { inputs, failures } = await host.check(name, {}, args(extra));
  expect(failures).toEqual([]);
  const { id, outs } = await host.create(name, inputs);
  return { id, outs, inputs };
}

beforeAll(async () => {
  serialized = serializeDataflow(baseInputs()).inputs.__provider as string;
});

beforeEach(async () => {
  emu = await emulator();
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  await emu.stop();
});

const calls = () =>
  flowCalls(emu).map((c) => `${c.method} ${c.path.replace(/[0-9a-f-]{36}/, "{id}")}${c.query?.op ? `?op=${c.query.op}` : ""}`);

describe("a lost create answer never takes another resource's flow", () => {
  it.each([
    ["the same clock", 0],
    ["a service clock 10 minutes behind", -600_000],
    ["a service clock 10 minutes ahead", 600_000],
  ])("with %s: a reset before processing creates the copy's own flow", async (_what, offset) => {
    emu.setClockOffset(offset);
    const first = await run();
    const orders = await create(first, "orders");
    const second = await run();
    // The engine diffs `orders` in the same run, but the copy may be created first: no diff here.
    emu.clearJournal();
    emu.addFault({ method: "POST", path: "^/flows$", reset: true });
    const copy = await create(second, "orders-copy");
    expect(copy.id).not.toBe(orders.id);
    expect(
      emu
        .flows()
        .map((f) => f.id)
        .sort(),
    ).toEqual([orders.id, copy.id].sort());
    // The search, four clock probes (the older flow matches, so creation times are judged), the create again.
    expect(calls()).toEqual(["POST /flows", "GET /flows", ...Array(4).fill("GET /flows"), "POST /flows"]);
    expect(flowCalls(emu)[1].query).toEqual({
      property: [`flowSpec.id==${baseInputs().flowSpec.id}`, `sourceConnectionIds[]==${baseInputs().sourceConnectionIds[0]}`],
    });
    expect(flowCalls(emu)[2].query).toEqual({ property: "id==00000000-0000-0000-0000-000000000000", count: "true" });
  });

  // Lists without `orderby` come newest first (the destinations spec) or in creation order: the search depends on neither.
  it.each([
    ["the same clock", 0, "newest-first"],
    ["the same clock", 0, "oldest-first"],
    ["a service clock 10 minutes behind", -600_000, "newest-first"],
    ["a service clock 10 minutes ahead", 600_000, "oldest-first"],
  ] as const)(
    "with %s (%i ms), lists %s: a response dropped after commit adopts the flow the create made, not the older one",
    async (_what, offset, listOrder) => {
      emu.setClockOffset(offset);
      emu.setBehaviour({ listOrder });
      const orders = await create(await run(), "orders");
      const second = await run();
      emu.clearJournal();
      emu.addFault({ method: "POST", path: "^/flows$", dropResponse: true });
      const copy = await create(second, "orders-copy");
      expect(copy.id).not.toBe(orders.id);
      expect(emu.flows()).toHaveLength(2);
      expect(calls()).toEqual(["POST /flows", "GET /flows", ...Array(4).fill("GET /flows")]);
      expect(copy.outs).toMatchObject({ etag: emu.flows().find((f) => f.id === copy.id)!.etag, state: "draft" });
    },
  );

  it("a flow another resource of the run holds is not adopted, even when just created", async () => {
    const host = await run();
    const orders = await create(host, "orders");
    emu.clearJournal();
    emu.addFault({ method: "POST", path: "^/flows$", reset: true });
    const copy = await create(host, "orders-copy");
    expect(copy.id).not.toBe(orders.id);
    expect(calls()).toEqual(["POST /flows", "GET /flows", "POST /flows"]);
  });

  it("when two fresh flows match and neither is held, it stops and lists both: nothing is adopted or sent again", async () => {
    const host = await run();
    const client = clientFor(emu, { sandboxName: "dev" });
    // The create lands but its answer is lost, and meanwhile someone makes an identical flow.
    emu.addFault({ method: "POST", path: "^/flows$", dropResponse: true, delayMs: 200 });
    const { inputs } = await host.check("orders", {}, args());
    const attempt = host.create("orders", inputs).catch((e: grpc.ServiceError) => e);
    await new Promise((r) => setTimeout(r, 100));
    emu.clearFaults();
    await client.createFlow(publishableRequest(), { draft: true });
    const err = (await attempt) as grpc.ServiceError;
    const ids = emu.flows().map((f) => f.id);
    expect(ids).toHaveLength(2);
    expect(err.details).toMatch(/cannot be told which flow it made/);
    for (const id of ids) expect(err.details).toContain(id);
    expect(err.details).toMatch(/Nothing was added to the stack/);
  });
});

describe("a lost create answer in the presence of other stacks and failures", () => {
  it("a 5xx create answer bounds the search: an identical flow made after that answer (another stack's) is not taken", async () => {
    const host = await run();
    const client = clientFor(emu, { sandboxName: "dev" });
    emu.addFault({ method: "POST", path: "^/flows$", status: 503 });
    const { inputs } = await host.check("orders", {}, args());
    emu.clearJournal();
    const attempt = host.create("orders", inputs);
    // Another stack creates the same flow while this one waits to settle (1 s); its Date header must be a later second.
    await new Promise((r) => setTimeout(r, 1100));
    const other = await client.createFlow(publishableRequest(), { draft: true });
    const mine = await attempt;
    expect(mine.id).not.toBe(other.id);
    expect(emu.flows()).toHaveLength(2);
    expect(calls().filter((c) => c.startsWith("POST"))).toEqual(["POST /flows", "POST /flows", "POST /flows"]);
  });

  it("when the search for a lost create fails, the run stops and says the flow may exist and what to run", async () => {
    const host = await run();
    emu.addFault({ method: "POST", path: "^/flows$", dropResponse: true });
    emu.addFault({ method: "GET", path: "^/flows$", status: 400, times: 5 });
    const { inputs } = await host.check("orders", {}, args());
    const err = (await host.create("orders", inputs).catch((e) => e)) as grpc.ServiceError;
    expect(err.details).toMatch(
      /the create's answer was lost .*looking for the flow it may have made failed .*HTTP 400.*the flow may exist: run `npx pulumi-aep-dataflows recover`/s,
    );
    expect(emu.flows()).toHaveLength(1);
  });

  it("a provider whose engine is gone (a killed pulumi up) sends no write", async () => {
    const host = await run();
    const { inputs } = await host.check("orders", {}, args());
    await host.killEngine();
    emu.clearJournal();
    const err = (await host.create("orders", inputs).catch((e) => e)) as grpc.ServiceError;
    expect(err.details).toMatch(/The Pulumi command that started this provider has exited .*nothing more is sent/);
    expect(emu.journal().filter((e) => e.service === "flowservice")).toEqual([]);
    expect(emu.flows()).toEqual([]);
  });
});

describe("renaming an adopted resource never deletes the live flow", () => {
  it("the new name adopts the flow, the old name's delete leaves it and says why", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const ui = await client.createFlow(publishableRequest(), { draft: true });
    const before = await run();
    const orders = await create(before, "orders", { adoptId: ui.id });
    expect(orders.id).toBe(ui.id);
    // The rename run: `orders-eu` is new (check, create), `orders` is gone from the program (delete).
    const rename = await run();
    emu.clearJournal();
    const eu = await create(rename, "orders-eu", { adoptId: ui.id });
    await rename.delete("orders", orders.id, orders.outs);
    expect(eu.id).toBe(ui.id);
    expect(calls()).toEqual(["GET /flows/{id}"]);
    expect(emu.flows().map((f) => f.id)).toEqual([ui.id]);
    const notice = /removed from the stack but NOT deleted, because another resource of this stack adopted it in this run.*aliases/;
    expect(await rename.stderrMatching(notice)).toMatch(notice);
  });

  it("an adopting resource declared before the holder: the holder's diff stops the run, and removing the adopter keeps the flow", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const ui = await client.createFlow(publishableRequest(), { draft: true });
    const holder = await create(await run(), "holder", { adoptId: ui.id });
    const next = await run();
    const adopter = await create(next, "adopter", { adoptId: ui.id });
    expect(adopter.id).toBe(ui.id);
    const err = (await next.diff("holder", holder.id, holder.outs, holder.inputs).catch((e) => e)) as grpc.ServiceError;
    expect(err.details).toMatch(
      /is held by this resource, and another resource of this run has just adopted it .*remove that other resource/,
    );
    // The fix it names: the adopter removed from the program is deleted without touching the flow.
    const fix = await run();
    expect(await fix.diff("holder", holder.id, holder.outs, holder.inputs)).toMatchObject({ changes: "none" });
    emu.clearJournal();
    await fix.delete("adopter", adopter.id, adopter.outs);
    expect(calls()).toEqual([]);
    expect(emu.flows().map((f) => f.id)).toEqual([ui.id]);
  });

  it("two new resources adopting one flow at the same time: one gets it, the other is refused", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const ui = await client.createFlow(publishableRequest(), { draft: true });
    const host = await run();
    const a = await host.check("a", {}, args({ adoptId: ui.id }));
    const b = await host.check("b", {}, args({ adoptId: ui.id }));
    const results = await Promise.allSettled([host.create("a", a.inputs), host.create("b", b.inputs)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as grpc.ServiceError).details).toMatch(/cannot be adopted: another resource of this stack holds flow/);
  });

  it("a flow held by an existing resource is not adopted by a second one", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const ui = await client.createFlow(publishableRequest(), { draft: true });
    const orders = await create(await run(), "orders", { adoptId: ui.id });
    const next = await run();
    expect(await next.diff("orders", orders.id, orders.outs, orders.inputs)).toMatchObject({ changes: "none" });
    const { inputs } = await next.check("orders-2", {}, args({ adoptId: ui.id }));
    const err = (await next.create("orders-2", inputs).catch((e) => e)) as grpc.ServiceError;
    expect(err.details).toMatch(/cannot be adopted: another resource of this stack holds flow .*`aliases/);
    expect(emu.flows()).toHaveLength(1);
  });

  it("replacing an adopted resource creates a new flow and deletes the old one", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const ui = await client.createFlow(publishableRequest(), { draft: true });
    const orders = await create(await run(), "orders", { adoptId: ui.id });
    const next = await run();
    const { inputs } = await next.check("orders", orders.inputs, args({ adoptId: ui.id, sourceConnectionIds: [SOURCE_ID_2] }));
    expect(await next.diff("orders", orders.id, orders.outs, inputs)).toMatchObject({ replaces: ["sourceConnectionIds"] });
    emu.clearJournal();
    const replacement = await next.create("orders", inputs);
    await next.delete("orders", orders.id, orders.outs);
    expect(replacement.id).not.toBe(ui.id);
    expect(calls()).toEqual(["POST /flows", "DELETE /flows/{id}"]);
    expect(emu.flows().map((f) => f.id)).toEqual([replacement.id]);
  });

  it("destroy deletes every flow, adopted or not", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const ui = await client.createFlow(publishableRequest(), { draft: true });
    const host = await run();
    const adopted = await create(host, "adopted", { adoptId: ui.id });
    const made = await create(host, "made", { name: "Another" });
    const destroy = await run();
    await destroy.read("adopted", adopted.id, adopted.outs);
    await destroy.delete("adopted", adopted.id, adopted.outs);
    await destroy.delete("made", made.id, made.outs);
    expect(emu.flows()).toEqual([]);
  });
});

describe("after a re-read, the outputs are what the service holds", () => {
  it("a flow disabled in the UI, then renamed by the program: the rename lands, the state records disabled", async () => {
    const first = await run();
    const orders = await create(first, "orders", { draft: false });
    emu.flowActionOutOfBand(orders.id, "disable");
    const next = await run();
    const { inputs } = await next.check("orders", orders.inputs, args({ draft: false, name: "Orders EU" }));
    emu.clearJournal();
    const outs = await next.update("orders", orders.id, orders.outs, inputs);
    expect(calls()).toEqual(["PATCH /flows/{id}", "GET /flows/{id}", "PATCH /flows/{id}"]);
    const flow = emu.flows()[0];
    expect(flow).toMatchObject({ name: "Orders EU", state: "disabled" });
    expect(outs).toMatchObject({ name: "Orders EU", state: "disabled", enabled: false, draft: false, etag: flow.etag });
    // The program still says enabled: the next preview shows it, for a person to decide.
    expect(await next.diff("orders", orders.id, outs, inputs)).toMatchObject({ changes: "some", replaces: [] });
  });

  it("a disable the program asks for, already done in the UI, is not sent again", async () => {
    const orders = await create(await run(), "orders", { draft: false });
    emu.flowActionOutOfBand(orders.id, "disable");
    const next = await run();
    const { inputs } = await next.check("orders", orders.inputs, args({ draft: false, name: "Orders EU", enabled: false }));
    emu.clearJournal();
    const outs = await next.update("orders", orders.id, orders.outs, inputs);
    expect(calls()).toEqual(["PATCH /flows/{id}", "GET /flows/{id}", "PATCH /flows/{id}"]);
    expect(outs).toMatchObject({ state: "disabled", enabled: false, etag: emu.flows()[0].etag });
  });

  it("a disable the program asks for, already done in the UI (no re-read before), is absorbed, not an error", async () => {
    const orders = await create(await run(), "orders", { draft: false });
    emu.flowActionOutOfBand(orders.id, "disable");
    const next = await run();
    const { inputs } = await next.check("orders", orders.inputs, args({ draft: false, enabled: false }));
    emu.clearJournal();
    const outs = await next.update("orders", orders.id, orders.outs, inputs);
    expect(calls()).toEqual(["POST /flows/{id}/action?op=disable", "GET /flows/{id}"]);
    expect(outs).toMatchObject({ state: "disabled", enabled: false, etag: emu.flows()[0].etag });
  });

  it("a publish the program asks for, already done in the UI, is not sent again", async () => {
    const orders = await create(await run(), "orders");
    emu.flowActionOutOfBand(orders.id, "publish");
    const next = await run();
    const { inputs } = await next.check("orders", orders.inputs, args({ name: "Orders EU", draft: false }));
    emu.clearJournal();
    const outs = await next.update("orders", orders.id, orders.outs, inputs);
    expect(calls()).toEqual(["PATCH /flows/{id}", "GET /flows/{id}", "PATCH /flows/{id}"]);
    expect(outs).toMatchObject({ state: "enabled", draft: false, etag: emu.flows()[0].etag });
  });
});

describe("a flow gone outside Pulumi is named as such, never as a raw 404", () => {
  it.each([
    ["an edit (PATCH)", { name: "Orders EU" }, "the PATCH"],
    ["a publish", { draft: false }, "publish"],
  ])("%s", async (_what, change, during) => {
    const orders = await create(await run(), "orders");
    emu.deleteFlowOutOfBand(orders.id);
    const next = await run();
    const { inputs } = await next.check("orders", orders.inputs, args(change));
    const err = (await next.update("orders", orders.id, orders.outs, inputs).catch((e) => e)) as grpc.ServiceError;
    expect(err.details).toBe(
      `Dataflow "${inputs.name}" (flow ${orders.id}, sandbox dev) was not found during ${during}: it was deleted outside Pulumi, or it carries ` +
        "an access label that the role of these credentials lacks (Adobe answers both with the same 404 FLOW-1439-404). Nothing " +
        "was changed. If it was deleted, run `pulumi refresh` (it marks it not-found), then `pulumi up` to create it again; if " +
        "it is labelled, use credentials whose role has the label.",
    );
  });

  it("adoption of a missing flow is refused by check, naming adoptId", async () => {
    const host = await run();
    const missing = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";
    const { failures } = await host.check("orders", {}, args({ adoptId: missing }));
    expect(failures).toEqual([
      { property: "adoptId", reason: `flow ${missing} does not exist in sandbox dev: check adoptId and sandboxName` },
    ]);
  });
});
