// examples/empty-sandbox-yaml through the real CLI, the Pulumi YAML language host and the `aep` provider plugin, in a
// sandbox that holds nothing (the emulator with fixtures "none"): the whole pipeline of examples/empty-sandbox declared
// in YAML makes exactly the calls the TypeScript program makes (empty-sandbox-calls.ts), a refresh finds nothing
// changed, and destroy leaves the sandbox as it was but for the mapping set Data Prep documents no DELETE for.
import type { JournalEntry, RunningEmulator } from "../../emulator";
import { type PulumiProject, locatePulumi } from "../../scripts/pulumi-cli";
import { EMPTY_SANDBOX, sandboxContents } from "../../scripts/sandbox-contents";
import { futureStartIso } from "../helpers/dates";
import { emulator } from "../helpers/emulator";
import { LOOKUPS, PipelinePart, upAsDrafts, UP_ORDERS, destroyCalls, destroyOrders, partNames, refreshReads } from "./empty-sandbox-calls";
import {
  callShapes,
  yamlExampleCopy,
  inOrder,
  initForEmulator,
  leakedSecrets,
  projectFor,
  stackResources,
  takeCalls,
  unordered,
} from "./harness";

const S3_SECRET = "s3-SECRET-KEY-empty-sandbox-yaml-e2e-7c41";
/** The program's resources, by what they are. */
const RESOURCES: Record<PipelinePart, string> = {
  fieldGroup: "customerFields",
  schema: "customers",
  descriptor: "customerId",
  dataset: "customersDataset",
  base: "crmBucket",
  source: "crmFiles",
  target: "customersTarget",
  mapping: "customersMapping",
  flow: "customersFlow",
};

let emu: RunningEmulator;
let project: PulumiProject;
const journal: JournalEntry[] = [];
let exported = "";
let names: Record<string, PipelinePart> = {};
const ids = {} as Record<PipelinePart, string>;
const stepCalls = () => takeCalls(emu, journal, names);

async function exportStack() {
  const { text, deployment } = await project.exportStack();
  exported += text;
  return stackResources(deployment);
}

beforeAll(async () => {
  // The YAML language host is built by `scripts/get-pulumi.sh --yaml`; without it the suite fails, saying so.
  locatePulumi(["yaml"]);
  emu = await emulator({ fixtures: "none" });
  project = projectFor(yamlExampleCopy("empty-sandbox-yaml"), "dev");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev", startTime: futureStartIso() });
  await project.configSet("s3AccessKey", "AKIAEMPTYYAMLE2E", true);
  await project.configSet("s3SecretKey", S3_SECRET, true);
  emu.clearJournal();
}, 120_000);

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

describe("examples/empty-sandbox-yaml: the whole pipeline in YAML, through the aep plugin, into an empty sandbox", () => {
  it("`pulumi up` makes the TypeScript program's calls: the data model, then the pipeline as drafts, one write each", async () => {
    expect(sandboxContents(emu, "dev")).toEqual(EMPTY_SANDBOX);
    await project.up();
    const stack = await exportStack();
    expect(Object.fromEntries(Object.entries(stack).map(([name, r]) => [name, r.type]))).toEqual({
      customerFields: "aep:index:FieldGroup",
      customers: "aep:index:Schema",
      customerId: "aep:index:IdentityDescriptor",
      customersDataset: "aep:index:Dataset",
      crmBucket: "aep:index:BaseConnection",
      crmFiles: "aep:index:SourceConnection",
      customersTarget: "aep:index:TargetConnection",
      customersMapping: "aep:index:MappingSet",
      customersFlow: "aep:index:Dataflow",
    });
    names = partNames(RESOURCES, stack);
    for (const [id, part] of Object.entries(names)) ids[part] = id;
    const calls = stepCalls();
    expect(callShapes(calls)).toEqual(unordered(upAsDrafts(ids)));
    for (const order of UP_ORDERS) inOrder(calls, order);
    const body = (call: string) => calls.find((c) => c.call === call)!.body;
    expect(body("POST /tenant/descriptors")).toMatchObject({
      "xdm:sourceSchema": "{schema}",
      "xdm:sourceProperty": "/_emulator/customerId",
    });
    expect(body("POST /mappingSets")).toMatchObject({
      outputSchema: { schemaRef: { id: "{schema}" } },
      mappings: [{ destination: "_emulator.customerId" }, { destination: "_emulator.email" }, { destination: "_emulator.tier" }],
    });
    expect(body("POST /flows?mode=draft")).toMatchObject({
      sourceConnectionIds: ["{source}"],
      targetConnectionIds: ["{target}"],
      transformations: [{ name: "Mapping", params: { mappingId: "{mapping}", mappingVersion: 0 } }],
    });
    expect(sandboxContents(emu, "dev")).toEqual({
      fieldGroups: 1,
      schemas: 1,
      descriptors: 1,
      datasets: 1,
      baseConnections: 1,
      sourceConnections: 1,
      targetConnections: 1,
      mappingSets: 1,
      flows: 1,
    });
    expect(stack.customersFlow.outputs).toMatchObject({ draft: true, state: "draft" });
    expect(stack.customerFields.outputs).toMatchObject({ tenantId: "emulator", title: "Acme customer fields" });
    expect(await project.outputs()).toMatchObject({ tenantId: "emulator", schemaId: ids.schema, flowId: ids.flow, state: "draft" });
  });

  it("`pulumi refresh` reads each resource once and finds nothing changed, although the registry and Catalog add fields", async () => {
    const refreshed = await project.refresh(["--expect-no-changes"]);
    expect(refreshed.code).toBe(0);
    expect(callShapes(stepCalls())).toEqual(unordered(refreshReads(ids)));
    // The reads fill in what a create's answer lacks (times, Catalog's version), under the same ids.
    expect(partNames(RESOURCES, await exportStack())).toEqual(names);
    // No perpetual diff: a preview afterwards plans nothing, and only the lookups read.
    const preview = await project.run(["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    expect(callShapes(stepCalls())).toEqual(unordered(LOOKUPS));
  });

  it("`pulumi destroy` deletes in reverse order and leaves the sandbox empty but for the mapping set Data Prep cannot delete", async () => {
    const destroyed = await project.destroy();
    expect(destroyed.stdout).toMatch(/aep:index:MappingSet \(customersMapping\):\s+\[aep\] MappingSet .*left in the sandbox/);
    const calls = stepCalls();
    expect(callShapes(calls)).toEqual(unordered(destroyCalls(ids)));
    for (const order of destroyOrders(ids)) inOrder(calls, order);
    expect(sandboxContents(emu, "dev")).toEqual({ ...EMPTY_SANDBOX, mappingSets: 1 });
    expect(await exportStack()).toEqual({});
  });

  it("no credential anywhere: stack exports, CLI output, the emulator's journal", () => {
    for (const text of [exported, project.transcript, JSON.stringify(journal)]) {
      expect(text).not.toContain(S3_SECRET);
      expect(leakedSecrets(text)).toEqual([]);
    }
  });
});
