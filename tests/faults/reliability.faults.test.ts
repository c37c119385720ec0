// The defects found by running the package as its users do, each through the real Pulumi CLI with
// its smallest input: the exact calls the emulator received and the exact stack state afterwards.
import type { RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { clientFor } from "../helpers/emulator";
import { calls, configureForEmulator, dataflowResources, leakedSecrets, programCopy, projectFor, startE2eEmulator } from "../e2e/harness";
import { futureStart } from "../helpers/dates";

const FLOW_SPEC = { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" };
const SOURCE = "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const TARGET = "8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071";
/** A flow the cloud storage spec takes as a draft or published (a schedule and a mapping). */
const flowArgs = (extra: Record<string, unknown> = {}) => ({
  name: "Orders",
  flowSpec: FLOW_SPEC,
  sourceConnectionIds: [SOURCE],
  targetConnectionIds: [TARGET],
  transformations: [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }],
  scheduleParams: { startTime: futureStart(), frequency: "hour", interval: 1 },
  ...extra,
});
/** A refusal that is not about the flow's state (so it is not read again and retried): 1100, "Invalid request". */
const REFUSED = {
  type: "https://ns.adobe.com/aep/errors/FLOW-1100-400",
  title: "Invalid request",
  status: 400,
  report: { "detailed-message": "The request could not be processed. Error from flow provider: refused by the test" },
  errorMessage: "The request could not be processed. Error from flow provider: refused by the test",
};

let emu: RunningEmulator;
let project: PulumiProject;
let transcript = "";
const scenarios: Scenario[] = [];

async function declare(flows: { resource: string; args: Record<string, unknown>; aliases?: string[] }[]): Promise<void> {
  await project.configSet("flows", JSON.stringify(flows));
}

async function up(allowFailure = false) {
  const r = await project.run(["up", "--yes", "--skip-preview"], { allowFailure, timeoutMs: 120_000 });
  transcript += r.stdout + r.stderr;
  return r;
}

async function resources() {
  return dataflowResources((await project.exportStack()).deployment);
}

/** The invariant every scenario ends with: the emulator holds exactly the flows the stack holds, each once. */
async function invariants(): Promise<{ orphans: number; duplicates: number; heldTwice: number }> {
  const held = (await resources()).map((r) => r.id!);
  const stored = emu.flows().map((f) => f.id);
  return {
    orphans: stored.filter((id) => !held.includes(id)).length,
    duplicates: stored.length - new Set(emu.flows().map((f) => `${f.sandboxName}/${f.name}/${f.sourceConnectionIds.join()}`)).size,
    heldTwice: held.length - new Set(held).size,
  };
}

async function scenario(name: string, body: () => Promise<void>, expectedDuplicates = 0): Promise<void> {
  let observed = "holds";
  try {
    await body();
  } catch (err) {
    observed = `failed: ${(err as Error).message.split("\n")[0]}`;
    throw err;
  } finally {
    const inv = await invariants();
    const passed = observed === "holds" && inv.orphans === 0 && inv.duplicates === expectedDuplicates && inv.heldTwice === 0;
    scenarios.push({
      suite: "CLI",
      name,
      expected: "holds",
      observed,
      passed,
      orphans: inv.orphans,
      duplicates: inv.duplicates - expectedDuplicates,
      lostEdits: 0,
      secretsFound: 0,
    });
  }
  const inv = await invariants();
  expect(inv).toEqual({ orphans: 0, duplicates: expectedDuplicates, heldTwice: 0 });
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  project = projectFor(programCopy("flows", "faults-reliability"), "dev");
  await configureForEmulator(project, emu);
  await project.configSet("aep:sandboxName", "dev");
  await project.configSet("aep:timeoutSeconds", "2");
});

beforeEach(async () => {
  emu.clearFaults();
  await declare([]);
  await up();
  emu.reset();
});

afterAll(async () => {
  const leaks = leakedSecrets(transcript);
  scenarios.push({
    suite: "CLI",
    name: "reliability: CLI output",
    expected: "no credential",
    observed: leaks.join(", ") || "no credential",
    passed: !leaks.length,
    secretsFound: leaks.length,
  });
  recordScenarios(scenarios);
  await project?.remove();
  await emu?.stop();
});

