// `npx pulumi-aep-dataflows recover [--stack dev] [--yes]`: after a `pulumi up` was interrupted (the
// CLI killed, the provider crashed), finds the entities that run made but the stack does not hold —
// flows, base, source and target connections, mapping sets — and brings each into the stack under
// the resource that made it, so that the next `pulumi up` creates nothing twice. A dry run unless --yes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { FlowServiceClient } from "../../sdk/client";
import { resolveSettings } from "../../sdk/settings";
import { applyRecovery } from "./apply";
import { Listed, RECOVERABLE_KINDS, Recoverable, recoverableOf } from "./kinds";
import { RecoveryPlan, mergePlans, planRecovery } from "./plan";
import {
  Declared,
  Deployment,
  HistoryEntry,
  declaredAbsent,
  hasSecretPlaceholder,
  holdsSecret,
  plannedCreates,
  readStack,
  revealSecrets,
  windowStart,
} from "./stack";

export const RECOVER_USAGE = `usage: pulumi-aep-dataflows recover [--stack <name>] [--cwd <dir>] [--yes]

After a \`pulumi up\` was interrupted (the CLI or the provider process killed, a machine lost),
entities it created (flows, base, source and target connections, mapping sets) may be missing from
the stack; the next \`pulumi up\` would create them again. Run this in the Pulumi project before that
\`pulumi up\`. It reads the stack (pending creates of the interrupted run), previews the program
(resources it declares that the stack does not hold), lists the sandboxes' entities of those kinds,
and brings each entity made since the failed runs began into the stack under the resource that made
it (what identifies it the same — a flow's name, flow spec, connections and draft state; a
connection's name, connection spec and draft state; a mapping set's schema and rules — held by no
resource). Credentials come from the stack's aep:* config, then AEP_* environment variables.

  --stack <name>   the stack (default: the selected stack)
  --cwd <dir>      the Pulumi project directory (default: the current directory)
  --yes            write the stack (pulumi stack import); without it, only print the plan
  --since <time>   consider entities created since this ISO 8601 time (default: from the stack's history)
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

function resourceName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** `orders-bucket (base connection, pending create)`. */
function named(d: Declared): string {
  const noun = recoverableOf(d.type)?.noun;
  return `${resourceName(d.urn)} (${noun ? `${noun}, ` : ""}${d.source})`;
}

function plural(kind: Recoverable, n: number): string {
  return `${n} ${kind.noun}${n === 1 ? "" : "s"}`;
}

export function formatPlan(plan: RecoveryPlan): string[] {
  const lines: string[] = [];
  for (const { declared, kind, entity } of plan.bringIn) lines.push(`bring in      ${named(declared)} ← ${kind.describe(entity)}`);
  for (const d of plan.neverLanded) {
    const noun = recoverableOf(d.type)?.noun ?? "entity";
    lines.push(
      d.inProgram === false
        ? `dropped       ${named(d)}: no ${noun} found, and it is no longer in the program`
        : `never landed  ${named(d)}: no ${noun} found; dropped from the pending operations, \`pulumi up\` creates it`,
    );
  }
  for (const { declared, kind, candidates } of plan.ambiguous) {
    lines.push(
      `ambiguous     ${named(declared)}: ${plural(kind, candidates.length)} could be its own: ${candidates.map(kind.describe).join("; ")}`,
    );
    lines.push(
      `              nothing is decided for it. No stack of this project holds these ${kind.noun}s, but a stack of another project in the same ` +
        "sandbox may: check before deleting. Delete the ones no stack holds, keeping as many as resources declare them, then run recover again",
    );
  }
  for (const { declared, why } of plan.undecidable) lines.push(`undecidable   ${named(declared)}: ${why}`);
  for (const { holder, kind, entity } of plan.copies) {
    lines.push(
      `possible copy ${kind.describe(entity)} matches ${resourceName(holder)}, which holds another ${kind.noun}: a create that landed late? Listed only; delete it if no stack holds it`,
    );
  }
  for (const { kind, entity } of plan.unmatched)
    lines.push(`not this stack's  ${kind.describe(entity)}: matches no resource of the program (listed only)`);
  return lines;
}

