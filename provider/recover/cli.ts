// `npx pulumi-aep-dataflows recover [--stack dev] [--yes]`: after a `pulumi up` was interrupted (the
// CLI killed, the provider crashed), finds the flows that run made but the stack does not hold, and
// brings each into the stack under the resource that made it, so that the next `pulumi up` creates
// nothing twice. A dry run unless --yes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { FlowServiceClient } from "../../sdk/client";
import type { Flow } from "../../sdk/types";
import { resolveSettings } from "../../sdk/settings";
import type { DataflowInputs } from "../types";
import { applyRecovery } from "./apply";
import { RecoveryPlan, planRecovery } from "./plan";
import { Declared, Deployment, HistoryEntry, declaredAbsent, hasSecretPlaceholder, plannedCreates, readStack, windowStart } from "./stack";

export const RECOVER_USAGE = `usage: pulumi-aep-dataflows recover [--stack <name>] [--cwd <dir>] [--yes]

After a \`pulumi up\` was interrupted (the CLI or the provider process killed, a machine lost),
flows it created may be missing from the stack; the next \`pulumi up\` would create them again.
Run this in the Pulumi project before that \`pulumi up\`. It reads the stack (pending creates of the
interrupted run), previews the program (resources it declares that the stack does not hold), lists
the sandboxes' flows, and brings each flow made since the failed runs began into the stack under the
resource that made it (same name, flow spec, connections and draft state, held by no resource).
Credentials come from the stack's aep:* config, then AEP_* environment variables.

  --stack <name>   the stack (default: the selected stack)
  --cwd <dir>      the Pulumi project directory (default: the current directory)
  --yes            write the stack (pulumi stack import); without it, only print the plan
  --since <time>   consider flows created since this ISO 8601 time (default: from the stack's history)
  --pulumi <path>  the pulumi binary (default: pulumi on PATH)
`;

export class RecoverUsageError extends Error {}

interface PulumiRunner {
  /** Runs `pulumi <args>` on the stack (or `stack`: another one; null: no --stack) and parses its JSON output. */
  json<T>(args: string[], stack?: string | null): T;
  run(args: string[]): void;
}

