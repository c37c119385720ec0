// Bring existing flows under Pulumi: export a sandbox to a program, adopt with zero changes through
// the real CLI, promote to another sandbox with an id map.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { runExport } from "../../provider/export/cli";
import { UnmappedIdsError } from "../../provider/export/render";
import { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStart } from "../helpers/dates";
import { clientFor } from "../helpers/emulator";
import { ROOT, SEEDED, calls, configureForEmulator, dataflowResources, leakedSecrets, pulumiBinDir, startE2eEmulator } from "./harness";

const STATE = path.join(ROOT, ".pulumi-state", "e2e-export");
const OUT = path.join(STATE, "project");
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

beforeAll(async () => {
  rmSync(STATE, { recursive: true, force: true });
  emu = await startE2eEmulator();
  env = {
    AEP_ENDPOINT: emu.url,
    AEP_IMS_ENDPOINT: emu.url,
    AEP_CLIENT_ID: SEEDED.clientId,
    AEP_CLIENT_SECRET: SEEDED.clientSecret,
    AEP_ORG_ID: SEEDED.orgId,
  };
  // Flows built "in the AEP UI" of the dev sandbox.
  const ui = clientFor(emu, { sandboxName: "dev" });
  const spec = { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" };
  const orders = await ui.createFlow({
    name: "Orders from cloud storage",
    description: "hourly orders",
    flowSpec: spec,
    sourceConnectionIds: [ids.srcOrders],
    targetConnectionIds: [ids.target],
    transformations: [{ name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: 0 } }],
    scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: true },
  });
  const returns = await ui.createFlow(
    { name: "Returns", flowSpec: spec, sourceConnectionIds: [ids.srcReturns], targetConnectionIds: [ids.target] },
    { draft: true },
  );
  const paused = await ui.createFlow({
    name: "Orders (paused copy)",
    flowSpec: spec,
    sourceConnectionIds: [ids.srcReturns],
    targetConnectionIds: [ids.target],
    transformations: [{ name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: 0 } }],
    scheduleParams: { startTime: String(futureStart()), frequency: "day", interval: "1" },
  });
  await ui.flowAction(paused.id, "disable");
  Object.assign(made, { orders: orders.id, returns: returns.id, paused: paused.id });
});

afterAll(async () => {
  // Each step on its own: a failed removal must not leave the emulator listening (Jest would not exit).
  try {
    await dev?.remove().catch(() => undefined);
    await project("prod")
      .remove()
      .catch(() => undefined);
  } finally {
    await emu?.stop();
  }
});

beforeEach(() => emu.clearJournal());

