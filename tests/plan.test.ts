import fc from "fast-check";
import { CI_SEED } from "./helpers/property-seed";
import { sameToApi } from "../provider/kinds/normal-form";
import { applyPatch, deepClone } from "fast-json-patch";
import { DATAFLOW, fromApiSchedule, patchableDocument, toApiSchedule } from "../provider/kinds/dataflow";
import { diffEntity, planPatch as planEntityPatch, planUpdate as planEntityUpdate } from "../provider/lifecycle/flow-service/plan";
import { planActions as planEntityActions } from "../provider/lifecycle/flow-service/state-machine";
import { DataflowInputs, DataflowOutputs } from "../provider/kinds/dataflow/types";
import { UNKNOWN } from "../provider/engine/unknown";
import { FLOW_SPEC, SOURCE_ID, SOURCE_ID_2, TARGET_ID } from "./helpers/emulator";

// The Dataflow kind's planning, as the provider calls it.
const diffDataflow = (olds: Partial<DataflowOutputs>, news: Partial<DataflowInputs>) => diffEntity(DATAFLOW, olds, news);
const planPatch = (olds: Partial<DataflowInputs>, news: Partial<DataflowInputs>) => planEntityPatch(DATAFLOW.patch, olds, news);
const planUpdate = (olds: DataflowOutputs, news: DataflowInputs) => planEntityUpdate(DATAFLOW, olds, news);
const planActions = (olds: Partial<DataflowOutputs>, news: Pick<DataflowInputs, "draft" | "enabled">) =>
  planEntityActions(olds, news, true);

const inputs = (over: Partial<DataflowInputs> = {}): DataflowInputs => ({
  name: "Orders",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
  draft: true,
  enabled: true,
  sandboxName: "prod",
  ...over,
});

const outputs = (over: Partial<DataflowOutputs> = {}): DataflowOutputs => ({
  ...inputs(),
  etag: '"e1"',
  state: "draft",
  ...over,
});

const mapping = (id: string, version = 0) => ({ name: "Mapping", params: { mappingId: id, mappingVersion: version } });
const schedule = { startTime: 1_900_000_000, frequency: "minute" as const, interval: 15, backfill: true };

describe("diffDataflow", () => {
  it("reports no change when only server-side fields differ", () => {
    const olds = outputs({ etag: '"other"', state: "draft", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "x" });
    expect(diffDataflow(olds, inputs())).toEqual({ changes: false, replaces: [], changed: [] });
  });

  it("ignores engine keys such as __provider", () => {
    const olds = { ...outputs(), __provider: "old" } as DataflowOutputs;
    const news = { ...inputs(), __provider: "new" } as DataflowInputs;
    expect(diffDataflow(olds, news).changes).toBe(false);
  });

  it.each([
    ["name", { name: "Renamed" }],
    ["description", { description: "now described" }],
    ["transformations", { transformations: [mapping("m1")] }],
    ["scheduleParams", { scheduleParams: schedule }],
    ["draft", { draft: false }],
  ])("an update, not a replace, when %s changes", (prop, change) => {
    expect(diffDataflow(outputs(), inputs(change as Partial<DataflowInputs>))).toEqual({ changes: true, replaces: [], changed: [prop] });
  });

  it.each([
    ["flowSpec", { flowSpec: { id: FLOW_SPEC.id, version: "2.0" } }],
    ["sourceConnectionIds", { sourceConnectionIds: [SOURCE_ID_2] }],
    ["targetConnectionIds", { targetConnectionIds: [SOURCE_ID_2] }],
    ["sandboxName", { sandboxName: "dev" }],
  ])("a replace when %s changes", (prop, change) => {
    expect(diffDataflow(outputs(), inputs(change as Partial<DataflowInputs>))).toEqual({
      changes: true,
      replaces: [prop],
      changed: [prop],
    });
  });

  it("compares schedules by value, whatever their key order", () => {
    const olds = outputs({ scheduleParams: { backfill: true, interval: 15, frequency: "minute", startTime: 1_900_000_000 } });
    expect(diffDataflow(olds, inputs({ scheduleParams: schedule })).changes).toBe(false);
  });

  it("treats an empty description as no description", () => {
    expect(diffDataflow(outputs(), inputs({ description: "" })).changes).toBe(false);
  });

  it("treats enabled on a draft as an intent that changes state only when it really changes", () => {
    expect(diffDataflow(outputs({ enabled: undefined as unknown as boolean }), inputs({ enabled: true })).changes).toBe(false);
    expect(diffDataflow(outputs(), inputs({ enabled: false })).changed).toEqual(["enabled"]);
  });

  it("counts unknown preview values as changes, and as replaces for replace properties", () => {
    const news = inputs({ name: UNKNOWN, sourceConnectionIds: [UNKNOWN] });
    expect(diffDataflow(outputs(), news)).toEqual({
      changes: true,
      replaces: ["sourceConnectionIds"],
      changed: ["name", "sourceConnectionIds"],
    });
  });
});

