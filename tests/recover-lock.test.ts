// After a killed `pulumi up`: the stack's lock as recover reads it, the commands it prints next, and the processes
// the run left (command lines as Pulumi 3.248 starts them, read from /proc after a real kill).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  HeldLock,
  StackLock,
  describeLock,
  lockDirectory,
  lockVerdict,
  parseLockFile,
  pulumiProcessRunning,
  readStackLock,
} from "../provider/commands/recover/lock";
import { nextSteps, shellWord } from "../provider/commands/recover/next";
import { LEFTOVER_PATTERN, RunRole, runRoleOf } from "../provider/commands/recover/processes";

const HOLDER = { pid: 18190, username: "root", hostname: "vm", timestamp: "2026-12-07T15:32:58.993199103Z" };
/** A lock file as the CLI writes it. */
const LOCK_TEXT = JSON.stringify(HOLDER);
const DIR = "/home/me/orders flows";

describe("parseLockFile", () => {
  it("reads the pid, user, host and time the CLI wrote", () => {
    expect(parseLockFile(LOCK_TEXT)).toEqual(HOLDER);
  });

  it("reads nothing from an empty file (a kill mid-write) or one that is not a lock", () => {
    expect([parseLockFile(""), parseLockFile("{}"), parseLockFile('{"pid":"1","hostname":"vm","timestamp":"t"}')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("lockDirectory", () => {
  it("is .pulumi/locks/<fully qualified stack> under a file:// backend, ~ being the home directory and a query ignored", () => {
    expect([
      lockDirectory("file:///srv/state", "organization/aep-orders/dev", "/home/me"),
      lockDirectory("file://~", "organization/aep-orders/dev", "/home/me"),
      lockDirectory("file://~/state?no_tmp_dir=true", "dev", "/home/me"),
    ]).toEqual([
      "/srv/state/.pulumi/locks/organization/aep-orders/dev",
      "/home/me/.pulumi/locks/organization/aep-orders/dev",
      "/home/me/state/.pulumi/locks/dev",
    ]);
  });

  it("is not known for Pulumi Cloud or a bucket", () => {
    expect([lockDirectory("https://api.pulumi.com", "acme/orders/dev", "/h"), lockDirectory("s3://bucket", "dev", "/h")]).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe("readStackLock", () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), "recover-lock-")), "organization", "aep-orders", "dev");
  });
  afterEach(() => rmSync(path.dirname(path.dirname(path.dirname(dir))), { recursive: true, force: true }));

  it("finds no lock where the stack has no lock directory, or an empty one (after `pulumi cancel`)", () => {
    expect(readStackLock(dir, () => true, "vm")).toEqual({ state: "unlocked" });
    mkdirSync(dir, { recursive: true });
    expect(readStackLock(dir, () => true, "vm")).toEqual({ state: "unlocked" });
  });

  it("reads each lock file (not the .attrs beside it) and asks whether a holder of this machine still runs", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "a.json"), LOCK_TEXT);
    writeFileSync(path.join(dir, "a.json.attrs"), '{"md5":"x"}');
    writeFileSync(path.join(dir, "b.json"), JSON.stringify({ ...HOLDER, pid: 7, hostname: "ci-runner-3" }));
    writeFileSync(path.join(dir, "c.json"), "");
    const asked: number[] = [];
    const lock = readStackLock(dir, (pid) => (asked.push(pid), false), "vm");
    expect(lock).toEqual({
      state: "locked",
      locks: [
        { file: path.join(dir, "a.json"), holder: HOLDER, running: false },
        { file: path.join(dir, "b.json"), holder: { ...HOLDER, pid: 7, hostname: "ci-runner-3" }, running: undefined },
        { file: path.join(dir, "c.json"), holder: undefined, running: undefined },
      ],
    });
    expect(asked).toEqual([18190]);
    expect(readFileSync(path.join(dir, "a.json"), "utf8")).toBe(LOCK_TEXT);
  });
});

