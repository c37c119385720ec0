// The pre-write rules (provider/rules.ts): only what the service declares, what no request can express, or what keeps
// the package's guarantees may refuse before a write. Every rule from prose or a guess only warns: for each, a test here
// (or the one named) shows the request reaching the service, and the service's answer — a success, or a refusal under
// the emulator's strict switch, explained with the warning.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { BASE_CONNECTION } from "../provider/kinds/base-connection";
import { DATAFLOW } from "../provider/kinds/dataflow";
import type { EntityKind } from "../provider/kinds/kind";
import { SOURCE_CONNECTION } from "../provider/kinds/source-connection";
import { RULES, RuleId, RuleSource, effectOf, refuses, rulesTable } from "../provider/rules";
import { entityProvider, mappingSetProvider } from "../provider/runtime";
import { ProviderRun } from "../provider/lifecycle/context";
import { MAPPING, SOURCE_ID, TARGET_ID, baseInputs, emulator, flowCalls, serviceCalls, stackConfig } from "./helpers/emulator";

describe("the table", () => {
  const declared: RuleSource[] = [
    "declaration",
    "spec-schema",
    "spec-attribute",
    "error-catalogue",
    "service-answer",
    "no-request",
    "safety",
    "documented-rule",
  ];

  it("refuses only on what the service declares, what no request expresses, the package's guarantees, or a rule Adobe's docs list as the service's; prose and guesses warn", () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect({ id, effect: effectOf(rule.source) }).toEqual({ id, effect: declared.includes(rule.source) ? "refuse" : "warn" });
      expect({ id, refuses: refuses(id as RuleId) }).toEqual({ id, refuses: declared.includes(rule.source) });
    }
    expect(effectOf("prose")).toBe("warn");
    expect(effectOf("guess")).toBe("warn");
  });

  it("docs/pre-write-rules.md holds every rule, with its source and effect", () => {
    const page = readFileSync(path.join(__dirname, "..", "docs", "pre-write-rules.md"), "utf8");
    for (const [id, rule] of Object.entries(RULES)) {
      expect(page).toMatch(new RegExp(`\\| \`${id.replace(/\./g, "\\.")}\` +\\|.*\\| ${rule.source} +\\| ${effectOf(rule.source)} +\\|`));
    }
    expect(rulesTable().split("\n")).toHaveLength(Object.keys(RULES).length + 2);
  });
});

let emu: RunningEmulator;
const notices: string[] = [];
const stderrWrite = process.stderr.write.bind(process.stderr);

beforeEach(() => {
  notices.length = 0;
  process.stderr.write = ((chunk: string | Uint8Array) => (notices.push(String(chunk)), true)) as typeof process.stderr.write;
});
afterEach(async () => {
  process.stderr.write = stderrWrite;
  await emu?.stop();
});

async function providerOf(kind: EntityKind) {
  const p = entityProvider(new ProviderRun({}), kind);
  const config = stackConfig(emu);
  await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } } as never);
  return p;
}

/** Check (no refusal, the rule's warning printed), then create: the request reaches the service. */
async function warnedThenSent(kind: EntityKind, args: Record<string, unknown>, rule: RuleId) {
  const p = await providerOf(kind);
  const { inputs, failures } = await p.check({}, args);
  expect(failures).toEqual([]);
  expect(notices.join("")).toContain(`rule ${rule}:`);
  emu.clearJournal();
  const result = await p.create(inputs as never).then(
    (r) => ({ ok: r }),
    (err: Error) => ({ err }),
  );
  const writes = flowCalls(emu, { withStatus: true }).filter((c) => c.method === "POST");
  return { result, writes };
}

const flowArgs = (extra: Record<string, unknown> = {}) => ({ ...baseInputs(), ...extra });

