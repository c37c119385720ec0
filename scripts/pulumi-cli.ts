// Runs the real Pulumi CLI against a local file backend, for the demo and the end-to-end tests.
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";

/** The repository root, whether this runs from scripts/ (ts-jest) or dist/scripts/ (compiled). */
export const ROOT = (function findRoot(dir: string): string {
  if (existsSync(path.join(dir, "scripts", "get-pulumi.sh"))) return dir;
  const parent = path.dirname(dir);
  if (parent === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
  return findRoot(parent);
})(__dirname);

export class PulumiCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly result: CliResult,
  ) {
    super(`pulumi ${args.join(" ")} exited with ${result.code}:\n${tail(result.stdout + result.stderr, 40)}`);
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const flagsFor = (hosts: string[]) => (hosts.length ? `${hosts.map((h) => `--${h}`).join(" ")} ` : "");

/**
 * The directory holding `pulumi` and its plugins: scripts/get-pulumi.sh finds or builds it (progress
 * goes to this process's stderr), with the language hosts `hosts` names besides Node.js's. Throws,
 * saying why, when there is none: never a silent skip.
 */
export function locatePulumi(hosts: ("yaml" | "python")[] = []): string {
  const given = process.env.AEP_PULUMI_BIN_DIR;
  if (given) {
    // A wrong directory would otherwise surface as `spawn pulumi ENOENT`, or run another `pulumi` on PATH.
    const missing = [
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-resource-pulumi-nodejs",
      ...hosts.map((h) => `pulumi-language-${h}`),
    ].filter((bin) => !existsSync(path.join(given, bin)));
    if (missing.length) {
      throw new Error(
        `No Pulumi CLI: AEP_PULUMI_BIN_DIR=${given} lacks ${missing.join(", ")}. Point it at the directory scripts/get-pulumi.sh ` +
          `${flagsFor(hosts)}prints (e.g. .tools/pulumi/bin), or unset it to let that script find or build the CLI.`,
      );
    }
    return given;
  }
  const flags = hosts.map((h) => `--${h}`);
  const res = spawnSync("bash", [path.join(ROOT, "scripts", "get-pulumi.sh"), ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  const dir = res.stdout.trim().split("\n").pop();
  if (res.status !== 0 || !dir) {
    throw new Error(`No Pulumi CLI: scripts/get-pulumi.sh exited with ${res.status} (its reasons are printed above).`);
  }
  process.env.AEP_PULUMI_BIN_DIR = dir;
  return dir;
}

/**
 * A scratch copy of an example project under `stateDir`, so stack files written by `pulumi stack
 * init` and `pulumi config set` never touch the checkout. It resolves packages from the repository's
 * node_modules, as the example itself does.
 */
export function scratchCopy(exampleDir: string, stateDir: string): string {
  const target = path.join(stateDir, "project");
  rmSync(target, { recursive: true, force: true });
  cpSync(exampleDir, target, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  return target;
}

/** SIGKILL to a process started by PulumiProject.run and everything it started (its process group). */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

export interface ProjectOptions {
  /** Directory holding Pulumi.yaml. */
  dir: string;
  stack: string;
  /** Local file backend directory (created if missing). */
  stateDir: string;
  binDir: string;
  /** Extra environment, e.g. the AEP_* settings pointing at the emulator. */
  env?: Record<string, string>;
  passphrase?: string;
}

export class PulumiProject {
  readonly env: NodeJS.ProcessEnv;
  /** Everything every command printed, for tests that search it (for credentials, say). */
  transcript = "";

  constructor(readonly opts: ProjectOptions) {
    mkdirSync(path.join(opts.stateDir, "backend"), { recursive: true });
    mkdirSync(path.join(opts.stateDir, "home"), { recursive: true });
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AEP_") && !k.startsWith("PULUMI_")));
    this.env = {
      ...inherited,
      PATH: `${opts.binDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${path.join(opts.stateDir, "backend")}`,
      PULUMI_HOME: path.join(opts.stateDir, "home"),
      PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "local-demo-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...opts.env,
    };
  }

  /**
   * Runs `pulumi <args> --stack <stack>`; throws PulumiCommandError on a non-zero exit unless
   * allowFailure. With `timeoutMs`, a command still running then is killed (its whole process group)
   * and the promise rejects, saying so: a hang fails the caller instead of stalling it.
   */
  run(
    args: string[],
    options: {
      allowFailure?: boolean;
      stack?: boolean;
      onOutput?: (chunk: string) => void;
      timeoutMs?: number;
      onStart?: (child: ChildProcess) => void;
    } = {},
  ): Promise<CliResult> {
    const full = [...args, ...(options.stack === false ? [] : ["--stack", this.opts.stack]), "--non-interactive", "--color=never"];
    return new Promise((resolve, reject) => {
      // Its own process group, so that the CLI, its language host and its plugins can be killed together.
      const child = spawn("pulumi", full, { cwd: this.opts.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      options.onStart?.(child);
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            killGroup(child);
          }, options.timeoutMs)
        : undefined;
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
        options.onOutput?.(d.toString());
      });
      child.stderr.on("data", (d) => {
        stderr += d;
        options.onOutput?.(d.toString());
      });
      child.on("error", reject);
      child.on("close", (code) => {
        if (timer) clearTimeout(timer);
        const result = { code: code ?? -1, stdout, stderr };
        this.transcript += stdout + stderr;
        if (timedOut)
          reject(
            new Error(
              `pulumi ${args.join(" ")} did not finish within ${options.timeoutMs} ms and was killed:\n${tail(stdout + stderr, 40)}`,
            ),
          );
        else if (code !== 0 && !options.allowFailure) reject(new PulumiCommandError(args, result));
        else resolve(result);
      });
    });
  }

  async init(config: Record<string, string> = {}): Promise<void> {
    await this.run(["stack", "select", "--create", this.opts.stack], { stack: false });
    for (const [key, value] of Object.entries(config)) await this.configSet(key, value);
  }

  configSet(key: string, value: string, secret = false): Promise<CliResult> {
    return this.run(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
  }

  up(extra: string[] = []): Promise<CliResult> {
    return this.run(["up", "--yes", "--skip-preview", ...extra]);
  }

  preview(extra: string[] = []): Promise<CliResult> {
    return this.run(["preview", "--diff", ...extra]);
  }

  refresh(extra: string[] = []): Promise<CliResult> {
    return this.run(["refresh", "--yes", "--skip-preview", ...extra]);
  }

  destroy(): Promise<CliResult> {
    return this.run(["destroy", "--yes", "--skip-preview"]);
  }

  async exportStack(): Promise<{
    text: string;
    deployment: {
      resources?: { urn: string; type: string; id?: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> }[];
    };
  }> {
    const { stdout } = await this.run(["stack", "export"]);
    return { text: stdout, deployment: JSON.parse(stdout).deployment };
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.run(["stack", "output", "--json", "--show-secrets"])).stdout);
  }

  async remove(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force", this.opts.stack], { stack: false, allowFailure: true });
  }
}