describe("export and adopt through the Pulumi CLI", () => {
  it("export writes a program and the dev stack config", async () => {
    const lines = await runExport(["export", "--sandbox", "dev", "--out", OUT, "--project", "aep-dev-flows"], env);
    expect(lines[0]).toBe(`exported 3 flow(s) from sandbox dev to ${OUT}:`);
    const index = readFileSync(path.join(OUT, "index.ts"), "utf8");
    expect(index.match(/new Dataflow\(/g)).toHaveLength(3);
    expect(index).toContain('new Dataflow("orders-from-cloud-storage", {');
    expect(index).toContain('new Dataflow("orders-paused-copy", {');
    const config = readFileSync(path.join(OUT, "Pulumi.dev.yaml"), "utf8");
    expect(config).toContain(`    orders-from-cloud-storage: ${made.orders}\n`);
    expect(config).toContain(`    mapping-5c3d9e1f: ${ids.mapping}\n`);
    expect(
      emu
        .journal()
        .filter((e) => e.service === "flowservice")
        .every((e) => e.method === "GET"),
    ).toBe(true);
  });

  it("pulumi up on the export adopts every flow with zero changes", async () => {
    dev = project("dev");
    await configureForEmulator(dev, emu);
    emu.clearJournal();
    const up = await dev.up();
    expect(up.stdout).toMatch(/\+ 4 created/); // the stack and the three flows
    // Adoption reads each flow once (in check; create reuses the read) and the flow spec once; nothing is written.
    expect(
      calls(emu)
        .map((c) => c.call)
        .sort(),
    ).toEqual(["GET /flowSpecs/{id}", ...Array(3).fill("GET /flows/{id}")]);
    const resources = dataflowResources((await dev.exportStack()).deployment);
    expect(resources.map((r) => r.id).sort()).toEqual(Object.values(made).sort());
    expect(resources.find((r) => r.id === made.paused)!.outputs).toMatchObject({ state: "disabled", enabled: false, draft: false });
    emu.clearJournal();
    const preview = await dev.preview();
    expect(preview.stdout).toMatch(/4 unchanged/);
    expect(emu.journal()).toEqual([]);
    expect(leakedSecrets((await dev.exportStack()).text + dev.transcript)).toEqual([]);
  });

  it("a promotion with an unmapped id fails, listing it, and writes no target stack", async () => {
    const map = path.join(STATE, "ids-partial.json");
    writeFileSync(map, JSON.stringify({ [ids.srcOrders]: "1b1b1b1b-1111-4aaa-8bbb-000000000001" }));
    const err = await runExport(
      ["export", "--sandbox", "dev", "--out", OUT, "--project", "aep-dev-flows", "--map", map, "--target-sandbox", "prod", "--force"],
      env,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(UnmappedIdsError);
    for (const id of [ids.srcReturns, ids.target, ids.mapping]) expect(err.message).toContain(`(${id})`);
    expect(err.message).not.toContain(`(${ids.srcOrders})`);
    expect(() => readFileSync(path.join(OUT, "Pulumi.prod.yaml"))).toThrow();
  });

  it("a promotion with a full id map declares the flows as drafts in the target sandbox", async () => {
    const map = path.join(STATE, "ids.json");
    const prodIds = {
      [ids.srcOrders]: "1b1b1b1b-1111-4aaa-8bbb-000000000001",
      [ids.srcReturns]: "1b1b1b1b-1111-4aaa-8bbb-000000000002",
      [ids.target]: "1b1b1b1b-2222-4aaa-8bbb-000000000003",
      [ids.mapping]: "9f8e7d6c5b4a49388271605f4e3d2c1b",
    };
    writeFileSync(map, JSON.stringify(prodIds));
    await runExport(
      ["export", "--sandbox", "dev", "--out", OUT, "--project", "aep-dev-flows", "--map", map, "--target-sandbox", "prod", "--force"],
      env,
    );
    const prod = project("prod");
    await configureForEmulator(prod, emu);
    emu.clearJournal();
    await prod.up();
    const [spec, ...created] = calls(emu);
    expect(spec).toEqual({ call: "GET /flowSpecs/{id}", sandbox: "prod" });
    expect(created.map((c) => [c.call, c.sandbox])).toEqual(Array(3).fill(["POST /flows?mode=draft", "prod"]));
    const orders = created.find((c) => (c.body as { name: string }).name === "Orders from cloud storage")!.body as Record<string, unknown>;
    expect(orders).toMatchObject({
      sourceConnectionIds: [prodIds[ids.srcOrders]],
      targetConnectionIds: [prodIds[ids.target]],
      // Exported as Adobe stores it: the flow spec declares mappingVersion a string, so 0 reads back "0".
      transformations: [{ name: "Mapping", params: { mappingId: prodIds[ids.mapping], mappingVersion: "0" } }],
    });
    expect(
      emu
        .flows()
        .filter((f) => f.sandboxName === "prod")
        .every((f) => f.state === "draft"),
    ).toBe(true);
    // The dev stack is untouched by the re-export (its config and flows are the same).
    emu.clearJournal();
    expect((await dev.preview()).stdout).toMatch(/4 unchanged/);
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