function pulumiRunner(binary: string, cwd: string, defaultStack: string | undefined): PulumiRunner {
  const full = (args: string[], stack: string | null | undefined) => {
    const chosen = stack === null ? undefined : (stack ?? defaultStack);
    return [...args, ...(chosen ? ["--stack", chosen] : []), "--non-interactive"];
  };
  const exec = (args: string[], stack?: string | null) => {
    const res = spawnSync(binary, full(args, stack), { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (res.error) throw new Error(`could not run ${binary} (set --pulumi): ${res.error.message}`);
    if (res.status !== 0) {
      const said = (res.stderr || res.stdout).trim().split("\n").slice(-8).join("\n");
      // A local file backend killed mid-write can leave the checkpoint's .attrs file empty.
      const hint = /failed to load checkpoint: EOF/.test(said)
        ? " (with a local file backend, a kill can leave the stack's `.pulumi/stacks/<project>/<stack>.json.attrs` empty: delete that empty file and run again)"
        : /currently locked/.test(said)
          ? " (the interrupted run still holds the stack's lock: run `pulumi cancel` first)"
          : "";
      throw new Error(`pulumi ${args.join(" ")} exited with ${res.status}: ${said}${hint}`);
    }
    return res.stdout;
  };
  return {
    json: <T>(args: string[], stack?: string | null) => JSON.parse(exec(args, stack)) as T,
    run: (args) => void exec(args),
  };
}

function when(ms: unknown): string {
  return typeof ms === "number" ? new Date(ms).toISOString() : "unknown time";
}

function resourceName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function describeFlow(f: Flow): string {
  return `flow ${f.id} "${f.name}" (${f.state}, created ${when(f.createdAt)})`;
}

export function formatPlan(plan: RecoveryPlan): string[] {
  const lines: string[] = [];
  for (const { declared, flow } of plan.bringIn)
    lines.push(`bring in      ${resourceName(declared.urn)} (${declared.source}) ← ${describeFlow(flow)}`);
  for (const d of plan.neverLanded) {
    lines.push(
      d.inProgram === false
        ? `dropped       ${resourceName(d.urn)} (pending create, no flow found): it is no longer in the program`
        : `never landed  ${resourceName(d.urn)} (pending create, no flow found): dropped from the pending operations; \`pulumi up\` creates it`,
    );
  }
  for (const { declared, candidates } of plan.ambiguous) {
    lines.push(
      `ambiguous     ${resourceName(declared.urn)}: ${candidates.length} flows could be its own: ${candidates.map(describeFlow).join("; ")}`,
    );
    lines.push(
      "              nothing is decided for it. No stack of this project holds these flows, but a stack of another project in the same " +
        "sandbox may: check before deleting. Delete the ones no stack holds, keeping as many as resources declare them, then run recover again",
    );
  }
  for (const d of plan.undecidable)
    lines.push(
      `undecidable   ${resourceName(d.urn)}: its inputs depend on outputs not known before \`pulumi up\`; check the sandbox by hand`,
    );
  for (const { holder, flow } of plan.copies) {
    lines.push(
      `possible copy ${describeFlow(flow)} matches ${resourceName(holder)}, which holds another flow: a create that landed late? Listed only; delete it if no stack holds it`,
    );
  }
  for (const f of plan.unmatched) lines.push(`not this stack's  ${describeFlow(f)}: matches no resource of the program (listed only)`);
  return lines;
}

/**
 * Processes of the interrupted run that could still write, alive in this project (Linux: /proc):
 * a Pulumi CLI command, or a dynamic-provider host. A `pulumi up` killed with SIGKILL leaves its
 * provider running; it finishes the operation under way (it sends nothing new once its engine is
 * gone) and exits by itself within about 15 s (provider/engine.ts). Recovering before then could
 * miss the flow of that last operation. Language hosts, which write nothing, are not waited for.
 */
export function liveProcessesOf(dir: string): string[] {
  if (!existsSync("/proc")) return [];
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      if (!/dynamic-provider|(^|\/)pulumi (up|destroy|refresh)/.test(cmdline)) continue;
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) found.push(`${entry} (${cmdline.slice(0, 80)})`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

export async function runRecover(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ lines: string[]; exitCode: number }> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stack: { type: "string" },
      cwd: { type: "string" },
      yes: { type: "boolean", default: false },
      since: { type: "string" },
      pulumi: { type: "string", default: "pulumi" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) throw new RecoverUsageError("");
  const since = values.since === undefined ? undefined : Date.parse(values.since);
  if (since !== undefined && Number.isNaN(since)) throw new RecoverUsageError(`--since: "${values.since}" is not an ISO 8601 time`);
  const cwd = path.resolve(values.cwd ?? ".");
  if (!existsSync(path.join(cwd, "Pulumi.yaml")) && !existsSync(path.join(cwd, "Pulumi.yml"))) {
    throw new RecoverUsageError(`${cwd} holds no Pulumi.yaml: run recover in the Pulumi project's directory, or give it with --cwd`);
  }
  const live = liveProcessesOf(cwd);
  if (live.length) {
    throw new Error(
      `processes of a Pulumi run are still running in ${cwd}: ${live.join("; ")}. A killed \`pulumi up\` leaves its provider running ` +
        "until the operation under way ends (it exits by itself within about 15 s after that); wait, then run recover again.",
    );
  }
  const pulumi = pulumiRunner(values.pulumi!, cwd, values.stack);
  const lines: string[] = [];

  const exported = pulumi.json<{ version?: number; deployment: Deployment }>(["stack", "export"]);
  const deployment = exported.deployment;
  const stack = readStack(deployment);
  const history = pulumi.json<HistoryEntry[] | null>(["stack", "history", "--json"]) ?? [];
  let planned: Declared[] | undefined;
  try {
    planned = plannedCreates(pulumi.json(["preview", "--json"]));
  } catch (err) {
    lines.push(
      `note: the preview failed, so only the interrupted run's pending creates are considered (${(err as Error).message.split("\n")[0]})`,
    );
  }
  const declared = declaredAbsent(stack.pendingCreates, planned);
  // Secret inputs show as "[secret]" in a preview: their values, for the state to record (encrypted), come from a second one.
  const revealed = new Map<string, Record<string, unknown>>();
  if (declared.some((d) => d.source === "planned create" && hasSecretPlaceholder(d.inputs))) {
    for (const d of plannedCreates(pulumi.json(["preview", "--json", "--show-secrets"]))) revealed.set(d.urn, d.inputs);
  }
  // Flows another stack of the project holds are never another stack's to take.
  const held = new Set(stack.held);
  for (const other of pulumi
    .json<{ name: string; current?: boolean }[]>(["stack", "ls", "--json"], null)
    .filter((s) => (values.stack ? s.name !== values.stack : !s.current))) {
    try {
      for (const id of readStack(pulumi.json<{ deployment: Deployment }>(["stack", "export"], other.name).deployment).held) held.add(id);
    } catch (err) {
      lines.push(`note: stack ${other.name} could not be read (${(err as Error).message.split("\n")[0]}); flows it holds are not excluded`);
    }
  }

  const config = pulumi.json<Record<string, { value?: string }>>(["config", "--json", "--show-secrets"]);
  const settings = resolveSettings({ get: (key) => config[key]?.value }, env);
  const client = new FlowServiceClient({ ...settings, timeoutMs: settings.timeoutMs });

  // One listing per sandbox and flow spec the declarations use.
  const wanted = new Map<string, Set<string>>();
  for (const d of declared) {
    const inputs = d.inputs as unknown as DataflowInputs;
    if (typeof inputs.sandboxName !== "string" || typeof inputs.flowSpec?.id !== "string") continue;
    wanted.set(inputs.sandboxName, (wanted.get(inputs.sandboxName) ?? new Set()).add(inputs.flowSpec.id));
  }
  const flows: Flow[] = [];
  for (const [sandboxName, specs] of wanted) {
    for (const spec of specs) {
      for await (const f of client.listAllFlows({ property: [`flowSpec.id==${spec}`] }, { sandboxName }))
        flows.push({ ...f, sandboxName: f.sandboxName ?? sandboxName });
    }
  }
  const localStart = windowStart(history);
  // History times are this machine's; createdAt is the service's: translate with its Date headers.
  const window = since ?? (localStart === undefined ? undefined : (client.clock.earliestServiceTime(localStart) ?? localStart));
  const plan = planRecovery({ declared, flows, held, resources: stack.resources, since: window });

  lines.unshift(
    `stack: holds ${stack.held.size} flow(s); ${stack.pendingCreates.length} pending create(s) of an interrupted run; ` +
      `${planned?.length ?? "?"} resource(s) the program declares that the stack does not hold`,
    `window: flows created since ${window === undefined ? "ever (no update in the stack's history; use --since to narrow it)" : new Date(window).toISOString()}`,
  );
  lines.push(...formatPlan(plan));
  const changes = plan.bringIn.length + plan.neverLanded.length;
  if (changes === 0) {
    lines.push(
      plan.ambiguous.length
        ? "nothing to write until the ambiguous resources are settled"
        : "nothing to recover: every flow made by this stack is in the stack",
    );
  } else if (!values.yes) {
    lines.push(
      "dry run: nothing was written; run again with --yes to write the stack (if the interrupted run still holds the stack's lock, " +
        "`pulumi cancel` releases it first)",
    );
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "aep-recover-"));
    try {
      const file = path.join(dir, "stack.json");
      writeFileSync(file, JSON.stringify({ ...exported, deployment: applyRecovery(deployment, plan, revealed) }));
      try {
        pulumi.run(["stack", "import", "--file", file]);
      } catch (err) {
        const locked = /locked/i.test((err as Error).message);
        throw new Error(
          `pulumi stack import failed, so nothing was written: ${(err as Error).message.split("\n")[0]}` +
            (locked ? ". The interrupted run still holds the stack's lock: run `pulumi cancel`, then recover --yes again." : ""),
          { cause: err },
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    lines.push(`the stack now holds ${plan.bringIn.length} more flow(s); run \`pulumi up\`: it creates only what is still missing`);
  }
  return { lines, exitCode: plan.ambiguous.length ? 2 : 0 };
}
