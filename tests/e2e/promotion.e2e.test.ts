// examples/promotion: one program, a dev and a prod stack, one AEP sandbox each.
import type { RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { calls, configureForEmulator, exampleCopy, leakedSecrets, projectFor, startE2eEmulator } from "./harness";

let emu: RunningEmulator;
let dev: PulumiProject;
let prod: PulumiProject;

const body = (sandbox: "dev" | "prod") => {
  const ids = {
    dev: ["1d6c2a11-5e0b-4b7e-9d2f-6a1f0c3b7e21", "2e7d3b22-6f1c-4c8f-8e3a-7b2a1d4c8f32", "0c1f5a7e9b3d4e2fa8c6b4d2e0f1a3c5"],
    prod: ["3f8e4c33-7a2d-4d9a-9f4b-8c3b2e5d9a43", "4a9f5d44-8b3e-4eab-8a5c-9d4c3f6eab54", "7d2e6b8f0c4a4f3eb9d7c5e3f1a2b4d6"],
  }[sandbox];
  return {
    name: "Customers from CRM",
    description: "Daily customer profile sync",
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: [ids[0]],
    targetConnectionIds: [ids[1]],
    transformations: [{ name: "Mapping", params: { mappingId: ids[2], mappingVersion: 0 } }],
    scheduleParams: { startTime: "1893477600", frequency: "day", interval: "1", backfill: true },
  };
};

beforeAll(async () => {
  emu = await startE2eEmulator();
  const copy = exampleCopy("promotion");
  // Both stacks of the one program, with the committed Pulumi.dev.yaml / Pulumi.prod.yaml.
  dev = projectFor(copy, "dev");
  prod = projectFor(copy, "prod");
  await configureForEmulator(dev, emu);
  await configureForEmulator(prod, emu);
});

afterAll(async () => {
  try {
    await dev?.remove();
    await prod?.remove();
  } finally {
    await emu?.stop();
  }
});

beforeEach(() => emu.clearJournal());

describe("promotion across two stacks and sandboxes", () => {
  it("dev: the flow is created published in the dev sandbox with dev's ids", async () => {
    await dev.up();
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "dev" },
      { call: "POST /flows", sandbox: "dev", body: body("dev") },
    ]);
    expect((await dev.outputs()).state).toBe("enabled");
  });

  it("prod: the same program creates a draft in the prod sandbox with prod's ids", async () => {
    await prod.up();
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "prod" },
      { call: "POST /flows?mode=draft", sandbox: "prod", body: body("prod") },
    ]);
    expect(
      emu
        .flows()
        .map((f) => [f.sandboxName, f.state])
        .sort(),
    ).toEqual([
      ["dev", "enabled"],
      ["prod", "draft"],
    ]);
  });

  it("promotion is one reviewed config change: preview shows draft true => false, up publishes in prod only", async () => {
    await prod.configSet("publish", "true");
    const preview = await prod.preview();
    expect(preview.stdout).toMatch(/~ draft\s+: true => false/);
    expect(preview.stdout.match(/^\s+~ \w+\s+:/gm)).toHaveLength(1);
    // The preview checks the publish against the flow spec (a read); it writes nothing.
    expect(calls(emu)).toEqual([{ call: "GET /flowSpecs/{id}", sandbox: "prod" }]);
    emu.clearJournal();
    await prod.up();
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "prod" },
      { call: "POST /flows/{id}/action?op=publish", sandbox: "prod" },
    ]);
    expect(emu.flows().map((f) => f.state)).toEqual(["enabled", "enabled"]);
  });

  it("dev is untouched by prod's runs, and a second up anywhere changes nothing", async () => {
    await dev.up();
    await prod.up();
    expect(calls(emu)).toEqual([]);
  });

  it("no credential appears in either stack's export or in any CLI output", async () => {
    const exports = (await dev.exportStack()).text + (await prod.exportStack()).text;
    expect(leakedSecrets(exports + dev.transcript + prod.transcript)).toEqual([]);
  });

  it("destroy removes each stack's flow from its own sandbox", async () => {
    await prod.destroy();
    await dev.destroy();
    expect(calls(emu).map((c) => [c.call, c.sandbox])).toEqual([
      ["DELETE /flows/{id}", "prod"],
      ["DELETE /flows/{id}", "dev"],
    ]);
    expect(emu.flows()).toEqual([]);
  });
});
