// `npm run demo`: a whole AEP pipeline (examples/pipeline: an S3 account, its files, a dataset, a
// mapping set and the flow) with the real Pulumi CLI against the embedded emulator: everything
// drafted, the mapping edited, the pipeline published in Adobe's order, refreshed, destroyed in
// reverse order. Then the same pipeline with its data model (examples/empty-sandbox: field group,
// schema, identity, dataset) stood up in an EMPTY sandbox, published and destroyed, with what the
// sandbox holds before and after each step. Prints each step and the exact API calls the emulator
// received; exits non-zero if any step fails, sends other calls than expected or leaves other
// contents than it says.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import type { JournalEntry, RunningEmulator } from "../emulator";
import { PulumiProject, ROOT, locatePulumi, scratchCopy } from "./pulumi-cli";
import { EMPTY_SANDBOX, SandboxContents, describeContents, sandboxContents } from "./sandbox-contents";
import { startTimeAYearAhead } from "./start-time";

const STATE_DIR = path.join(ROOT, ".pulumi-state", "demo");
/** A recognisable credential, searched for in everything the run printed and stored. */
const S3_SECRET_KEY = "DEMO-S3-SECRET-KEY-5d1e0b";
const S3_ACCESS_KEY = "AKIADEMOACCESS7Q2";

/**
 * Runs the programs without type-checking them on every CLI run (about 10 s each on a small machine): the e2e suite
 * type-checks the examples with the CLI; the demo shows what they do.
 */
const TRANSPILE_ONLY = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const say = (s = "") => process.stdout.write(`${s}\n`);
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function step(n: number, title: string): void {
  say();
  say(bold(`── Step ${n}: ${title}`));
}

const SERVICE: Record<JournalEntry["service"], string> = {
  flowservice: "flow service",
  dataprep: "data prep",
  catalog: "catalog",
  schemaregistry: "schema registry",
  ims: "ims",
};

function describeCall(e: JournalEntry): string {
  const query = Object.entries(e.query)
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const parts = [`${SERVICE[e.service].padEnd(15)} ${e.method} ${e.path}${query ? `?${query}` : ""}`, `→ ${e.status ?? "no answer"}`];
  if (e.headers.ifMatch) parts.push(`If-Match: ${e.headers.ifMatch}`);
  if (e.method === "PATCH") parts.push(`body ${JSON.stringify(e.body)}`);
  return parts.join("  ");
}

/**
 * A call in the form the expectations below use: ids become {id} (Flow Service's UUIDs, Data Prep's and the
 * registry's hex ids, Catalog's, and the registry's URL-encoded `$id`s), the query keeps op and mode.
 */
