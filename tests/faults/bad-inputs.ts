// The bad-input table: each row is a Dataflow input `check` judges before anything is written. A
// rule the service declares (the API's shapes, the flow spec's JSON schema, its error catalogue)
// refuses in check, naming the property; a rule from Adobe's prose or a guess (provider/rules.ts)
// only warns, naming it, and the service decides (`effect: "warn"`).
import { futureStart } from "../helpers/dates";
import { FLOW_SPEC, SOURCE_ID, TARGET_ID, baseInputs } from "../helpers/emulator";

export interface BadInput {
  what: string;
  inputs: Record<string, unknown>;
  /** Old inputs, for transitions (draft false → true). */
  olds?: Record<string, unknown>;
  property: string;
  reason: RegExp;
  /** "warn": the rule is not the service's, so check lets it through and prints a warning naming the property. */
  effect?: "warn";
}

const base = baseInputs();
const sched = (s: Record<string, unknown>) => ({ ...base, scheduleParams: s });

export const BAD_INPUTS: BadInput[] = [
  { what: "name missing", inputs: { ...base, name: undefined }, property: "name", reason: /is required/ },
  { what: "name blank", inputs: { ...base, name: "  " }, property: "name", reason: /non-empty/ },
  { what: "name a number", inputs: { ...base, name: 7 }, property: "name", reason: /expected string/ },
  {
    what: "name oversized",
    inputs: { ...base, name: "n".repeat(257) },
    property: "name",
    reason: /has 257 characters; names of more than 256/,
    effect: "warn",
  },
  { what: "description a boolean", inputs: { ...base, description: true }, property: "description", reason: /expected string/ },
  {
    what: "description oversized",
    inputs: { ...base, description: "d".repeat(4097) },
    property: "description",
    reason: /has 4097 characters; .*more than 4096/,
    effect: "warn",
  },
  { what: "flowSpec missing", inputs: { ...base, flowSpec: undefined }, property: "flowSpec", reason: /is required/ },
  { what: "flowSpec a string", inputs: { ...base, flowSpec: FLOW_SPEC.id }, property: "flowSpec", reason: /expected object/ },
  {
    what: "flowSpec.id not a UUID",
    inputs: { ...base, flowSpec: { id: "CloudStorageToAEP", version: "1.0" } },
    property: "flowSpec.id",
    reason: /does not exist \(GET \/flowSpecs\/CloudStorageToAEP answered 404\)/,
  },
  {
    what: "flowSpec.version missing",
    inputs: { ...base, flowSpec: { id: FLOW_SPEC.id } },
    property: "flowSpec.version",
    reason: /is required/,
  },
  {
    what: "flowSpec unknown field",
    inputs: { ...base, flowSpec: { ...FLOW_SPEC, name: "x" } },
    property: "flowSpec.name",
    reason: /is not a flowSpec key/,
  },
  {
    what: "sourceConnectionIds empty",
    inputs: { ...base, sourceConnectionIds: [] },
    property: "sourceConnectionIds",
    reason: /at least one/,
  },
  {
    what: "sourceConnectionIds a string",
    inputs: { ...base, sourceConnectionIds: SOURCE_ID },
    property: "sourceConnectionIds",
    reason: /expected array/,
  },
  {
    what: "sourceConnectionIds bad UUID",
    inputs: { ...base, sourceConnectionIds: ["6f2f1c3e-1a2b-4c3d-8e9f"] },
    property: "sourceConnectionIds[0]",
    reason: /UUID/,
    effect: "warn",
  },
  {
    what: "sourceConnectionIds repeated",
    inputs: { ...base, sourceConnectionIds: [SOURCE_ID, SOURCE_ID] },
    property: "sourceConnectionIds[1]",
    reason: /repeats sourceConnectionIds\[0\]/,
    effect: "warn",
  },
  {
    what: "targetConnectionIds missing",
    inputs: { ...base, targetConnectionIds: undefined },
    property: "targetConnectionIds",
    reason: /is required/,
  },
  {
    what: "targetConnectionIds too many",
    inputs: {
      ...base,
      targetConnectionIds: Array.from({ length: 101 }, (_, i) => `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`),
    },
    property: "targetConnectionIds",
    reason: /lists 101 ids; more than 100 may be refused/,
    effect: "warn",
  },
  {
    what: "transformations an object",
    inputs: { ...base, transformations: { name: "Mapping" } },
    property: "transformations",
    reason: /expected array/,
  },
  {
    what: "transformation without name",
    inputs: { ...base, transformations: [{ params: { mappingId: "m" } }] },
    property: "transformations[0].name",
    reason: /is required/,
  },
  {
    what: "transformation params a string",
    inputs: { ...base, transformations: [{ name: "Mapping", params: "m" }] },
    property: "transformations[0].params",
    reason: /expected record/,
  },
  { what: "scheduleParams a string", inputs: { ...base, scheduleParams: "hourly" }, property: "scheduleParams", reason: /expected object/ },
  {
    what: "schedule without startTime",
    inputs: sched({ frequency: "hour", interval: 1 }),
    property: "scheduleParams.startTime",
    reason: /is required/,
  },
  {
    what: "schedule startTime negative",
    inputs: sched({ startTime: -1, frequency: "once" }),
    property: "scheduleParams.startTime",
    reason: /epoch seconds/,
  },
  {
    what: "schedule startTime not a date",
    inputs: sched({ startTime: "next monday", frequency: "once" }),
    property: "scheduleParams.startTime",
    reason: /epoch seconds/,
  },
  {
    what: "schedule frequency unknown",
    inputs: sched({ startTime: futureStart(), frequency: "fortnight", interval: 1 }),
    property: "scheduleParams.frequency",
    reason: /must be equal to one of the allowed values \(flow spec/,
  },
  {
    what: "schedule interval below 15 minutes",
    inputs: sched({ startTime: futureStart(), frequency: "minute", interval: 10 }),
    property: "scheduleParams.interval",
    reason: /must be >= 15 \(flow spec/,
  },
  {
    what: "schedule interval zero",
    inputs: sched({ startTime: futureStart(), frequency: "day", interval: 0 }),
    property: "scheduleParams.interval",
    reason: /must be >= 1 \(flow spec/,
  },
  {
    what: "schedule interval missing",
    inputs: sched({ startTime: futureStart(), frequency: "week" }),
    property: "scheduleParams.interval",
    reason: /is required by flow spec/,
  },
  {
    what: "schedule interval with once",
    inputs: sched({ startTime: futureStart(), frequency: "once", interval: 5 }),
    property: "scheduleParams",
    reason: /interval and backfill must be absent/,
  },
  {
    what: "schedule backfill with once",
    inputs: sched({ startTime: futureStart(), frequency: "once", backfill: false }),
    property: "scheduleParams",
    reason: /interval and backfill must be absent/,
  },
  {
    what: "schedule backfill a word",
    inputs: sched({ startTime: futureStart(), frequency: "day", interval: 1, backfill: "yes" }),
    property: "scheduleParams.backfill",
    reason: /Invalid input/,
  },
  {
    what: "schedule unknown field",
    inputs: sched({ startTime: futureStart(), frequency: "day", interval: 1, timezone: "UTC" }),
    property: "scheduleParams.timezone",
    reason: /is not declared by flow spec/,
  },
  { what: "draft a string", inputs: { ...base, draft: "false" }, property: "draft", reason: /expected boolean/ },
  { what: "enabled a number", inputs: { ...base, enabled: 1 }, property: "enabled", reason: /expected boolean/ },
  {
    what: "sandboxName with capitals",
    inputs: { ...base, sandboxName: "Prod" },
    property: "sandboxName",
    reason: /lowercase/,
    effect: "warn",
  },
  { what: "unknown top-level property", inputs: { ...base, mappingId: "m" }, property: "mappingId", reason: /not a Dataflow property/ },
  {
    what: "draft false → true on a published flow",
    inputs: { ...base, draft: true },
    olds: { ...base, draft: false, enabled: true, sandboxName: "prod" },
    property: "draft",
    reason: /cannot return to draft/,
  },
];

export { TARGET_ID };
