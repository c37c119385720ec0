// A stack's lock, as a local file backend keeps it (Pulumi's DIY backend on `file://`, 3.248): a JSON file per holder
// under `<backend>/.pulumi/locks/<fully qualified stack name>/<uuid>.json` naming its pid, user, host and time. A
// `pulumi up` killed with SIGKILL leaves its file: the stack stays locked (`stack import`, `up` refuse; `export` and
// `preview` do not lock). `pulumi cancel` deletes every lock file of the stack, its holder running or not
// (pkg/backend/diy/backend.go, CancelCurrentUpdate): only a lock whose holder is gone is cleared that way.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** What a lock file names: the process of the Pulumi command that took the lock, and when (RFC 3339). */
export interface LockHolder {
  pid: number;
  username: string;
  hostname: string;
  timestamp: string;
}

export interface HeldLock {
  /** The lock file's path. */
  file: string;
  /** Undefined when the file could not be read as a lock. */
  holder?: LockHolder;
  /** Whether the holder still runs: known only for a holder on this machine (undefined otherwise). */
  running?: boolean;
}

export type StackLock =
  | { state: "unlocked" }
  | { state: "locked"; locks: HeldLock[] }
  /** A backend whose locks recover cannot read (Pulumi Cloud, s3://, …): `backend` is its URL. */
  | { state: "unknown"; backend: string };

/** A lock file's holder; undefined when the text is not a lock (empty after a kill mid-write, say). */
export function parseLockFile(text: string): LockHolder | undefined {
  try {
    const l = JSON.parse(text) as Partial<LockHolder>;
    if (typeof l.pid !== "number" || typeof l.hostname !== "string" || typeof l.timestamp !== "string") return undefined;
    return { pid: l.pid, username: typeof l.username === "string" ? l.username : "?", hostname: l.hostname, timestamp: l.timestamp };
  } catch {
    return undefined;
  }
}

/**
 * The directory of a stack's lock files for a `file://` backend URL (as `pulumi whoami --json` gives it; `file://~`
 * is the home directory, a query such as `?no_tmp_dir=true` is ignored) and the stack's fully qualified name (`pulumi
 * stack --show-name -Q`: `organization/<project>/<stack>`, or `<stack>` on a backend of the older layout). Undefined
 * for any other backend.
 */
export function lockDirectory(backendUrl: string, qualifiedStack: string, home: string): string | undefined {
  if (!backendUrl.startsWith("file://")) return undefined;
  const bare = backendUrl.replace(/\?.*$/, "");
  const root = bare.startsWith("file://~") ? path.join(home, bare.slice("file://~".length)) : fileURLToPath(bare);
  return path.join(root, ".pulumi", "locks", ...qualifiedStack.split("/"));
}

/**
 * Whether process `pid` of this machine is a running Pulumi command. On Linux its command line must name pulumi, so a
 * pid reused since the holder died does not count; elsewhere any process with that pid counts.
 */
export function pulumiProcessRunning(pid: number): boolean {
  if (existsSync("/proc")) {
    try {
      return /pulumi/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The stack's lock: every lock file in `dir` ({@link lockDirectory}), each holder looked up with `running` when it is of
 * this machine. A directory that does not exist is no lock.
 */
export function readStackLock(
  dir: string,
  running: (pid: number) => boolean = pulumiProcessRunning,
  thisHost: string = hostname(),
): StackLock {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "unlocked" };
    throw err;
  }
  if (!files.length) return { state: "unlocked" };
  return {
    state: "locked",
    locks: files.sort().map((f) => {
      const file = path.join(dir, f);
      let holder: LockHolder | undefined;
      try {
        holder = parseLockFile(readFileSync(file, "utf8"));
      } catch {
        // removed meanwhile: described as unreadable
      }
      return { file, holder, running: holder && holder.hostname === thisHost ? running(holder.pid) : undefined };
    }),
  };
}

/** What to do about a lock: nothing (free), clear it (stale), wait (held), clear it once its run is over (unsure), or not known. */
export type LockVerdict = "free" | "stale" | "held" | "unsure" | "unknown";

export function lockVerdict(lock: StackLock): LockVerdict {
  if (lock.state !== "locked") return lock.state === "unlocked" ? "free" : "unknown";
  if (lock.locks.some((l) => l.running === true)) return "held";
  return lock.locks.every((l) => l.running === false) ? "stale" : "unsure";
}

function holderText(l: HeldLock): string {
  if (!l.holder) return `an unreadable lock file (${l.file})`;
  const { username, hostname: host, pid, timestamp } = l.holder;
  const since = Number.isNaN(Date.parse(timestamp)) ? timestamp : new Date(timestamp).toISOString();
  const state =
    l.running === undefined
      ? `a run on another machine (${host})`
      : l.running
        ? `process ${pid} is still running`
        : `no process ${pid} runs any more: the lock of a killed run`;
  return `${username}@${host} (pid ${pid}) since ${since}, ${state}`;
}

/** Whether the stack is locked, by whom, and whether that process still runs: `the stack is locked by …`. */
export function describeLock(lock: StackLock): string {
  if (lock.state === "unlocked") return "the stack is not locked";
  if (lock.state === "unknown") {
    return (
      `whether the stack is locked is not known (the backend ${lock.backend} is not a local file backend, whose lock files ` +
      "recover reads); if `pulumi stack import` reports it locked by the killed run, `pulumi cancel` releases it"
    );
  }
  return `the stack is locked by ${lock.locks.map(holderText).join("; ")}`;
}
