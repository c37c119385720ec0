// examples/quickstart through the real CLI: up, preview, edit, publish, refresh, destroy.
import type { RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStart, futureStartIso } from "../helpers/dates";
import { calls, configureForEmulator, dataflowResources, exampleCopy, leakedSecrets, projectFor, startE2eEmulator } from "./harness";

let emu: RunningEmulator;
let project: PulumiProject;
let output = "";

const record = <T extends { stdout: string; stderr: string }>(r: T): T => {
  output += r.stdout + r.stderr;
  return r;
};

async function dataflow() {
  const [resource] = dataflowResources((await project.exportStack()).deployment);
  return resource;
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  project = projectFor(exampleCopy("quickstart"), "e2e");
  await configureForEmulator(project, emu);
  await project.configSet("aep:sandboxName", "dev");
  await project.configSet("startTime", futureStartIso());
});

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

beforeEach(() => emu.clearJournal());

describe("quickstart through the Pulumi CLI", () => {
  it("up creates one draft flow with POST /flows?mode=draft", async () => {
    record(await project.up());
    expect(calls(emu)).toEqual([
      // The flow spec, read once per run, checks the declaration before anything is written.
      { call: "GET /flowSpecs/{id}", sandbox: "dev" },
      {
        call: "POST /flows?mode=draft",
        sandbox: "dev",
        body: {
          name: "Orders from cloud storage",
          description: "Hourly orders export, mapped to the Orders schema",
          flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" },
          sourceConnectionIds: ["6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"],
          targetConnectionIds: ["8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071"],
          transformations: [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }],
          scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: true },
        },
      },
    ]);
    const flows = emu.flows();
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ state: "draft", sandboxName: "dev" });
    const resource = await dataflow();
    expect(resource.id).toBe(flows[0].id);
    expect(resource.outputs).toMatchObject({ etag: flows[0].etag, state: "draft", draft: true });
  });

  it("preview of the unchanged stack reports no change and makes no API call, also with startTime left to the program", async () => {
    // Without startTime the program computes the next UTC midnight on every run; ignoreChanges keeps the created one.
    await project.run(["config", "rm", "startTime"]);
    const preview = record(await project.preview());
    expect(preview.stdout).toMatch(/2 unchanged/);
    expect(preview.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    expect(emu.journal()).toEqual([]);
  });

  it("preview --diff after an edit names the changed property, still without a call", async () => {
    await project.configSet("flowName", "Orders v2");
    const preview = record(await project.preview());
    expect(preview.stdout).toMatch(/~ name\s+: "Orders from cloud storage" => "Orders v2"/);
    expect(preview.stdout).toMatch(/~ 1 to update/);
    expect(emu.journal()).toEqual([]);
  });

  it("up after the edit sends exactly one PATCH with the etag from state", async () => {
    const before = (await dataflow()).outputs!.etag;
    record(await project.up());
    expect(calls(emu)).toEqual([
      { call: "PATCH /flows/{id}", sandbox: "dev", ifMatch: before, body: [{ op: "replace", path: "/name", value: "Orders v2" }] },
    ]);
    expect((await dataflow()).outputs).toMatchObject({ name: "Orders v2", etag: emu.flows()[0].etag });
  });

  it("flipping draft to false publishes with one action", async () => {
    await project.configSet("draft", "false");
    record(await project.up());
    // Publishing is checked against the spec (its schedule and transformations), then it is one action: the publish order
    // is the service's to judge, and a refusal would name a draft connection.
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "dev" },
      { call: "POST /flows/{id}/action?op=publish", sandbox: "dev" },
    ]);
    expect(emu.flows()[0].state).toBe("enabled");
    expect((await dataflow()).outputs).toMatchObject({ state: "enabled", draft: false });
  });

  it("refresh detects a change made directly in the emulator", async () => {
    const id = emu.flows()[0].id;
    emu.editFlow(id, [{ op: "replace", path: "/scheduleParams/interval", value: "6" }]);
    emu.clearJournal();
    const refresh = record(await project.refresh(["--diff"]));
    expect(refresh.stdout).toMatch(/interval\s*: 1 => 6/);
    expect(calls(emu)).toEqual([{ call: "GET /flows/{id}", sandbox: "dev" }]);
    expect((await dataflow()).outputs).toMatchObject({ scheduleParams: { interval: 6 } });
    // The program still says 1: the next preview shows it would be put back.
    const preview = record(await project.preview());
    expect(preview.stdout).toMatch(/interval\s*: 6 => 1/);
  });

  it("refresh keeps a flow deleted outside Pulumi as not-found; preview shows the replace; up deletes and creates it", async () => {
    const gone = emu.flows()[0].id;
    emu.deleteFlowOutOfBand(gone);
    emu.clearJournal();
    const refresh = record(await project.refresh());
    expect(calls(emu).map((c) => c.call)).toEqual(["GET /flows/{id}"]);
    expect(refresh.stdout + refresh.stderr).toMatch(/was not found \(404 FLOW-1439-404\)/);
    // Kept, marked: a flow hidden by an access label answers 404 too, and must not be created twice silently.
    expect(await dataflow()).toMatchObject({ id: gone, outputs: { state: "not-found" } });
    emu.clearJournal();
    const preview = record(await project.preview());
    expect(preview.stdout).toMatch(/\+-1 to replace/);
    expect(calls(emu)).toEqual([{ call: "GET /flowSpecs/{id}", sandbox: "dev" }]);
    emu.clearJournal();
    record(await project.up());
    // The spec check comes before any write. The flow is looked up first (had it come back, nothing would be
    // replaced); the DELETE answers 404 (already gone); the published create follows.
    expect(calls(emu).map((c) => c.call)).toEqual(["GET /flowSpecs/{id}", "GET /flows/{id}", "DELETE /flows/{id}", "POST /flows"]);
    const [lookup, deleted] = emu.journal().filter((e) => e.path.startsWith("/flows/"));
    expect(lookup).toMatchObject({ method: "GET", path: `/flows/${gone}`, status: 404 });
    expect(deleted).toMatchObject({ method: "DELETE", path: `/flows/${gone}`, status: 404 });
    expect(emu.flows()).toHaveLength(1);
    expect(emu.flows()[0].state).toBe("enabled");
    expect((await dataflow()).id).toBe(emu.flows()[0].id);
    expect((await dataflow()).outputs).toMatchObject({ state: "enabled", draft: false });
  });

  it("going back to draft is refused by preview, with no call", async () => {
    await project.configSet("draft", "true");
    const preview = record(await project.run(["preview", "--diff"], { allowFailure: true }));
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(/draft.*cannot return to draft/s);
    expect(emu.journal()).toEqual([]);
    await project.configSet("draft", "false");
  });

  it("no credential appears in the stack export or in any CLI output", async () => {
    const { text } = await project.exportStack();
    expect(text).toContain("__provider");
    expect(leakedSecrets(text)).toEqual([]);
    expect(leakedSecrets(output)).toEqual([]);
    // The secret is in the stack config, encrypted.
    const config = record(await project.run(["config"]));
    expect(config.stdout).toMatch(/aep:clientSecret\s+\[secret\]/);
  });

  it("destroy deletes the flow and leaves nothing in the emulator", async () => {
    record(await project.destroy());
    expect(calls(emu).map((c) => c.call)).toEqual(["DELETE /flows/{id}"]);
    expect(emu.flows()).toEqual([]);
  });
});