describe("pulumiProcessRunning", () => {
  it("is true for a running process whose command names pulumi, false for another one and for a pid no process has", async () => {
    const named = spawn("sh", ["-c", "sleep 30", "pulumi"], { stdio: "ignore" });
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect([pulumiProcessRunning(named.pid!), pulumiProcessRunning(other.pid!)]).toEqual([true, false]);
    } finally {
      named.kill("SIGKILL");
      other.kill("SIGKILL");
    }
    await new Promise((r) => named.once("exit", r));
    expect(pulumiProcessRunning(named.pid!)).toBe(false);
  });
});

const lockOf = (...locks: HeldLock[]): StackLock => ({ state: "locked", locks });
const FILE = "/srv/state/.pulumi/locks/organization/aep-orders/dev/667c.json";
const STALE = lockOf({ file: FILE, holder: HOLDER, running: false });
const HELD = lockOf({ file: FILE, holder: HOLDER, running: true });
const ELSEWHERE = lockOf({ file: FILE, holder: { ...HOLDER, hostname: "ci-runner-3" } });
const CLOUD: StackLock = { state: "unknown", backend: "https://api.pulumi.com" };

describe("lockVerdict and describeLock", () => {
  it("tells a free stack, a killed run's lock, a running holder, another machine's run and an unreadable backend apart", () => {
    const all = [{ state: "unlocked" } as StackLock, STALE, HELD, ELSEWHERE, CLOUD];
    expect(all.map(lockVerdict)).toEqual(["free", "stale", "held", "unsure", "unknown"]);
    expect(all.map(describeLock)).toEqual([
      "the stack is not locked",
      "the stack is locked by root@vm (pid 18190) since 2026-12-07T15:32:58.993Z, no process 18190 runs any more: the lock of a killed run",
      "the stack is locked by root@vm (pid 18190) since 2026-12-07T15:32:58.993Z, process 18190 is still running",
      "the stack is locked by root@ci-runner-3 (pid 18190) since 2026-12-07T15:32:58.993Z, a run on another machine (ci-runner-3)",
      "whether the stack is locked is not known (the backend https://api.pulumi.com is not a local file backend, whose lock files " +
        "recover reads); if `pulumi stack import` reports it locked by the killed run, `pulumi cancel` releases it",
    ]);
  });

  it("waits while any holder runs, and calls a lock stale only when every holder is known gone", () => {
    const gone = { file: FILE, holder: HOLDER, running: false };
    expect([lockVerdict(lockOf(gone, { file: FILE, holder: HOLDER, running: true })), lockVerdict(lockOf(gone, { file: FILE }))]).toEqual([
      "held",
      "unsure",
    ]);
    expect(describeLock(lockOf({ file: FILE }))).toBe(`the stack is locked by an unreadable lock file (${FILE})`);
  });
});

