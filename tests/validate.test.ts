import { checkDataflow } from "../provider/kinds/dataflow/check";
import type { RuleId } from "../provider/rules";
import { UNKNOWN } from "../provider/engine/unknown";
import { FLOW_SPEC, SOURCE_ID, TARGET_ID, baseInputs } from "./helpers/emulator";
import { futureStart, futureStartIso } from "./helpers/dates";

const defaults = { sandboxName: "prod" };
const check = (news: Record<string, unknown>, olds?: Record<string, unknown>) => checkDataflow(olds, news, defaults);
const failuresOf = (news: Record<string, unknown>, olds?: Record<string, unknown>) => check(news, olds).failures;

describe("checkDataflow", () => {
  it("accepts a minimal draft and fills draft, enabled and the configured sandbox", () => {
    expect(check({ ...baseInputs(), __provider: "serialized" })).toEqual({
      inputs: { ...baseInputs(), draft: true, enabled: true, sandboxName: "prod" },
      failures: [],
    });
  });

  it("keeps a per-resource sandbox over the configured one", () => {
    expect(check({ ...baseInputs(), sandboxName: "dev" }).inputs.sandboxName).toBe("dev");
  });

  it("keeps a start time given as an ISO date as written (so a diff shows it), and normalises numeric strings", () => {
    const { inputs, failures } = check({
      ...baseInputs(),
      scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: "2", backfill: "false" },
    });
    expect(failures).toEqual([]);
    expect(inputs.scheduleParams).toEqual({ startTime: futureStartIso(), frequency: "hour", interval: 2, backfill: false });
    expect(
      check({ ...baseInputs(), scheduleParams: { startTime: String(futureStart()), frequency: "once" } }).inputs.scheduleParams,
    ).toEqual({
      startTime: futureStart(),
      frequency: "once",
    });
  });

  // Each finding names its rule (provider/rules.ts): what the service declares refuses; prose and guesses only warn.
  it.each<[string, Record<string, unknown>, { property: string; reason: string | RegExp; rule: RuleId }[]]>([
    ["missing name", { name: undefined }, [{ property: "name", reason: "is required", rule: "shape" }]],
    ["blank name", { name: "   " }, [{ property: "name", reason: "must be a non-empty string", rule: "name.present" }]],
    ["name of the wrong type", { name: 42 }, [{ property: "name", reason: /expected string, received number/, rule: "shape" }]],
    ["oversized name", { name: "x".repeat(257) }, [{ property: "name", reason: /has 257 characters/, rule: "name.length" }]],
    ["missing flowSpec", { flowSpec: undefined }, [{ property: "flowSpec", reason: "is required", rule: "shape" }]],
    [
      "flowSpec id not a UUID",
      { flowSpec: { id: "abc", version: "1.0" } },
      [{ property: "flowSpec.id", reason: /UUID form/, rule: "id.form" }],
    ],
    [
      "flowSpec version",
      { flowSpec: { id: FLOW_SPEC.id, version: "one" } },
      [{ property: "flowSpec.version", reason: /version such as/, rule: "specVersion.form" }],
    ],
    [
      "no source connection",
      { sourceConnectionIds: [] },
      [{ property: "sourceConnectionIds", reason: "needs at least one source connection id", rule: "flow.connections.present" }],
    ],
    [
      "bad target id",
      { targetConnectionIds: ["nope"] },
      [{ property: "targetConnectionIds[0]", reason: /is not in UUID form.*target connection id/, rule: "id.form" }],
    ],
    [
      "duplicate ids",
      { sourceConnectionIds: [SOURCE_ID, SOURCE_ID] },
      [{ property: "sourceConnectionIds[1]", reason: "repeats sourceConnectionIds[0]", rule: "flow.connections.list" }],
    ],
    ["unknown property", { schedule: {} }, [{ property: "schedule", reason: /not a Dataflow property/, rule: "shape" }]],
    [
      "unknown nested property",
      { flowSpec: { ...FLOW_SPEC, extra: 1 } },
      [{ property: "flowSpec.extra", reason: "is not a flowSpec key (check its spelling)", rule: "shape" }],
    ],
    [
      "transformation without name",
      { transformations: [{ params: {} }] },
      [{ property: "transformations[0].name", reason: "is required", rule: "shape" }],
    ],
    [
      "bad frequency",
      { scheduleParams: { startTime: futureStart(), frequency: "monthly", interval: 1 } },
      [{ property: "scheduleParams.frequency", reason: /"monthly" is not one of once, minute/, rule: "flow.schedule.offline" }],
    ],
    [
      "minute interval below 15",
      { scheduleParams: { startTime: futureStart(), frequency: "minute", interval: 5 } },
      [
        {
          property: "scheduleParams.interval",
          reason: 'is 5: Adobe\'s schedule specs want at least 15 with frequency "minute"',
          rule: "flow.schedule.offline",
        },
      ],
    ],
    [
      "missing interval",
      { scheduleParams: { startTime: futureStart(), frequency: "day" } },
      [{ property: "scheduleParams.interval", reason: /is not given.*frequency "day"/, rule: "flow.schedule.offline" }],
    ],
    [
      "interval with once",
      { scheduleParams: { startTime: futureStart(), frequency: "once", interval: 1 } },
      [{ property: "scheduleParams.interval", reason: /is given with frequency "once"/, rule: "flow.schedule.offline" }],
    ],
    [
      "backfill with once",
      { scheduleParams: { startTime: futureStart(), frequency: "once", backfill: true } },
      [{ property: "scheduleParams.backfill", reason: /is given with frequency "once"/, rule: "flow.schedule.offline" }],
    ],
    [
      "an unknown schedule key",
      { scheduleParams: { startTime: futureStart(), frequency: "once", frequncy: "day" } },
      [{ property: "scheduleParams.frequncy", reason: /is not a schedule key/, rule: "flow.schedule.offline" }],
    ],
    [
      "negative startTime",
      { scheduleParams: { startTime: -5, frequency: "once" } },
      [{ property: "scheduleParams.startTime", reason: /epoch seconds/, rule: "shape" }],
    ],
    [
      "unparseable startTime",
      { scheduleParams: { startTime: "tomorrow", frequency: "once" } },
      [{ property: "scheduleParams.startTime", reason: /epoch seconds/, rule: "shape" }],
    ],
    [
      "fractional interval",
      { scheduleParams: { startTime: futureStart(), frequency: "hour", interval: 1.5 } },
      [{ property: "scheduleParams.interval", reason: /whole number/, rule: "shape" }],
    ],
    [
      "fractional partialIngestionPercent (the API spec declares an integer)",
      { options: { partialIngestionPercent: 10.5 } },
      [{ property: "options.partialIngestionPercent", reason: /whole number/, rule: "shape" }],
    ],
    [
      "partialIngestionPercent above 100",
      { options: { partialIngestionPercent: 120 } },
      [{ property: "options.partialIngestionPercent", reason: "is 120: a percentage is from 0 to 100", rule: "flow.options.offline" }],
    ],
    [
      "partialIngestionPercent as a decimal string",
      { options: { partialIngestionPercent: "10.5" } },
      [{ property: "options.partialIngestionPercent", reason: /whole number/, rule: "shape" }],
    ],
    ["draft not a boolean", { draft: "no" }, [{ property: "draft", reason: /expected boolean/, rule: "shape" }]],
    [
      "bad sandbox name",
      { sandboxName: "Dev_Sandbox" },
      [{ property: "sandboxName", reason: /is not a sandbox name as Adobe writes them/, rule: "sandboxName.form" }],
    ],
    [
      "sandbox name no header can carry",
      { sandboxName: "Prod Sandboxé" },
      [{ property: "sandboxName", reason: /"Prod Sandboxé" cannot be sent as the x-sandbox-name header/, rule: "sandboxName.sendable" }],
    ],
    [
      "empty sandbox name",
      { sandboxName: "" },
      [{ property: "sandboxName", reason: /"" is empty: leave `sandboxName` out to use aep:sandboxName/, rule: "sandboxName.sendable" }],
    ],
  ])("finds %s, naming the property path and the rule", (_, change, expected) => {
    const failures = failuresOf({ ...baseInputs(), ...change });
    expect(failures).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(failures[i].property).toBe(e.property);
      expect(failures[i].rule).toBe(e.rule);
      if (typeof e.reason === "string") expect(failures[i].reason).toBe(e.reason);
      else expect(failures[i].reason).toMatch(e.reason);
    });
  });

  it("refuses a published flow going back to draft, and says how to replace it", () => {
    const olds = { ...baseInputs(), draft: false, enabled: true, sandboxName: "prod" };
    const failures = failuresOf({ ...baseInputs(), draft: true }, olds);
    expect(failures).toEqual([{ property: "draft", reason: expect.stringContaining("cannot return to draft"), rule: "draft.noWayBack" }]);
    expect(failures[0].reason).toMatch(/new name/);
  });

  it("allows draft: true again when the change replaces the flow anyway", () => {
    const olds = { ...baseInputs(), draft: false, enabled: true, sandboxName: "prod" };
    expect(failuresOf({ ...baseInputs(), draft: true, targetConnectionIds: [SOURCE_ID] }, olds)).toEqual([]);
  });

  describe("a start time that has passed (the service refuses it on a new flow: 1360)", () => {
    const now = Date.UTC(2027, 0, 1);
    const past = { startTime: now / 1000 - 3600, frequency: "day", interval: 1 };
    const at = (news: Record<string, unknown>, olds?: Record<string, unknown>) =>
      checkDataflow(olds, news, { sandboxName: "prod", now }).failures;
    const published = { ...baseInputs(), scheduleParams: past, draft: false, enabled: true, sandboxName: "prod" };

    it("is refused for a new flow, draft or not, naming the time and what to do", () => {
      const reason =
        "2026-12-31T23:00:00.000Z has passed, and the service refuses a new flow whose start time is in the past. Set a startTime in the future.";
      const refused = { property: "scheduleParams.startTime", reason, rule: "flow.start.past" };
      expect(at({ ...baseInputs(), scheduleParams: past })).toEqual([refused]);
      expect(at({ ...baseInputs(), scheduleParams: past, draft: false }, {})).toEqual([refused]);
    });

    it("is refused when the change replaces the flow, saying the replacement is a new flow", () => {
      expect(at({ ...published, targetConnectionIds: [SOURCE_ID] }, published)).toEqual([
        {
          property: "scheduleParams.startTime",
          reason: expect.stringContaining("(this change replaces the flow: the replacement is a new flow). Set a startTime in the future."),
          rule: "flow.start.past",
        },
      ]);
    });

    it("is not judged for an existing flow updated in place, an adopted flow, or a start time in the future", () => {
      expect(at({ ...published, name: "renamed" }, published)).toEqual([]);
      expect(at({ ...baseInputs(), scheduleParams: past, adoptId: "7a3b2d4f-2b3c-4d5e-9f0a-1b2c3d4e5f60" })).toEqual([]);
      expect(at({ ...baseInputs(), scheduleParams: { ...past, startTime: now / 1000 + 60 } })).toEqual([]);
    });
  });

  it("does not judge values that are unknown during a preview, and keeps them", () => {
    const news = {
      ...baseInputs(),
      name: UNKNOWN,
      sourceConnectionIds: [UNKNOWN],
      targetConnectionIds: UNKNOWN,
      scheduleParams: { startTime: UNKNOWN, frequency: "minute", interval: 15 },
    };
    const { inputs, failures } = check(news);
    expect(failures).toEqual([]);
    expect(inputs.sourceConnectionIds).toEqual([UNKNOWN]);
    expect(inputs.targetConnectionIds).toBe(UNKNOWN);
  });

  it("still normalises the known properties when another one is unknown", () => {
    const { inputs } = check({
      ...baseInputs(),
      targetConnectionIds: UNKNOWN,
      scheduleParams: { startTime: String(futureStart()), frequency: "once" },
    });
    expect(inputs.scheduleParams).toEqual({ startTime: futureStart(), frequency: "once" });
  });

  it("still reports real errors next to unknown values", () => {
    expect(failuresOf({ ...baseInputs(), name: UNKNOWN, targetConnectionIds: [TARGET_ID, "bad"] })).toEqual([
      { property: "targetConnectionIds[1]", reason: expect.stringMatching(/UUID form/), rule: "id.form" },
    ]);
  });
});

