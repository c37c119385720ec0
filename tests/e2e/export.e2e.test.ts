// Bring existing flows under Pulumi as a user outside this repository would: install the package from
// its packed tarball, export a sandbox with the installed command, `npm install` the program in its
// own folder (outside the repository, so nothing resolves from the checkout), adopt with zero
// changes through the real CLI, promote to another sandbox with an id map.
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../emulator";
import { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStart } from "../helpers/dates";
import { STREAMING_SOURCE_ID, clientFor } from "../helpers/emulator";
import { ROOT, SEEDED, calls, configureForEmulator, dataflowResources, leakedSecrets, pulumiBinDir, startE2eEmulator } from "./harness";

const exec = promisify(execFile);

/** Everything this suite writes, outside the repository. */
const STATE = mkdtempSync(path.join(os.tmpdir(), "aep-export-e2e-"));
/** A project that installed the package from the tarball, as a user would, to run the exporter from. */
const TOOL = path.join(STATE, "tool");
/** The exported program's folder. */
const OUT = path.join(STATE, "dev-flows");
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};
const TARBALL = path.join(STATE, `pulumi-aep-dataflows-${MANIFEST.version}.tgz`);

const CLOUD_STORAGE = { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" };
const STREAMING = { id: "d8a6f005-7eaf-4153-983e-e8574508b877", version: "1.0" };
const ids = {
  srcOrders: "0a0b0c0d-1111-4aaa-8bbb-000000000001",
  srcReturns: "0a0b0c0d-1111-4aaa-8bbb-000000000002",
  target: "0a0b0c0d-2222-4aaa-8bbb-000000000003",
  mapping: "5c3d9e1f7a2b4c6d8e0f1a2b3c4d5e6f",
};

let emu: RunningEmulator;
let env: Record<string, string>;
let dev: PulumiProject;
const made: Record<string, string> = {};

const project = (stack: string) =>
  new PulumiProject({ dir: OUT, stack, stateDir: STATE, binDir: pulumiBinDir(), passphrase: "e2e-passphrase" });

/** `command args` in `cwd`, bounded in time; rejects with its output when it fails. */
async function sh(cwd: string, command: string, args: string[], extraEnv: Record<string, string> = {}) {
  return exec(command, args, { cwd, env: { ...process.env, ...extraEnv }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
}

/** `npm install` as the README says, from npm's cache where it can (the registry is asked for nothing it has). */
const npmInstall = (cwd: string, ...specs: string[]) =>
  sh(cwd, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...specs]);

/** The exporter as installed from the tarball (`npx pulumi-aep-dataflows export …` in the tool project). */
async function exportWith(args: string[]): Promise<string[]> {
  const bin = path.join(TOOL, "node_modules", ".bin", "pulumi-aep-dataflows");
  const { stdout } = await sh(TOOL, bin, ["export", "--sandbox", "dev", "--out", OUT, "--project", "aep-dev-flows", ...args], env);
  return stdout.trimEnd().split("\n");
}

beforeAll(async () => {
  // The tarball a user would be handed: `npm pack` of this checkout (its prepare script builds dist/ first).
  await sh(ROOT, "npm", ["pack", "--pack-destination", STATE]);
  mkdirSync(TOOL);
  writeFileSync(path.join(TOOL, "package.json"), JSON.stringify({ name: "tool", private: true }));
  await npmInstall(TOOL, TARBALL);
  emu = await startE2eEmulator();
  env = {
    AEP_ENDPOINT: emu.url,
    AEP_IMS_ENDPOINT: emu.url,
    AEP_CLIENT_ID: SEEDED.clientId,
    AEP_CLIENT_SECRET: SEEDED.clientSecret,
    AEP_ORG_ID: SEEDED.orgId,
  };
  // Flows built "in the AEP UI" of the dev sandbox, in shapes the tutorials' prose would not write but the service holds.
  const ui = clientFor(emu, { sandboxName: "dev" });
  const orders = await ui.createFlow({
    name: "Orders from cloud storage",
    description: "hourly orders",
    flowSpec: CLOUD_STORAGE,
    sourceConnectionIds: [ids.srcOrders],
    targetConnectionIds: [ids.target],
    // A param besides mappingId and mappingVersion, which the Mapping spec does not forbid.
    transformations: [{ name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: 0, note: "made in the UI" } }],
    scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: true },
  });
  const returns = await ui.createFlow(
    { name: "Returns", flowSpec: CLOUD_STORAGE, sourceConnectionIds: [ids.srcReturns], targetConnectionIds: [ids.target] },
    { draft: true },
  );
  const paused = await ui.createFlow({
    name: "Orders (paused copy)",
    flowSpec: CLOUD_STORAGE,
    sourceConnectionIds: [ids.srcReturns],
    targetConnectionIds: [ids.target],
    transformations: [{ name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: 0 } }],
    scheduleParams: { startTime: String(futureStart()), frequency: "day", interval: "1" },
  });
  await ui.flowAction(paused.id, "disable");
  // Published without a schedule or a Mapping (the API spec requires neither), then disabled.
  const bare = await ui.createFlow({
    name: "Bare",
    flowSpec: CLOUD_STORAGE,
    sourceConnectionIds: [ids.srcOrders],
    targetConnectionIds: [ids.target],
  });
  await ui.flowAction(bare.id, "disable");
  // Streaming: no schedule at all.
  const stream = await ui.createFlow({
    name: "Web events",
    flowSpec: STREAMING,
    sourceConnectionIds: [STREAMING_SOURCE_ID],
    targetConnectionIds: [ids.target],
  });
  Object.assign(made, { orders: orders.id, returns: returns.id, paused: paused.id, bare: bare.id, stream: stream.id });
}, 300_000);

