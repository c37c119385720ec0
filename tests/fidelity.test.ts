// The provider against the behaviours Adobe documents (and the emulator models), one test per row
// of the fidelity table that `npm run test:faults` prints. Where Adobe's pages are silent or
// contradict each other, the provider is run against both of the emulator's settings.
import { Behaviour, RunningEmulator } from "../emulator";
import { DataflowProvider } from "../provider/runtime";
import { DataflowInputs, DataflowOutputs } from "../provider/kinds/dataflow/types";
import { NO_DRAFT_SPECS, SEEDED, STREAMING_SOURCE_ID, baseInputs, emulator, flowCalls, publishable, stackConfig } from "./helpers/emulator";
import { futureStart } from "./helpers/dates";

let emu: RunningEmulator;
const notices: string[] = [];
const stderrWrite = process.stderr.write.bind(process.stderr);

async function provider(config: Record<string, string> = {}): Promise<DataflowProvider> {
  const p = new DataflowProvider({});
  const all: Record<string, string> = {
    ...stackConfig(emu),
    "aep:timeoutSeconds": "1",
    "aep:settleTimeoutSeconds": "10",
    ...config,
  };
  await p.configure({ config: { get: (k: string) => all[k], require: (k: string) => all[k] } });
  return p;
}

async function created(
  p: DataflowProvider,
  args: Record<string, unknown>,
): Promise<{ id: string; outs: DataflowOutputs; inputs: DataflowInputs }> {
  const { inputs, failures } = await p.check({}, args);
  expect(failures).toEqual([]);
  const { id, outs } = await p.create(inputs as DataflowInputs);
  p.startRun();
  return { id, outs, inputs: inputs as DataflowInputs };
}

const calls = () =>
  flowCalls(emu, { withStatus: true }).map(
    (c) => `${c.method} ${c.path.replace(/[0-9a-f-]{36}/, "{id}")}${c.query?.op ? `?op=${c.query.op}` : ""} ${c.status}`,
  );

beforeEach(async () => {
  notices.length = 0;
  // The provider's notices go to stderr, where the engine shows them; captured here to assert on.
  process.stderr.write = ((chunk: string | Uint8Array) => (notices.push(String(chunk)), true)) as typeof process.stderr.write;
  emu = await emulator({ clients: [{ ...SEEDED, roleLabels: ["core/C1"] }] });
});

afterEach(async () => {
  process.stderr.write = stderrWrite;
  await emu.stop();
});

