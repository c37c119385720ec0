// A `pulumi up` of 30 flows (--parallel 10) killed mid-create: the whole CLI process tree, or only
// the provider process. Without recovery the next `up` duplicates what the killed run made (the
// engine has no id for a pending create, and a crashed provider leaves no trace at all); with the
// documented recovery (`pulumi cancel`, `npx pulumi-aep-dataflows recover --yes`, `pulumi up`) it
// ends with 0 orphans and 0 duplicates. Prints as the crash figures of `npm run test:faults`.
import { readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { PulumiProject, killGroup } from "../../scripts/pulumi-cli";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { configureForEmulator, dataflowResources, programCopy, projectFor, startE2eEmulator } from "../e2e/harness";
import { leftoversEnd, providerPids, recover, waitFor } from "./processes";

const N = 30;
const FLOWS = Array.from({ length: N }, (_, i) => ({
  resource: `flow-${i}`,
  args: {
    name: `Flow ${i}`,
    flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" },
    sourceConnectionIds: ["6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"],
    targetConnectionIds: ["8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071"],
  },
}));

let emu: RunningEmulator;
const scenarios: Scenario[] = [];

beforeAll(async () => {
  emu = await startE2eEmulator();
});

afterAll(async () => {
  recordScenarios(scenarios);
  await emu?.stop();
});

/**
 * The documented repair of a local file backend killed while writing: Pulumi writes the checkpoint
 * atomically but not its `.attrs` companion, which a kill can leave empty ("failed to load
 * checkpoint: EOF"); an empty one carries nothing and is removed.
 */
function removeEmptyCheckpointAttrs(stateDir: string): void {
  const stacks = path.join(stateDir, "backend", ".pulumi", "stacks");
  for (const project of readdirSync(stacks)) {
    for (const file of readdirSync(path.join(stacks, project))) {
      const full = path.join(stacks, project, file);
      if (file.endsWith(".attrs") && statSync(full).size === 0) rmSync(full);
    }
  }
}

function counts(held: string[]): { flows: number; orphans: number; duplicates: number } {
  const flows = emu.flows();
  return {
    flows: flows.length,
    orphans: flows.filter((f) => !held.includes(f.id)).length,
    duplicates: flows.length - new Set(flows.map((f) => f.name)).size,
  };
}

async function heldIds(project: PulumiProject): Promise<string[]> {
  return dataflowResources((await project.exportStack()).deployment).map((r) => r.id!);
}

interface CrashOptions {
  kill: "CLI" | "provider";
  recovery: boolean;
  /** Flows the stack holds before the killed run (created without faults). */
  existing?: typeof FLOWS;
  /** What the killed run declares (default: FLOWS). */
  declare?: typeof FLOWS;
  /** How many creates must have landed before the kill. */
  landed?: number;
  /**
   * How long the service takes over each create, in order of arrival (default: 1.5 s for all). A run whose creates all
   * arrive at once needs them staggered, or they all land, and are recorded, between two looks at the service.
   */
  createDelays?: { delayMs: number; times: number }[];
  /** Between the kill and the recovery: what else happened (e.g. a `pulumi up` that failed). */
  meanwhile?: (project: PulumiProject) => Promise<void>;
  label: string;
}

async function crash(
  o: CrashOptions,
): Promise<{ afterCrash: ReturnType<typeof counts>; end: ReturnType<typeof counts>; recoverOutput?: string }> {
  emu.reset();
  const project = projectFor(programCopy("flows", `crash-${o.label}`), "dev");
  await configureForEmulator(project, emu);
  await project.configSet("aep:sandboxName", "dev");
  if (o.existing) {
    await project.configSet("flows", JSON.stringify(o.existing));
    await project.up();
  }
  await project.configSet("flows", JSON.stringify(o.declare ?? FLOWS));
  const before = emu.flows().length;
  // Creates take 1.5 s, so that the kill finds creates in flight and others landed.
  const delays = o.createDelays ?? [{ delayMs: 1500, times: 1000 }];
  for (const d of delays) emu.addFault({ method: "POST", path: "^/flows$", ...d });
  let child: Parameters<typeof killGroup>[0] | undefined;
  const run = project.run(["up", "--yes", "--skip-preview", "--parallel", "10"], {
    allowFailure: true,
    timeoutMs: 180_000,
    onStart: (c) => (child = c),
  });
  await waitFor(() => emu.flows().length >= before + (o.landed ?? 10), "creates to land");
  if (o.kill === "CLI") killGroup(child!);
  else for (const pid of providerPids(project.opts.dir)) process.kill(pid, "SIGKILL");
  await run;
  // Creates already received still land on the service after the client is gone.
  await new Promise((r) => setTimeout(r, Math.max(...delays.map((d) => d.delayMs)) + 1000));
  emu.clearFaults();
  if (o.kill === "CLI") {
    // The documented steps after a killed CLI: no process of the run that could write left, the stack's lock released.
    await leftoversEnd(project.opts.dir, 40_000);
    removeEmptyCheckpointAttrs(project.opts.stateDir);
    await project.run(["cancel", "--yes"], { allowFailure: true });
  }
  await o.meanwhile?.(project);
  const afterCrash = counts(await heldIds(project));
  let recoverOutput: string | undefined;
  if (o.recovery) {
    const r = await recover(project, "--yes");
    recoverOutput = r.output;
    expect(r).toEqual({ code: 0, output: expect.stringContaining("the stack now holds") });
  }
  await project.run(["up", "--yes", "--skip-preview"], { timeoutMs: 180_000 });
  const end = counts(await heldIds(project));
  await project.destroy();
  await project.remove();
  return { afterCrash, end, recoverOutput };
}

describe.each(["CLI", "provider"] as const)("a %s killed mid-create", (kill) => {
  it("without recovery, the next `pulumi up` duplicates the flows the killed run made (the figure to beat)", async () => {
    const { afterCrash, end } = await crash({ kill, recovery: false, label: `${kill}-plain` });
    expect(afterCrash.orphans).toBeGreaterThan(0);
    expect(end.flows).toBe(N + afterCrash.orphans);
    scenarios.push({
      suite: "crash",
      name: `${kill} killed mid-create, then pulumi up`,
      expected: "documents the engine's behaviour",
      observed: `${afterCrash.orphans} orphans after the kill, ${end.duplicates} duplicates after up`,
      passed: true,
      crashOrphans: afterCrash.orphans,
      crashDuplicates: end.duplicates,
    });
  });

  it("with `recover`, the next `pulumi up` ends with 0 orphans and 0 duplicates", async () => {
    const { afterCrash, end, recoverOutput } = await crash({ kill, recovery: true, label: `${kill}-recover` });
    expect(afterCrash.orphans).toBeGreaterThan(0);
    expect(recoverOutput).toMatch(new RegExp(`the stack now holds ${afterCrash.orphans} more flow\\(s\\)`));
    expect(end).toEqual({ flows: N, orphans: 0, duplicates: 0 });
    scenarios.push({
      suite: "crash",
      name: `${kill} killed mid-create, recover, then pulumi up`,
      expected: "0 orphans, 0 duplicates",
      observed: `${afterCrash.orphans} orphans after the kill; ${end.orphans} orphans, ${end.duplicates} duplicates after recover and up`,
      passed: end.orphans === 0 && end.duplicates === 0,
      crashOrphans: end.orphans,
      crashDuplicates: end.duplicates,
    });
  });
});

describe("harder interruptions, each followed by the documented recovery", () => {
  it("a replacement killed half-way (new connections for 8 flows): the new flows are brought in, the old ones deleted", async () => {
    const eight = FLOWS.slice(0, 8);
    const moved = eight.map((f) => ({ ...f, args: { ...f.args, sourceConnectionIds: ["7a3b2d4f-2b3c-4d5e-9f0a-1b2c3d4e5f60"] } }));
    const { end, recoverOutput } = await crash({
      kill: "CLI",
      recovery: true,
      existing: eight,
      declare: moved,
      landed: 3,
      // All 8 creates arrive together: 3 land quickly, the other 5 are still on the service when the CLI is killed.
      createDelays: [
        { delayMs: 100, times: 3 },
        { delayMs: 5000, times: 1000 },
      ],
      label: "replace",
    });
    expect(recoverOutput).toMatch(/bring in/);
    expect(end).toEqual({ flows: 8, orphans: 0, duplicates: 0 });
    expect(emu.flows().every((f) => f.sourceConnectionIds[0] === "7a3b2d4f-2b3c-4d5e-9f0a-1b2c3d4e5f60")).toBe(true);
    scenarios.push({
      suite: "crash",
      name: "replacement killed half-way, recover, then pulumi up",
      expected: "0 orphans, 0 duplicates",
      observed: JSON.stringify(end),
      passed: end.orphans === 0 && end.duplicates === 0,
      crashOrphans: end.orphans,
      crashDuplicates: end.duplicates,
    });
  });

  it("a CLI kill, then a `pulumi up` that failed (IMS down), then recover: the first run's orphans are still found", async () => {
    const { end } = await crash({
      kill: "CLI",
      recovery: true,
      label: "failed-after",
      meanwhile: async (project) => {
        emu.addFault({ path: "^/ims/token/v3$", status: 503, times: 100 });
        const failed = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true, timeoutMs: 180_000 });
        expect(failed.code).not.toBe(0);
        emu.clearFaults();
      },
    });
    expect(end).toEqual({ flows: N, orphans: 0, duplicates: 0 });
    scenarios.push({
      suite: "crash",
      name: "CLI killed, a failed up, recover, then pulumi up",
      expected: "0 orphans, 0 duplicates",
      observed: JSON.stringify(end),
      passed: end.orphans === 0 && end.duplicates === 0,
      crashOrphans: end.orphans,
      crashDuplicates: end.duplicates,
    });
  });
});