/** `3 flows, 1 base connection`: what was brought in, by kind. */
function broughtIn(plan: RecoveryPlan): string {
  const counts = new Map<Recoverable, number>();
  for (const { kind } of plan.bringIn) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} more ${kind.noun}(s)`).join(", ");
}

/** The command line of a process of a run that could still write: a provider host of either kind, or the CLI. */
export const RUN_PROCESS = /dynamic-provider|[\\/]provider[\\/]plugin[\\/]main\.js|pulumi-resource-aep|(^|\/)pulumi (up|destroy|refresh)/;

/**
 * Processes of the interrupted run that could still write, alive in this project (Linux: /proc):
 * a Pulumi CLI command, or a provider host: Pulumi's dynamic-provider host, or the aep plugin
 * (`node …/dist/provider/plugin/main.js <engine>`, which bin/pulumi-resource-aep execs). A `pulumi up`
 * killed with SIGKILL leaves its provider running; it finishes the operation under way (it sends nothing new once its engine is
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
      if (!RUN_PROCESS.test(cmdline)) continue;
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
  const sourceOf = new Map(declared.map((d) => [d.urn, d.source]));
  // Secret values, to match on and for the state to record (encrypted): never printed. Secret
  // inputs show as "[secret]" in a preview: a second one shows them.
  const revealed = new Map<string, Record<string, unknown>>();
  if (declared.some((d) => d.source === "planned create" && hasSecretPlaceholder(d.inputs))) {
    for (const d of plannedCreates(pulumi.json(["preview", "--json", "--show-secrets"]))) revealed.set(d.urn, d.inputs);
  }
  // The state keeps them encrypted (a base connection's auth): an export with --show-secrets shows them.
  let resources = stack.resources;
  if ([...stack.pendingCreates, ...stack.resources].some((r) => holdsSecret(r.inputs))) {
    const shown = readStack(pulumi.json<{ deployment: Deployment }>(["stack", "export", "--show-secrets"]).deployment);
    for (const d of shown.pendingCreates)
      if (sourceOf.get(d.urn) === "pending create") revealed.set(d.urn, revealSecrets(d.inputs) as Record<string, unknown>);
    resources = shown.resources.map((r) => ({ ...r, inputs: revealSecrets(r.inputs) as Record<string, unknown> }));
  }
  // Entities another stack of the project holds are never another stack's to take.
  const held = new Set(stack.held);
  for (const other of pulumi
    .json<{ name: string; current?: boolean }[]>(["stack", "ls", "--json"], null)
    .filter((s) => (values.stack ? s.name !== values.stack : !s.current))) {
    try {
      for (const id of readStack(pulumi.json<{ deployment: Deployment }>(["stack", "export"], other.name).deployment).held) held.add(id);
    } catch (err) {
      lines.push(
        `note: stack ${other.name} could not be read (${(err as Error).message.split("\n")[0]}); entities it holds are not excluded`,
      );
    }
  }

  const config = pulumi.json<Record<string, { value?: string }>>(["config", "--json", "--show-secrets"]);
  const settings = resolveSettings({ get: (key) => config[key]?.value }, env);
  const client = new FlowServiceClient({ ...settings, timeoutMs: settings.timeoutMs });

  const localStart = windowStart(history);
  // History times are this machine's; createdAt is the service's: translate with its Date headers
  // (known once the service has answered; until then a listing is not cut short).
  const serviceStart = () => since ?? (localStart === undefined ? undefined : client.clock.earliestServiceTime(localStart));
  const plans: RecoveryPlan[] = [];
  const entities = new Map<Recoverable, Listed[]>();
  for (const kind of RECOVERABLE_KINDS) {
    // One listing per sandbox and filter (a connection spec, a flow spec) the declarations of the kind use.
    const wanted = new Map<string, Set<string>>();
    for (const d of declared.filter((x) => recoverableOf(x.type) === kind)) {
      const inputs = revealed.get(d.urn) ?? d.inputs;
      const filter = kind.filter(inputs);
      if (typeof inputs.sandboxName !== "string" || filter === undefined) continue;
      wanted.set(inputs.sandboxName, (wanted.get(inputs.sandboxName) ?? new Set()).add(filter));
    }
    const listed: Listed[] = [];
    for (const [sandboxName, filters] of wanted)
      for (const filter of filters) for await (const e of kind.list(client, sandboxName, filter, serviceStart())) listed.push(e);
    entities.set(kind, listed);
  }
  const window = since ?? (localStart === undefined ? undefined : (client.clock.earliestServiceTime(localStart) ?? localStart));
  for (const kind of RECOVERABLE_KINDS)
    plans.push(planRecovery(kind, { declared, entities: entities.get(kind)!, held, resources, since: window, revealed }));
  const plan = mergePlans(plans);

  lines.unshift(
    `stack: holds ${stack.held.size} entities; ${stack.pendingCreates.length} pending create(s) of an interrupted run; ` +
      `${planned?.length ?? "?"} resource(s) the program declares that the stack does not hold`,
    `window: entities created since ${window === undefined ? "ever (no update in the stack's history; use --since to narrow it)" : new Date(window).toISOString()}`,
  );
  lines.push(...formatPlan(plan));
  const changes = plan.bringIn.length + plan.neverLanded.length;
  if (changes === 0) {
    lines.push(
      plan.ambiguous.length
        ? "nothing to write until the ambiguous resources are settled"
        : "nothing to recover: every entity made by this stack is in the stack",
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
    lines.push(
      plan.bringIn.length
        ? `the stack now holds ${broughtIn(plan)}; run \`pulumi up\`: it creates only what is still missing`
        : "the stack no longer holds the pending creates that never landed; run `pulumi up`: it creates what is missing",
    );
  }
  return { lines, exitCode: plan.ambiguous.length ? 2 : 0 };
}
