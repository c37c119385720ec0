// `pulumi import` in a TypeScript project, through the real CLI (whose Node.js language host cannot
// generate code: "GenerateProgram not implemented") with the aep plugin named in Pulumi.yaml as the
// README says. The plugin refuses before the engine writes anything and prints the code that adopts
// the flow with the package's own Dataflow; pasted into the program, it adopts with no write. The
// dynamic type itself cannot be imported: what the user sees is pinned here, as the README says it.
import { appendFileSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import type { JournalEntry, RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStartIso } from "../helpers/dates";
import { FLOW_SPEC, MAPPING, SOURCE_ID, TARGET_ID, clientFor, publishableRequest } from "../helpers/emulator";
import {
  CLOUD_STORAGE_FLOW_SPEC,
  ROOT,
  callShapes,
  initForEmulator,
  leakedSecrets,
  programCopy,
  projectFor,
  stackResources,
  startE2eEmulator,
  takeCalls,
  unordered,
} from "./harness";

let emu: RunningEmulator;
let project: PulumiProject;
let dir: string;
let made: { id: string; etag: string };
/** The stack's resources (type and URN) before the imports: the Stack alone. */
let before: string[];
const journal: JournalEntry[] = [];
let exported = "";

const stepCalls = () => takeCalls(emu, journal, { [made.id]: "made" });

async function stack(): Promise<{ all: string[]; aep: ReturnType<typeof stackResources> }> {
  const { text, deployment } = await project.exportStack();
  exported += text;
  return { all: (deployment.resources ?? []).map((r) => `${r.type} ${r.urn}`), aep: stackResources(deployment) };
}

/** The code block of the refusal, as the CLI prints it under Diagnostics (indented), without the indent. */
function printedCode(output: string): string {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => l.trim() === 'import { Dataflow } from "pulumi-aep-dataflows";');
  const end = lines.findIndex((l, i) => i > start && l.trim() === "});");
  expect({ start: start >= 0, end: end > start }).toEqual({ start: true, end: true });
  const indent = /^\s*/.exec(lines[start])![0].length;
  return lines
    .slice(start, end + 1)
    .map((l) => l.slice(indent))
    .join("\n");
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  const copy = programCopy("typescript-project", "e2e-typescript-import");
  dir = copy.dir;
  // `npm install pulumi-aep-dataflows` as the README's Pulumi.yaml expects it: this checkout, in the project's node_modules.
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(ROOT, path.join(dir, "node_modules", "pulumi-aep-dataflows"), "dir");
  project = projectFor(copy, "dev");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev" });
  await project.up();
  // A published flow made in the AEP UI, with a mapping and a schedule.
  const flow = await clientFor(emu, { sandboxName: "dev" }).createFlow({ ...publishableRequest(), name: "Made in the UI" });
  made = { id: flow.id, etag: emu.flows().find((f) => f.id === flow.id)!.etag };
  before = (await stack()).all;
  expect(before).toEqual(["pulumi:pulumi:Stack urn:pulumi:dev::aep-typescript-project::pulumi:pulumi:Stack::aep-typescript-project-dev"]);
  emu.clearJournal();
}, 120_000);

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

describe("pulumi import in a TypeScript project", () => {
  let code = "";

  it("pulumi import aep:index:Dataflow is refused before anything is written, printing the code that adopts the flow", async () => {
    const result = await project.run(["import", "aep:index:Dataflow", "madeInUi", made.id, "--yes"], { allowFailure: true });
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toContain(
      `aep:index:Dataflow "madeInUi" (${made.id}, sandbox dev) was not imported, and nothing of it was written to the stack: ` +
        "this is a TypeScript/JavaScript project (Pulumi.yaml runtime: nodejs)",
    );
    expect(output).not.toContain("GenerateProgram");
    code = printedCode(output);
    expect(code).toBe(`import { Dataflow } from "pulumi-aep-dataflows";

new Dataflow("madeInUi", {
  adoptId: "${made.id}",
  name: "Made in the UI",
  flowSpec: {
    id: "${CLOUD_STORAGE_FLOW_SPEC}",
    version: "1.0"
  },
  sourceConnectionIds: [
    "${SOURCE_ID}"
  ],
  targetConnectionIds: [
    "${TARGET_ID}"
  ],
  draft: false,
  enabled: true,
  transformations: [
    {
      name: "Mapping",
      params: {
        mappingId: "${MAPPING[0].params.mappingId}",
        mappingVersion: "0"
      }
    }
  ],
  scheduleParams: {
    startTime: "${futureStartIso()}",
    frequency: "hour",
    interval: 1
  }
});`);
    expect(output).toContain("`npx pulumi-aep-dataflows export --sandbox dev --out <dir>`");
    // Nothing in the stack (not even the plugin's provider: the refusal comes in the import's preview), and the flow was only
    // read (with its flow spec: the printed code leaves out backfill, which holds the spec's declared default).
    expect(await stack()).toEqual({ all: before, aep: {} });
    expect(callShapes(stepCalls())).toEqual([`flowservice GET /flowSpecs/${FLOW_SPEC.id}`, "flowservice GET /flows/{made}"]);
  });

  it("the dynamic type itself cannot be imported: Pulumi's dynamic provider host fails before anything is written or read", async () => {
    const result = await project.run(["import", "pulumi-nodejs:dynamic/aep:Dataflow", "madeInUi", made.id, "--yes"], {
      allowFailure: true,
    });
    expect(result.code).not.toBe(0);
    // Pulumi's own error (@pulumi/pulumi cmd/dynamic-provider reads the absent properties), which the README explains.
    expect(result.stdout + result.stderr).toContain("Preview failed: Cannot read properties of undefined (reading 'toJavaScript')");
    expect(await stack()).toEqual({ all: before, aep: {} });
    expect(stepCalls()).toEqual([]);
  });

  it("the printed code, pasted into the program, adopts the flow with no write, and the next preview shows no change", async () => {
    appendFileSync(path.join(dir, "index.ts"), `\n${code}\n`);
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/\+ 1 to create/);
    expect(preview.stdout).not.toMatch(/to update|to delete|to replace/);
    expect(preview.stdout).toContain(`adoption           : "adopts flow ${made.id} (enabled) in sandbox dev: no change"`);
    expect(callShapes(stepCalls())).toEqual(
      unordered(["flowservice GET /flows/{made}", `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`]),
    );

    await project.up();
    expect(callShapes(stepCalls())).toEqual(
      unordered(["flowservice GET /flows/{made}", `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`]),
    );
    const after = await stack();
    expect(Object.keys(after.aep)).toEqual(["madeInUi"]);
    expect(after.aep.madeInUi).toMatchObject({
      type: "aep:Dataflow",
      id: made.id,
      outputs: { adoptId: made.id, name: "Made in the UI", state: "enabled", draft: false, sandboxName: "dev", etag: made.etag },
    });
    expect(emu.flows().find((f) => f.id === made.id)!.etag).toBe(made.etag);

    const again = await project.preview();
    expect(again.stdout).toMatch(/2 unchanged/);
    expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
    expect(stepCalls()).toEqual([]);
  });

  it("no credential is in the CLI output, the stack or the emulator's journal", () => {
    for (const text of [exported, project.transcript, JSON.stringify(journal)]) expect(leakedSecrets(text)).toEqual([]);
  });
});
