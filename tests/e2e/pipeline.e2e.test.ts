// examples/pipeline through the real CLI: the five entities of a pipeline created as drafts, a mapping
// change carried to the flow, the whole pipeline published in Adobe's order, refresh, destroy in reverse
// order — with the exact calls every emulated service received and the exact stack after each step.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { FIXTURE_IDS, type JournalEntry, type RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStart, futureStartIso } from "../helpers/dates";
import {
  CLOUD_STORAGE_FLOW_SPEC,
  DATA_LAKE_SPEC,
  S3_SPEC,
  ServiceCall,
  examplesCopy,
  inOrder,
  initForEmulator,
  leakedSecrets,
  projectFor,
  serviceCalls,
  stackResources,
  startE2eEmulator,
  unordered,
} from "./harness";

const S3_SECRET = "s3-SECRET-KEY-pipeline-e2e-7c1d";
const S3_ACCESS_KEY = "AKIAPIPELINEE2E";
const XED = "application/vnd.adobe.xed-full+json;version=1";
const SCHEMA = FIXTURE_IDS.schemas.orders;
const DATASET = FIXTURE_IDS.datasets.orders;
/** How Pulumi stores a secret in an export: its signature key and a ciphertext. */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.stringMatching(/^v1:/) };

let emu: RunningEmulator;
let project: PulumiProject;
let dir: string;
/** Every entry of the journal, across all steps (each step takes its own and clears it). */
const journal: JournalEntry[] = [];
/** Every stack export, for the secret search. */
let exported = "";
/** The entities' ids, by what they are: filled from the stack after the first `up`. */
const ids: Record<"base" | "source" | "target" | "mapping" | "flow", string> = { base: "", source: "", target: "", mapping: "", flow: "" };
/** The mapping set's version 0 as the update read it before its PUT: the state's createdAt is as of that read. */
let mappingRead: { createdDate: unknown; modifiedDate: unknown } | undefined;
const RESOURCE_OF = {
  base: "orders-bucket",
  source: "orders-files",
  target: "orders-dataset",
  mapping: "orders-mapping",
  flow: "orders-flow",
};

/** The calls of the step that just ran (IMS left out), ids named; the journal is cleared for the next one. */
function stepCalls(): ServiceCall[] {
  const entries = emu.journal();
  journal.push(...entries);
  emu.clearJournal();
  return serviceCalls(entries, Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name])));
}

/** The read-only lookups the program makes on every preview and up (getConnectionSpec, getFlowSpec, getDataset, getSchema). */
const LOOKUPS: ServiceCall[] = [
  { service: "flowservice", call: 'GET /connectionSpecs?property=name=="amazon-s3"', sandbox: "dev" },
  { service: "flowservice", call: 'GET /flowSpecs?property=name=="CloudStorageToAEP"', sandbox: "dev" },
  { service: "catalog", call: "GET /dataSets?property=name==Orders dataset&properties=name,schemaRef&limit=100", sandbox: "dev" },
  { service: "schemaregistry", call: "GET /tenant/schemas?property=title==Orders", sandbox: "dev" },
];
const SPEC_READS: ServiceCall[] = [
  { service: "flowservice", call: `GET /connectionSpecs/${S3_SPEC}`, sandbox: "dev" },
  { service: "flowservice", call: `GET /connectionSpecs/${DATA_LAKE_SPEC}`, sandbox: "dev" },
];
/** The mapping set's output schema, read by check when the set is new or its rules change (it names a destination the schema lacks). */
const OUTPUT_SCHEMA_READ: ServiceCall = {
  service: "schemaregistry",
  call: `GET /tenant/schemas/${encodeURIComponent(FIXTURE_IDS.schemas.orders)}`,
  sandbox: "dev",
};
const FLOW_SPEC_READ: ServiceCall = { service: "flowservice", call: `GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`, sandbox: "dev" };