describe("a 404 is not always 'deleted'", () => {
  it("a flow hidden by an access label: refresh keeps it marked, and the replacement's DELETE is refused (403) so no second flow is made", async () => {
    const p = await provider();
    const { id, outs, inputs } = await created(p, baseInputs());
    emu.editFlow(id, [{ op: "add", path: "/labels", value: ["core/C12"] }]);
    emu.clearJournal();
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject({ state: "not-found" });
    expect(notices.join("")).toMatch(/hidden by an access label the role of these credentials lacks/);
    expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toEqual({
      changes: true,
      replaces: ["state"],
      deleteBeforeReplace: true,
    });
    // `pulumi up` deletes first (deleteBeforeReplace): refused, so the create never happens.
    await expect(p.delete(id, read.props as DataflowOutputs)).rejects.toThrow(
      /refused \(403 FLOW-2120-403.*carries an access label that the role of these credentials lacks, and it still exists and runs/,
    );
    // The refresh's GET, then the delete's own GET (is it back? then it must not be deleted), then the refused DELETE.
    expect(calls()).toEqual(["GET /flows/{id} 404", "GET /flows/{id} 404", "DELETE /flows/{id} 403"]);
    expect(emu.flows()).toHaveLength(1);
  });

  it("a 404 about the sandbox (2100) fails the refresh and changes nothing", async () => {
    const p = await provider();
    const { id, outs } = await created(p, baseInputs());
    await expect(p.read(id, { ...outs, sandboxName: "nosuch" })).rejects.toThrow(
      /HTTP 404 FLOW-2100-404: The sandbox with the name 'nosuch' could not be found/,
    );
  });

  it("a 404 from a wrong endpoint fails the refresh and changes nothing", async () => {
    const p = await provider();
    const { id, outs } = await created(p, baseInputs());
    const wrong = await provider({ "aep:endpoint": `${emu.url}/wrong-base` });
    await expect(wrong.read(id, outs)).rejects.toThrow(/failed with HTTP 404 404000: No route/);
  });
});

describe("transitional states", () => {
  it("a publish right after the PATCH, refused while the flow is updating (1420/1421), waits and is sent again", async () => {
    const p = await provider();
    const { id, outs, inputs } = await created(p, publishable());
    emu.setBehaviour({ transitionMs: 600 });
    await p.check({}, baseInputs());
    emu.clearJournal();
    const after = await p.update(id, outs, { ...inputs, name: "Renamed", draft: false });
    const sequence = calls();
    expect(sequence.slice(0, 2)).toEqual(["PATCH /flows/{id} 200", "POST /flows/{id}/action?op=publish 400"]);
    expect(sequence.at(-1)).toBe("POST /flows/{id}/action?op=publish 200");
    expect(sequence.slice(2, -1).every((c) => c.startsWith("GET /flows/{id} 200"))).toBe(true);
    expect(notices.join("")).toMatch(/is updating \(\d+% done\); waiting for it to settle/);
    expect(after.outs).toMatchObject({ name: "Renamed", state: "enabled", draft: false });
  });

  it("a refresh of a flow that is disabling waits, and reports it disabled: no phantom change", async () => {
    const p = await provider();
    const { id, outs, inputs } = await created(p, { ...publishable(), draft: false });
    emu.setBehaviour({ transitionMs: 600 });
    emu.flowActionOutOfBand(id, "disable");
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject({ state: "disabled", enabled: false });
    expect(await p.diff(id, read.props as DataflowOutputs, { ...inputs, enabled: false })).toMatchObject({ changes: false });
  });

  it("a refresh that outlasts aep:settleTimeoutSeconds records the state the transition leads to", async () => {
    const p = await provider({ "aep:settleTimeoutSeconds": "1" });
    const { id, outs, inputs } = await created(p, { ...publishable(), draft: false });
    emu.setBehaviour({ transitionMs: 5_000 });
    emu.flowActionOutOfBand(id, "disable");
    const read = await p.read(id, outs);
    // Recorded as the settled state it leads to, so the next run neither shows a phantom change nor
    // plans an action from a state that is about to end; the notice says it was still moving.
    expect(read.props).toMatchObject({ state: "disabled", enabled: false, draft: false });
    expect(notices.join("")).toMatch(/disabling/);
    expect(await p.diff(id, read.props as DataflowOutputs, { ...inputs, enabled: false })).toMatchObject({ changes: false });
  });

  it("a DELETE during someone else's delete (1458) waits until the flow is gone", async () => {
    const p = await provider();
    const { id, outs } = await created(p, baseInputs());
    emu.setBehaviour({ transitionMs: 600 });
    const other = await provider();
    await other.delete(id, outs);
    emu.clearJournal();
    await p.delete(id, outs);
    const sequence = calls();
    expect(sequence[0]).toBe("DELETE /flows/{id} 400");
    expect(sequence.at(-1)).toBe("GET /flows/{id} 404");
    expect(emu.flows()).toEqual([]);
  });
});

describe.each<[string, Behaviour["storedTypes"]]>([
  ["declared (Adobe's examples)", "declared"],
  ["as sent", "as-sent"],
])("values stored %s", (_what, storedTypes) => {
  it("a refresh shows no change, and an unchanged program sends no PATCH", async () => {
    emu.setBehaviour({ storedTypes });
    const p = await provider();
    const args = { ...publishable(), options: { partialIngestionEnabled: true, partialIngestionPercent: 10 } };
    const { id, outs, inputs } = await created(p, args);
    const read = await p.read(id, outs);
    expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    emu.clearJournal();
    await p.update(id, read.props as DataflowOutputs, inputs);
    expect(calls()).toEqual([]);
  });
});

describe("the flow spec decides", () => {
  it("a draft of a spec declaring isDraftModeSupported: false is refused in check, naming the default and what to set; an absent attribute is not false", async () => {
    await emu.stop();
    emu = await emulator({ specs: NO_DRAFT_SPECS });
    const p = await provider();
    const noDrafts = {
      ...baseInputs(),
      flowSpec: { id: NO_DRAFT_SPECS.flow[0].id, version: "1.0" },
      sourceConnectionIds: [STREAMING_SOURCE_ID],
    };
    const reason = `flow spec test: no drafts (flow spec) (${NO_DRAFT_SPECS.flow[0].id}) declares attributes.isDraftModeSupported: false, so it takes no draft; set \`draft: false\` to create the flow published`;
    // The program did not set draft: the message says it is the default, not `value {<nil>}`.
    expect((await p.check({}, noDrafts)).failures).toEqual([{ property: "", reason: `\`draft\` defaults to true; ${reason}` }]);
    expect((await p.check({}, { ...noDrafts, draft: true })).failures).toEqual([{ property: "draft", reason }]);
    expect((await p.check({}, { ...noDrafts, draft: false })).failures).toEqual([]);
    // The streaming specs Adobe prints carry no isDraftModeSupported: a draft goes to the service.
    const streaming = { ...noDrafts, flowSpec: { id: "d8a6f005-7eaf-4153-983e-e8574508b877", version: "1.0" } };
    expect((await p.check({}, streaming)).failures).toEqual([]);
    expect(calls()).toEqual([`GET /flowSpecs/{id} 200`, `GET /flowSpecs/{id} 200`]);
  });

  it.each<[Behaviour["draftOnUnsupportedSpec"]]>([["reject"], ["accept"]])(
    "with draftOnUnsupportedSpec: %s, the provider sends no draft of a spec declaring it takes none",
    async (draftOnUnsupportedSpec) => {
      await emu.stop();
      emu = await emulator({ specs: NO_DRAFT_SPECS, behaviour: { draftOnUnsupportedSpec } });
      const p = await provider();
      const noDrafts = {
        ...baseInputs(),
        flowSpec: { id: NO_DRAFT_SPECS.flow[0].id, version: "1.0" },
        sourceConnectionIds: [STREAMING_SOURCE_ID],
        draft: true,
      };
      await expect(p.create({ ...(noDrafts as unknown as DataflowInputs), enabled: true, sandboxName: "dev" })).rejects.toThrow(
        /the flow spec refuses draft: .*set `draft: false`.*Nothing was sent/,
      );
      expect(calls().filter((c) => c.startsWith("POST"))).toEqual([]);
    },
  );

  it("the schedule follows the spec: endTime is kept and round-trips", async () => {
    const p = await provider();
    const withEnd = {
      ...baseInputs(),
      scheduleParams: { startTime: futureStart(), endTime: futureStart(1), frequency: "hour", interval: 1 },
    };
    const { id, outs, inputs } = await created(p, withEnd);
    expect(emu.flows()[0].scheduleParams).toMatchObject({ endTime: String(futureStart(1)) });
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject({ scheduleParams: { endTime: futureStart(1) } });
    expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toMatchObject({ changes: false });
  });

  it.each<[Behaviour["undeclaredFlowParts"], number]>([
    ["accept", 201],
    ["refuse", 400],
  ])(
    "a schedule for a streaming spec (it declares none) is a warning, and the service decides: undeclaredFlowParts %s answers %i",
    async (undeclaredFlowParts, status) => {
      emu.setBehaviour({ undeclaredFlowParts });
      const p = await provider();
      const streaming = {
        ...baseInputs(),
        flowSpec: { id: "c1a19761-d2c7-4702-b9fa-fe91f0613e81", version: "1.0" },
        sourceConnectionIds: [STREAMING_SOURCE_ID],
        scheduleParams: { startTime: futureStart(), frequency: "hour", interval: 1 },
      };
      const { inputs, failures } = await p.check({}, streaming);
      expect(failures).toEqual([]);
      expect(notices.join("")).toContain(
        "`scheduleParams` flow spec Steam data with transformation declares no schedule (its flows run continuously), so the service may " +
          "refuse or ignore one (a guess, rule spec.schedule.absent",
      );
      const made = p.create(inputs as DataflowInputs);
      if (status === 201) {
        await made;
        expect(emu.flows()[0]).toMatchObject({ scheduleParams: { frequency: "hour" } });
      } else {
        await expect(made).rejects.toThrow(
          /the service refused the create \(HTTP 400 FLOW-1100-400\): .*has no schedule.*Before sending it, this package warned \(rules the service does not declare\): `scheduleParams` flow spec Steam data with transformation declares no schedule.*Nothing was created by this call/,
        );
      }
      expect(calls().filter((c) => c.startsWith("POST"))).toEqual([`POST /flows ${status}`]);
    },
  );

  it.each<[Behaviour["publishCompleteness"], number]>([
    ["any", 201],
    ["schedule-and-mapping", 400],
  ])(
    "a published flow without the spec's schedule and mapping (the tutorials' prose) is a warning, and the service decides: publishCompleteness %s answers %i",
    async (publishCompleteness, status) => {
      emu.setBehaviour({ publishCompleteness });
      const p = await provider();
      const { inputs, failures } = await p.check({}, { ...baseInputs(), draft: false });
      expect(failures).toEqual([]);
      expect(notices.join("")).toContain(
        "`scheduleParams` is not given: Adobe's tutorials give a published flow of spec CloudStorageToAEP one (from Adobe's prose, rule spec.publish.complete",
      );
      expect(notices.join("")).toContain(
        '`transformations` has no "Mapping" transformation: Adobe\'s tutorials give a published flow of spec CloudStorageToAEP one',
      );
      const made = p.create(inputs as DataflowInputs);
      if (status === 201) await made;
      else
        await expect(made).rejects.toThrow(
          /the service refused the create \(HTTP 400 FLOW-1100-400\): .*needs scheduleParams and a Mapping transformation\. Before sending it, this package warned .*`scheduleParams` is not given.*`transformations` has no "Mapping" transformation/,
        );
      // A refused publish reads the connections the flow uses, to say whether one is a draft (here none is).
      const explained = status === 201 ? [] : ["GET /sourceConnections/{id} 200", "GET /targetConnections/{id} 200"];
      expect(calls()).toEqual(["GET /flowSpecs/{id} 200", `POST /flows ${status}`, ...explained]);
      expect(emu.flows()).toHaveLength(status === 201 ? 1 : 0);
    },
  );
});

describe("what the service fills with its spec's declared defaults is not drift", () => {
  it.each<[Behaviour["specDefaults"]]>([["as-sent"], ["filled"]])(
    "with specDefaults %s, a schedule without backfill (scheduleSpec: default true) refreshes with no change and no PATCH",
    async (specDefaults) => {
      emu.setBehaviour({ specDefaults });
      const p = await provider();
      const args = { ...publishable(), scheduleParams: { startTime: futureStart(), frequency: "hour", interval: 1 } };
      const { id, outs, inputs } = await created(p, args);
      expect(emu.flows()[0].scheduleParams).toEqual(
        specDefaults === "filled"
          ? { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: "true" }
          : { startTime: String(futureStart()), frequency: "hour", interval: "1" },
      );
      emu.clearJournal();
      const read = await p.read(id, outs);
      expect((read.props as DataflowOutputs).scheduleParams).toEqual({ startTime: futureStart(), frequency: "hour", interval: 1 });
      expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      // The flow spec is read (once per run) only when the read holds a value the program did not declare.
      expect(calls()).toEqual(specDefaults === "filled" ? ["GET /flows/{id} 200", "GET /flowSpecs/{id} 200"] : ["GET /flows/{id} 200"]);
      emu.clearJournal();
      await p.update(id, read.props as DataflowOutputs, inputs);
      expect(calls()).toEqual([]);
    },
  );

  it("a value the program did not declare that is not the spec's default is kept, so the preview shows it", async () => {
    emu.setBehaviour({ specDefaults: "filled" });
    const p = await provider();
    const args = { ...publishable(), scheduleParams: { startTime: futureStart(), frequency: "hour", interval: 1 } };
    const { id, outs, inputs } = await created(p, args);
    emu.editFlow(id, [{ op: "replace", path: "/scheduleParams/backfill", value: "false" }]);
    const read = await p.read(id, outs);
    expect((read.props as DataflowOutputs).scheduleParams).toEqual({
      startTime: futureStart(),
      frequency: "hour",
      interval: 1,
      backfill: false,
    });
    expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toMatchObject({ changes: true });
  });

  it("a start time written as ISO text stays as written through a refresh, and is sent as epoch seconds", async () => {
    const p = await provider();
    const iso = new Date(futureStart() * 1000).toISOString().replace(".000Z", "Z");
    const args = { ...publishable(), scheduleParams: { startTime: iso, frequency: "hour", interval: 1 } };
    const { id, outs, inputs } = await created(p, args);
    expect(emu.flows()[0].scheduleParams).toMatchObject({ startTime: String(futureStart()) });
    expect(outs.scheduleParams).toMatchObject({ startTime: iso });
    const read = await p.read(id, outs);
    expect((read.props as DataflowOutputs).scheduleParams).toMatchObject({ startTime: iso });
    expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
});

describe("options (error diagnostics, partial ingestion)", () => {
  it("an edit is one PATCH of /options; a percent read back as a number is no change", async () => {
    const p = await provider();
    const { id, outs, inputs } = await created(p, publishable());
    const news = { ...inputs, options: { errorDiagnosticsEnabled: true, partialIngestionEnabled: true, partialIngestionPercent: 10 } };
    emu.clearJournal();
    const after = await p.update(id, outs, news);
    // Options are checked against the spec's optionSpec before the write (one read per spec per run).
    expect(flowCalls(emu)).toEqual([
      { method: "GET", path: `/flowSpecs/${inputs.flowSpec.id}` },
      { method: "PATCH", path: `/flows/${id}`, ifMatch: outs.etag, body: [{ op: "add", path: "/options", value: news.options }] },
    ]);
    const read = await p.read(id, after.outs);
    expect(await p.diff(id, read.props as DataflowOutputs, news)).toMatchObject({ changes: false });
  });
});

describe.each<[string, Behaviour["missingSandboxHeader"]]>([
  ["refused (2105)", "reject"],
  ["defaulted to prod", "default-prod"],
])("a call without x-sandbox-name %s", (_what, missingSandboxHeader) => {
  it("never happens: every call of the provider names its sandbox", async () => {
    emu.setBehaviour({ missingSandboxHeader });
    const p = await provider();
    await created(p, { ...baseInputs(), sandboxName: "stage" });
    expect(
      emu
        .journal()
        .filter((e) => e.service === "flowservice")
        .every((e) => e.headers.sandboxName === "stage"),
    ).toBe(true);
    expect(emu.flows()[0].sandboxName).toBe("stage");
  });
});

describe("retries and error bodies", () => {
  it("a 500 on a read is retried (Adobe: a 500 can be transient)", async () => {
    const p = await provider();
    const { id, outs } = await created(p, baseInputs());
    emu.addFault({ method: "GET", path: "^/flows/", status: 500 });
    emu.clearJournal();
    expect((await p.read(id, outs)).id).toBe(id);
    expect(calls()).toEqual(["GET /flows/{id} 500", "GET /flows/{id} 200"]);
  });

  it.each<[string, Behaviour["gatewayErrorCode"]]>([
    ["a string", "string"],
    ["a number", "number"],
  ])("a gateway error_code as %s keeps its setting hint", async (_what, gatewayErrorCode) => {
    emu.setBehaviour({ gatewayErrorCode });
    const p = await provider();
    const { id, outs } = await created(p, baseInputs());
    emu.addFault({ method: "GET", path: "^/flows/", status: 401, times: 2 });
    await expect(p.read(id, outs)).rejects.toThrow(/401013: Oauth token is not valid \(the token IMS issued for aep:clientId was refused/);
  });
});

// The defects a user-style review of issue 10 found, each kept as a test of its whole kind.
describe("after a not-found refresh, a flow that answers again is kept, not replaced", () => {
  it("its label lifted: the replacement's delete reads it, finds it, and deletes and creates nothing", async () => {
    const p = await provider();
    const { id, outs, inputs } = await created(p, baseInputs());
    emu.editFlow(id, [{ op: "add", path: "/labels", value: ["core/C12"] }]);
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject({ state: "not-found" });
    expect((await p.diff(id, read.props as DataflowOutputs, inputs)).replaces).toEqual(["state"]);
    // The label is lifted before the next `pulumi up`.
    emu.editFlow(id, [{ op: "remove", path: "/labels" }]);
    emu.clearJournal();
    await expect(p.delete(id, read.props as DataflowOutputs)).rejects.toThrow(
      /was not found at the last refresh, but it exists again \(draft\).*Nothing was deleted or created\. Run `pulumi refresh`/,
    );
    expect(calls()).toEqual(["GET /flows/{id} 200"]);
    expect(emu.flows().map((f) => f.id)).toEqual([id]);
  });
});

describe("a value the program gives as a string stays that string", () => {
  it.each([
    ["a leading zero", "007"],
    ["a trailing zero", "1.50"],
    ["a long digit id", "12345678901234567890"],
  ])("%s: a change of the string is a PATCH, the same string is none", async (_what, value) => {
    const p = await provider();
    const { id, outs, inputs } = await created(p, { ...baseInputs(), name: value });
    const read = await p.read(id, outs);
    expect(await p.diff(id, read.props as DataflowOutputs, inputs)).toMatchObject({ changes: false });
    // The numerically equal string is another value to the service: it is sent.
    const other = String(Number(value));
    const news = { ...inputs, name: other };
    expect(await p.diff(id, read.props as DataflowOutputs, news)).toMatchObject({ changes: true });
    emu.clearJournal();
    await p.update(id, read.props as DataflowOutputs, news);
    expect(flowCalls(emu)).toEqual([
      {
        method: "PATCH",
        path: `/flows/${id}`,
        ifMatch: (read.props as DataflowOutputs).etag,
        body: [{ op: "replace", path: "/name", value: other }],
      },
    ]);
  });
});

describe("a preview that cannot read the flow spec says so", () => {
  it("without credentials the check passes locally, makes no call, and names what it skipped", async () => {
    const p = await provider({ "aep:clientSecret": "" });
    const { failures } = await p.check({}, publishable());
    expect(failures).toEqual([]);
    expect(emu.journal()).toEqual([]);
    expect(notices.join("")).toMatch(
      /Dataflow "Orders ingestion" \(sandbox dev\): not checked against its flow spec 9753525b-82c7-4dce-8a9b-5ccfce2b9876 in this preview \(.*aep:clientSecret.*\); `pulumi up` checks it before anything is written\./,
    );
  });
});

describe("a refresh of a flow in a transition that ends in deletion or an edit", () => {
  it.each([
    ["delete-finalizing (deleted in the UI)", "delete", { state: "not-found" }],
    ["updating (edited in the UI)", "edit", { state: "draft", name: "Edited in the UI" }],
  ] as const)("%s: recorded as what it settles into", async (_what, change, expected) => {
    const p = await provider({ "aep:settleTimeoutSeconds": "1" });
    const { id, outs } = await created(p, baseInputs());
    emu.setBehaviour({ transitionMs: 5_000 });
    if (change === "delete") emu.deleteFlowOutOfBand(id);
    else emu.editFlow(id, [{ op: "replace", path: "/name", value: "Edited in the UI" }]);
    const read = await p.read(id, outs);
    expect(read.props).toMatchObject(expected);
  });
});

describe("what the flow spec declares, refused in check before any write", () => {
  it("a CRM flow's Copy transformation needs its deltaColumn (the sources catalogue's 1367)", async () => {
    const p = await provider();
    const crm = { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" };
    const { failures } = await p.check({}, { ...baseInputs(), flowSpec: crm, transformations: [{ name: "Copy", params: {} }] });
    // A nested property: the path is in the reason (the engine would show its value as {<nil>}).
    const refused = { property: "", reason: "`transformations[0].params.deltaColumn`: is required by flow spec CRMToAEP" };
    expect(failures).toEqual([refused]);
    // No params at all are no better than empty ones.
    const bare = await p.check({}, { ...baseInputs(), flowSpec: crm, transformations: [{ name: "Copy" }] });
    expect(bare.failures).toEqual([refused]);
    expect(emu.journal().filter((c) => c.method !== "GET" && c.path !== "/ims/token/v3")).toEqual([]);
  });
});

describe("a new flow whose start time has passed (the service answers 1360)", () => {
  it.each<[Behaviour["pastStartTime"], boolean]>([
    ["refuse", true],
    ["refuse", false],
    ["accept-drafts", true],
    ["accept-drafts", false],
  ])("with pastStartTime: %s, draft: %s, check refuses it, naming the time, and nothing is written", async (pastStartTime, draft) => {
    emu.setBehaviour({ pastStartTime });
    const p = await provider();
    const start = Math.floor(Date.now() / 1000) - 3600;
    const { failures } = await p.check(
      {},
      { ...publishable(), scheduleParams: { startTime: start, frequency: "hour", interval: 1 }, draft },
    );
    expect(failures).toEqual([
      {
        property: "",
        reason: `\`scheduleParams.startTime\`: ${new Date(start * 1000).toISOString()} has passed, and the service refuses a new flow whose start time is in the past. Set a startTime in the future.`,
      },
    ]);
    expect(emu.journal().filter((c) => c.method !== "GET" && c.path !== "/ims/token/v3")).toEqual([]);
  });
});

describe("a published flow's start time, once passed, cannot change", () => {
  it("check refuses the change, naming the property, before any call; other schedule keys still change", async () => {
    const p = await provider();
    const past = { startTime: 1_700_000_000, frequency: "hour", interval: 1, backfill: true };
    const olds = { ...publishable(), scheduleParams: past, draft: false } as Record<string, unknown>;
    const { inputs } = await p.check({}, olds);
    emu.clearJournal();
    const moved = await p.check(inputs, { ...olds, scheduleParams: { ...past, startTime: 1_800_000_000 } });
    expect(moved.failures).toEqual([
      {
        property: "",
        reason:
          "`scheduleParams.startTime`: the flow is published and its start time (2023-11-14T22:13:20.000Z) has passed, so the service refuses to change it. Keep the " +
          "old startTime (other schedule keys can change), or make a new flow with the new start time: `pulumi up --replace <this " +
          "resource's URN>`, or give the resource a new name.",
      },
    ]);
    const other = await p.check(inputs, { ...olds, scheduleParams: { ...past, interval: 2 } });
    expect(other.failures).toEqual([]);
  });
});
