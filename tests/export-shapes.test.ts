// Any flow the service can hold exports to a declaration that check does not refuse and whose
// adoption sends nothing. "Can hold" is the emulator's: a create body checked and stored by the
// emulator's own validation (emulator/kinds/dataflow-spec-checks.ts) against the flow specs it serves, under each
// storage behaviour Adobe's pages leave open, then read back with `null`, `[]` or "" where the
// service may show what nobody set (provider/normal-form.ts).
import fc from "fast-check";
import { DEFAULT_BEHAVIOUR, RunningEmulator } from "../emulator";
import type { Behaviour } from "../emulator/behaviour";
import { FLOW_SPECS, FlowSpec as EmulatedSpec } from "../emulator/specs";
import { createFail, optionsFor, scheduleFor, transformationsFor } from "../emulator/kinds/dataflow-spec-checks";
import { adoptedOutputs, adoptionProblems } from "../provider/lifecycle/flow-service/adopt";
import { adoptionSteps, renderProgram } from "../provider/commands/export/render";
import { DATAFLOW } from "../provider/kinds/dataflow";
import { specFailures } from "../provider/kinds/dataflow/spec-rules";
import type { EntityKind } from "../provider/kinds/kind";
import { planUpdate } from "../provider/lifecycle/flow-service/plan";
import { refuses } from "../provider/rules";
import { DataflowProvider } from "../provider/runtime";
import type { DataflowInputs } from "../provider/kinds/dataflow/types";
import type { Flow, FlowSpec } from "../provider/adobe/types";
import { futureStart, futureStartIso } from "./helpers/dates";
import { SOURCE_ID, SOURCE_ID_2, TARGET_ID, clientFor, emulator, flowCalls, publishableRequest, stackConfig } from "./helpers/emulator";
import { runGenerated } from "./helpers/generated-program";
import { capturedNotices } from "./helpers/notices";

/** What a create (and later actions) gave a flow, before the service stores it. */
interface Made {
  spec: EmulatedSpec;
  name: string;
  description?: string;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: { name: string; params?: Record<string, unknown> }[];
  scheduleParams?: Record<string, unknown>;
  options?: Record<string, unknown>;
  state: "draft" | "enabled" | "disabled";
}

/** How a read shows what nobody set: absent, or the service's `null` ([] for a list, "" for a text). */
interface Absent {
  description: undefined | null | "";
  transformations: undefined | null | [];
  options: undefined | null | Record<string, never>;
  params: undefined | null;
}

const text = fc.string({ maxLength: 24 });
const nonBlank = text.filter((s) => s.trim().length > 0);
const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const someKeys = <T>(record: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(record, { requiredKeys: [] });

/** Params beside mappingId and mappingVersion that a Mapping may hold: the Mapping specs forbid none. */
const extraParams = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !["mappingId", "mappingVersion", "__proto__"].includes(k)),
  fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 2 },
);

const mapping = fc
  .tuple(someKeys({ mappingId: hex32, mappingVersion: fc.oneof(fc.nat(9), fc.nat(9).map(String)) }), extraParams, fc.boolean())
  .map(([known, extra, withParams]) => ({ name: "Mapping", ...(withParams ? { params: { ...extra, ...known } } : {}) }));

const TRANSFORMATIONS: Record<string, fc.Arbitrary<{ name: string; params?: Record<string, unknown> }>> = {
  Mapping: mapping,
  Copy: fc
    .tuple(nonBlank, someKeys({ dateFormat: fc.constant("yyyy-MM-dd"), timezone: fc.constant("UTC") }))
    .map(([name, more]) => ({ name: "Copy", params: { deltaColumn: { name, ...more } } })),
  Encryption: fc.uuid().map((publicKeyId) => ({ name: "Encryption", params: { publicKeyId } })),
};

/** A time as a create may give it: any epoch second (a flow made long ago holds a past start), as a number or a string. */
const epoch = fc.integer({ min: 0, max: futureStart(3650) });
const time = fc.oneof(epoch, epoch.map(String));

/** A schedule a batch flow spec takes (its scheduleSpec, emulator/specs.ts), in the forms a create may send. */
const periodic = fc
  .record({
    startTime: time,
    frequency: fc.constantFrom("once", "minute", "hour", "day", "week"),
    interval: fc.integer({ min: 1, max: 120 }),
    more: someKeys({ endTime: time, backfill: fc.oneof(fc.boolean(), fc.constantFrom("true", "false")) }),
    asText: fc.boolean(),
  })
  .map(({ startTime, frequency, interval, more, asText }) => {
    if (frequency === "once") return { startTime, frequency, ...(more.endTime === undefined ? {} : { endTime: more.endTime }) };
    const n = frequency === "minute" ? Math.max(15, interval) : interval;
    return { startTime, frequency, interval: asText ? String(n) : n, ...more };
  });