describe("through the Pulumi CLI", () => {
  it("a half-done update (PATCH lands, publish refused) ends the run promptly with the service's reason, and the stack records what landed", async () => {
    await scenario("half-done update ends promptly, state records what landed", async () => {
      await declare([{ resource: "orders", args: flowArgs() }]);
      await up();
      const [before] = await resources();
      await declare([{ resource: "orders", args: flowArgs({ name: "Orders v2", draft: false }) }]);
      emu.addFault({ method: "POST", op: "publish", status: 400, body: REFUSED });
      emu.clearJournal();
      const started = Date.now();
      const failed = await up(true);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toMatch(/PATCH succeeded, but publish failed: .*refused by the test/);
      // The refused publish is explained by reading the flow's connections afterwards (a draft one would be named).
      expect(calls(emu).map((c) => c.call)).toEqual([
        "GET /flowSpecs/{id}",
        "PATCH /flows/{id}",
        "POST /flows/{id}/action?op=publish",
        "GET /sourceConnections/{id}",
        "GET /targetConnections/{id}",
      ]);
      const [after] = await resources();
      const flow = emu.flows()[0];
      expect(after.id).toBe(before.id);
      expect(after.outputs).toMatchObject({ name: "Orders v2", etag: flow.etag, state: "draft", draft: true });
      // The next run finishes the job with the one missing call.
      emu.clearJournal();
      await up();
      // The stack's inputs still say draft (the update failed), so the spec is read again before the publish.
      expect(calls(emu).map((c) => c.call)).toEqual(["GET /flowSpecs/{id}", "POST /flows/{id}/action?op=publish"]);
      expect((await resources())[0].outputs).toMatchObject({ name: "Orders v2", state: "enabled", etag: emu.flows()[0].etag });
    });
  });

  it("a lost create answer does not take another resource's flow; removing the copy later deletes only the copy", async () => {
    await scenario("lost create answer keeps flows apart", async () => {
      await declare([{ resource: "orders", args: flowArgs() }]);
      await up();
      const [orders] = await resources();
      await declare([
        { resource: "orders", args: flowArgs() },
        { resource: "orders-copy", args: flowArgs() },
      ]);
      emu.addFault({ method: "POST", path: "^/flows$", reset: true });
      await up();
      const held = await resources();
      expect(held.map((r) => r.id)).toHaveLength(2);
      expect(new Set(held.map((r) => r.id)).size).toBe(2);
      expect(emu.flows()).toHaveLength(2);
      await declare([{ resource: "orders", args: flowArgs() }]);
      emu.clearJournal();
      await up();
      const copyId = held.find((r) => r.id !== orders.id)!.id!;
      expect(calls(emu)).toEqual([{ call: "DELETE /flows/{id}", sandbox: "dev" }]);
      expect(emu.journal().find((e) => e.method === "DELETE")!.path).toBe(`/flows/${copyId}`);
      expect(emu.flows().map((f) => f.id)).toEqual([orders.id]);
    });
  });

  it("renaming an adopted resource without an alias keeps the live flow, and says so; with an alias nothing is sent", async () => {
    await scenario("rename of an adopted resource keeps the flow", async () => {
      const ui = await clientFor(emu, { sandboxName: "dev" }).createFlow({ ...flowArgs(), name: "Orders" }, { draft: true });
      await declare([{ resource: "orders", args: flowArgs({ adoptId: ui.id }) }]);
      await up();
      await declare([{ resource: "orders-eu", args: flowArgs({ adoptId: ui.id }) }]);
      emu.clearJournal();
      const renamed = await up();
      expect(calls(emu).map((c) => c.call)).toEqual(["GET /flows/{id}", "GET /flowSpecs/{id}"]);
      expect(renamed.stdout + renamed.stderr).toMatch(
        /removed from the stack but NOT deleted, because another resource of this stack adopted it in this run.*aliases/,
      );
      expect(emu.flows().map((f) => f.id)).toEqual([ui.id]);
      expect((await resources()).map((r) => [r.urn!.split("::").pop(), r.id])).toEqual([["orders-eu", ui.id]]);
      // The documented way: an alias keeps the resource itself, no call at all.
      await declare([{ resource: "orders-emea", args: flowArgs({ adoptId: ui.id }), aliases: ["orders-eu"] }]);
      emu.clearJournal();
      await up();
      expect(calls(emu)).toEqual([]);
      expect((await resources()).map((r) => [r.urn!.split("::").pop(), r.id])).toEqual([["orders-emea", ui.id]]);
    });
  });

  it("after a 412 re-read, the stack records the state the service holds (disabled in the UI)", async () => {
    await scenario("412 re-read records the real state", async () => {
      await declare([{ resource: "orders", args: flowArgs({ draft: false }) }]);
      await up();
      emu.flowActionOutOfBand(emu.flows()[0].id, "disable");
      await declare([{ resource: "orders", args: flowArgs({ draft: false, name: "Orders EU" }) }]);
      emu.clearJournal();
      await up();
      expect(calls(emu).map((c) => c.call)).toEqual(["PATCH /flows/{id}", "GET /flows/{id}", "PATCH /flows/{id}"]);
      expect(emu.flows()[0]).toMatchObject({ name: "Orders EU", state: "disabled" });
      expect((await resources())[0].outputs).toMatchObject({
        name: "Orders EU",
        state: "disabled",
        enabled: false,
        etag: emu.flows()[0].etag,
      });
      // The program still says enabled: the next preview plans an update for a person to review;
      // a refresh takes the real state into the stack's inputs, so the preview then names it.
      expect((await project.preview()).stdout).toMatch(/~ 1 to update/);
      await project.refresh();
      expect((await project.preview()).stdout).toMatch(/~ enabled\s*: false => true/);
    });
  });

  it("a flow deleted outside Pulumi, then edited: the message says so and what to run", async () => {
    await scenario("edit of a flow deleted outside Pulumi is explained", async () => {
      await declare([{ resource: "orders", args: flowArgs() }]);
      await up();
      emu.deleteFlowOutOfBand(emu.flows()[0].id);
      await declare([{ resource: "orders", args: flowArgs({ name: "Orders EU" }) }]);
      const failed = await up(true);
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toMatch(
        /was not found during the PATCH: it was deleted outside Pulumi, or it carries an access\s+label/,
      );
      expect(failed.stdout + failed.stderr).not.toMatch(/failed with HTTP 404/);
      // The README's next step: refresh marks it not-found (Adobe answers a labelled flow the same way),
      // the preview shows the replace, and up deletes first, then creates it again.
      const refreshed = await project.refresh();
      expect(refreshed.stdout + refreshed.stderr).toMatch(
        /was not found \(404 FLOW-1439-404\): deleted outside Pulumi, or hidden by an access\s+label/,
      );
      expect((await resources())[0].outputs).toMatchObject({ state: "not-found" });
      expect((await project.preview()).stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/aep:Dataflow: \(replace\)/);
      emu.clearJournal();
      await up();
      // The delete that starts the replacement looks the flow up first: one that answers again is not deleted.
      expect(calls(emu).map((c) => c.call)).toEqual([
        "GET /flowSpecs/{id}",
        "GET /flows/{id}",
        "DELETE /flows/{id}",
        "POST /flows?mode=draft",
      ]);
      expect(emu.flows().map((f) => f.name)).toEqual(["Orders EU"]);
    });
  });

  it("IMS throttling and a short outage during `up` are retried: all 30 flows are created, and no create is searched for", async () => {
    await scenario("token requests retried", async () => {
      const thirty = Array.from({ length: 30 }, (_, i) => ({ resource: `flow-${i}`, args: flowArgs({ name: `Flow ${i}` }) }));
      await declare(thirty);
      emu.addFault({ path: "^/ims/token/v3$", status: 429, retryAfter: "1" });
      emu.addFault({ path: "^/ims/token/v3$", status: 503, times: 3 });
      await up();
      expect(emu.flows()).toHaveLength(30);
      // No search for a lost create: the failed token requests sent nothing. (One read of the flow spec.)
      expect(
        calls(emu)
          .filter((c) => c.call.startsWith("GET"))
          .map((c) => c.call),
      ).toEqual(["GET /flowSpecs/{id}"]);
      expect(
        emu
          .journal()
          .filter((e) => e.service === "ims")
          .map((e) => e.status),
      ).toEqual([429, 503, 503, 503, 200]);
    });
  });
});
