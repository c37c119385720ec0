// `npm run demo`: the quickstart's whole lifecycle with the real Pulumi CLI against the embedded
// emulator, printing each step and the exact API calls the emulator received. Exits non-zero if any
// step fails or sends other calls than expected.
import { rmSync } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import type { JournalEntry, RunningEmulator } from "../emulator";
import { PulumiProject, ROOT, locatePulumi, scratchCopy } from "./pulumi-cli";

const STATE_DIR = path.join(ROOT, ".pulumi-state", "demo");

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const say = (s = "") => process.stdout.write(`${s}\n`);

function step(n: number, title: string): void {
  say();
  say(bold(`── Step ${n}: ${title}`));
}

function describeCall(e: JournalEntry): string {
  const query = Object.entries(e.query)
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const parts = [`${e.method} ${e.path}${query ? `?${query}` : ""}`, `→ ${e.status ?? "no answer"}`];
  if (e.headers.ifMatch) parts.push(`If-Match: ${e.headers.ifMatch}`);
  if (e.method === "PATCH") parts.push(`body ${JSON.stringify(e.body)}`);
  if (e.service === "flowservice") parts.push(`(sandbox ${e.headers.sandboxName})`);
  return parts.join("  ");
}

/** Prints what the emulator received since the last call, and checks it is exactly what was expected. */
function showCalls(emu: RunningEmulator, expected: string[]): void {
  const calls = emu.journal();
  emu.clearJournal();
  say("   the emulator received:");
  if (calls.length === 0) say("     (no API call)");
  for (const c of calls) say(`     ${describeCall(c)}`);
  const flowCalls = calls
    .filter((c) => c.service === "flowservice")
    .map(
      (c) =>
        `${c.method} ${c.path.replace(/[0-9a-f-]{36}/, "{id}")}${c.query.op ? `?op=${c.query.op}` : c.query.mode ? `?mode=${c.query.mode}` : ""}`,
    );
  if (JSON.stringify(flowCalls) !== JSON.stringify(expected)) {
    throw new Error(`expected the Flow Service calls ${JSON.stringify(expected)}, but the emulator received ${JSON.stringify(flowCalls)}`);
  }
}

function showLines(output: string, pattern: RegExp): void {
  for (const line of output.split("\n")) if (pattern.test(line)) say(`   │ ${line.trimEnd()}`);
}

async function main(): Promise<void> {
  say(bold("pulumi-aep-dataflows demo: a dataflow's lifecycle with the real Pulumi CLI and the local Flow Service emulator"));
  say("Getting the Pulumi CLI (built from the Go module proxy on first run: a few minutes)...");
  const binDir = locatePulumi();

  const emu = await startEmulator();
  const client = emu.clients[0];
  say(`Emulator (Flow Service + IMS) on ${emu.url}; sandboxes prod, dev, stage`);

  rmSync(STATE_DIR, { recursive: true, force: true });
  const project = new PulumiProject({
    dir: scratchCopy(path.join(ROOT, "examples", "quickstart"), STATE_DIR),
    stack: "demo",
    stateDir: STATE_DIR,
    binDir,
  });
  say(`Project: examples/quickstart (run from a scratch copy in ${path.relative(ROOT, STATE_DIR)}), local file backend, stack "demo"`);

  try {
    await project.init({
      "aep:endpoint": emu.url,
      "aep:imsEndpoint": emu.url,
      "aep:clientId": client.clientId,
      "aep:orgId": client.orgId,
      "aep:sandboxName": "dev",
    });
    await project.configSet("aep:clientSecret", client.clientSecret, true);
    say("Stack config: aep:endpoint and aep:imsEndpoint → the emulator, aep:sandboxName dev, aep:clientSecret set as a secret.");

    step(1, "pulumi up — create the dataflow as a draft");
    const created = await project.up();
    showLines(created.stdout, /created|Resources:|\+ \d/);
    showCalls(emu, ["GET /flowSpecs/{id}", "POST /flows?mode=draft"]);
    say("   the flow spec is read once per run, and the declaration checked against it before anything is written");
    const { flowId } = await project.outputs();
    say(`   flow ${flowId} is a draft in sandbox dev`);

    step(2, "edit the flow's name, review it with pulumi preview --diff, then pulumi up");
    await project.configSet("flowName", "Orders from cloud storage (v2)");
    const preview = await project.preview();
    showLines(preview.stdout, /^\s+~ |to update/);
    showCalls(emu, []);
    say("   a preview reads nothing and writes nothing: the diff is computed from the state");
    await project.up();
    showCalls(emu, ["PATCH /flows/{id}"]);
    say("   one minimal JSON Patch, guarded by the etag Pulumi stored at creation");

    step(3, "flip draft to false — pulumi up publishes the flow");
    await project.configSet("draft", "false");
    const publishPreview = await project.preview();
    showLines(publishPreview.stdout, /^\s+~ /);
    showCalls(emu, ["GET /flowSpecs/{id}"]);
    say(
      "   the preview checks the publish against the flow spec (a published flow of it needs a mapping and a schedule); it writes nothing",
    );
    await project.up();
    showCalls(emu, [
      "GET /flowSpecs/{id}",
      "GET /sourceConnections/{id}",
      "GET /targetConnections/{id}",
      "POST /flows/{id}/action?op=publish",
    ]);
    say("   before the publish, the flow's connections are read: a connection still a draft is refused before any write");
    say(`   the flow is now ${emu.flows()[0].state}`);

    step(4, "someone renames the flow in the AEP UI — pulumi refresh shows the drift");
    emu.editFlow(String(flowId), [{ op: "replace", path: "/name", value: "Renamed in the UI" }]);
    emu.clearJournal();
    say('   (the emulator applied {"op":"replace","path":"/name","value":"Renamed in the UI"} as a UI edit)');
    const refreshed = await project.refresh(["--diff"]);
    showLines(refreshed.stdout, /^\s+~ name|updated|Resources:/);
    showCalls(emu, ["GET /flows/{id}"]);
    const back = await project.preview();
    say("   the program still declares the v2 name, so the next up would put it back:");
    showLines(back.stdout, /^\s+~ name/);
    showCalls(emu, []);
    await project.up();
    showCalls(emu, ["PATCH /flows/{id}"]);

    step(5, "pulumi destroy — delete the flow");
    await project.destroy();
    showCalls(emu, ["DELETE /flows/{id}"]);
    if (emu.flows().length !== 0) throw new Error(`the emulator still holds ${emu.flows().length} flow(s) after destroy`);
    say("   the emulator holds no flow any more");

    const { text } = await project.exportStack();
    if (text.includes(client.clientSecret)) throw new Error("the stack export contains the client secret");
    say();
    say(
      bold("Done.") + " The stack export holds no credential; the serialized provider is a small shim that loads this package at run time.",
    );
    say("Try it yourself: npm run emulator, then pulumi up in examples/quickstart with the config printed by the emulator.");
    await project.remove();
  } finally {
    await emu.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`\ndemo failed: ${err.message}\n`);
  process.exit(1);
});