/** A schedule sent for a streaming spec, which declares none: stored as sent (behaviour undeclaredFlowParts "accept"). */
const undeclaredSchedule = fc
  .tuple(fc.constantFrom(String(futureStart()), futureStart(), futureStartIso()), fc.constantFrom("once", "hour"))
  .map(([startTime, frequency]) => (frequency === "once" ? { startTime, frequency } : { startTime, frequency, interval: "1" }));

const ingestionOptions = someKeys({
  errorDiagnosticsEnabled: fc.boolean(),
  partialIngestionEnabled: fc.boolean(),
  partialIngestionPercent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }).map(String)),
});

const made: fc.Arbitrary<Made> = fc.constantFrom(...FLOW_SPECS).chain((spec) =>
  fc.record({
    spec: fc.constant(spec),
    name: nonBlank,
    description: fc.option(text, { nil: undefined }),
    sourceConnectionIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 2 }),
    targetConnectionIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 2 }),
    transformations: fc.option(
      fc.subarray((spec.transformationSpecs ?? []).map((t) => t.name)).chain((names) => fc.tuple(...names.map((n) => TRANSFORMATIONS[n]))),
      { nil: undefined },
    ),
    scheduleParams: fc.option(spec.scheduleSpec ? periodic : undeclaredSchedule, { nil: undefined, freq: 3 }),
    options: fc.option(spec.optionSpec ? ingestionOptions : fc.constant({}), { nil: undefined }),
    state: fc.constantFrom("draft" as const, "enabled" as const, "disabled" as const),
  }),
);

const absent: fc.Arbitrary<Absent> = fc.record({
  description: fc.constantFrom(undefined, null, "" as const),
  transformations: fc.constantFrom(undefined, null, [] as []),
  options: fc.constantFrom(undefined, null, {}),
  params: fc.constantFrom(undefined, null),
});

/** The storage behaviours Adobe's pages leave open (emulator/behaviour.ts); the service holds what either stores. */
const behaviour: fc.Arbitrary<Behaviour> = fc
  .record({
    storedTypes: fc.constantFrom("declared" as const, "as-sent" as const),
    specDefaults: fc.constantFrom("as-sent" as const, "filled" as const),
  })
  .map((b) => ({ ...DEFAULT_BEHAVIOUR, ...b }));

/** The flow as the service stores and then shows it; undefined when the service refuses what was made. */
function held(m: Made, index: number, b: Behaviour, shown: Absent): Flow | undefined {
  let stored: Pick<Flow, "transformations" | "scheduleParams" | "options">;
  try {
    stored = {
      transformations: m.transformations && (transformationsFor(m.spec, m.transformations, b, createFail) as Flow["transformations"]),
      scheduleParams: m.scheduleParams && (scheduleFor(m.spec, m.scheduleParams, b, createFail) as Flow["scheduleParams"]),
      options: m.options && optionsFor(m.spec, m.options, b, createFail),
    };
  } catch {
    return undefined;
  }
  const transformations = stored.transformations?.map((t) => (t.params === undefined ? { ...t, params: shown.params } : t));
  return {
    id: `${String(index).padStart(8, "0")}-1111-4111-8111-111111111111`,
    etag: `"${index}"`,
    name: m.name,
    description: m.description ?? shown.description,
    flowSpec: { id: m.spec.id, version: m.spec.version },
    sourceConnectionIds: m.sourceConnectionIds,
    targetConnectionIds: m.targetConnectionIds,
    transformations: (transformations ?? shown.transformations) as Flow["transformations"],
    scheduleParams: stored.scheduleParams,
    options: (stored.options ?? shown.options) as Flow["options"],
    state: m.state,
    createdAt: index,
  } as Flow;
}

/** The program exported from `flows`, and what it declares. */
function exportedProgram(flows: Flow[]) {
  const rendered = renderProgram(flows, {
    project: "aep-dev",
    sandboxName: "dev",
    stack: "dev",
    generatedAt: "2026-12-07",
    packageSpec: "^0.1.0",
    tools: { pulumi: "3.248.0", typescript: "5.9.3" },
  });
  return { rendered, declared: runGenerated(rendered.files, "aep-dev", "dev") };
}

