// examples/gitops: flows declared in dataflows.json; the pull-request preview and its guard script.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { SEEDED, calls, exampleCopy, leakedSecrets, projectFor, startE2eEmulator } from "./harness";

let emu: RunningEmulator;
let project: PulumiProject;
let file: string;
let original: string;

function editFlows(edit: (flows: Record<string, Record<string, unknown>>) => void): void {
  const flows = JSON.parse(original);
  edit(flows);
  writeFileSync(file, JSON.stringify(flows, null, 2));
}

/** Runs the guard as the workflow does: `node preview-guard.js --stack prod` in the project directory. */
function guard(extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["preview-guard.js", "--stack", "prod"], {
      cwd: project.opts.dir,
      env: { ...project.env, ...extraEnv },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  const copy = exampleCopy("gitops");
  // As in CI: settings come from the environment (AEP_*), not from stack config.
  project = projectFor(copy, "prod", {
    AEP_ENDPOINT: emu.url,
    AEP_IMS_ENDPOINT: emu.url,
    AEP_CLIENT_ID: SEEDED.clientId,
    AEP_CLIENT_SECRET: SEEDED.clientSecret,
    AEP_ORG_ID: SEEDED.orgId,
    AEP_SANDBOX_NAME: "prod",
  });
  await project.init();
  file = path.join(copy.dir, "dataflows.json");
  original = readFileSync(file, "utf8");
  await project.up();
});

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

beforeEach(() => emu.clearJournal());

describe("gitops", () => {
  it("up created every declared flow in the stack's sandbox", () => {
    expect(
      emu
        .flows()
        .map((f) => [f.name, f.state, f.sandboxName])
        .sort(),
    ).toEqual([
      ["Orders from cloud storage", "enabled", "prod"],
      ["Returns from cloud storage", "draft", "prod"],
    ]);
  });

  it("a pull request that edits a flow passes the guard; the preview makes no API call", async () => {
    editFlows((f) => (f.orders.name = "Orders (renamed in a PR)"));
    const { code, out } = await guard();
    expect(out).toMatch(/update\s+orders/);
    expect(code).toBe(0);
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/~ name\s+: "Orders from cloud storage" => "Orders \(renamed in a PR\)"/);
    expect(emu.journal()).toEqual([]);
  });

  it("a pull request that would replace a published flow fails the guard, unless allowed", async () => {
    editFlows((f) => (f.orders.sourceConnectionIds = ["9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f"]));
    const refused = await guard();
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/orders: published flow [0-9a-f-]{36} would be replaced/);
    expect(refused.out).toMatch(/sourceConnectionIds/);
    const allowed = await guard({ ALLOW_PUBLISHED_FLOW_REPLACEMENT: "1" });
    expect(allowed.code).toBe(0);
    // A replacement creates a published flow: each preview reads its flow spec to check it, and writes nothing.
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "prod" },
      { call: "GET /flowSpecs/{id}", sandbox: "prod" },
    ]);
  });

  it("replacing a draft is not guarded", async () => {
    editFlows((f) => (f.returns.targetConnectionIds = ["9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f"]));
    const { code, out } = await guard();
    expect(out).toMatch(/replace\s+returns/);
    expect(code).toBe(0);
  });

  it("no credential appears in the stack export, the guard's output or any CLI output", async () => {
    const { out } = await guard();
    expect(leakedSecrets((await project.exportStack()).text + out + project.transcript)).toEqual([]);
  });

  it("merging the edit applies it with one PATCH", async () => {
    editFlows((f) => (f.orders.name = "Orders (renamed in a PR)"));
    await project.up();
    expect(calls(emu).map((c) => c.call)).toEqual(["PATCH /flows/{id}"]);
    await project.destroy();
    expect(emu.flows()).toEqual([]);
  });
});