function shape(c: JournalEntry): string {
  const q = c.query.op ? `?op=${c.query.op}` : c.query.mode ? `?mode=${c.query.mode}` : "";
  const id = /https%3A%2F%2F[^/]+|[0-9a-f]{24,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  return `${c.method} ${c.path.replace(id, "{id}")}${q}`;
}

/** Every request of the run, IMS included, searched at the end for credentials. */
const received: JournalEntry[] = [];

/**
 * Prints what the emulator received since the last call (token requests aside), and checks it is
 * exactly the expected calls. Independent resources are created concurrently by Pulumi, so calls are
 * compared as a multiset; `order` lists calls that must come in that order (Adobe's publish order).
 */
function showCalls(emu: RunningEmulator, expected: string[], order: string[] = []): JournalEntry[] {
  received.push(...emu.journal());
  const calls = emu.journal().filter((c) => c.service !== "ims");
  emu.clearJournal();
  say("   the emulator received:");
  if (calls.length === 0) say("     (no API call)");
  for (const c of calls) say(`     ${describeCall(c)}`);
  const got = calls.map(shape);
  if (JSON.stringify([...got].sort()) !== JSON.stringify([...expected].sort())) {
    throw new Error(`expected the calls ${JSON.stringify(expected)}, but the emulator received ${JSON.stringify(got)}`);
  }
  const positions = order.map((o) => got.indexOf(o));
  if (positions.some((p, i) => p < 0 || (i > 0 && p < positions[i - 1]))) {
    throw new Error(`expected ${order.join(" before ")}, but the emulator received ${JSON.stringify(got)}`);
  }
  return calls;
}

function showLines(output: string, pattern: RegExp): void {
  for (const line of output.split("\n")) if (pattern.test(line)) say(`   │ ${line.trimEnd()}`);
}

/** The lookups' reads (examples/pipeline/index.ts): on every preview and up, a read each. */
const LOOKUPS = ["GET /connectionSpecs", "GET /flowSpecs", "GET /dataSets", "GET /tenant/schemas"];
/** Amazon S3's and the data lake's connection specs, and the flow spec: each read once per run (cached by id). */
const SPEC_READS = ["GET /connectionSpecs/{id}", "GET /connectionSpecs/{id}", "GET /flowSpecs/{id}"];
/** Publishing the pipeline's drafts: an action each, the account before the connection that uses it, the flow last. */
const PUBLISHES = [
  "POST /connections/{id}/action?op=publish",
  "POST /sourceConnections/{id}/action?op=publish",
  "POST /targetConnections/{id}/action?op=publish",
  "POST /flows/{id}/action?op=publish",
];
const PUBLISH_ORDER = [
  "POST /connections/{id}/action?op=publish",
  "POST /sourceConnections/{id}/action?op=publish",
  "POST /flows/{id}/action?op=publish",
];
/** Destroying the pipeline (the data model aside): a DELETE each; Data Prep answers the mapping set's with 405. */
const PIPELINE_DELETES = [
  "DELETE /flows/{id}",
  "DELETE /sourceConnections/{id}",
  "DELETE /targetConnections/{id}",
  "DELETE /connections/{id}",
  "DELETE /mappingSets/{id}",
];

async function main(): Promise<void> {
  say(bold("pulumi-aep-dataflows demo: a whole AEP pipeline with the real Pulumi CLI and the local emulator"));
  say("Getting the Pulumi CLI (built from the Go module proxy on first run: a few minutes)...");
  const binDir = locatePulumi();

  const started = Date.now();
  const emu = await startEmulator();
  const client = emu.clients[0];
  say(`Emulator (Flow Service, Data Prep, Catalog, Schema Registry, IMS) on ${emu.url}; sandboxes prod, dev, stage`);

  rmSync(STATE_DIR, { recursive: true, force: true });
  const dir = scratchCopy(path.join(ROOT, "examples", "pipeline"), STATE_DIR);
  const project = new PulumiProject({ dir, stack: "demo", stateDir: STATE_DIR, binDir, env: TRANSPILE_ONLY });
  say(`Project: examples/pipeline (run from a scratch copy in ${path.relative(ROOT, STATE_DIR)}), local file backend, stack "demo"`);

  try {
    await configureStack(project, emu);
    say("Stack config: the emulator's endpoints, sandbox dev, the flow's startTime; aep:clientSecret and the S3 keys set as secrets.");

    step(1, "pulumi up — the whole pipeline as drafts");
    const created = await project.up();
    showLines(created.stdout, /created|Resources:|\+ \d|\[aep\]/);
    showCalls(emu, [
      ...LOOKUPS,
      ...SPEC_READS,
      "POST /connections?mode=draft",
      "POST /sourceConnections?mode=draft",
      "POST /targetConnections?mode=draft",
      "POST /mappingSets",
      "POST /flows?mode=draft",
      "GET /tenant/schemas/{id}",
    ]);
    say("   the lookups found the connection spec, flow spec, dataset and schema by name in sandbox dev;");
    say("   each spec is read once per run and every draft checked against it before anything is written;");
    say("   the mapping set's output schema is read once, so a destination it lacks would be named");
    const first = await project.outputs();
    say(`   flow ${first.flowId} uses mapping set ${first.mappingSetId} version ${first.mappingVersion}; all drafts`);

    step(2, "pulumi preview — nothing changed, nothing written");
    await project.preview();
    showCalls(emu, LOOKUPS);
    say("   only the lookups read; the diff of every resource comes from the state");

    step(3, "edit a mapping rule — a new mapping set version, one PATCH of the flow");
    const program = path.join(dir, "index.ts");
    writeFileSync(program, readFileSync(program, "utf8").replace('"lower(email)"', '"lower(trim(email))"'));
    const editPreview = await project.preview();
    showLines(editPreview.stdout, /^\s+~ |to update/);
    showCalls(emu, [...LOOKUPS, "GET /tenant/schemas/{id}"]);
    await project.up();
    showCalls(
      emu,
      [
        ...LOOKUPS,
        "GET /tenant/schemas/{id}",
        "GET /mappingSets/{id}",
        "PUT /mappingSets/{id}",
        "GET /flowSpecs/{id}",
        "PATCH /flows/{id}",
      ],
      ["GET /mappingSets/{id}", "PUT /mappingSets/{id}", "PATCH /flows/{id}"],
    );
    say("   Data Prep has no etag: the mapping set is read first, so a version saved in the UI since the last run is not overwritten;");
    say("   the flow's changed transformation is checked against its flow spec before the PATCH");
    const second = await project.outputs();
    say(
      `   mapping set version ${first.mappingVersion} → ${second.mappingVersion}; the flow's PATCH moved its mappingVersion, guarded by its etag`,
    );

    step(4, "pulumi config set publish true — pulumi up publishes the pipeline in Adobe's order");
    await project.configSet("publish", "true");
    await project.up();
    showCalls(emu, [...LOOKUPS, ...SPEC_READS, ...PUBLISHES], PUBLISH_ORDER);
    say("   base connection, then source and target connections, then the flow (the target, on the data lake, has no base connection);");
    say("   one action each, in the order of the program's dependencies; a refused publish would name the draft it uses");

    step(5, "pulumi refresh — the service's view matches the stack");
    const refreshed = await project.refresh(["--diff"]);
    showLines(refreshed.stdout, /Resources:|unchanged/);
    // A refresh does not run the program: no lookup, a read of each resource.
    showCalls(emu, [
      "GET /connections/{id}",
      "GET /sourceConnections/{id}",
      "GET /targetConnections/{id}",
      "GET /mappingSets/{id}",
      "GET /flows/{id}",
    ]);
    const after = await project.preview();
    if (!/no changes|\d+ unchanged/.test(after.stdout) || /~ \d+ to update|\+ \d+ to create/.test(after.stdout)) {
      throw new Error(`a preview after the refresh shows changes:\n${after.stdout}`);
    }
    showCalls(emu, LOOKUPS);
    say("   fields the service adds (nulls, inherited attributes, operations) are not changes");

    step(6, "pulumi destroy — in reverse order");
    const destroyed = await project.destroy();
    showLines(destroyed.stdout, /deleted \(|Resources:|- \d|\[aep\]/);
    const deleted = showCalls(
      emu,
      [...PIPELINE_DELETES],
      ["DELETE /flows/{id}", "DELETE /sourceConnections/{id}", "DELETE /connections/{id}"],
    );
    const kept = deleted.filter((c) => c.status && c.status >= 400).map(shape);
    if (kept.length) say(`   refused by the service, and the provider said so above: ${kept.join(", ")}`);
    if (emu.flows().length !== 0) throw new Error(`the emulator still holds ${emu.flows().length} flow(s) after destroy`);

    await assertNoCredential(project, emu, [client.clientSecret, S3_ACCESS_KEY, S3_SECRET_KEY]);
    await project.remove();
  } finally {
    await emu.stop();
  }
  const firstPartMs = Date.now() - started;
  await emptySandbox(binDir);
  say();
  say(`Took ${seconds(firstPartMs)} for examples/pipeline, ${seconds(Date.now() - started - firstPartMs)} for examples/empty-sandbox.`);
  say(bold("Done.") + " No credential in the stack exports, the CLI output or the emulators' journals.");
  say("Try it yourself: npm run emulator, then pulumi up in examples/pipeline with the config printed by the emulator;");
  say("npm run emulator -- --fixtures none for an empty sandbox to stand examples/empty-sandbox up in.");
}

/**
 * Creates the demo stack of `project` and sets, in one `pulumi config set-all`, the emulator's endpoints and client,
 * sandbox dev and the flow's start time a year ahead, and the client secret and the S3 keys as secrets.
 */
async function configureStack(project: PulumiProject, emu: RunningEmulator): Promise<void> {
  const client = emu.clients[0];
  const plain = {
    "aep:endpoint": emu.url,
    "aep:imsEndpoint": emu.url,
    "aep:clientId": client.clientId,
    "aep:orgId": client.orgId,
    "aep:sandboxName": "dev",
    startTime: startTimeAYearAhead(),
  };
  const secret = { "aep:clientSecret": client.clientSecret, s3AccessKey: S3_ACCESS_KEY, s3SecretKey: S3_SECRET_KEY };
  await project.init();
  await project.run([
    "config",
    "set-all",
    ...Object.entries(plain).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
    ...Object.entries(secret).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
  ]);
}

/** Throws, saying where, when a credential is in the stack's export, anything the CLI printed, or a request the emulator received. */
async function assertNoCredential(project: PulumiProject, emu: RunningEmulator, secrets: string[]): Promise<void> {
  const { text } = await project.exportStack();
  for (const secret of secrets) {
    if (text.includes(secret)) throw new Error("the stack export contains a credential");
    if (project.transcript.includes(secret)) throw new Error("the CLI printed a credential");
    if (JSON.stringify([...received, ...emu.journal()]).includes(secret)) throw new Error("the emulator's journal holds a credential");
  }
}

/** The empty-sandbox program's lookups: the connection spec and the flow spec by name, on every up. */
const EMPTY_SANDBOX_LOOKUPS = ["GET /connectionSpecs", "GET /flowSpecs"];

/** Prints what sandbox dev holds now against `before`, and throws unless it is `expected`. */
function showContents(emu: RunningEmulator, before: SandboxContents, expected: SandboxContents): SandboxContents {
  const now = sandboxContents(emu, "dev");
  const same = JSON.stringify(now) === JSON.stringify(before);
  const total = Object.values(now).reduce((sum, n) => sum + n, 0);
  const kinds = Object.keys(now).length;
  const unchanged = total === 0 ? `nothing (0 of each of the ${kinds} kinds)` : `the same ${total} entities`;
  say(`   sandbox dev holds: ${same ? unchanged : describeContents(before, now)}`);
  if (JSON.stringify(now) !== JSON.stringify(expected)) {
    throw new Error(`expected sandbox dev to hold ${JSON.stringify(expected)}, but it holds ${JSON.stringify(now)}`);
  }
  return now;
}

/**
 * examples/empty-sandbox on its own emulator whose sandboxes hold nothing (fixtures "none"): the data model and the
 * pipeline created as drafts, published, destroyed — with the sandbox's contents per kind and the calls of each step.
 */
async function emptySandbox(binDir: string): Promise<void> {
  say();
  say(bold("A whole pipeline into an EMPTY sandbox: examples/empty-sandbox, data model included"));
  const emu = await startEmulator({ fixtures: "none" });
  const client = emu.clients[0];
  const stateDir = path.join(STATE_DIR, "empty-sandbox");
  const dir = scratchCopy(path.join(ROOT, "examples", "empty-sandbox"), stateDir);
  const project = new PulumiProject({ dir, stack: "demo", stateDir, binDir, env: TRANSPILE_ONLY });
  say(`A second emulator on ${emu.url}, started with --fixtures none: no schema, dataset, connection, mapping set or flow anywhere.`);
  try {
    await configureStack(project, emu);
    let contents = showContents(emu, EMPTY_SANDBOX, EMPTY_SANDBOX);

    step(7, "pulumi up — field group, schema, identity, dataset, then the pipeline as drafts, each after what it uses");
    const created = await project.up();
    showLines(created.stdout, /Resources:|\+ \d/);
    const made = showCalls(
      emu,
      [
        ...EMPTY_SANDBOX_LOOKUPS,
        ...SPEC_READS,
        "GET /stats",
        "POST /tenant/fieldgroups",
        "POST /tenant/schemas",
        "POST /tenant/descriptors",
        "POST /dataSets",
        "GET /dataSets/{id}",
        "POST /connections?mode=draft",
        "POST /sourceConnections?mode=draft",
        "POST /targetConnections?mode=draft",
        "POST /mappingSets",
        "GET /tenant/schemas/{id}",
        "POST /flows?mode=draft",
      ],
      ["POST /tenant/fieldgroups", "POST /tenant/schemas", "POST /tenant/descriptors", "POST /dataSets", "POST /flows?mode=draft"],
    );
    say(
      `   ${made.length} calls: one write per resource, each spec and the tenant id read once, the dataset read after its POST ` +
        "(Catalog answers with a link), the mapping set's output schema read once; ids passed from resource to resource",
    );
    const ALL_ONE = Object.fromEntries(Object.keys(EMPTY_SANDBOX).map((kind) => [kind, 1])) as unknown as SandboxContents;
    contents = showContents(emu, contents, ALL_ONE);

    step(8, "pulumi config set publish true — the connections, then the flow, published in Adobe's order");
    await project.configSet("publish", "true");
    await project.up();
    const published = showCalls(emu, [...EMPTY_SANDBOX_LOOKUPS, ...SPEC_READS, ...PUBLISHES], PUBLISH_ORDER);
    say(`   ${published.length} calls; the data model has no drafts: nothing written to the Schema Registry or Catalog`);
    if (emu.flows().some((f) => f.state !== "enabled")) throw new Error("the flow is not enabled after the publish");
    contents = showContents(emu, contents, ALL_ONE);

    step(9, "pulumi destroy — in reverse order, leaving the sandbox as it was found");
    const destroyed = await project.destroy();
    // The provider's notices, once each (the CLI prints them under the resource and again in its diagnostics).
    showLines(destroyed.stdout, /^\s+\[aep\]|Resources:|- \d/);
    const deleted = showCalls(
      emu,
      [
        ...PIPELINE_DELETES,
        "DELETE /dataSets/{id}",
        "DELETE /tenant/descriptors/{id}",
        "GET /tenant/schemas/{id}",
        "DELETE /tenant/schemas/{id}",
        "GET /tenant/schemas",
        "DELETE /tenant/fieldgroups/{id}",
      ],
      [
        "DELETE /flows/{id}",
        "DELETE /targetConnections/{id}",
        "DELETE /dataSets/{id}",
        "DELETE /tenant/schemas/{id}",
        "DELETE /tenant/fieldgroups/{id}",
      ],
    );
    say(
      `   ${deleted.length} calls: a DELETE each, the schema read first and the Profile schemas using the field group listed ` +
        "(one enabled for Profile is never sent a DELETE, nor the field groups it uses)",
    );
    showContents(emu, contents, { ...EMPTY_SANDBOX, mappingSets: 1 });
    say("   everything gone but the mapping set: Data Prep documents no DELETE for mapping sets (the provider said so above)");
    await assertNoCredential(project, emu, [client.clientSecret, S3_ACCESS_KEY, S3_SECRET_KEY]);
    await project.remove();
  } finally {
    await emu.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`\ndemo failed: ${err.message}\n`);
  process.exit(1);
});
