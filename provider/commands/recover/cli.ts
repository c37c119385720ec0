// `npx pulumi-aep-dataflows recover [--stack dev] [--yes]`: after a `pulumi up` was interrupted (the
// CLI killed, the provider crashed), finds the entities that run made but the stack does not hold —
// flows, base, source and target connections, mapping sets — and brings each into the stack under
// the resource that made it, so that the next `pulumi up` creates nothing twice. A dry run unless --yes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { FlowServiceClient } from "../../adobe/client";
import { resolveSettings } from "../../adobe/settings";
import { applyRecovery } from "./apply";
import { Listed, RECOVERABLE_KINDS, Recoverable, recoverableOf } from "./kinds";
import { StackLock, describeLock, lockDirectory, lockVerdict, readStackLock } from "./lock";
import { Outcome, RECOVER_COMMAND, nextSteps, shellWord } from "./next";
import { RecoveryPlan, mergePlans, planRecovery } from "./plan";
import { LEFTOVER_PATTERN, describeProcess, mayWrite, runProcessesOf } from "./processes";
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
It says whether the stack is locked (a local file backend's lock: by whom, and whether that
process still runs) and prints the commands to run next; --yes on a locked stack writes nothing.

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
  /** The same, its output as text, trimmed. */
  text(args: string[], stack?: string | null): string;
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
          ? ` (run \`${RECOVER_COMMAND}${defaultStack ? ` --stack ${shellWord(defaultStack)}` : ""}\` without --yes: it says who holds the lock and what to run)`
          : "";
      throw new Error(`pulumi ${args.join(" ")} exited with ${res.status}: ${said}${hint}`);
    }
    return res.stdout;
  };
  return {
    json: <T>(args: string[], stack?: string | null) => JSON.parse(exec(args, stack)) as T,
    text: (args, stack) => exec(args, stack).trim(),
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

/**
 * The stack's lock, read from the backend's lock files when it is a local file backend (the URL `pulumi whoami`
 * reports, the stack's fully qualified name); `unknown` for any other backend.
 */
function stackLockOf(pulumi: PulumiRunner, qualifiedStack: string): StackLock {
  const backend = pulumi.json<{ url?: string }>(["whoami", "--json"], null).url ?? "";
  const dir = lockDirectory(backend, qualifiedStack, homedir());
  return dir ? readStackLock(dir) : { state: "unknown", backend };
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
  const leftovers = runProcessesOf(cwd);
  const live = leftovers.filter(mayWrite);
  if (live.length) {
    throw new Error(
      `processes of a Pulumi run are still running in ${cwd}: ${live.map(describeProcess).join("; ")}. A killed \`pulumi up\` ` +
        "leaves its providers running until the operation under way ends (this package's exit by themselves within about 15 s " +
        `after that); wait until \`pgrep -af '${LEFTOVER_PATTERN}'\` lists none of these, then run ` +
        `\`${RECOVER_COMMAND}${values.stack ? ` --stack ${shellWord(values.stack)}` : ""}\` again.`,
    );
  }
  const pulumi = pulumiRunner(values.pulumi!, cwd, values.stack);
  const qualifiedStack = pulumi.text(["stack", "--show-name", "--fully-qualify-stack-names"]);
  const lock = stackLockOf(pulumi, qualifiedStack);
  const stackName = values.stack ?? qualifiedStack;
  const next = (outcome: Outcome) => nextSteps({ dir: cwd, stack: stackName, lock, outcome });
  if (values.yes && !["free", "unknown"].includes(lockVerdict(lock))) {
    throw new Error(`nothing was written: ${describeLock(lock)}\n${next("bring in").join("\n")}`);
  }
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
    `lock: ${describeLock(lock)}`,
    ...leftovers.map(
      // Only language hosts are left here: a process that could write stopped recover above.
      (p) =>
        `left over: ${describeProcess(p)}, the killed run's ${p.role}: it writes nothing and exits by itself within 5 minutes ` +
        `(\`kill ${p.pid}\` ends it now)`,
    ),
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
    lines.push("dry run: nothing was written");
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
            (locked
              ? `. Once the run holding the stack's lock is over: \`pulumi cancel --stack ${shellWord(stackName)} --yes\`, then recover --yes again.`
              : ""),
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
  lines.push(...next(plan.ambiguous.length ? "ambiguous" : values.yes && changes ? "written" : changes ? "bring in" : "nothing"));
  return { lines, exitCode: plan.ambiguous.length ? 2 : 0 };
}
