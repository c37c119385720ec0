// examples/python through the real CLI and the Python language host: the pipeline of examples/yaml
// declared with the committed Python SDK (sdk/python, generated from the package schema)
// (`pulumi_aep`), served by the `aep` provider plugin (bin/pulumi-resource-aep): drafts, a preview
// that writes nothing, an edit, a publish in order and a destroy in reverse order — with the exact
// calls the emulator received, the stack after each step, and no credential anywhere.
//
// The SDK is pip-installed with `--prefix` into this run's scratch directory and put on PYTHONPATH,
// on top of the shared virtualenv of scripts/get-language-hosts.sh (pulumi==3.248.0): that virtualenv
// is never changed. The v3.68 Python host ignores `runtime.options.virtualenv`, hence PULUMI_PYTHON_CMD.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { JournalEntry, RunningEmulator } from "../../emulator";
import { type PulumiProject, locatePulumi } from "../../scripts/pulumi-cli";
import { futureStartIso } from "../helpers/dates";
import {
  PIPELINE_LOOKUPS as LOOKUPS,
  PIPELINE_SPEC_READS as SPEC_READS,
  ROOT,
  PIPELINE_OUTPUT_SCHEMA_READ,
  PLUGIN_PUBLISH_CALLS,
  PLUGIN_PUBLISH_ORDER,
  ServiceCall,
  exampleCopy,
  inOrder,
  initForEmulator,
  leakedSecrets,
  projectFor,
  serviceCalls,
  stackResources,
  startE2eEmulator,
  unordered,
} from "./harness";

const S3_SECRET = "s3-SECRET-KEY-python-e2e-5c3f";
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.stringMatching(/^v1:/) };
const VENV_PYTHON = path.join(ROOT, ".tools", "pulumi", "python-venv", "bin", "python");

let emu: RunningEmulator;
let project: PulumiProject;
const journal: JournalEntry[] = [];
let exported = "";
const ids: Record<string, string> = {};

/** Runs a set-up step; fails the suite with the step's name and output when it does not succeed. */
function setUp(step: string, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) {
    throw new Error(
      `python e2e set-up, step '${step}': ${cmd} ${args.join(" ")} exited with ${r.status}:\n${r.stderr}${r.stdout}${r.error ?? ""}`,
    );
  }
  return r.stdout.trim();
}

/** The committed SDK (sdk/python, what `pip install ./sdk/python` installs), pip-installed under `stateDir`; returns the directory to put on PYTHONPATH. */
function installSdk(stateDir: string): string {
  // A copy: pip builds in the directory it installs from.
  const sdk = path.join(stateDir, "sdk");
  cpSync(path.join(ROOT, "sdk", "python"), sdk, { recursive: true });
  const prefix = path.join(stateDir, "python");
  // --prefix, unlike --target, sees what the virtualenv already has (pulumi==3.248.0) and adds only the rest (parver).
  setUp("pip install the SDK", VENV_PYTHON, [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-input",
    "--quiet",
    "--prefix",
    prefix,
    sdk,
  ]);
  return setUp("locate the SDK", VENV_PYTHON, [
    "-c",
    "import sys, sysconfig; print(sysconfig.get_path('purelib', vars={'base': sys.argv[1], 'platbase': sys.argv[1]}))",
    prefix,
  ]);
}

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
  // The Python host and its virtualenv come from `scripts/get-pulumi.sh --python`; without them the suite fails, saying so.
  locatePulumi(["python"]);
  if (!existsSync(VENV_PYTHON)) {
    throw new Error(`No Python virtualenv at ${path.dirname(path.dirname(VENV_PYTHON))}: run 'bash scripts/get-pulumi.sh --python' first.`);
  }
  const copy = exampleCopy("python");
  const site = installSdk(copy.stateDir);
  // The example names the plugin directory relative to itself; the scratch copy lives elsewhere.
  const file = path.join(copy.dir, "Pulumi.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("path: ../../bin", `path: ${path.join(ROOT, "bin")}`));
  project = projectFor(copy, "dev", { PULUMI_PYTHON_CMD: VENV_PYTHON, PYTHONPATH: site });
  emu = await startE2eEmulator();
  await initForEmulator(project, emu, { "aep:sandboxName": "dev", startTime: futureStartIso() });
  await project.configSet("s3AccessKey", "AKIAPYTHONE2E", true);
  await project.configSet("s3SecretKey", S3_SECRET, true);
  emu.clearJournal();
}, 600_000);

afterAll(async () => {
  await project?.remove();
  await emu?.stop();
});

describe("examples/python through the aep provider plugin and the generated SDK", () => {
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
    expect(resources.ordersFiles.outputs).toMatchObject({ params: { path: "/acme-orders/in/*.csv", recursive: false } });
    expect(resources.ordersFlow.outputs).toMatchObject({
      name: "Orders from S3 (Python)",
      state: "draft",
      sourceConnectionIds: [ids.ordersFiles],
      targetConnectionIds: [ids.ordersDataset],
      transformations: [{ name: "Mapping", params: { mappingId: ids.ordersMapping, mappingVersion: 0 } }],
      // The start time in the form the program wrote it (ISO text from the stack's config), sent as epoch seconds.
      scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1 },
      etag: emu.flows().find((f) => f.id === ids.ordersFlow)!.etag,
    });
    expect(await project.outputs()).toEqual({ flowId: ids.ordersFlow, state: "draft", mappingVersion: 0 });
  });

  it("a preview of the unchanged stack makes only the lookups' reads, also with startTime left to the program", async () => {
    // Without startTime the program computes the next UTC midnight on every run; ignore_changes keeps the created one.
    await project.run(["config", "rm", "startTime"]);
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/6 unchanged/);
    expect(shapes(stepCalls())).toEqual(unordered(LOOKUPS));
  });

  it("an edit is one etag-guarded PATCH", async () => {
    const etag = emu.flows().find((f) => f.id === ids.ordersFlow)!.etag;
    await project.configSet("flowName", "Orders from S3 (Python, v2)");
    await project.up();
    const calls = stepCalls();
    expect(shapes(calls)).toEqual(unordered([...LOOKUPS, "flowservice PATCH /flows/{ordersFlow}"]));
    expect(calls.find((c) => c.call.startsWith("PATCH"))).toEqual({
      service: "flowservice",
      call: "PATCH /flows/{ordersFlow}",
      sandbox: "dev",
      ifMatch: etag,
      body: [{ op: "replace", path: "/name", value: "Orders from S3 (Python, v2)" }],
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

  it("destroy deletes in reverse order, and no credential is anywhere", async () => {
    await project.destroy();
    const calls = stepCalls();
    inOrder(calls, ["DELETE /flows/{ordersFlow}", "DELETE /sourceConnections/{ordersFiles}", "DELETE /connections/{ordersBucket}"]);
    expect(shapes(calls.filter((c) => c.call.startsWith("DELETE")))).toEqual(
      unordered([
        "flowservice DELETE /flows/{ordersFlow}",
        "flowservice DELETE /sourceConnections/{ordersFiles}",
        "flowservice DELETE /targetConnections/{ordersDataset}",
        "flowservice DELETE /connections/{ordersBucket}",
        "dataprep DELETE /mappingSets/{ordersMapping}",
      ]),
    );
    expect(emu.flows()).toEqual([]);
    expect(await exportStack()).toEqual({});
    for (const text of [exported, project.transcript, JSON.stringify(journal)]) {
      expect(text).not.toContain(S3_SECRET);
      expect(leakedSecrets(text)).toEqual([]);
    }
  });
});
