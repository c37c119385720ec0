// Failure paths through Pulumi's own dynamic-provider host, for every combination of absent
// optional inputs: every answer must be encodable (the host hangs on one it cannot encode), arrive
// promptly with the service's reason, and record exactly what landed.
import type * as grpc from "@grpc/grpc-js";
import { RunningEmulator } from "../emulator";
import { EngineHost, Props, configuredHost, initFailure, serializeDataflow } from "./helpers/engine";
import { MAPPING, SCHEDULE, SEEDED, STREAMING_SOURCE_ID, baseInputs, clientFor, emulator, flowCalls } from "./helpers/emulator";

let emu: RunningEmulator;
let host: EngineHost;
let serialized: string;

const OPTIONAL = {
  description: "Hourly orders",
  transformations: MAPPING,
  scheduleParams: SCHEDULE,
  options: { partialIngestionEnabled: true, partialIngestionPercent: 5 },
};
type OptionalKey = keyof typeof OPTIONAL;
/** Every subset of `keys`: from none of them to all. */
const subsets = (keys: OptionalKey[]): OptionalKey[][] =>
  Array.from({ length: 1 << keys.length }, (_, bits) => keys.filter((_k, i) => bits & (1 << i)));
/** Optional for a draft: all four. A published cloud storage flow needs a schedule and a mapping (spec), so only these stay optional. */
const DRAFT_COMBINATIONS = subsets(["description", "transformations", "scheduleParams", "options"]);
const PUBLISHED_COMBINATIONS = subsets(["description", "options"]);
/** What the cloud storage flow spec requires of a published flow. */
const REQUIRED_TO_PUBLISH = { transformations: MAPPING, scheduleParams: SCHEDULE };
/** A streaming flow spec with no schedule and no transformations: a published flow with none of the optional inputs. */
const STREAMING = { id: "d8a6f005-7eaf-4153-983e-e8574508b877", version: "1.0" };
const argsWith = (keys: OptionalKey[], extra: Props = {}): Props => ({
  ...baseInputs(),
  ...Object.fromEntries(keys.map((k) => [k, OPTIONAL[k]])),
  ...extra,
  __provider: serialized,
});

/** The service's refusal of an action, in its own error shape. */
/** A refusal that is not about the flow's state (so it is not read again and retried): 1100, "Invalid request". */
const REFUSED = {
  type: "https://ns.adobe.com/aep/errors/FLOW-1100-400",
  title: "Invalid request",
  status: 400,
  report: { "detailed-message": "The request could not be processed. Error from flow provider: refused by the test" },
  errorMessage: "The request could not be processed. Error from flow provider: refused by the test",
};

beforeAll(async () => {
  serialized = serializeDataflow(baseInputs()).inputs.__provider as string;
  emu = await emulator();
  host = await configuredHost(emu.url, SEEDED);
});

afterAll(async () => {
  await host?.stop();
  await emu?.stop();
});

beforeEach(() => {
  emu.clearFaults();
  emu.clearJournal();
});

/** The host's answer, or a clear failure instead of a test that waits forever. */
async function answerOf<T>(call: Promise<T>): Promise<{ ok: T } | { err: grpc.ServiceError }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the provider host did not answer within 10 s (an answer it could not encode?)")), 10_000);
  });
  try {
    return await Promise.race([call.then((ok) => ({ ok })), hang]);
  } catch (err) {
    if ((err as Error).message.startsWith("the provider host did not answer")) throw err;
    return { err: err as grpc.ServiceError };
  } finally {
    clearTimeout(timer);
  }
}

async function created(name: string, args: Props): Promise<{ id: string; outs: Props }> {
  const { inputs, failures } = await host.check(name, {}, args);
  expect(failures).toEqual([]);
  const res = await host.create(name, inputs);
  emu.clearJournal();
  return res;
}

const stored = (id: string) => emu.flows().find((f) => f.id === id)!;
const label = (keys: OptionalKey[]) => (keys.length ? keys.join("+") : "none");

