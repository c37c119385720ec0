// examples/yaml through the real CLI and the Pulumi YAML language host: the pipeline declared in
// YAML, served by the `aep` provider plugin (bin/pulumi-resource-aep, the same runtime as the
// dynamic resources): drafts, an edit, a publish in order, `pulumi import` of a flow made outside
// Pulumi whose generated code previews with no change, and a destroy in reverse order — with the
// exact calls the emulator received and the stack after each step.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { FIXTURE_IDS, type JournalEntry, type RunningEmulator } from "../../emulator";
import { type PulumiProject, locatePulumi } from "../../scripts/pulumi-cli";
import { futureStart, futureStartIso } from "../helpers/dates";
import { SOURCE_ID, TARGET_ID, baseInputs, clientFor } from "../helpers/emulator";
import {
  CLOUD_STORAGE_FLOW_SPEC,
  PIPELINE_LOOKUPS as LOOKUPS,
  PIPELINE_SPEC_READS as SPEC_READS,
  PIPELINE_OUTPUT_SCHEMA_READ,
  PLUGIN_PUBLISH_CALLS,
  PLUGIN_PUBLISH_ORDER,
  ServiceCall,
  yamlExampleCopy,
  inOrder,
  initForEmulator,
  leakedSecrets,
  projectFor,
  serviceCalls,
  stackResources,
  startE2eEmulator,
  unordered,
} from "./harness";

const S3_SECRET = "s3-SECRET-KEY-yaml-e2e-91ab";
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.stringMatching(/^v1:/) };

let emu: RunningEmulator;
let project: PulumiProject;
let dir: string;
const journal: JournalEntry[] = [];
let exported = "";
const ids: Record<string, string> = {};

function stepCalls(): ServiceCall[] {
  const entries = emu.journal();
  journal.push(...entries);
  emu.clearJournal();
  return serviceCalls(entries, Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name])));
}
const shapes = (calls: ServiceCall[]) => unordered(calls.map((c) => `${c.service} ${c.call}`));

async function exportStack() {
  const { text, deployment } = await project.exportStack();
  exported += text;
  return stackResources(deployment);
}

beforeAll(async () => {
  // The YAML language host is built by `scripts/get-pulumi.sh --yaml`; without it the suite fails, saying so.
  locatePulumi(["yaml"]);
  emu = await startE2eEmulator();
  ({ dir } = yamlExampleCopy("yaml"));
  project = projectFor({ dir, stateDir: path.dirname(dir) }, "dev");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev", startTime: futureStartIso() });
  await project.configSet("s3AccessKey", "AKIAYAMLE2E", true);
  await project.configSet("s3SecretKey", S3_SECRET, true);
  emu.clearJournal();
}, 120_000);

afterAll(async () => {
  await project?.remove();
  await emu?.stop();
});