describe("planPatch", () => {
  it("is empty when nothing patchable changed", () => {
    expect(planPatch(outputs(), inputs({ draft: false, enabled: false }))).toEqual([]);
  });

  it("replaces a changed name with one operation", () => {
    expect(planPatch(outputs(), inputs({ name: "Renamed" }))).toEqual([{ op: "replace", path: "/name", value: "Renamed" }]);
  });

  it("adds and removes the description", () => {
    expect(planPatch(outputs(), inputs({ description: "d" }))).toEqual([{ op: "add", path: "/description", value: "d" }]);
    expect(planPatch(outputs({ description: "d" }), inputs())).toEqual([{ op: "remove", path: "/description" }]);
  });

  it("patches one schedule key in the API's string form", () => {
    const olds = outputs({ scheduleParams: schedule });
    expect(planPatch(olds, inputs({ scheduleParams: { ...schedule, interval: 30 } }))).toEqual([
      { op: "replace", path: "/scheduleParams/interval", value: "30" },
    ]);
  });

  it("adds a whole schedule and whole transformations to a draft that had none", () => {
    expect(planPatch(outputs(), inputs({ scheduleParams: schedule, transformations: [mapping("m1")] }))).toEqual([
      { op: "add", path: "/transformations", value: [mapping("m1")] },
      { op: "add", path: "/scheduleParams", value: { startTime: "1900000000", frequency: "minute", interval: "15", backfill: true } },
    ]);
  });

  it("replaces a changed transformation as a whole element, once", () => {
    const olds = outputs({ transformations: [mapping("m1"), mapping("m2")] });
    const news = inputs({ transformations: [mapping("m1"), mapping("m3", 2)] });
    expect(planPatch(olds, news)).toEqual([{ op: "replace", path: "/transformations/1", value: mapping("m3", 2) }]);
  });
});

describe("planActions", () => {
  it.each([
    ["draft stays draft", { state: "draft" }, { draft: true, enabled: true }, []],
    ["publish", { state: "draft" }, { draft: false, enabled: true }, ["publish"]],
    ["publish then disable", { state: "draft" }, { draft: false, enabled: false }, ["publish", "disable"]],
    ["disable a published flow", { state: "enabled", draft: false }, { draft: false, enabled: false }, ["disable"]],
    ["enable a disabled flow", { state: "disabled", draft: false, enabled: false }, { draft: false, enabled: true }, ["enable"]],
    ["nothing when already enabled", { state: "enabled", draft: false }, { draft: false, enabled: true }, []],
  ])("%s", (_, olds, news, expected) => {
    expect(planActions(outputs(olds as Partial<DataflowOutputs>), news)).toEqual(expected);
  });

  it("planUpdate sends the PATCH before the actions, and no call for a pure draft intent", () => {
    expect(planUpdate(outputs(), inputs({ name: "N", draft: false }))).toEqual({
      patch: [{ op: "replace", path: "/name", value: "N" }],
      actions: ["publish"],
    });
    expect(planUpdate(outputs(), inputs({ enabled: false }))).toEqual({ patch: [], actions: [] });
  });
});

describe("schedule mapping", () => {
  it("round-trips the API's string form back to input types", () => {
    expect(fromApiSchedule({ startTime: "1900000000", frequency: "minute", interval: "15", backfill: "true" })).toEqual(schedule);
    expect(fromApiSchedule(toApiSchedule(schedule))).toEqual(schedule);
    expect(fromApiSchedule({ startTime: "1900000000", frequency: "once" })).toEqual({ startTime: 1_900_000_000, frequency: "once" });
  });
});