describe("every flow the service can hold exports to a program that adopts it with no write", () => {
  it("check refuses none of the declared inputs (offline or against the flow spec), and the adoption plans no PATCH and no action", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(made, absent), { minLength: 1, maxLength: 4 }), behaviour, (shapes, b) => {
        const flows = shapes.map(([m, shown], i) => held(m, i, b, shown));
        fc.pre(flows.every((f) => f !== undefined));
        const exported = flows as Flow[];
        const { rendered, declared } = exportedProgram(exported);
        expect(declared).toHaveLength(exported.length);
        for (const flow of exported) {
          const { args } = declared.find((d) => d.name === rendered.names.get(flow.id))!;
          const { inputs, failures } = DATAFLOW.check(undefined, args, { sandboxName: "dev" });
          const spec = FLOW_SPECS.find((s) => s.id === flow.flowSpec.id)! as unknown as FlowSpec;
          const refusals = [...failures, ...specFailures(spec, inputs)].filter((f) => refuses(f.rule));
          expect({ flow: flow.id, refusals }).toEqual({ flow: flow.id, refusals: [] });
          expect(adoptionProblems(DATAFLOW, flow, inputs)).toEqual([]);
          // As the create of an adopting resource plans it (lifecycle.ts adoptEntity), spec defaults the program did not declare left out.
          const read = adoptedOutputs(DATAFLOW, flow, inputs) as DataflowInputs & { etag: string; state: string };
          const defaults = DATAFLOW.specDefaults!;
          const before = defaults.undeclared(read as never, inputs) ? defaults.without(read as never, inputs, spec as never) : read;
          const { patch, actions } = planUpdate(DATAFLOW as unknown as EntityKind, before as never, inputs);
          expect({ flow: flow.id, patch, actions }).toEqual({ flow: flow.id, patch: [], actions: [] });
          // The exporter's own warning names nothing for it.
          expect(adoptionSteps(flow, "dev")).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("warnings are about what a step sends", () => {
  let emu: RunningEmulator;
  const notices = capturedNotices();
  beforeEach(async () => {
    emu = await emulator();
  });
  afterEach(() => emu.stop());

  it("adopting an exported flow as it is, or checking it unchanged, warns of nothing; a change sends it and warns", async () => {
    // Shapes the tutorials' prose would not write, which the service holds: a Mapping with another param, a disabled flow with neither schedule nor Mapping.
    const ui = clientFor(emu, { sandboxName: "dev" });
    const noted = await ui.createFlow({
      ...publishableRequest(),
      transformations: [
        { name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0, note: "from the UI" } },
      ],
    });
    const bare = await ui.createFlow({
      name: "Bare",
      flowSpec: publishableRequest().flowSpec,
      sourceConnectionIds: [SOURCE_ID_2],
      targetConnectionIds: [TARGET_ID],
    });
    await ui.flowAction(bare.id, "disable");
    const flows = [(await ui.getFlow(noted.id))!, (await ui.getFlow(bare.id))!];
    expect(flows.map((f) => f.state)).toEqual(["enabled", "disabled"]);
    const { rendered, declared } = exportedProgram(flows);
    const argsOf = (id: string) => declared.find((d) => d.name === rendered.names.get(id))!.args;

    const p = new DataflowProvider({});
    await p.configure({ config: { get: (k: string) => stackConfig(emu)[k] } } as never);
    emu.clearJournal();
    const adopted = await Promise.all(flows.map((f) => p.check({}, argsOf(f.id))));
    expect(adopted.map((c) => c.failures)).toEqual([[], []]);
    expect(adopted.map((c) => (c.inputs as { adoption: string }).adoption)).toEqual(
      flows.map((f) => `adopts flow ${f.id} (${f.state}) in sandbox dev: no change`),
    );
    expect(notices).toEqual([]);
    // Reads only: each flow to adopt, and the flow spec once.
    expect(
      flowCalls(emu)
        .map((c) => `${c.method} ${c.path}`)
        .sort(),
    ).toEqual([`GET /flowSpecs/${flows[0].flowSpec.id}`, `GET /flows/${noted.id}`, `GET /flows/${bare.id}`].sort());

    // A later preview of the same program: nothing changes, nothing is sent, nothing to warn of.
    for (const c of adopted) await p.check(c.inputs, { ...(c.inputs as object) });
    expect(notices).toEqual([]);

    // An edit of the Mapping sends the transformations: the warning about its param is true now.
    const edited = adopted[0].inputs as DataflowInputs;
    const mappingEdit = {
      ...edited,
      transformations: [{ name: "Mapping", params: { ...edited.transformations![0].params, note: "edited" } }],
    };
    await p.check(edited as never, mappingEdit);
    expect(notices.join("")).toContain("`transformations[0].params.note` is not a Mapping parameter in Adobe's examples");
    expect(notices.join("")).not.toContain("rule spec.publish.complete");

    // So does a new flow of the same shape: everything is sent.
    notices.length = 0;
    const { adoptId: _, ...fresh } = argsOf(bare.id) as Record<string, unknown>;
    await p.check({}, { ...fresh, name: "Bare again", scheduleParams: undefined, sourceConnectionIds: [SOURCE_ID] });
    expect(notices.join("")).toContain('`transformations` has no "Mapping" transformation');
  });
});
