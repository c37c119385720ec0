// The processes a killed `pulumi up` leaves in its project, found by their command lines (Linux: /proc). SIGKILL
// reaches the CLI alone: Pulumi starts each plugin in a process group of its own. Walked with Pulumi 3.248:
//   - the language host (`pulumi-language-nodejs <engine>`, `-python`, `-yaml`) stays, writing nothing, until its
//     health check finds the engine gone: within 5 minutes;
//   - the program (`node …/@pulumi/pulumi/cmd/run/index.js`, `python … pulumi-language-python-exec`) exits at once;
//   - the provider hosts (`sh …/pulumi-resource-pulumi-nodejs` running `node …/@pulumi/pulumi/cmd/dynamic-provider`,
//     and the aep plugin `node …/dist/provider/plugin/main.js`, which bin/pulumi-resource-aep execs) finish the
//     operation under way, sending nothing new, and exit by themselves about 15 s later (provider/engine/watchdog.ts).
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";

/**
 * An extended regular expression (for `pgrep -af`, and as a JavaScript RegExp) matching the command line of every
 * process a killed run leaves: language hosts and the Python program (`pulumi-language-`), provider plugins
 * (`pulumi-resource-`), Node.js programs and the dynamic-provider host (`@pulumi/pulumi/cmd/`), the aep plugin.
 */
export const LEFTOVER_PATTERN = String.raw`pulumi-(language|resource)-|@pulumi/pulumi/cmd/|plugin/main\.js`;

/** What a process of a run is. Recover waits for every one but a language host (the program exits at once anyway). */
export type RunRole = "Pulumi CLI" | "program" | "language host" | "provider host";

const ROLES: [RegExp, RunRole][] = [
  [/(^|\/)pulumi (up|destroy|refresh|import)( |$)/, "Pulumi CLI"],
  [/pulumi-language-python-exec|@pulumi\/pulumi\/cmd\/run\//, "program"],
  [/pulumi-language-/, "language host"],
  [new RegExp(LEFTOVER_PATTERN), "provider host"],
];

/** The role of a process of a Pulumi run, from its command line (arguments joined by spaces); undefined for any other. */
export function runRoleOf(commandLine: string): RunRole | undefined {
  return ROLES.find(([pattern]) => pattern.test(commandLine))?.[1];
}

export interface RunProcess {
  pid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
  role: RunRole;
}

/** `18523 (node …/dynamic-provider/index.js 127.0.0.1:45307)`: a process as recover names it, its command cut to 120 characters. */
export function describeProcess(p: RunProcess): string {
  return `${p.pid} (${p.command.slice(0, 120)})`;
}

/** A language host writes nothing, and outlives a killed CLI by up to 5 minutes: nobody has to wait for it. */
export function mayWrite(p: RunProcess): boolean {
  return p.role !== "language host";
}

/**
 * Every process of a Pulumi run whose working directory is `dir` (the project: Pulumi starts its plugins there),
 * this one excepted. Empty where there is no /proc (not Linux): nothing is found there.
 */
export function runProcessesOf(dir: string): RunProcess[] {
  if (!existsSync("/proc")) return [];
  const found: RunProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      const role = runRoleOf(command);
      if (role && readlinkSync(`/proc/${entry}/cwd`) === dir) found.push({ pid: Number(entry), command, role });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** The processes of a run in `dir` that could still write (every one but language hosts), as {@link describeProcess} names them. */
export function liveProcessesOf(dir: string): string[] {
  return runProcessesOf(dir).filter(mayWrite).map(describeProcess);
}