describe("nextSteps", () => {
  const next = (lock: StackLock, outcome: Parameters<typeof nextSteps>[0]["outcome"]) =>
    nextSteps({ dir: DIR, stack: "dev", lock, outcome });

  it("after a killed run: the stale lock cleared, the entities brought in, then `pulumi up`, in the project", () => {
    expect(next(STALE, "bring in")).toEqual([
      "next:",
      "  cd '/home/me/orders flows'",
      "  pulumi cancel --stack dev --yes",
      "  npx pulumi-aep-dataflows recover --stack dev --yes",
      "  pulumi up --stack dev",
    ]);
  });

  it("on a free stack no `pulumi cancel`; with nothing to bring in, or once written, only `pulumi up`", () => {
    const free: StackLock = { state: "unlocked" };
    expect([next(free, "bring in"), next(free, "nothing"), next(free, "written"), next(STALE, "nothing")]).toEqual([
      ["next:", "  cd '/home/me/orders flows'", "  npx pulumi-aep-dataflows recover --stack dev --yes", "  pulumi up --stack dev"],
      ["next:", "  cd '/home/me/orders flows'", "  pulumi up --stack dev"],
      ["next:", "  cd '/home/me/orders flows'", "  pulumi up --stack dev"],
      ["next:", "  cd '/home/me/orders flows'", "  pulumi cancel --stack dev --yes", "  pulumi up --stack dev"],
    ]);
  });

  it("while the lock's holder runs: wait for it, then a dry run again (never `pulumi cancel`, which would delete its lock)", () => {
    expect(next(HELD, "bring in")).toEqual([
      "next, once process 18190, which holds the stack's lock, has ended:",
      "  cd '/home/me/orders flows'",
      "  npx pulumi-aep-dataflows recover --stack dev",
    ]);
  });

  it("a lock of another machine's run: cleared only once that run is over; ambiguous resources: settled, then a dry run again", () => {
    expect(next(ELSEWHERE, "bring in")).toEqual([
      "next, once the run holding the lock (on ci-runner-3) is over:",
      "  cd '/home/me/orders flows'",
      "  pulumi cancel --stack dev --yes",
      "  npx pulumi-aep-dataflows recover --stack dev --yes",
      "  pulumi up --stack dev",
    ]);
    expect(next(CLOUD, "ambiguous")).toEqual([
      "next, once the ambiguous resources above are settled:",
      "  cd '/home/me/orders flows'",
      "  npx pulumi-aep-dataflows recover --stack dev",
    ]);
  });

  it("quotes for the shell only what needs it", () => {
    expect([shellWord("/srv/orders/dev-1"), shellWord("organization/aep-orders/dev"), shellWord("it's here")]).toEqual([
      "/srv/orders/dev-1",
      "organization/aep-orders/dev",
      `'it'\\''s here'`,
    ]);
  });
});

describe("the processes a killed run leaves", () => {
  // Pulumi 3.248: the Node.js ones as /proc showed them around a SIGKILL of `pulumi up`, the aep plugin's as
  // recover-plugin's suite sees it, the Python and YAML ones by the names of their hosts' binaries.
  const SEEN: [string, RunRole][] = [
    ["pulumi up --yes --skip-preview --non-interactive", "Pulumi CLI"],
    ["/opt/pulumi/bin/pulumi-language-nodejs 127.0.0.1:45307", "language host"],
    ["/opt/pulumi/bin/pulumi-language-yaml 127.0.0.1:45307", "language host"],
    ["/opt/pulumi/bin/pulumi-language-python 127.0.0.1:45307", "language host"],
    [
      "/usr/bin/node /srv/orders/node_modules/@pulumi/pulumi/cmd/run/index.js --monitor 127.0.0.1:41257 --engine 127.0.0.1:45307 .",
      "program",
    ],
    ["/srv/orders/venv/bin/python -u /opt/pulumi/bin/pulumi-language-python-exec --monitor 127.0.0.1:41257 .", "program"],
    ["/bin/sh /opt/pulumi/bin/pulumi-resource-pulumi-nodejs 127.0.0.1:45307", "provider host"],
    ["node /srv/orders/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js 127.0.0.1:45307", "provider host"],
    ["node /srv/orders/node_modules/pulumi-aep-dataflows/dist/provider/plugin/main.js 127.0.0.1:45307", "provider host"],
  ];

  it("each gets its role; nothing else is taken for one", () => {
    expect(SEEN.map(([command]) => runRoleOf(command))).toEqual(SEEN.map(([, role]) => role));
    expect(
      ["node dist/provider/commands/cli.js recover --stack dev", "pulumi stack export", "bash", "vim Pulumi.yaml"].map(runRoleOf),
    ).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("the README's `pgrep` pattern matches every one but the CLI (gone once killed)", () => {
    const pattern = new RegExp(LEFTOVER_PATTERN);
    expect(SEEN.filter(([command]) => !pattern.test(command)).map(([command]) => command)).toEqual([SEEN[0][0]]);
    const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    expect(readme).toContain(`pgrep -af '${LEFTOVER_PATTERN}'`);
  });
});
