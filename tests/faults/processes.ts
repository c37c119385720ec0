// The processes a `pulumi up` starts, for the suites that kill them mid-run (Linux: read from /proc).
import { readFileSync, readdirSync, readlinkSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";

/** Processes of the dynamic provider serving the program in `dir` (its working directory). */
export function providerPids(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes("dynamic-provider") && readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
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
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes("pulumi-language-") && readlinkSync(`/proc/${entry}/cwd`) === dir) process.kill(Number(entry), "SIGKILL");
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