describe.each(DRAFT_COMBINATIONS.map((keys) => [label(keys), keys] as const))("a draft with optional inputs: %s", (_label, keys) => {
  it("PATCH lands, publish is refused: a prompt partial failure records the new name, the new etag, still a draft", async () => {
    const { id, outs } = await created("p", argsWith(keys));
    const { inputs } = await host.check("p", outs, argsWith(keys, { ...REQUIRED_TO_PUBLISH, name: "Renamed", draft: false }));
    emu.addFault({ method: "POST", op: "publish", status: 400, body: REFUSED });
    const answer = await answerOf(host.update("p", id, outs, inputs));
    expect("err" in answer).toBe(true);
    const detail = initFailure((answer as { err: grpc.ServiceError }).err)!;
    expect(detail.id).toBe(id);
    expect(detail.properties).toEqual({ ...outs, ...REQUIRED_TO_PUBLISH, name: "Renamed", etag: stored(id).etag });
    expect(detail.properties).toMatchObject({ state: "draft", draft: true });
    expect(detail.reasons[0]).toMatch(
      /PATCH succeeded, but publish failed: .*HTTP 400 FLOW-1100-400: The request could not be processed. Error from flow provider: refused by the test/,
    );
    // The refused publish reads the flow's connections to say whether one is a draft (none is).
    expect(flowCalls(emu).map((c) => `${c.method} ${c.path.split("/")[1]} ${c.query?.op ?? ""}`)).toEqual([
      "PATCH flows ",
      "POST flows publish",
      "GET sourceConnections ",
      "GET targetConnections ",
    ]);
    // What the state recorded is enough for the next run to finish with the one missing call.
    emu.clearJournal();
    const again = await host.check("p", detail.properties, argsWith(keys, { ...REQUIRED_TO_PUBLISH, name: "Renamed", draft: false }));
    const finished = await host.update("p", id, detail.properties, again.inputs);
    expect(flowCalls(emu)).toEqual([{ method: "POST", path: `/flows/${id}/action`, query: { op: "publish" } }]);
    expect(finished).toMatchObject({ name: "Renamed", state: "enabled", draft: false, etag: stored(id).etag });
  });

  it("adoption lands its PATCH, the publish is refused: the adopted flow is kept with what landed", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const existing = await client.createFlow(
      { ...baseInputs(), name: "Made in the UI", ...(keys.includes("transformations") ? { transformations: MAPPING } : {}) },
      { draft: true },
    );
    const before = stored(existing.id);
    const { inputs, failures } = await host.check("a", {}, argsWith(keys, { ...REQUIRED_TO_PUBLISH, adoptId: existing.id, draft: false }));
    expect(failures).toEqual([]);
    emu.clearJournal();
    emu.addFault({ method: "POST", op: "publish", status: 400, body: REFUSED });
    const answer = await answerOf(host.create("a", inputs));
    const detail = initFailure((answer as { err: grpc.ServiceError }).err)!;
    expect(detail.id).toBe(existing.id);
    expect(detail.properties).toEqual({
      ...inputs,
      draft: true,
      state: "draft",
      etag: stored(existing.id).etag,
      createdAt: new Date(before.createdAt).toISOString(),
      updatedAt: new Date(before.updatedAt).toISOString(),
    });
    expect(stored(existing.id)).toMatchObject({ name: inputs.name, state: "draft" });
  });
});

describe.each([
  ...PUBLISHED_COMBINATIONS.map((keys) => [label(keys), keys, REQUIRED_TO_PUBLISH] as const),
  // A streaming spec needs no schedule and no transformations: a published flow with none at all.
  ["none (streaming flow spec)", [] as OptionalKey[], { flowSpec: STREAMING, sourceConnectionIds: [STREAMING_SOURCE_ID] }] as const,
])("a published flow with optional inputs: %s", (_label, keys, base) => {
  it("the create lands, the disable is refused: the flow is kept, enabled, with its etag", async () => {
    const { inputs, failures } = await host.check("d", {}, argsWith(keys, { ...base, draft: false, enabled: false }));
    expect(failures).toEqual([]);
    emu.addFault({ method: "POST", op: "disable", status: 400, body: REFUSED });
    const answer = await answerOf(host.create("d", inputs));
    const detail = initFailure((answer as { err: grpc.ServiceError }).err)!;
    expect(detail.properties).toEqual({ ...inputs, enabled: true, etag: stored(detail.id).etag, state: "enabled" });
    expect(detail.reasons[0]).toMatch(/create succeeded, but disable failed: .*refused by the test/);
  });

  it("the PATCH lands, the disable is refused: enabled, new name, new etag", async () => {
    const { id, outs } = await created("u", argsWith(keys, { ...base, draft: false }));
    const { inputs } = await host.check("u", outs, argsWith(keys, { ...base, draft: false, name: "Renamed", enabled: false }));
    emu.addFault({ method: "POST", op: "disable", status: 400, body: REFUSED });
    const answer = await answerOf(host.update("u", id, outs, inputs));
    const detail = initFailure((answer as { err: grpc.ServiceError }).err)!;
    expect(detail.properties).toEqual({ ...outs, name: "Renamed", etag: stored(id).etag, state: "enabled", enabled: true });
  });
});