const RULES = [
  { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
  { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
];
const EDITED_RULES = [RULES[0], { ...RULES[1], source: "lower(trim(email))" }];

async function exportStack() {
  const { text, deployment } = await project.exportStack();
  exported += text;
  return stackResources(deployment);
}

const iso = (ms: unknown) => new Date(ms as number).toISOString();

/**
 * The stack the emulator's entities call for: etags (and, once read back by a refresh, timestamps)
 * from the service, the rest from the program. `read`: a refresh has read every entity back.
 */
function expectedStack(phase: {
  draft: boolean;
  rules: typeof RULES;
  mappingVersion: number;
  read: boolean;
  /** The mapping set as its last read saw it (an update reads it before the PUT), when not read by a refresh. */
  mappingRead?: { createdDate: unknown; modifiedDate: unknown };
}) {
  const one = <T extends { id: string; sandboxName?: unknown }>(all: T[], id: string): T => {
    const found = all.filter((e) => e.id === id && e.sandboxName === "dev");
    expect(found).toHaveLength(1);
    return found[0];
  };
  const flow = one(
    emu.flows() as unknown as { id: string; sandboxName: string; etag: string; createdAt: number; updatedAt: number }[],
    ids.flow,
  );
  const entity = (kind: "base" | "source" | "target") => one(emu.connections(kind), ids[kind]);
  const state = phase.draft ? "draft" : "enabled";
  const served = (e: { etag: unknown; createdAt?: unknown; updatedAt?: unknown }) => ({
    etag: e.etag,
    ...(phase.read ? { createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt) } : {}),
  });
  const mapping = one(emu.mappingSets() as { id: string; sandboxName: string; createdDate: number; modifiedDate: number }[], ids.mapping);
  return {
    "orders-bucket": {
      type: "aep:BaseConnection",
      id: ids.base,
      outputs: {
        name: "Orders bucket",
        connectionSpec: { id: S3_SPEC, version: "1.0" },
        auth: SECRET,
        draft: phase.draft,
        state,
        sandboxName: "dev",
        ...served(entity("base")),
      },
    },
    "orders-files": {
      type: "aep:SourceConnection",
      id: ids.source,
      outputs: {
        name: "Orders files",
        baseConnectionId: ids.base,
        connectionSpec: { id: S3_SPEC, version: "1.0" },
        data: { format: "delimited", properties: { columnDelimiter: "," } },
        params: { path: "/acme-orders/in/*.csv", recursive: false },
        draft: phase.draft,
        state,
        sandboxName: "dev",
        ...served(entity("source")),
      },
    },
    "orders-dataset": {
      type: "aep:TargetConnection",
      id: ids.target,
      outputs: {
        name: "Orders dataset",
        connectionSpec: { id: DATA_LAKE_SPEC, version: "1.0" },
        data: { schema: { id: SCHEMA, version: XED } },
        params: { dataSetId: DATASET },
        draft: phase.draft,
        state,
        sandboxName: "dev",
        ...served(entity("target")),
      },
    },
    "orders-mapping": {
      type: "aep:MappingSet",
      id: ids.mapping,
      outputs: {
        outputSchema: { schemaRef: { id: SCHEMA, contentType: XED } },
        mappings: phase.rules,
        version: phase.mappingVersion,
        sandboxName: "dev",
        ...(phase.read || phase.mappingRead
          ? // Created when version 0 was; updated when the version it holds was saved (the PUT answers it).
            { createdAt: iso((phase.mappingRead ?? mapping).createdDate), updatedAt: iso(mapping.modifiedDate) }
          : {}),
      },
    },
    "orders-flow": {
      type: "aep:Dataflow",
      id: ids.flow,
      outputs: {
        name: "Orders from S3",
        description: "Hourly orders, mapped to the Orders schema",
        flowSpec: { id: CLOUD_STORAGE_FLOW_SPEC, version: "1.0" },
        sourceConnectionIds: [ids.source],
        targetConnectionIds: [ids.target],
        transformations: [{ name: "Mapping", params: { mappingId: ids.mapping, mappingVersion: phase.mappingVersion } }],
        // The start time as the stack's config wrote it (ISO text): kept in that form, sent as epoch seconds.
        scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1, backfill: true },
        draft: phase.draft,
        enabled: true,
        state,
        sandboxName: "dev",
        ...served(flow),
      },
    },
  };
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  const copy = examplesCopy(["pipeline"], "pipeline");
  dir = copy.dir;
  project = projectFor(copy, "e2e");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev", s3AccessKey: S3_ACCESS_KEY, startTime: futureStartIso() });
  await project.configSet("s3SecretKey", S3_SECRET, true);
  emu.clearJournal();
});

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

