// Shared set-up of the end-to-end suite: the real Pulumi CLI (built by scripts/get-pulumi.sh when
// needed, never skipped), the emulator in this process, and scratch copies of the examples.
import { rmSync } from "node:fs";
import * as path from "node:path";
import type { JournalEntry, RunningEmulator } from "../../emulator";
import { PulumiProject, ROOT, locatePulumi, scratchCopy } from "../../scripts/pulumi-cli";
import { SEEDED, emulator } from "../helpers/emulator";

export { SEEDED, ROOT };

export function pulumiBinDir(): string {
  // Fails the suite with the reason when no CLI can be had; CI=true or not, nothing is skipped.
  return locatePulumi();
}

export async function startE2eEmulator(): Promise<RunningEmulator> {
  return emulator();
}

/** A scratch copy of examples/<name> in .pulumi-state/e2e-<name>, fresh for each run. */
export function exampleCopy(name: string): { dir: string; stateDir: string } {
  const stateDir = path.join(ROOT, ".pulumi-state", `e2e-${name}`);
  rmSync(stateDir, { recursive: true, force: true });
  return { dir: scratchCopy(path.join(ROOT, "examples", name), stateDir), stateDir };
}

/** A scratch copy of tests/programs/<name> in .pulumi-state/<label>, fresh for each run. */
export function programCopy(name: string, label: string): { dir: string; stateDir: string } {
  const stateDir = path.join(ROOT, ".pulumi-state", label);
  rmSync(stateDir, { recursive: true, force: true });
  return { dir: scratchCopy(path.join(ROOT, "tests", "programs", name), stateDir), stateDir };
}

export function projectFor(copy: { dir: string; stateDir: string }, stack: string, env: Record<string, string> = {}): PulumiProject {
  return new PulumiProject({ dir: copy.dir, stateDir: copy.stateDir, stack, binDir: pulumiBinDir(), env, passphrase: "e2e-passphrase" });
}

/** Points a stack at the emulator through config, the client secret stored as a Pulumi secret. */
export async function configureForEmulator(project: PulumiProject, emu: RunningEmulator): Promise<void> {
  await project.init({
    "aep:endpoint": emu.url,
    "aep:imsEndpoint": emu.url,
    "aep:clientId": SEEDED.clientId,
    "aep:orgId": SEEDED.orgId,
  });
  await project.configSet("aep:clientSecret", SEEDED.clientSecret, true);
}

/** Flow Service calls as `METHOD /path?query` with the flow id replaced by {id}, plus sandbox and If-Match. */
export function calls(emu: RunningEmulator): { call: string; sandbox?: string; ifMatch?: string; body?: unknown }[] {
  return emu
    .journal()
    .filter((e: JournalEntry) => e.service === "flowservice")
    .map((e) => {
      const query = new URLSearchParams(e.query as Record<string, string>).toString();
      return {
        call: `${e.method} ${e.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "{id}")}${query ? `?${query}` : ""}`,
        sandbox: e.headers.sandboxName,
        ...(e.headers.ifMatch ? { ifMatch: e.headers.ifMatch } : {}),
        ...(e.body !== undefined ? { body: e.body } : {}),
      };
    });
}

export function dataflowResources(deployment: {
  resources?: { urn?: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
}) {
  return (deployment.resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/aep:Dataflow");
}

/** Every credential the suite seeded, to search CLI output and exported state for. */
export function leakedSecrets(text: string): string[] {
  const found: string[] = [];
  if (text.includes(SEEDED.clientSecret)) found.push("client secret");
  if (/emu-[A-Za-z0-9_-]{20,}/.test(text)) found.push("access token");
  return found;
}