describe("planPatch property: applying the patch to the old document yields the new one", () => {
  const text = fc.string({ minLength: 1, maxLength: 12 });
  const transformation = fc.record({
    name: fc.constantFrom("Mapping", "Copy", "Encryption"),
    params: fc.dictionary(
      fc.constantFrom("mappingId", "mappingVersion", "deltaColumn", "publicKeyId"),
      fc.oneof(text, fc.nat(), fc.boolean()),
    ),
  });
  const sched = fc.oneof(
    fc.record({ startTime: fc.nat(), frequency: fc.constant("once" as const) }),
    fc.record(
      {
        startTime: fc.nat(),
        frequency: fc.constantFrom("minute" as const, "hour" as const, "day" as const, "week" as const),
        interval: fc.integer({ min: 15, max: 1000 }),
        backfill: fc.boolean(),
      },
      { requiredKeys: ["startTime", "frequency", "interval"] },
    ),
  );
  const patchable = fc.record(
    {
      name: text,
      description: text,
      transformations: fc.array(transformation, { maxLength: 5 }),
      scheduleParams: sched,
    },
    { requiredKeys: ["name"] },
  );

  it("holds for random pairs of flows", () => {
    fc.assert(
      fc.property(patchable, patchable, (a, b) => {
        const olds = inputs(a as Partial<DataflowInputs>);
        const news = inputs(b as Partial<DataflowInputs>);
        const patch = planPatch(olds, news);
        const doc = deepClone(patchableDocument(olds));
        const patched = applyPatch(doc, deepClone(patch), true, false).newDocument as Record<string, unknown>;
        const wanted = patchableDocument(news) as Record<string, unknown>;
        // The same to the API, property by property: a difference of form only is never sent.
        for (const prop of ["name", "description", "transformations", "scheduleParams", "options"])
          expect(sameToApi(patched[prop], wanted[prop])).toBe(true);
        if (JSON.stringify(patchableDocument(olds)) === JSON.stringify(patchableDocument(news))) expect(patch).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  /**
   * What the service may give back for what was sent: numbers as numeric strings and back
   * (mappingVersion 0 → "0", partialIngestionPercent "10" → 10), booleans as "true"/"false",
   * an unset list as [] or null.
   */
  function coerced(value: unknown, pick: () => number): unknown {
    if (typeof value === "number") return pick() % 2 ? String(value) : value;
    if (typeof value === "boolean") return pick() % 2 ? String(value) : value;
    // Only a number's own text ("10", not "03" or a 20-digit id): a string that is not one is kept exact, so the
    // provider never equates it with a number (the normal form keeps "007" apart from 7).
    if (typeof value === "string" && /^\d+$/.test(value) && String(Number(value)) === value) return pick() % 2 ? Number(value) : value;
    if (Array.isArray(value)) return value.map((v) => coerced(v, pick));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerced(v, pick)]));
    return value;
  }

  it("a value read back in the service's types never becomes a PATCH or a diff", () => {
    const options = fc.record(
      {
        errorDiagnosticsEnabled: fc.boolean(),
        partialIngestionEnabled: fc.boolean(),
        partialIngestionPercent: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(patchable, options, fc.infiniteStream(fc.nat()), fc.constantFrom("absent", "empty", "null"), (a, opts, stream, unset) => {
        const news = inputs({ ...(a as Partial<DataflowInputs>), options: opts });
        const it = stream[Symbol.iterator]();
        const pick = () => it.next().value as number;
        // The service keeps names and descriptions as text; it stores the values of schedules,
        // transformations and options in its spec's types.
        const read = JSON.parse(JSON.stringify(news)) as Record<string, unknown>;
        for (const prop of ["transformations", "scheduleParams", "options"])
          if (read[prop] !== undefined) read[prop] = coerced(read[prop], pick);
        // An unset list comes back absent, [] or null.
        if (news.transformations === undefined && unset !== "absent") read.transformations = unset === "empty" ? [] : null;
        const outputs = {
          ...(read as unknown as DataflowOutputs),
          etag: '"e"',
          state: "draft",
          draft: true,
          enabled: true,
          sandboxName: news.sandboxName,
        };
        expect(planPatch(outputs, news)).toEqual([]);
        expect(diffDataflow(outputs, news)).toEqual({ changes: false, replaces: [], changed: [] });
      }),
      { numRuns: 500 },
    );
  });
});

describe("property tests", () => {
  it("draw the same inputs in CI (a fixed seed) and fresh ones elsewhere", () => {
    expect(fc.readConfigureGlobal().seed).toBe(process.env.CI ? CI_SEED : undefined);
  });
});