describe("examples/pipeline through the Pulumi CLI", () => {
  it("up creates the five entities as drafts, after the lookups and the spec reads", async () => {
    const up = await project.up();
    expect(up.stdout).toMatch(/\+ 6 created/); // the stack and the five entities
    // The S3 auth spec marks s3SecretKey `format: "password"`: judging the params against it prints no warning.
    expect(up.stdout + up.stderr).not.toMatch(/unknown format/);
    const stack = await exportStack();
    for (const [what, name] of Object.entries(RESOURCE_OF)) ids[what as keyof typeof ids] = stack[name]?.id ?? "";
    const calls = stepCalls();
    expect(unordered(calls)).toEqual(
      unordered([
        ...LOOKUPS,
        ...SPEC_READS,
        FLOW_SPEC_READ,
        OUTPUT_SCHEMA_READ,
        {
          service: "flowservice",
          call: "POST /connections?mode=draft",
          sandbox: "dev",
          // The journal never keeps credentials: every auth param is redacted, the keys are kept.
          body: {
            name: "Orders bucket",
            connectionSpec: { id: S3_SPEC, version: "1.0" },
            auth: { specName: "Access Key", params: { s3AccessKey: "<redacted>", s3SecretKey: "<redacted>" } },
          },
        },
        {
          service: "flowservice",
          call: "POST /sourceConnections?mode=draft",
          sandbox: "dev",
          body: {
            name: "Orders files",
            baseConnectionId: "{base}",
            connectionSpec: { id: S3_SPEC, version: "1.0" },
            data: { format: "delimited", properties: { columnDelimiter: "," } },
            params: { path: "/acme-orders/in/*.csv", recursive: false },
          },
        },
        {
          service: "flowservice",
          call: "POST /targetConnections?mode=draft",
          sandbox: "dev",
          body: {
            name: "Orders dataset",
            connectionSpec: { id: DATA_LAKE_SPEC, version: "1.0" },
            data: { schema: { id: SCHEMA, version: XED } },
            params: { dataSetId: DATASET },
          },
        },
        {
          service: "dataprep",
          call: "POST /mappingSets",
          sandbox: "dev",
          body: { outputSchema: { schemaRef: { id: SCHEMA, contentType: XED } }, mappings: RULES },
        },
        {
          service: "flowservice",
          call: "POST /flows?mode=draft",
          sandbox: "dev",
          body: {
            name: "Orders from S3",
            description: "Hourly orders, mapped to the Orders schema",
            flowSpec: { id: CLOUD_STORAGE_FLOW_SPEC, version: "1.0" },
            sourceConnectionIds: ["{source}"],
            targetConnectionIds: ["{target}"],
            transformations: [{ name: "Mapping", params: { mappingId: "{mapping}", mappingVersion: 0 } }],
            scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: true },
          },
        },
      ]),
    );
    // Each entity waits for the ids it uses; each spec is read (once) before the first write it judges.
    inOrder(calls, [
      'GET /connectionSpecs?property=name=="amazon-s3"',
      `GET /connectionSpecs/${S3_SPEC}`,
      "POST /connections?mode=draft",
      "POST /sourceConnections?mode=draft",
      `GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
      "POST /flows?mode=draft",
    ]);
    inOrder(calls, [
      "GET /dataSets?property=name==Orders dataset&properties=name,schemaRef&limit=100",
      "POST /targetConnections?mode=draft",
    ]);
    inOrder(calls, [`GET /connectionSpecs/${DATA_LAKE_SPEC}`, "POST /targetConnections?mode=draft", "POST /flows?mode=draft"]);
    inOrder(calls, ["GET /tenant/schemas?property=title==Orders", "POST /mappingSets", "POST /flows?mode=draft"]);
    inOrder(calls, ['GET /flowSpecs?property=name=="CloudStorageToAEP"', `GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`]);
    expect(stack).toEqual(expectedStack({ draft: true, rules: RULES, mappingVersion: 0, read: false }));
    expect(await project.outputs()).toEqual({
      baseConnectionId: ids.base,
      sourceConnectionId: ids.source,
      targetConnectionId: ids.target,
      mappingSetId: ids.mapping,
      mappingVersion: 0,
      flowId: ids.flow,
      state: "draft",
    });
  });

  it("preview of the unchanged stack sends only the lookups' reads: no Flow Service entity is read or written", async () => {
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/6 unchanged/);
    expect(preview.stdout).not.toMatch(/to create|to update|to replace|to delete/);
    expect(unordered(stepCalls())).toEqual(unordered(LOOKUPS));
  });

  it("a changed mapping rule is one Data Prep PUT (a new version) and one etag-guarded flow PATCH moving mappingVersion", async () => {
    const index = path.join(dir, "index.ts");
    const program = readFileSync(index, "utf8");
    const edited = program.replace('source: "lower(email)"', 'source: "lower(trim(email))"');
    expect(edited).not.toBe(program);
    writeFileSync(index, edited);
    const flowEtag = (await exportStack())["orders-flow"].outputs.etag;
    const version0 = emu.mappingSets().find((m) => m.id === ids.mapping)!;
    mappingRead = { createdDate: version0.createdDate, modifiedDate: version0.modifiedDate };
    stepCalls(); // the export made no call; this keeps the step's list its own
    await project.up();
    const calls = stepCalls();
    expect(unordered(calls)).toEqual(
      unordered([
        ...LOOKUPS,
        OUTPUT_SCHEMA_READ,
        // The mapping set is read first: Data Prep documents no etag, so a version someone else made is never overwritten.
        { service: "dataprep", call: "GET /mappingSets/{mapping}", sandbox: "dev" },
        {
          service: "dataprep",
          call: "PUT /mappingSets/{mapping}",
          sandbox: "dev",
          body: { outputSchema: { schemaRef: { id: SCHEMA, contentType: XED } }, mappings: EDITED_RULES },
        },
        // A changed transformation is judged against the flow spec before the PATCH.
        FLOW_SPEC_READ,
        {
          service: "flowservice",
          call: "PATCH /flows/{flow}",
          sandbox: "dev",
          ifMatch: flowEtag as string,
          body: [
            {
              op: "replace",
              path: "/transformations/0",
              value: { name: "Mapping", params: { mappingId: "{mapping}", mappingVersion: 1 } },
            },
          ],
        },
      ]),
    );
    inOrder(calls, [
      "GET /mappingSets/{mapping}",
      "PUT /mappingSets/{mapping}",
      `GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
      "PATCH /flows/{flow}",
    ]);
    expect(await exportStack()).toEqual(expectedStack({ draft: true, rules: EDITED_RULES, mappingVersion: 1, read: false, mappingRead }));
  });

  it("publish true publishes in Adobe's order: the account, then the source and target connections, then the flow", async () => {
    await project.configSet("publish", "true");
    stepCalls();
    await project.up();
    const calls = stepCalls();
    expect(unordered(calls)).toEqual(
      unordered([
        ...LOOKUPS,
        ...SPEC_READS,
        FLOW_SPEC_READ,
        // One publish each, in the order Pulumi's dependencies give (the publish order is the service's to judge: nothing
        // is read first).
        { service: "flowservice", call: "POST /connections/{base}/action?op=publish", sandbox: "dev" },
        { service: "flowservice", call: "POST /sourceConnections/{source}/action?op=publish", sandbox: "dev" },
        { service: "flowservice", call: "POST /targetConnections/{target}/action?op=publish", sandbox: "dev" },
        { service: "flowservice", call: "POST /flows/{flow}/action?op=publish", sandbox: "dev" },
      ]),
    );
    inOrder(calls, [
      `GET /connectionSpecs/${S3_SPEC}`,
      "POST /connections/{base}/action?op=publish",
      "POST /sourceConnections/{source}/action?op=publish",
      "POST /flows/{flow}/action?op=publish",
    ]);
    // The data lake target has no base connection: it is published on its own, before the flow.
    inOrder(calls, [
      `GET /connectionSpecs/${DATA_LAKE_SPEC}`,
      "POST /targetConnections/{target}/action?op=publish",
      "POST /flows/{flow}/action?op=publish",
    ]);
    expect(await exportStack()).toEqual(expectedStack({ draft: false, rules: EDITED_RULES, mappingVersion: 1, read: false, mappingRead }));
    expect((await project.outputs()).state).toBe("enabled");
  });

  it("refresh reads each entity once and changes nothing; the next preview shows no change", async () => {
    const refresh = await project.refresh();
    expect(refresh.stdout).toMatch(/6 unchanged/);
    expect(refresh.stdout).not.toMatch(/updated|deleted|created/);
    expect(unordered(stepCalls())).toEqual(
      unordered([
        { service: "flowservice", call: "GET /connections/{base}", sandbox: "dev" },
        { service: "flowservice", call: "GET /sourceConnections/{source}", sandbox: "dev" },
        { service: "flowservice", call: "GET /targetConnections/{target}", sandbox: "dev" },
        { service: "dataprep", call: "GET /mappingSets/{mapping}", sandbox: "dev" },
        { service: "flowservice", call: "GET /flows/{flow}", sandbox: "dev" },
      ]),
    );
    // What was read back is what the stack held, in the program's form (the timestamps are new: only a read gives them).
    expect(await exportStack()).toEqual(expectedStack({ draft: false, rules: EDITED_RULES, mappingVersion: 1, read: true }));
    stepCalls();
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/6 unchanged/);
    expect(preview.stdout).not.toMatch(/to create|to update|to replace|to delete/);
    expect(unordered(stepCalls())).toEqual(unordered(LOOKUPS));
  });

  it("destroy deletes in reverse order: the flow, then the source and target connections, then the account", async () => {
    // The emulator's default: Data Prep documents no DELETE for mapping sets, so it answers 405 and the set stays.
    expect(emu.behaviour().mappingSetDelete).toBe("absent");
    const destroy = await project.destroy();
    const entries = emu.journal().filter((e) => e.service !== "ims");
    const calls = stepCalls();
    expect(unordered(calls)).toEqual(
      unordered([
        { service: "flowservice", call: "DELETE /flows/{flow}", sandbox: "dev" },
        { service: "flowservice", call: "DELETE /sourceConnections/{source}", sandbox: "dev" },
        { service: "flowservice", call: "DELETE /targetConnections/{target}", sandbox: "dev" },
        { service: "flowservice", call: "DELETE /connections/{base}", sandbox: "dev" },
        { service: "dataprep", call: "DELETE /mappingSets/{mapping}", sandbox: "dev" },
      ]),
    );
    inOrder(calls, ["DELETE /flows/{flow}", "DELETE /sourceConnections/{source}", "DELETE /connections/{base}"]);
    inOrder(calls, ["DELETE /flows/{flow}", "DELETE /targetConnections/{target}"]);
    inOrder(calls, ["DELETE /flows/{flow}", "DELETE /mappingSets/{mapping}"]);
    expect(entries.map((e) => [e.method, e.path.split("/")[1], e.status]).sort()).toEqual(
      [
        ["DELETE", "connections", 204],
        ["DELETE", "flows", 204],
        ["DELETE", "mappingSets", 405],
        ["DELETE", "sourceConnections", 204],
        ["DELETE", "targetConnections", 204],
      ].sort(),
    );
    expect(destroy.stdout + destroy.stderr).toMatch(
      /the service refused to delete it \(Data Prep documents no DELETE for\s+mapping sets\), so it is left in the sandbox/,
    );
    expect(destroy.stdout).toMatch(/- 6 deleted/);
    expect(await exportStack()).toEqual({});
    // Nothing of the pipeline is left in the sandbox but the mapping set, which no flow uses any more.
    expect(emu.flows()).toEqual([]);
    for (const kind of ["base", "source", "target"] as const) {
      expect(emu.connections(kind).filter((c) => c.id === ids[kind])).toEqual([]);
    }
    const fixtures = new Set([...FIXTURE_IDS.ordersMappings, ...FIXTURE_IDS.customersMappings]);
    expect(emu.mappingSets().filter((m) => !fixtures.has(m.id as string))).toEqual([
      expect.objectContaining({ id: ids.mapping, sandboxName: "dev", version: 1 }),
    ]);
  });

  it("the S3 secret key never appears in a stack export, the CLI's output or the emulator's journal", () => {
    expect(journal.length).toBeGreaterThan(0);
    expect(exported).toContain('"ciphertext"');
    for (const [where, text] of [
      ["stack exports", exported],
      ["CLI output", project.transcript],
      ["journal", JSON.stringify(journal)],
    ]) {
      expect({ where, leaks: text.includes(S3_SECRET) }).toEqual({ where, leaks: false });
      expect({ where, leaks: leakedSecrets(text) }).toEqual({ where, leaks: [] });
    }
  });
});
