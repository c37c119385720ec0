// `recover` for a stack of the aep provider plugin (`aep:index:*`), through the real CLI and the
// YAML language host: examples/yaml's first `pulumi up` is killed (SIGKILL to the CLI's process
// group) while the service holds its `POST /flows`. The flow lands; the stack holds the other four
// resources and a pending create of `aep:index:Dataflow`. The plugin process, which the kill does not
// reach, finishes that create and exits by itself once its engine is gone; `recover --yes` brings the
// flow in under its resource, and the next `pulumi up` makes no second one. Before this, the plugin
// stayed alive for minutes, and recover read such a stack as holding 0 entities, nothing to recover.
import { futureStartIso } from "../helpers/dates";
import { existsSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { liveProcessesOf } from "../../provider/commands/recover/processes";
import { ROOT, killGroup, locatePulumi } from "../../scripts/pulumi-cli";
import { examplesCopy, initForEmulator, leakedSecrets, projectFor, stackResources, startE2eEmulator } from "../e2e/harness";
import { faultPending, killLanguageHosts, recover, removeEmptyCheckpointAttrs, waitFor } from "./processes";

const S3_SECRET = "recover-plugin-S3-secret-7c2e";

let emu: RunningEmulator;

beforeAll(async () => {
  // The YAML language host is built by `scripts/get-pulumi.sh --yaml`; without it the suite fails, saying so.
  locatePulumi(["yaml"]);
  emu = await startE2eEmulator();
});

afterAll(async () => {
  await emu?.stop();
});

/** The ids of the flows in sandbox dev (fixtures included). */
function flowIds(): string[] {
  return (emu.flows() as unknown as { id: unknown; sandboxName?: unknown }[])
    .filter((f) => f.sandboxName === "dev")
    .map((f) => String(f.id))
    .sort();
}

/** The aep plugin processes serving the project in `dir` (Linux: /proc). */
function pluginPids(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(path.join("dist", "provider", "plugin", "main.js")) && readlinkSync(`/proc/${entry}/cwd`) === dir)
        pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Whether a process has ended: gone from /proc, or a zombie its new parent has not reaped yet. */
function ended(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^\d+ \(.*\)/, ""));
  } catch {
    return !existsSync(`/proc/${pid}`);
  }
}

/** Adds a fault rule through the emulator's control plane; returns its id. */
async function addFault(rule: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${emu.url}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });
  return ((await res.json()) as { id: number }).id;
}

