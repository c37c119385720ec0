// What a user reads, through the real CLI (issue 16, item 8): a default the program did not set is named as such, a
// nested property is named by its path (never `value {<nil>}`), a start time written as ISO text shows in a diff as
// written, an endpoint carrying the API's path names the setting and the fix, and every error is printed once.
import type { RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStart, futureStartIso } from "../helpers/dates";
import { NO_DRAFT_SPECS, SEEDED, SOURCE_ID, STREAMING_SOURCE_ID, TARGET_ID, baseInputs, emulator } from "../helpers/emulator";
import { calls, initForEmulator, programCopy, projectFor } from "./harness";

let emu: RunningEmulator;
let project: PulumiProject;

/** Declares the one flow `orders` with these args (tests/programs/flows reads them from stack config). */
const declare = (args: Record<string, unknown>) => project.configSet("flows", JSON.stringify([{ resource: "orders", args }]));

/** How many times `text` appears in `output`. */
const times = (output: string, text: string) => output.split(text).length - 1;

beforeAll(async () => {
  emu = await emulator({ specs: NO_DRAFT_SPECS });
  project = projectFor(programCopy("flows", "e2e-messages"), "dev");
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

describe("what the CLI prints", () => {
  it("a default the program did not set is named as the default, never as value {<nil>}", async () => {
    await declare({
      ...baseInputs(),
      flowSpec: { id: NO_DRAFT_SPECS.flow[0].id, version: "1.0" },
      sourceConnectionIds: [STREAMING_SOURCE_ID],
    });
    const preview = await project.run(["preview", "--diff"], { allowFailure: true });
    const output = preview.stdout + preview.stderr;
    expect(preview.code).not.toBe(0);
    const message =
      "`draft` defaults to true; flow spec test: no drafts (flow spec) (0d0d0d0d-0000-4000-8000-00000000f10a) declares " +
      "attributes.isDraftModeSupported: false, so it takes no draft; set `draft: false` to create the flow published";
    expect(output).toContain(message);
    expect(times(output, message)).toBe(1);
    expect(output).not.toContain("<nil>");
    expect(calls(emu).filter((c) => !c.call.startsWith("GET "))).toEqual([]);
  });

  it("a nested property is named by its path, with the spec's reason, never as value {<nil>}", async () => {
    await declare({ ...baseInputs(), scheduleParams: { startTime: futureStart(), frequency: "minute", interval: 5 } });
    const preview = await project.run(["preview", "--diff"], { allowFailure: true });
    const output = preview.stdout + preview.stderr;
    expect(times(output, "`scheduleParams.interval`: must be >= 15 (flow spec CloudStorageToAEP)")).toBe(1);
    expect(output).not.toContain("<nil>");
  });

  it("a start time written as ISO text shows in the diff as written", async () => {
    await declare({ ...baseInputs(), scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1 } });
    await project.up();
    await declare({ ...baseInputs(), scheduleParams: { startTime: futureStartIso(1), frequency: "hour", interval: 1 } });
    const preview = await project.preview();
    expect(preview.stdout).toContain(`~ startTime: "${futureStartIso()}" => "${futureStartIso(1)}"`);
    expect(preview.stdout).not.toMatch(/startTime: \d/);
  });

  it("an error of the service is printed once", async () => {
    emu.clearJournal();
    await declare({ ...baseInputs(), name: "Orders (again)", sourceConnectionIds: ["0b5e7a10-0000-4000-8000-000000000000"] });
    const up = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
    const output = up.stdout + up.stderr;
    expect(up.code).not.toBe(0);
    const refusal = "source connection 0b5e7a10-0000-4000-8000-000000000000 does not exist in sandbox dev";
    // Pulumi's progress display repeats an error beside the resource's status lines; the Diagnostics section, which
    // the dynamic-provider host used to fill twice, holds it once.
    const diagnostics = output.slice(output.indexOf("Diagnostics:"));
    expect(times(diagnostics, refusal)).toBe(1);
    await declare({ ...baseInputs(), scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1 } });
  });

  it("an endpoint carrying the API's path names aep:endpoint and the fix, once, and nothing is sent", async () => {
    await project.configSet("aep:endpoint", `${emu.url}/data/foundation/flowservice`);
    // A change the flow spec judges, so that check reads it (a preview of an unchanged stack makes no call at all).
    await declare({
      ...baseInputs(),
      sourceConnectionIds: [SOURCE_ID],
      targetConnectionIds: [TARGET_ID],
      scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 2 },
    });
    const preview = await project.run(["preview", "--diff"], { allowFailure: true });
    const output = preview.stdout + preview.stderr;
    const message = `aep:endpoint / AEP_ENDPOINT: "${emu.url}/data/foundation/flowservice" carries the API's path (/data/foundation/flowservice), which the package adds itself: set the base URL, "${emu.url}"`;
    expect(preview.code).not.toBe(0);
    expect(times(output, message)).toBe(1);
    expect(calls(emu)).toEqual([]);
    await project.configSet("aep:endpoint", emu.url);
  });

  it("a secret setting set without --secret is named once, with the fix, and never printed", async () => {
    await declare({ ...baseInputs(), scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1 } });
    // --plaintext: as a user who answers the CLI's "looks like a secret" question that way (or whose value does not look like one).
    await project.run(["config", "set", "--plaintext", "aep:clientSecret", SEEDED.clientSecret]);
    const plain = await project.preview();
    const warning = "aep:clientSecret is set in plain text: Pulumi keeps it unencrypted in Pulumi.<stack>.yaml and in the stack's state";
    expect(times(plain.stdout + plain.stderr, warning)).toBe(1);
    expect(plain.stdout + plain.stderr).toContain("`pulumi config set --secret aep:clientSecret <value>`");
    expect(plain.stdout + plain.stderr).not.toContain(SEEDED.clientSecret);
    await project.configSet("aep:clientSecret", SEEDED.clientSecret, true);
    const secret = await project.preview();
    expect(secret.stdout + secret.stderr).not.toContain("set in plain text");
  });
});
