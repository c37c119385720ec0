// The create, update and publish rows of the fault matrix through the real Pulumi CLI.
import type { FaultRule, RunningEmulator } from "../../emulator";
import type { CliResult, PulumiProject } from "../../scripts/pulumi-cli";
import { calls, configureForEmulator, dataflowResources, exampleCopy, leakedSecrets, projectFor, startE2eEmulator } from "../e2e/harness";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { FLOW_SPEC, SOURCE_ID } from "../helpers/emulator";

let emu: RunningEmulator;
let project: PulumiProject;
let transcript = "";
const scenarios: Scenario[] = [];

async function pulumi(run: Promise<CliResult>): Promise<CliResult> {
  const r = await run;
  transcript += r.stdout + r.stderr;
  return r;
}

async function stackFlowIds(): Promise<string[]> {
  return dataflowResources((await project.exportStack()).deployment).map((r) => r.id!);
}

/** No orphan, no duplicate: the emulator holds exactly the flows the stack knows. */
async function invariants(): Promise<{ orphans: number; duplicates: number }> {
  const inStack = new Set(await stackFlowIds());
  const flows = emu.flows();
  return {
    orphans: flows.filter((f) => !inStack.has(f.id)).length,
    duplicates: flows.length - new Set(flows.map((f) => f.name)).size,
  };
}

async function row(name: string, expected: string, fault: FaultRule | (() => void), body: () => Promise<string>): Promise<void> {
  emu.clearJournal();
  if (typeof fault === "function") fault();
  else emu.addFault(fault);
  let observed: string;
  try {
    observed = await body();
  } finally {
    emu.clearFaults();
  }
  const inv = await invariants();
  const passed = observed === expected && inv.orphans === 0 && inv.duplicates === 0;
  scenarios.push({ suite: "CLI", name, expected, observed, passed, ...inv, lostEdits: 0, secretsFound: 0 });
  expect({ observed, ...inv }).toEqual({ observed: expected, orphans: 0, duplicates: 0 });
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  project = projectFor(exampleCopy("quickstart"), "faults");
  await configureForEmulator(project, emu);
  await project.configSet("aep:timeoutSeconds", "1");
});

afterAll(async () => {
  const leaks = leakedSecrets(transcript);
  scenarios.push({
    suite: "CLI",
    name: "CLI output",
    expected: "no credential",
    observed: leaks.join(", ") || "no credential",
    passed: !leaks.length,
    secretsFound: leaks.length,
  });
  recordScenarios(scenarios);
  await project?.destroy().catch(() => undefined);
  await project?.remove();
  await emu?.stop();
});