it("a YAML stack's first `pulumi up` killed while its flow is created: the plugin exits by itself, recover brings the flow in, the next `up` makes no second one", async () => {
  emu.reset();
  const copy = examplesCopy(["yaml"], "recover-plugin");
  // The example names the plugin directory relative to itself; the scratch copy lives elsewhere.
  const file = path.join(copy.dir, "Pulumi.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("path: ../../bin", `path: ${path.join(ROOT, "bin")}`));
  const project = projectFor(copy, "dev");
  try {
    await initForEmulator(project, emu, { "aep:sandboxName": "dev", startTime: futureStartIso() });
    await project.configSet("s3AccessKey", "AKIARECOVERPLUGIN", true);
    await project.configSet("s3SecretKey", S3_SECRET, true);
    const before = flowIds();

    // The flow's create is held 8 s by the service; the CLI is killed once it arrived.
    const fault = await addFault({ method: "POST", path: "^/flows$", delayMs: 8000, times: 1 });
    let child: Parameters<typeof killGroup>[0] | undefined;
    const run = project.run(["up", "--yes", "--skip-preview"], { allowFailure: true, timeoutMs: 180_000, onStart: (c) => (child = c) });
    await waitFor(async () => !(await faultPending(emu.url, fault)), "the flow's create to reach the service", 120_000);
    killGroup(child!);
    expect((await run).code).not.toBe(0);

    // The kill does not reach the plugin (a process group of its own): it is alive, busy with the create, and recover sees it.
    // (The engine may run a second plugin process for the YAML host's schema; every one must end by itself.)
    const plugins = pluginPids(project.opts.dir);
    expect(plugins.length).toBeGreaterThanOrEqual(1);
    const live = liveProcessesOf(project.opts.dir);
    expect(plugins.filter((pid) => !live.some((p) => p.startsWith(`${pid} `)) && !ended(pid))).toEqual([]);
    const refused = await recover(project);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(
      new RegExp(
        `processes of a Pulumi run are still running in ${project.opts.dir}: .*\\b(${plugins.join("|")}) \\(node \\S*dist/provider/plugin/main\\.js`,
      ),
    );

    // The service finishes what it received: the flow lands. The plugin then exits by itself (its engine is gone).
    await waitFor(() => flowIds().length === before.length + 1, "the flow's create to land");
    const landed = flowIds().filter((id) => !before.includes(id));
    await waitFor(() => plugins.every(ended), "the killed run's plugin processes to exit by themselves", 60_000);
    killLanguageHosts(project.opts.dir);
    await waitFor(() => liveProcessesOf(project.opts.dir).length === 0, "the killed run's processes to end", 60_000);
    removeEmptyCheckpointAttrs(project.opts.stateDir);
    await project.run(["cancel", "--yes"], { allowFailure: true });

    const crashed = JSON.parse((await project.run(["stack", "export"])).stdout).deployment as {
      resources?: { type: string }[];
      pending_operations?: { type: string; resource: { urn: string; type: string } }[];
    };
    expect((crashed.pending_operations ?? []).map((op) => [op.type, op.resource.type, op.resource.urn.split("::").pop()])).toEqual([
      ["creating", "aep:index:Dataflow", "ordersFlow"],
    ]);
    expect((crashed.resources ?? []).filter((r) => r.type.startsWith("aep:index:")).map((r) => r.type)).toHaveLength(4);

    // The dry run counts the stack's entities and the pending create, and names the flow it brings in.
    const dry = await recover(project);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain(
      "stack: holds 4 entities; 1 pending create(s) of an interrupted run; 1 resource(s) the program declares that the stack does not hold",
    );
    const planned = dry.output.split("\n").filter((l) => /^(bring in|undecidable|never landed|ambiguous)/.test(l));
    expect(planned.map((l) => l.replace(/, created [^)]*\)/g, ")"))).toEqual([
      `bring in      ordersFlow (flow, pending create) ← flow ${landed[0]} "Orders from S3 (YAML)" (draft)`,
    ]);
    expect(dry.output).toContain("dry run: nothing was written");

    const done = await recover(project, "--yes");
    expect(done.code).toBe(0);
    expect(done.output).toContain("the stack now holds 1 more flow(s); run `pulumi up`: it creates only what is still missing");

    await project.run(["up", "--yes", "--skip-preview"], { timeoutMs: 180_000 });
    expect(flowIds().filter((id) => !before.includes(id))).toEqual(landed);
    const { text, deployment } = await project.exportStack();
    expect(stackResources(deployment).ordersFlow).toMatchObject({ type: "aep:index:Dataflow", id: landed[0] });
    const flow = (deployment.resources ?? []).find((r: { urn: string }) => r.urn.endsWith("::ordersFlow")) as {
      provider?: string;
      outputs?: Record<string, unknown>;
    };
    expect(flow.provider).toMatch(/::pulumi:providers:aep::default[^:]*::[\w-]+$/);
    expect(flow.outputs).not.toHaveProperty("__provider");
    expect(JSON.parse(text).deployment.pending_operations ?? []).toEqual([]);
    // A fresh preview finds nothing to change: what recover recorded is what a create records.
    const preview = await project.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(preview.code).toBe(0);

    const everything = `${project.transcript}${refused.output}${dry.output}${done.output}${text}`;
    expect({ s3Secret: everything.includes(S3_SECRET), leaked: leakedSecrets(everything) }).toEqual({ s3Secret: false, leaked: [] });
  } finally {
    await project.remove();
  }
});
