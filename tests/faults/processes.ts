// The processes a `pulumi up` starts, for the suites that kill them mid-run (Linux: read from /proc),
// and the documented steps after such a kill: the leftovers' end and `pulumi-aep-dataflows recover`.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { LEFTOVER_PATTERN, liveProcessesOf } from "../../provider/commands/recover/processes";
import { PulumiProject, ROOT } from "../../scripts/pulumi-cli";

/** Every process whose working directory is `dir` (Linux: /proc): its command line by pid. */
export function processesIn(dir: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) found.set(Number(entry), cmdline);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Processes of the dynamic provider serving the program in `dir` (its working directory). */
export function providerPids(dir: string): number[] {
  return [...processesIn(dir)].filter(([, cmdline]) => cmdline.includes("dynamic-provider")).map(([pid]) => pid);
}

/** The pids the README's `pgrep -af '<pattern>'` lists, run as written (machine-wide: other runs' too). */
export function pgrepLeftovers(): number[] {
  let out = "";
  try {
    out = execFileSync("sh", ["-c", `pgrep -af '${LEFTOVER_PATTERN}'`], { encoding: "utf8" });
  } catch (err) {
    // pgrep exits with 1 when it finds nothing
    if ((err as { status?: number }).status !== 1) throw err;
  }
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => Number(line.split(" ")[0]));
}

/** A command line recover printed, run as written in a shell, with the project's environment (asynchronously). */
export function runPrinted(project: PulumiProject, line: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile("sh", ["-c", line], { cwd: project.opts.dir, env: project.env, encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
}

/** Polls `condition` every 50 ms; fails, naming `what`, after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Language hosts of a killed run write nothing and are not waited for by recover: they are killed. */
export function killLanguageHosts(dir: string): void {
  for (const [pid, cmdline] of processesIn(dir)) {
    try {
      if (cmdline.includes("pulumi-language-")) process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

/** The documented repair of a local file backend killed while writing: an empty checkpoint `.attrs` is removed. */
export function removeEmptyCheckpointAttrs(stateDir: string): void {
  const stacks = path.join(stateDir, "backend", ".pulumi", "stacks");
  for (const project of readdirSync(stacks)) {
    for (const file of readdirSync(path.join(stacks, project))) {
      const full = path.join(stacks, project, file);
      if (file.endsWith(".attrs") && statSync(full).size === 0) rmSync(full);
    }
  }
}

/**
 * The documented wait after a killed CLI: its provider sends nothing new, finishes the operation under way and exits by
 * itself (provider/engine.ts); this fails if it is still there after `timeoutMs`. Language hosts write nothing (recover
 * does not wait for them): they are killed, to keep the machine clean for the next scenario.
 */
export async function leftoversEnd(dir: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(() => liveProcessesOf(dir).length === 0, `the killed run's provider in ${dir} to exit by itself`, timeoutMs);
  killLanguageHosts(dir);
}

/** The documented command, as a user runs it in the project (asynchronously: the emulator lives in this process). */
export function recover(project: PulumiProject, ...flags: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(ROOT, "dist", "provider", "commands", "cli.js"), "recover", ...flags, "--stack", project.opts.stack],
      { cwd: project.opts.dir, env: project.env, encoding: "utf8", timeout: 180_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
}

/** Whether the emulator at `url` still holds the fault rule `id` (it is dropped once every request it was for has arrived). */
export async function faultPending(url: string, id: number): Promise<boolean> {
  const active = (await (await fetch(`${url}/__emulator/faults`)).json()) as { id: number }[];
  return active.some((r) => r.id === id);
}