describe("examples/yaml through the aep provider plugin", () => {
  it("up creates the pipeline as drafts, with the lookups as invokes and each spec read once", async () => {
    await project.up();
    const resources = await exportStack();
    for (const [name, r] of Object.entries(resources)) ids[name] = r.id ?? "";
    expect(Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, r.type]))).toEqual({
      ordersBucket: "aep:index:BaseConnection",
      ordersFiles: "aep:index:SourceConnection",
      ordersDataset: "aep:index:TargetConnection",
      ordersMapping: "aep:index:MappingSet",
      ordersFlow: "aep:index:Dataflow",
    });
    expect(shapes(stepCalls())).toEqual(
      unordered([
        ...LOOKUPS,
        ...SPEC_READS,
        "flowservice POST /connections?mode=draft",
        "flowservice POST /sourceConnections?mode=draft",
        "flowservice POST /targetConnections?mode=draft",
        "dataprep POST /mappingSets",
        "flowservice POST /flows?mode=draft",
        PIPELINE_OUTPUT_SCHEMA_READ,
      ]),
    );
    expect(resources.ordersBucket.outputs).toMatchObject({ auth: SECRET, state: "draft", draft: true, sandboxName: "dev" });
    expect(resources.ordersFlow.outputs).toMatchObject({
      name: "Orders from S3 (YAML)",
      state: "draft",
      // The start time in the form the program wrote it (ISO text from the stack's config), sent as epoch seconds.
      scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1 },
      sourceConnectionIds: [ids.ordersFiles],
      targetConnectionIds: [ids.ordersDataset],
      transformations: [{ name: "Mapping", params: { mappingId: ids.ordersMapping, mappingVersion: 0 } }],
      etag: emu.flows().find((f) => f.id === ids.ordersFlow)!.etag,
    });
  });

  it("a preview of the unchanged stack makes only the lookups' reads", async () => {
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/6 unchanged/);
    expect(shapes(stepCalls())).toEqual(unordered(LOOKUPS));
  });

  it("an edit is one etag-guarded PATCH", async () => {
    const etag = emu.flows().find((f) => f.id === ids.ordersFlow)!.etag;
    await project.configSet("flowName", "Orders from S3 (YAML, v2)");
    await project.up();
    const calls = stepCalls();
    expect(shapes(calls)).toEqual(unordered([...LOOKUPS, "flowservice PATCH /flows/{ordersFlow}"]));
    expect(calls.find((c) => c.call.startsWith("PATCH"))).toEqual({
      service: "flowservice",
      call: "PATCH /flows/{ordersFlow}",
      sandbox: "dev",
      ifMatch: etag,
      body: [{ op: "replace", path: "/name", value: "Orders from S3 (YAML, v2)" }],
    });
  });

  it("draft: false publishes the pipeline in Adobe's order", async () => {
    await project.configSet("draft", "false");
    await project.up();
    const calls = stepCalls();
    expect(shapes(calls)).toEqual(unordered([...LOOKUPS, ...SPEC_READS, ...PLUGIN_PUBLISH_CALLS]));
    inOrder(calls, PLUGIN_PUBLISH_ORDER);
    const resources = await exportStack();
    for (const name of Object.keys(ids)) {
      // A mapping set has no state: it has versions.
      if (name !== "ordersMapping") expect(resources[name].outputs).toMatchObject({ state: "enabled", draft: false });
    }
  });

  it("pulumi import brings in a flow made outside Pulumi, and its generated code previews with no change", async () => {
    const made = await clientFor(emu, { sandboxName: "dev" }).createFlow(
      { ...baseInputs(), name: "Made in the UI", scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1" } },
      { draft: true },
    );
    emu.clearJournal();
    const out = path.join(dir, "imported.yaml");
    await project.run(["import", "aep:index:Dataflow", "madeInTheUi", made.id, "--yes", "--protect=false", "--out", out]);
    // The import does not run the program (no lookups); its preview and the import itself each read the flow once, and
    // its flow spec, to leave out of the generated code what the service filled with the spec's declared defaults.
    expect(shapes(stepCalls())).toEqual(
      unordered([
        "flowservice GET /flows/" + made.id,
        "flowservice GET /flows/" + made.id,
        `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
        `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
      ]),
    );
    // The generated YAML's resource, added to the program as a user would paste it.
    const generated = parseDocument(readFileSync(out, "utf8")).toJS() as { resources: Record<string, unknown> };
    expect(Object.keys(generated.resources)).toEqual(["madeInTheUi"]);
    const file = path.join(dir, "Pulumi.yaml");
    const program = parseDocument(readFileSync(file, "utf8"));
    program.setIn(["resources", "madeInTheUi"], program.createNode(generated.resources.madeInTheUi));
    writeFileSync(file, program.toString());
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/7 unchanged/);
    expect(preview.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    expect(shapes(stepCalls())).toEqual(unordered(LOOKUPS));
    expect((generated.resources.madeInTheUi as { properties: Record<string, unknown> }).properties).toMatchObject({
      name: "Made in the UI",
      flowSpec: { id: CLOUD_STORAGE_FLOW_SPEC, version: "1.0" },
      sourceConnectionIds: [SOURCE_ID],
      targetConnectionIds: [TARGET_ID],
      // A read of a flow the program did not declare gives times as ISO text: the generated code writes them as
      // written, never as a float (1.9249992e+09).
      scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1 },
      draft: true,
      sandboxName: "dev",
    });
    expect(readFileSync(out, "utf8")).not.toMatch(/\d\.\d+e[+-]?\d/);
  });

  it("pulumi import takes every other kind too, with inputs that pass check; the state forgets them again without a delete", async () => {
    const fixtures: [string, string][] = [
      ["aep:index:BaseConnection", FIXTURE_IDS.baseConnections.s3],
      ["aep:index:SourceConnection", SOURCE_ID],
      ["aep:index:TargetConnection", TARGET_ID],
      ["aep:index:MappingSet", FIXTURE_IDS.ordersMappings[0]],
    ];
    for (const [type, id] of fixtures) {
      const name = `imported${type.split(":").pop()}`;
      const result = await project.run(["import", type, name, id, "--yes", "--protect=false", "--out", path.join(dir, `${name}.yaml`)]);
      // Pulumi checks the inputs the read returned; a failure would print "failed to validate".
      expect(result.stdout + result.stderr).not.toMatch(/failed to validate|has a problem/);
      const generated = parseDocument(readFileSync(path.join(dir, `${name}.yaml`), "utf8")).toJS() as {
        resources: Record<string, { type: string; properties: Record<string, unknown> }>;
      };
      expect(generated.resources[name]).toMatchObject({ type: type.replace(":index:", ":"), properties: { sandboxName: "dev" } });
      await project.run(["state", "delete", `urn:pulumi:dev::aep-yaml::${type}::${name}`, "--yes"]);
    }
    // A base connection's credentials are never read back: the generated code leaves them to be filled in.
    const base = parseDocument(readFileSync(path.join(dir, "importedBaseConnection.yaml"), "utf8")).toJS() as {
      resources: Record<string, { properties: { auth: { specName: string; params: Record<string, unknown> } } }>;
    };
    expect(base.resources.importedBaseConnection.properties.auth).toEqual({ specName: "Access Key", params: {} });
    // Reads only: nothing of the sandbox was changed.
    expect(stepCalls().every((c) => c.call.startsWith("GET "))).toBe(true);
  });

  it("destroy deletes in reverse order, and no credential is anywhere", async () => {
    const destroyed = await project.destroy();
    // The provider's notices reach the CLI through the engine's log, under their resource.
    expect(destroyed.stdout).toMatch(/aep:index:MappingSet \(ordersMapping\):\s+\[aep\] MappingSet .*left in the sandbox/);
    const calls = stepCalls();
    inOrder(calls, ["DELETE /flows/{ordersFlow}", "DELETE /sourceConnections/{ordersFiles}", "DELETE /connections/{ordersBucket}"]);
    expect(calls.filter((c) => c.call.startsWith("DELETE")).length).toBe(6);
    expect(emu.flows()).toEqual([]);
    expect(await exportStack()).toEqual({});
    for (const text of [exported, project.transcript, JSON.stringify(journal)]) {
      expect(text).not.toContain(S3_SECRET);
      expect(leakedSecrets(text)).toEqual([]);
    }
  });
});