describe("each rule from prose or a guess warns, and the request reaches the service", () => {
  it.each<[RuleId, Record<string, unknown>]>([
    ["name.length", { name: "x".repeat(300) }],
    ["description.length", { description: "d".repeat(5000) }],
    ["specVersion.form", { flowSpec: { id: baseInputs().flowSpec.id, version: "v1" } }],
    ["flow.connections.list", { sourceConnectionIds: [SOURCE_ID, SOURCE_ID] }],
    ["flow.transformations.count", { transformations: Array.from({ length: 101 }, () => MAPPING[0]) }],
    [
      "flow.mapping.params",
      { transformations: [{ name: "Mapping", params: { mappingId: MAPPING[0].params.mappingId, mappingVersion: 0, note: "x" } }] },
    ],
  ])("%s: the default emulator takes it", async (rule, extra) => {
    emu = await emulator();
    const { result, writes } = await warnedThenSent(DATAFLOW as unknown as EntityKind, flowArgs(extra), rule);
    expect(result).toEqual({ ok: expect.objectContaining({ id: expect.any(String) }) });
    expect(writes).toEqual([expect.objectContaining({ method: "POST", path: "/flows", status: 201 })]);
  });

  it("id.form: an id not in UUID form is sent; the service refuses it as naming nothing, and the error names the property and the warning", async () => {
    emu = await emulator();
    const { result, writes } = await warnedThenSent(
      DATAFLOW as unknown as EntityKind,
      flowArgs({ targetConnectionIds: ["orders-target"] }),
      "id.form",
    );
    expect(writes).toEqual([expect.objectContaining({ method: "POST", path: "/flows", status: 400 })]);
    expect("err" in result && result.err.message).toMatch(
      /the service refused the create \(HTTP 400 FLOW-1100-400\): .*target connection orders-target does not exist in sandbox dev\. It is about `targetConnectionIds\[0\]`.*Before sending it, this package warned .*`targetConnectionIds\[0\]` is not in UUID form/,
    );
  });

  it("sandboxName.form: a sandbox name Adobe would not write is sent; the service answers it does not know it", async () => {
    emu = await emulator();
    const { result, writes } = await warnedThenSent(
      DATAFLOW as unknown as EntityKind,
      flowArgs({ sandboxName: "Dev" }),
      "sandboxName.form",
    );
    // The first call in that sandbox (the flow spec's read, before the write) gets the service's answer: no such sandbox.
    expect(writes).toEqual([]);
    expect(flowCalls(emu, { withStatus: true, withSandbox: true })).toEqual([
      { method: "GET", path: `/flowSpecs/${baseInputs().flowSpec.id}`, sandbox: "Dev", status: 404 },
    ]);
    expect("err" in result && result.err.message).toMatch(/HTTP 404 FLOW-2100-404: The sandbox with the name 'Dev' could not be found/);
  });

  it("text.nonEmpty: an empty data format is sent; the service refuses it (1327), and the error names the warning", async () => {
    emu = await emulator();
    const source = {
      name: "Orders files (no format)",
      baseConnectionId: FIXTURE_IDS.baseConnections.s3,
      connectionSpec: { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" },
      data: { format: "" },
      params: { path: "/acme/in/*.csv" },
    };
    const { result, writes } = await warnedThenSent(SOURCE_CONNECTION as unknown as EntityKind, source, "text.nonEmpty");
    expect(writes).toEqual([expect.objectContaining({ path: "/sourceConnections", status: 400 })]);
    expect("err" in result && result.err.message).toMatch(
      /HTTP 400 FLOW-1327-400.*Before sending it, this package warned .*`data\.format` is empty/,
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ["mapping.rules.present", { mappings: [] }],
    [
      "mapping.destinations.unique",
      {
        mappings: [
          { sourceType: "ATTRIBUTE", source: "id", destination: "_id" },
          { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
        ],
      },
    ],
  ])("%s: a mapping set is sent to Data Prep, which decides", async (rule, extra) => {
    emu = await emulator();
    const run = new ProviderRun({});
    const p = mappingSetProvider(run);
    const config = stackConfig(emu);
    await p.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } } as never);
    const args = {
      outputSchema: { schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
      ...extra,
    };
    const { inputs, failures } = await p.check({}, args);
    expect(failures).toEqual([]);
    expect(notices.join("")).toContain(`rule ${rule}:`);
    emu.clearJournal();
    await p.create(inputs as never).catch(() => undefined);
    expect(serviceCalls(emu, "dataprep").filter((c) => c.method === "POST")).toEqual([
      expect.objectContaining({ method: "POST", path: "/mappingSets" }),
    ]);
  });

  it("a base connection's connection spec id not in UUID form is looked up; the service answers it does not exist, so check refuses on that answer", async () => {
    emu = await emulator();
    const base = {
      name: "Orders bucket",
      connectionSpec: { id: "amazon-s3", version: "1.0" },
      auth: { specName: "Access Key", params: { s3AccessKey: "AKIA", s3SecretKey: "s" } },
      draft: false,
    };
    const p = await providerOf(BASE_CONNECTION as unknown as EntityKind);
    const { failures } = await p.check({}, base);
    // The spec is read by the id given and the service answers 404: that is the service's answer, so check refuses.
    expect(failures).toEqual([
      {
        property: "",
        reason: expect.stringContaining(
          "`connectionSpec.id`: connection spec amazon-s3 does not exist (GET /connectionSpecs/amazon-s3 answered 404)",
        ),
      },
    ]);
    expect(notices.join("")).toContain("rule id.form:");
  });
});

describe("the rules tested elsewhere", () => {
  // Named here so that a new rule from prose or a guess cannot go without a test of the request reaching the service.
  const ELSEWHERE: Partial<Record<RuleId, string>> = {
    "flow.schedule.offline": "tests/prewrite-offline.test.ts",
    "flow.options.offline": "tests/prewrite-offline.test.ts",
    "spec.schedule.absent": "tests/fidelity.test.ts › a schedule for a streaming spec (it declares none) is a warning",
    "spec.options.absent": "tests/prewrite-offline.test.ts",
    "spec.publish.complete": "tests/fidelity.test.ts › a published flow without the spec's schedule and mapping",
    "publish.order": "tests/engine-connections.test.ts › a source connection whose base connection is a draft",
    "xdm.unionIdentity": "tests/xdm-resources.test.ts › enableProfile on a descriptor that is not primary is a warning",
    "xdm.fieldType":
      "tests/xdm-resources.test.ts › a definition that is not JSON Schema is refused naming the field; a JSON Schema type XDM does not list is a warning",
    "mapping.destination.inSchema":
      "tests/engine-mapping-set.test.ts › check names each tenant destination the schema lacks, reading the schema once per run (xed-full); the create is still sent",
  };
  const HERE: RuleId[] = [
    "name.length",
    "description.length",
    "specVersion.form",
    "flow.connections.list",
    "flow.transformations.count",
    "flow.mapping.params",
    "id.form",
    "sandboxName.form",
    "text.nonEmpty",
    "mapping.rules.present",
    "mapping.destinations.unique",
  ];

  it("every rule from prose or a guess has its test", () => {
    const warning = Object.keys(RULES).filter((id) => !refuses(id as RuleId));
    expect([...HERE, ...Object.keys(ELSEWHERE)].sort()).toEqual(warning.sort());
  });

  it("the tests named exist", () => {
    for (const where of Object.values(ELSEWHERE)) {
      const [file, title] = where!.split(" › ");
      const text = readFileSync(path.join(__dirname, "..", file), "utf8");
      if (title) expect(text).toContain(title);
    }
  });
});

void TARGET_ID;