describe("fault rows through the Pulumi CLI", () => {
  it("create draft × response dropped after commit: the flow is found and adopted, not created twice", async () => {
    await row(
      "create draft × response dropped after commit",
      "succeeds",
      { method: "POST", path: "^/flows$", dropResponse: true },
      async () => {
        await pulumi(project.up());
        // The search, then four reads that narrow the service's clock before creation times are judged.
        expect(calls(emu).map((c) => c.call)).toEqual([
          "GET /flowSpecs/{id}",
          "POST /flows?mode=draft",
          expect.stringMatching(/^GET \/flows\?property=flowSpec\.id/),
          ...Array(4).fill("GET /flows?property=id%3D%3D00000000-0000-0000-0000-000000000000&count=true"),
        ]);
        expect(await stackFlowIds()).toEqual(emu.flows().map((f) => f.id));
        return "succeeds";
      },
    );
  });

  it("update × 502: the If-Match PATCH is retried", async () => {
    await project.configSet("flowName", "Orders v2");
    await row("update × 502", "succeeds", { method: "PATCH", status: 502 }, async () => {
      await pulumi(project.up());
      expect(calls(emu).map((c) => c.call)).toEqual(["PATCH /flows/{id}", "PATCH /flows/{id}"]);
      expect(emu.flows()[0].name).toBe("Orders v2");
      return "succeeds";
    });
  });

  it("update × 500: the If-Match PATCH is retried (Adobe: a 500 can be transient)", async () => {
    await project.configSet("flowName", "Orders v3");
    await row("update × 500", "succeeds", { method: "PATCH", status: 500 }, async () => {
      await pulumi(project.up());
      expect(calls(emu).map((c) => c.call)).toEqual(["PATCH /flows/{id}", "PATCH /flows/{id}"]);
      expect(emu.flows()[0].name).toBe("Orders v3");
      return "succeeds";
    });
  });

  it("update × 412 concurrent edit: refused, the edit made in the UI is kept", async () => {
    await project.configSet("flowName", "Orders v4");
    const edit = () => emu.editFlow(emu.flows()[0].id, [{ op: "replace", path: "/description", value: "edited in the UI" }]);
    await row("update × 412 concurrent edit", "refused-edit-kept", edit, async () => {
      const up = await pulumi(project.run(["up", "--yes", "--skip-preview"], { allowFailure: true }));
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toMatch(/changed outside Pulumi since the last update \(description\)/);
      expect(emu.flows()[0]).toMatchObject({ description: "edited in the UI", name: "Orders v3" });
      return up.code !== 0 && emu.flows()[0].description === "edited in the UI" ? "refused-edit-kept" : "overwritten";
    });
    // After reviewing the edit (refresh), the next up applies the program again.
    await pulumi(project.refresh());
    await pulumi(project.up());
    expect(emu.flows()[0]).toMatchObject({ name: "Orders v4", description: "Hourly orders export, mapped to the Orders schema" });
  });

  it("publish × 500 twice: up fails, the flow stays a draft in the stack, the next up publishes", async () => {
    await project.configSet("draft", "false");
    await row("publish × 500 (persistent)", "fails-then-succeeds", { method: "POST", op: "publish", status: 500, times: 2 }, async () => {
      const first = await pulumi(project.run(["up", "--yes", "--skip-preview"], { allowFailure: true }));
      expect(first.code).not.toBe(0);
      expect(first.stdout + first.stderr).toMatch(/action failed with HTTP 500/);
      expect(emu.flows()[0].state).toBe("draft");
      emu.clearFaults();
      await pulumi(project.up());
      expect(emu.flows()[0].state).toBe("enabled");
      return "fails-then-succeeds";
    });
  });

  it("create published × 503: nothing was created, so it is sent again after a look-up", async () => {
    await pulumi(project.destroy());
    await row("create published × 503", "succeeds", { method: "POST", path: "^/flows$", status: 503 }, async () => {
      await pulumi(project.up());
      // The publish order is the service's to judge: no connection is read before the create.
      expect(calls(emu).map((c) => c.call)).toEqual([
        "GET /flowSpecs/{id}",
        "POST /flows",
        "GET /flows?" + new URLSearchParams({ property: `flowSpec.id==${FLOW_SPEC.id},sourceConnectionIds[]==${SOURCE_ID}` }),
        "POST /flows",
      ]);
      expect(emu.flows()).toHaveLength(1);
      expect(emu.flows()[0].state).toBe("enabled");
      return "succeeds";
    });
  });

  it("publish × timeout: the publish landed late; the flow is read, not published twice", async () => {
    await pulumi(project.destroy());
    await project.configSet("draft", "true");
    await pulumi(project.up());
    await project.configSet("draft", "false");
    await row("publish × timeout", "succeeds", { method: "POST", op: "publish", delayMs: 1500 }, async () => {
      await pulumi(project.up());
      expect(calls(emu).map((c) => c.call)).toEqual(["GET /flowSpecs/{id}", "POST /flows/{id}/action?op=publish", "GET /flows/{id}"]);
      expect(emu.flows()[0].state).toBe("enabled");
      return "succeeds";
    });
  });
});