describe("a Mapping transformation's params", () => {
  it("are mappingId and mappingVersion (the tutorials' bodies): a misspelt key and the missing one are warnings, not refusals", () => {
    const { failures } = checkDataflow(
      undefined,
      {
        ...baseInputs(),
        transformations: [{ name: "Mapping", params: { mapingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }],
      },
      { sandboxName: "dev" },
    );
    expect(failures).toEqual([
      {
        property: "transformations[0].params.mapingId",
        reason: "is not a Mapping parameter in Adobe's examples (they give mappingId and mappingVersion): check its name",
        rule: "flow.mapping.params",
      },
      {
        property: "transformations[0].params.mappingId",
        reason: "is not given: a Mapping names its mapping set (e.g. mappingSet.id)",
        rule: "flow.mapping.params",
      },
    ]);
  });

  it("other transformations are left to the flow spec", () => {
    const transformations = [{ name: "Encryption", params: { publicKeyId: "k" } }];
    expect(checkDataflow(undefined, { ...baseInputs(), transformations }, { sandboxName: "dev" }).failures).toEqual([]);
  });
});

it("transformations that are not a list of objects are refused by the schema, not a crash", () => {
  const { failures } = checkDataflow(undefined, { ...baseInputs(), transformations: { name: "Mapping" } }, { sandboxName: "dev" });
  expect(failures).toEqual([{ property: "transformations", reason: expect.stringMatching(/expected array/), rule: "shape" }]);
});
