// What to run after `recover`, in order, with the project and the stack filled in: the stale lock of the killed run
// cleared first (never a lock whose holder still runs), then the write, then `pulumi up`. Pure.
import { StackLock, lockVerdict } from "./lock";

/** Where recover left the stack: entities to bring in, nothing to do, resources to settle by hand, or written. */
export type Outcome = "bring in" | "nothing" | "ambiguous" | "written";

export const RECOVER_COMMAND = "npx pulumi-aep-dataflows recover";

/** A word for a POSIX shell: as it is when it holds nothing the shell reads, single-quoted otherwise. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `next:` (or `next, once …:` when something must happen first: a lock's holder ending, a run on another machine
 * being over, ambiguous resources settled) and the commands to run, each indented by two spaces: `cd <dir>`,
 * `pulumi cancel` for a lock no running process holds, recover (with --yes when there is something to bring in),
 * `pulumi up`.
 */
export function nextSteps(o: { dir: string; stack: string; lock: StackLock; outcome: Outcome }): string[] {
  const stack = `--stack ${shellWord(o.stack)}`;
  const verdict = lockVerdict(o.lock);
  const locks = o.lock.state === "locked" ? o.lock.locks : [];
  const once: string[] = [];
  const commands = [`cd ${shellWord(o.dir)}`];
  if (verdict === "held") {
    once.push(`process ${locks.flatMap((l) => (l.running ? [l.holder!.pid] : [])).join(", ")}, which holds the stack's lock, has ended`);
    commands.push(`${RECOVER_COMMAND} ${stack}`);
  } else {
    if (verdict === "unsure") {
      const hosts = [...new Set(locks.map((l) => l.holder?.hostname ?? "the machine that wrote the lock"))];
      once.push(`the run holding the lock (on ${hosts.join(", ")}) is over`);
    }
    if (verdict === "stale" || verdict === "unsure") commands.push(`pulumi cancel ${stack} --yes`);
    if (o.outcome === "ambiguous") {
      once.push("the ambiguous resources above are settled");
      commands.push(`${RECOVER_COMMAND} ${stack}`);
    } else {
      if (o.outcome === "bring in") commands.push(`${RECOVER_COMMAND} ${stack} --yes`);
      commands.push(`pulumi up ${stack}`);
    }
  }
  return [once.length ? `next, once ${once.join(" and ")}:` : "next:", ...commands.map((c) => `  ${c}`)];
}
