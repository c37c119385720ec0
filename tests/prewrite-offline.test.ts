// The rules a preview applies when it cannot read the flow spec (no credentials, the service unreachable): Adobe's
// schedule and option rules as its tutorials print them, warnings only (provider/rules.ts flow.schedule.offline,
// flow.options.offline). With the spec read, its own JSON schemas decide instead: a spec that declares the rule refuses
// (tests/validate.test.ts, tests/fidelity.test.ts); one that does not lets the request reach the service, shown here.
import { RunningEmulator } from "../emulator";
import { DataflowProvider } from "../provider/runtime";
import type { DataflowInputs } from "../provider/kinds/dataflow/types";
import { futureStart } from "./helpers/dates";
import { PERMISSIVE_FLOW_SPEC, STREAMING_SOURCE_ID, baseInputs, emulator, flowCalls, stackConfig } from "./helpers/emulator";
import { capturedNotices } from "./helpers/notices";

let emu: RunningEmulator;
const notices = capturedNotices();

beforeEach(async () => {
  emu = await emulator({ specs: { flow: [PERMISSIVE_FLOW_SPEC] } });
});
afterEach(() => emu.stop());

async function provider(config: Record<string, string>): Promise<DataflowProvider> {
  const p = new DataflowProvider({});
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } } as never);
  return p;
}

const permissive = { id: PERMISSIVE_FLOW_SPEC.id, version: "1.0" };

it.each<[string, Record<string, unknown>, string]>([
  [
    "flow.schedule.offline",
    { scheduleParams: { startTime: futureStart(), frequency: "minute", interval: 5 } },
    '`scheduleParams.interval` is 5: Adobe\'s schedule specs want at least 15 with frequency "minute"',
  ],
  [
    "flow.options.offline",
    { options: { partialIngestionPercent: 120 } },
    "`options.partialIngestionPercent` is 120: a percentage is from 0 to 100",
  ],
])(
  "%s: a preview without credentials warns; with the spec read, a spec that declares no such rule lets the request reach the service",
  async (rule, extra, warning) => {
    const args = { ...baseInputs(), flowSpec: permissive, ...extra };
    // A preview with no credentials: the spec cannot be read, so Adobe's printed rules warn, and nothing is refused.
    const offline = await provider({ "aep:endpoint": emu.url, "aep:sandboxName": "dev" });
    expect((await offline.check({}, args)).failures).toEqual([]);
    expect(notices.join("")).toContain(`${warning} (from Adobe's prose, rule ${rule}:`);
    expect(notices.join("")).toContain("not checked against its flow spec");
    // With credentials, the spec is read and decides: it declares only types, so the offline rule gives way.
    notices.length = 0;
    const online = await provider(stackConfig(emu));
    const { inputs, failures } = await online.check({}, args);
    expect(failures).toEqual([]);
    expect(notices.join("")).not.toContain(`rule ${rule}`);
    emu.clearJournal();
    await online.create(inputs as DataflowInputs);
    expect(flowCalls(emu, { withStatus: true }).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(["POST /flows 201"]);
  },
);

it.each<["accept" | "refuse", number]>([
  ["accept", 201],
  ["refuse", 400],
])(
  "spec.options.absent: options for a flow spec that declares none warn, and the service decides (undeclaredFlowParts %s answers %i)",
  async (undeclaredFlowParts, status) => {
    emu.setBehaviour({ undeclaredFlowParts });
    const p = await provider(stackConfig(emu));
    const args = {
      ...baseInputs(),
      flowSpec: { id: "d8a6f005-7eaf-4153-983e-e8574508b877", version: "1.0" },
      sourceConnectionIds: [STREAMING_SOURCE_ID],
      options: { errorDiagnosticsEnabled: true },
    };
    const { inputs, failures } = await p.check({}, args);
    expect(failures).toEqual([]);
    expect(notices.join("")).toContain("declares no options, so the service may refuse or ignore them (a guess, rule spec.options.absent:");
    emu.clearJournal();
    const made = p.create(inputs as DataflowInputs);
    if (status === 201) await made;
    else await expect(made).rejects.toThrow(/HTTP 400 FLOW-1100-400.*has no options.*Before sending it, this package warned .*`options`/);
    expect(
      flowCalls(emu, { withStatus: true })
        .filter((c) => c.method === "POST")
        .map((c) => c.status),
    ).toEqual([status]);
  },
);
