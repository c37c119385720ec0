// examples/draft-dataflow through the real CLI: Adobe's "Draft dataflows using the Flow Service API" page as code — the
// page's HTTP source dataflow drafted, a Mapping added with one etag-guarded PATCH, published when `draft` becomes false,
// deleted on destroy — with the exact calls each step sends and the stack's state after it.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import { FIXTURE_IDS, RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { calls, dataflowResources, exampleCopy, initForEmulator, leakedSecrets, projectFor, startE2eEmulator } from "./harness";

const FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81";
const MAPPING = { name: "Mapping", params: { mappingId: FIXTURE_IDS.ordersMappings[0], mappingVersion: 0 } };

let emu: RunningEmulator;
let project: PulumiProject;
let output = "";

const record = <T extends { stdout: string; stderr: string }>(r: T): T => {
  output += r.stdout + r.stderr;
  return r;
};

async function dataflow() {
  const resources = dataflowResources((await project.exportStack()).deployment);
  expect(resources).toHaveLength(1);
  return resources[0];
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  project = projectFor(exampleCopy("draft-dataflow"), "dev");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev" });
});

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

beforeEach(() => emu.clearJournal());

describe("Adobe's draft dataflow page as code", () => {
  it("up drafts the page's HTTP source dataflow: one POST /flows?mode=draft", async () => {
    record(await project.up());
    expect(calls(emu)).toEqual([
      // The flow spec is read once to check the declaration; it declares no isDraftModeSupported, so a draft is sent.
      { call: "GET /flowSpecs/{id}", sandbox: "dev" },
      {
        call: "POST /flows?mode=draft",
        sandbox: "dev",
        body: {
          name: "HTTP source dataflow for ACME data",
          flowSpec: { id: FLOW_SPEC, version: "1.0" },
          sourceConnectionIds: [FIXTURE_IDS.httpStreamingSource],
          targetConnectionIds: [FIXTURE_IDS.ordersTargets[0]],
        },
      },
    ]);
    const [flow] = emu.flows();
    const resource = await dataflow();
    expect(resource.id).toBe(flow.id);
    expect(flow).toMatchObject({ state: "draft", sandboxName: "dev" });
    expect(flow).not.toHaveProperty("transformations");
    expect(resource.outputs).toMatchObject({ state: "draft", draft: true, etag: flow.etag, sandboxName: "dev" });
    expect(resource.outputs).not.toHaveProperty("transformations");
  });

  it("a Mapping added to the draft is one PATCH with If-Match that adds /transformations", async () => {
    const before = await dataflow();
    await project.configSet("mappingId", FIXTURE_IDS.ordersMappings[0]);
    record(await project.up());
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "dev" },
      {
        call: "PATCH /flows/{id}",
        sandbox: "dev",
        ifMatch: before.outputs!.etag,
        body: [{ op: "add", path: "/transformations", value: [MAPPING] }],
      },
    ]);
    const [flow] = emu.flows();
    expect(flow).toMatchObject({ state: "draft", transformations: [MAPPING] });
    expect((await dataflow()).outputs).toMatchObject({ state: "draft", etag: flow.etag, transformations: [MAPPING] });
  });

  it("draft: false publishes it with the publish action, and nothing else is written", async () => {
    const before = await dataflow();
    await project.configSet("draft", "false");
    record(await project.up());
    expect(calls(emu)).toEqual([
      { call: "GET /flowSpecs/{id}", sandbox: "dev" },
      { call: "POST /flows/{id}/action?op=publish", sandbox: "dev" },
    ]);
    const [flow] = emu.flows();
    expect(flow).toMatchObject({ id: before.id, state: "enabled" });
    expect((await dataflow()).outputs).toMatchObject({ state: "enabled", draft: false, enabled: true, etag: flow.etag });
  });

  it("a refresh, then a preview, finds nothing to change", async () => {
    record(await project.refresh());
    const preview = record(await project.preview());
    expect(preview.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    expect(calls(emu)).toEqual([{ call: "GET /flows/{id}", sandbox: "dev" }]);
  });

  it("destroy deletes it: one DELETE, and the sandbox holds no flow", async () => {
    const before = await dataflow();
    record(await project.destroy());
    expect(calls(emu)).toEqual([{ call: "DELETE /flows/{id}", sandbox: "dev" }]);
    expect(emu.journal().find((e) => e.method === "DELETE")?.path).toBe(`/flows/${before.id}`);
    expect(emu.flows()).toEqual([]);
    expect(dataflowResources((await project.exportStack()).deployment)).toEqual([]);
    expect(leakedSecrets(output)).toEqual([]);
  });
});