afterAll(async () => {
  // Each step on its own: a failed removal must not leave the emulator listening (Jest would not exit).
  try {
    await dev?.remove().catch(() => undefined);
    await project("prod")
      .remove()
      .catch(() => undefined);
  } finally {
    await emu?.stop();
    rmSync(STATE, { recursive: true, force: true });
  }
});

beforeEach(() => emu?.clearJournal());

describe("export from the packed package, install and adopt outside the repository", () => {
  it("the installed exporter writes a program that depends on the same tarball, and the tools it is built with", async () => {
    const lines = await exportWith([]);
    expect(lines[0]).toBe(`exported 5 flow(s) from sandbox dev to ${OUT}:`);
    expect(lines).toContain(
      `package.json depends on pulumi-aep-dataflows file:${TARBALL} (installed from ${TARBALL}; --package <spec> names another)`,
    );
    expect(lines.filter((l) => l.startsWith("warning:"))).toEqual([]);
    expect(lines.at(-1)).toMatch(/adopts every flow, no change\)$/);
    expect(JSON.parse(readFileSync(path.join(OUT, "package.json"), "utf8"))).toEqual({
      name: "aep-dev-flows",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": MANIFEST.devDependencies["@pulumi/pulumi"], "pulumi-aep-dataflows": `file:${TARBALL}` },
      devDependencies: { typescript: MANIFEST.devDependencies.typescript },
    });
    const index = readFileSync(path.join(OUT, "index.ts"), "utf8");
    expect(index.match(/new Dataflow\(/g)).toHaveLength(5);
    expect(index).toContain('new Dataflow("orders-from-cloud-storage", {');
    expect(index).toContain('note: "made in the UI"');
    const config = readFileSync(path.join(OUT, "Pulumi.dev.yaml"), "utf8");
    expect(config).toContain(`    bare: ${made.bare}\n`);
    expect(config).toContain(`    mapping-5c3d9e1f: ${ids.mapping}\n`);
    expect(
      emu
        .journal()
        .filter((e) => e.service === "flowservice")
        .every((e) => e.method === "GET"),
    ).toBe(true);
  });

  it("`npm install` in the program's folder installs the package from the tarball, the pinned SDK and TypeScript", async () => {
    await npmInstall(OUT);
    const installed = path.join(OUT, "node_modules");
    // A copy unpacked from the tarball, not a link to the checkout.
    expect(lstatSync(path.join(installed, "pulumi-aep-dataflows")).isSymbolicLink()).toBe(false);
    expect(readdirSync(path.join(installed, "pulumi-aep-dataflows", "dist")).sort()).toEqual(["emulator", "provider", "sdk"]);
    // The package root (what programs import) and the committed Python SDK travel in the tarball.
    expect(readdirSync(path.join(installed, "pulumi-aep-dataflows", "dist", "sdk", "nodejs"))).toEqual(
      expect.arrayContaining(["index.d.ts", "index.js", "resources"]),
    );
    expect(readdirSync(path.join(installed, "pulumi-aep-dataflows", "sdk", "python"))).toEqual(
      expect.arrayContaining(["pyproject.toml", "pulumi_aep"]),
    );
    const version = (name: string) =>
      (JSON.parse(readFileSync(path.join(installed, name, "package.json"), "utf8")) as { version: string }).version;
    expect([version("@pulumi/pulumi"), version("typescript")]).toEqual([
      MANIFEST.devDependencies["@pulumi/pulumi"],
      MANIFEST.devDependencies.typescript,
    ]);
  });

  it("pulumi preview is clean: every flow to adopt, no warning, reads only", async () => {
    dev = project("dev");
    await configureForEmulator(dev, emu);
    emu.clearJournal();
    const preview = await dev.preview();
    expect(preview.stdout).toMatch(/\+ 6 to create/); // the stack and the five flows
    expect((preview.stdout + preview.stderr).match(/\[aep\].*/g) ?? []).toEqual([]);
    expect(
      calls(emu)
        .map((c) => c.call)
        .sort(),
    ).toEqual([...Array(2).fill("GET /flowSpecs/{id}"), ...Array(5).fill("GET /flows/{id}")]);
  });

  it("pulumi up adopts every flow with no write; a second preview has no change and makes no call", async () => {
    const up = await dev.up();
    expect(up.stdout).toMatch(/\+ 6 created/);
    // Adoption reads each flow once (in check; create reuses the read) and each flow spec once; nothing is written.
    expect(
      calls(emu)
        .map((c) => c.call)
        .sort(),
    ).toEqual([...Array(2).fill("GET /flowSpecs/{id}"), ...Array(5).fill("GET /flows/{id}")]);
    const resources = dataflowResources((await dev.exportStack()).deployment);
    expect(resources.map((r) => r.id).sort()).toEqual(Object.values(made).sort());
    const outputs = (id: string) => resources.find((r) => r.id === id)!.outputs;
    expect(outputs(made.bare)).toMatchObject({ state: "disabled", enabled: false, draft: false });
    expect(outputs(made.bare)).not.toHaveProperty("transformations");
    expect(outputs(made.orders)).toMatchObject({
      transformations: [{ name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: "0", note: "made in the UI" } }],
      adoption: `adopts flow ${made.orders} (enabled) in sandbox dev: no change`,
    });
    expect(outputs(made.stream)).not.toHaveProperty("scheduleParams");
    emu.clearJournal();
    const preview = await dev.preview();
    expect(preview.stdout).toMatch(/6 unchanged/);
    expect((preview.stdout + preview.stderr).match(/\[aep\].*/g) ?? []).toEqual([]);
    expect(emu.journal()).toEqual([]);
    expect(leakedSecrets((await dev.exportStack()).text + dev.transcript)).toEqual([]);
  });

  it("a promotion with an unmapped id fails, listing it, and writes no target stack", async () => {
    const map = path.join(STATE, "ids-partial.json");
    writeFileSync(map, JSON.stringify({ [ids.srcOrders]: "1b1b1b1b-1111-4aaa-8bbb-000000000001" }));
    const err = await exportWith(["--map", map, "--target-sandbox", "prod", "--force"]).catch((e: { stderr: string }) => e);
    expect(err).toHaveProperty("stderr");
    const stderr = (err as { stderr: string }).stderr;
    expect(stderr).toContain("id(s) have no entry in the id map, so the target stack was not written");
    for (const id of [ids.srcReturns, ids.target, ids.mapping]) expect(stderr).toContain(`(${id})`);
    expect(stderr).not.toContain(`(${ids.srcOrders})`);
    expect(() => readFileSync(path.join(OUT, "Pulumi.prod.yaml"))).toThrow();
  });

  it("a promotion with a full id map declares the flows as drafts in the target sandbox", async () => {
    const map = path.join(STATE, "ids.json");
    const prodIds = {
      [ids.srcOrders]: "1b1b1b1b-1111-4aaa-8bbb-000000000001",
      [ids.srcReturns]: "1b1b1b1b-1111-4aaa-8bbb-000000000002",
      [ids.target]: "1b1b1b1b-2222-4aaa-8bbb-000000000003",
      [ids.mapping]: "9f8e7d6c5b4a49388271605f4e3d2c1b",
      [STREAMING_SOURCE_ID]: STREAMING_SOURCE_ID,
    };
    writeFileSync(map, JSON.stringify(prodIds));
    await exportWith(["--map", map, "--target-sandbox", "prod", "--force"]);
    const prod = project("prod");
    await configureForEmulator(prod, emu);
    emu.clearJournal();
    await prod.up();
    const specReads = calls(emu).filter((c) => c.call === "GET /flowSpecs/{id}");
    expect(specReads).toEqual(Array(2).fill({ call: "GET /flowSpecs/{id}", sandbox: "prod" }));
    const created = calls(emu).filter((c) => c.call !== "GET /flowSpecs/{id}");
    expect(created.map((c) => [c.call, c.sandbox])).toEqual(Array(5).fill(["POST /flows?mode=draft", "prod"]));
    const orders = created.find((c) => (c.body as { name: string }).name === "Orders from cloud storage")!.body as Record<string, unknown>;
    expect(orders).toMatchObject({
      sourceConnectionIds: [prodIds[ids.srcOrders]],
      targetConnectionIds: [prodIds[ids.target]],
      // Exported as Adobe stores it: the flow spec declares mappingVersion a string, so 0 reads back "0".
      transformations: [{ name: "Mapping", params: { mappingId: prodIds[ids.mapping], mappingVersion: "0", note: "made in the UI" } }],
    });
    expect(
      emu
        .flows()
        .filter((f) => f.sandboxName === "prod")
        .every((f) => f.state === "draft"),
    ).toBe(true);
    // The dev stack is untouched by the re-export (its config and flows are the same).
    emu.clearJournal();
    expect((await dev.preview()).stdout).toMatch(/6 unchanged/);
    await prod.destroy();
  });

  it("adopting a flow whose connections differ fails clearly, before any write", async () => {
    // The dev stack's config (same passphrase), with "returns" pointed at the orders flow, which has other connections.
    const devConfig = readFileSync(path.join(OUT, "Pulumi.dev.yaml"), "utf8");
    const pointed = devConfig.replace(`returns: ${made.returns}`, `returns: ${made.orders}`);
    expect(pointed).not.toBe(devConfig);
    writeFileSync(path.join(OUT, "Pulumi.wrong.yaml"), pointed);
    const wrong = project("wrong");
    await wrong.init();
    emu.clearJournal();
    const preview = await wrong.run(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(new RegExp(`adoptId.*flow ${made.orders} has sourceConnectionIds`, "s"));
    expect(calls(emu).every((c) => c.call.startsWith("GET"))).toBe(true);
    await wrong.remove();
  });
});
