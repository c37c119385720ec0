// examples/promotion: the program of examples/empty-sandbox (`main: ../empty-sandbox/`) on two stacks, one AEP
// sandbox each, against an emulator whose sandboxes hold nothing (fixtures "none"). dev creates the whole pipeline
// with its data model, published; prod, empty, gets the same as drafts with its own ids until a config change
// promotes it; a schema change (a new field) then reaches both sandboxes — field group, mapping set and flow —
// through one `pulumi up` each. Every call carries its own stack's sandbox, and each sandbox's contents are
// asserted after each step, down to what destroy leaves.
import type { JournalEntry, RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStartIso } from "../helpers/dates";
import { EMPTY_SANDBOX, sandboxContents } from "../../scripts/sandbox-contents";
import { emulator } from "../helpers/emulator";
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
  unordered,
} from "./harness";

type Sandbox = "dev" | "prod";
const SANDBOXES = ["dev", "prod"] as const;

/** Each stack's own S3 credentials, set with `pulumi config set --secret`. */
const S3 = {
  dev: { access: "AKIADEVBUCKET", secret: "dev-s3-SECRET-5b2e" },
  prod: { access: "AKIAPRODBUCKET", secret: "prod-s3-SECRET-9d4f" },
};
const PROFILE_CLASS = "https://ns.adobe.com/xdm/context/profile";
const XED = "application/vnd.adobe.xed-full+json;version=1";
/** The program's resources, by what they are, as `pulumi up` names them, with their types. */
const RESOURCES = {
  fieldGroup: ["customer-fields", "aep:FieldGroup"],
  schema: ["customers", "aep:Schema"],
  descriptor: ["customer-id", "aep:IdentityDescriptor"],
  dataset: ["customers-dataset", "aep:Dataset"],
  base: ["crm-bucket", "aep:BaseConnection"],
  source: ["crm-files", "aep:SourceConnection"],
  target: ["customers-target", "aep:TargetConnection"],
  mapping: ["customers-mapping", "aep:MappingSet"],
  flow: ["customers-flow", "aep:Dataflow"],
} as const;
type Entity = keyof typeof RESOURCES;
const ENTITIES = Object.keys(RESOURCES) as Entity[];
/** The Flow Service entities, which have drafts and etags. */
const FLOW_SERVICE = ["base", "source", "target", "flow"] as const;

let emu: RunningEmulator;
const stacks = {} as Record<Sandbox, PulumiProject>;
const ids: Record<Sandbox, Record<Entity, string>> = { dev: {} as Record<Entity, string>, prod: {} as Record<Entity, string> };
/** Every journal entry and stack export of the run, for the secret search. */
const journal: JournalEntry[] = [];
let exported = "";

/**
 * The calls since the last step (IMS left out), each stack's ids named `{dev.flow}`, `{prod.schema}`… (the registry's
 * `$id`s also as they appear, URL-encoded, in a path); the journal is cleared.
 */
function stepCalls(): ServiceCall[] {
  const entries = emu.journal();
  journal.push(...entries);
  emu.clearJournal();
  const names = Object.fromEntries(
    SANDBOXES.flatMap((sandbox) =>
      Object.entries(ids[sandbox]).flatMap(([what, id]) => [
        [id, `${sandbox}.${what}`],
        [encodeURIComponent(id), `${sandbox}.${what}`],
      ]),
    ),
  );
  return serviceCalls(entries, names);
}

/** Calls without their bodies (bodies are checked where what is in them matters). */
const withoutBodies = (calls: ServiceCall[]) => calls.map(({ body: _, ...call }) => call);
/** `service METHOD /path` shapes as calls in one sandbox. */
const inSandbox = (sandbox: Sandbox, shapes: string[]): ServiceCall[] =>
  shapes.map((shape) => {
    const [service, ...call] = shape.split(" ");
    return { service: service as ServiceCall["service"], call: call.join(" "), sandbox };
  });

async function stackOf(sandbox: Sandbox) {
  const { text, deployment } = await stacks[sandbox].exportStack();
  exported += text;
  return stackResources(deployment);
}

/** What a sandbox holds, by kind: the emulator's stores of every service. */
const contents = (sandbox: Sandbox) => sandboxContents(emu, sandbox);
const ONE_OF_EACH = Object.fromEntries(Object.keys(EMPTY_SANDBOX).map((k) => [k, 1]));

/** The spec lookups of every run (the program looks up nothing else: it owns its data model). */
const LOOKUPS = [
  'flowservice GET /connectionSpecs?property=name=="amazon-s3"',
  'flowservice GET /flowSpecs?property=name=="CloudStorageToAEP"',
];
/** The spec reads of a run in which every Flow Service entity's `draft` is judged (a create, or a publish). */
const SPEC_READS = [
  `flowservice GET /connectionSpecs/${S3_SPEC}`,
  `flowservice GET /connectionSpecs/${DATA_LAKE_SPEC}`,
  `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
];

/** The whole pipeline's creation in one sandbox: the data model, then the Flow Service entities (drafts or not). */
function creates(sandbox: Sandbox, draft: boolean): ServiceCall[] {
  const mode = draft ? "?mode=draft" : "";
  return inSandbox(sandbox, [
    ...LOOKUPS,
    ...SPEC_READS,
    "schemaregistry GET /stats",
    "schemaregistry POST /tenant/fieldgroups",
    "schemaregistry POST /tenant/schemas",
    "schemaregistry POST /tenant/descriptors",
    "catalog POST /dataSets",
    // Catalog answers the POST with a link only: one read gives the dataset's version and times.
    `catalog GET /dataSets/{${sandbox}.dataset}`,
    `flowservice POST /connections${mode}`,
    `flowservice POST /sourceConnections${mode}`,
    `flowservice POST /targetConnections${mode}`,
    "dataprep POST /mappingSets",
    `flowservice POST /flows${mode}`,
    // The mapping set's output schema, once it exists: check names a destination it lacks (a warning).
    `schemaregistry GET /tenant/schemas/{${sandbox}.schema}`,
  ]);
}

/** The first `up` of a stack: the calls, each after what it uses, with the stack's own ids in each body. */
async function firstUp(sandbox: Sandbox, draft: boolean): Promise<void> {
  await stacks[sandbox].up();
  const stack = await stackOf(sandbox);
  for (const what of ENTITIES) ids[sandbox][what] = stack[RESOURCES[what][0]].id!;
  const calls = stepCalls();
  expect(unordered(withoutBodies(calls))).toEqual(unordered(creates(sandbox, draft)));
  const mode = draft ? "?mode=draft" : "";
  inOrder(calls, [
    "POST /tenant/fieldgroups",
    "POST /tenant/schemas",
    "POST /tenant/descriptors",
    "POST /dataSets",
    `POST /targetConnections${mode}`,
    `POST /flows${mode}`,
  ]);
  inOrder(calls, ["POST /tenant/schemas", "POST /mappingSets", `POST /flows${mode}`]);
  inOrder(calls, [`POST /connections${mode}`, `POST /sourceConnections${mode}`, `POST /flows${mode}`]);
  const body = (call: string) => calls.find((c) => c.call === call)!.body;
  expect(body("POST /tenant/schemas")).toMatchObject({ allOf: [{ $ref: PROFILE_CLASS }, { $ref: `{${sandbox}.fieldGroup}` }] });
  expect(body("POST /tenant/descriptors")).toMatchObject({ "xdm:sourceSchema": `{${sandbox}.schema}`, "xdm:isPrimary": true });
  expect(body("POST /dataSets")).toMatchObject({ schemaRef: { id: `{${sandbox}.schema}` } });
  expect(body(`POST /sourceConnections${mode}`)).toMatchObject({ baseConnectionId: `{${sandbox}.base}` });
  expect(body(`POST /targetConnections${mode}`)).toMatchObject({
    data: { schema: { id: `{${sandbox}.schema}`, version: XED } },
    params: { dataSetId: `{${sandbox}.dataset}` },
  });
  expect(body("POST /mappingSets")).toMatchObject({ outputSchema: { schemaRef: { id: `{${sandbox}.schema}`, contentType: XED } } });
  expect(body(`POST /flows${mode}`)).toMatchObject({
    sourceConnectionIds: [`{${sandbox}.source}`],
    targetConnectionIds: [`{${sandbox}.target}`],
    transformations: [{ name: "Mapping", params: { mappingId: `{${sandbox}.mapping}`, mappingVersion: 0 } }],
  });
  expect(contents(sandbox)).toEqual(ONE_OF_EACH);
  await expectStack(sandbox, draft ? "draft" : "enabled", 0, stack);
}

/**
 * Each entity of a stack as the export holds it and as the emulator holds it, in the stack's sandbox: the Flow
 * Service entities in `state` with the etag the state holds, the mapping set at `mappingVersion` and the flow on it.
 */
async function expectStack(
  sandbox: Sandbox,
  state: "draft" | "enabled",
  mappingVersion: number,
  exportedStack?: Awaited<ReturnType<typeof stackOf>>,
): Promise<void> {
  const stack = exportedStack ?? (await stackOf(sandbox));
  expect(Object.fromEntries(Object.entries(stack).map(([name, r]) => [name, r.type]))).toEqual(
    Object.fromEntries(Object.values(RESOURCES).map(([name, type]) => [name, type])),
  );
  for (const what of ENTITIES)
    expect(stack[RESOURCES[what][0]]).toMatchObject({ id: ids[sandbox][what], outputs: { sandboxName: sandbox } });
  for (const what of FLOW_SERVICE) {
    const resource = stack[RESOURCES[what][0]];
    expect(resource.outputs).toMatchObject({ draft: state === "draft", state });
    const held = what === "flow" ? emu.flows() : emu.connections(what);
    expect(held.filter((e) => e.id === ids[sandbox][what]).map((e) => [e.sandboxName, e.state, e.etag])).toEqual([
      [sandbox, state, resource.outputs.etag],
    ]);
  }
  expect(stack["customers-mapping"].outputs).toMatchObject({ version: mappingVersion });
  expect(emu.mappingSets().filter((m) => m.id === ids[sandbox].mapping)).toEqual([
    expect.objectContaining({ sandboxName: sandbox, version: mappingVersion }),
  ]);
  // Flow Service reads mappingVersion back as a string, whatever was sent (the emulator's `behaviour`, as Adobe's pages show).
  expect(emu.flows().find((f) => f.id === ids[sandbox].flow)!.transformations).toEqual([
    { name: "Mapping", params: { mappingId: ids[sandbox].mapping, mappingVersion: String(mappingVersion) } },
  ]);
}

/** The tenant fields of a sandbox's field group, as the registry holds them. */
function tenantFields(sandbox: Sandbox): string[] {
  const fieldGroup = emu.fieldGroups().find((fg) => fg.sandboxName === sandbox && fg.$id === ids[sandbox].fieldGroup)!;
  const custom = (fieldGroup as unknown as { definitions: Record<string, { properties: Record<string, { properties: object }> }> })
    .definitions.customFields.properties._emulator.properties;
  return Object.keys(custom).sort();
}

/** The destinations of a sandbox's mapping set, as Data Prep holds it (its latest version). */
function destinations(sandbox: Sandbox): string[] {
  const mapping = emu.mappingSets().find((m) => m.id === ids[sandbox].mapping) as { mappings: { destination: string }[] };
  return mapping.mappings.map((m) => m.destination);
}

/** The etags (or, for the data model, the versions) of a sandbox's entities in the emulator: another stack's run leaves them alone. */
function fingerprint(sandbox: Sandbox): string[] {
  const mine = new Set(Object.values(ids[sandbox]));
  const here = <T extends { sandboxName?: string }>(items: T[]) => items.filter((i) => i.sandboxName === sandbox);
  return [
    ...[...emu.flows(), ...FLOW_SERVICE.filter((k) => k !== "flow").flatMap((kind) => emu.connections(kind))]
      .filter((e) => e.sandboxName === sandbox && mine.has(e.id))
      .map((e) => `${e.id}:${e.etag}`),
    ...here(emu.fieldGroups()).map((fg) => `${fg.$id}:${fg.version}`),
    ...here(emu.schemas()).map((s) => `${s.$id}:${s.version}`),
    ...here(emu.mappingSets() as { sandboxName?: string; id?: string; version?: number }[]).map((m) => `${m.id}:${m.version}`),
  ].sort();
}

beforeAll(async () => {
  // Every sandbox truly empty: nothing is seeded, nothing is looked up by name.
  emu = await emulator({ fixtures: "none" });
  // Both projects side by side, so that promotion's `main: ../empty-sandbox/` holds in the copy.
  const copy = examplesCopy(["promotion", "empty-sandbox"], "promotion");
  for (const sandbox of SANDBOXES) {
    // The committed Pulumi.<stack>.yaml gives aep:sandboxName and publish; the rest is per stack.
    stacks[sandbox] = projectFor(copy, sandbox);
    await initForEmulator(stacks[sandbox], emu, { startTime: futureStartIso() });
    await stacks[sandbox].run([
      "config",
      "set-all",
      "--secret",
      `s3AccessKey=${S3[sandbox].access}`,
      "--secret",
      `s3SecretKey=${S3[sandbox].secret}`,
    ]);
  }
  emu.clearJournal();
});

afterAll(async () => {
  try {
    await stacks.dev?.remove();
    await stacks.prod?.remove();
  } finally {
    await emu?.stop();
  }
});

describe("promotion: one pipeline with its data model, a stack per sandbox, into an empty prod", () => {
  it("both sandboxes start empty", () => {
    for (const sandbox of SANDBOXES) expect({ sandbox, holds: contents(sandbox) }).toEqual({ sandbox, holds: EMPTY_SANDBOX });
  });

  it("dev (publish: true) creates the data model and the pipeline, published, in order, in the dev sandbox", async () => {
    await firstUp("dev", false);
    expect(contents("prod")).toEqual(EMPTY_SANDBOX);
  });

  it("prod (publish: false) creates the same in the empty prod sandbox, the pipeline as drafts, with its own ids", async () => {
    const devBefore = fingerprint("dev");
    await firstUp("prod", true);
    // No id is carried across: prod's entities are prod's own (the registry's $ids included).
    for (const what of ENTITIES) expect(ids.prod[what]).not.toBe(ids.dev[what]);
    expect(fingerprint("dev")).toEqual(devBefore);
  });

  it("promotion is one config change: preview shows draft true => false on the four Flow Service entities, up publishes them in order", async () => {
    const devBefore = fingerprint("dev");
    await stacks.prod.configSet("publish", "true");
    const preview = await stacks.prod.preview();
    expect(preview.stdout.match(/^\s+~ draft\s+: true => false$/gm)).toHaveLength(4);
    expect(preview.stdout.match(/^\s+~ \w+\s+:/gm)).toHaveLength(4);
    expect(preview.stdout).toMatch(/~ 4 to update/);
    // The preview judges the publish against the specs (reads); it writes nothing and reads no entity.
    expect(unordered(stepCalls())).toEqual(unordered(inSandbox("prod", [...LOOKUPS, ...SPEC_READS])));
    await stacks.prod.up();
    const calls = stepCalls();
    expect(unordered(calls)).toEqual(
      unordered(
        inSandbox("prod", [
          ...LOOKUPS,
          ...SPEC_READS,
          "flowservice POST /connections/{prod.base}/action?op=publish",
          "flowservice POST /sourceConnections/{prod.source}/action?op=publish",
          "flowservice POST /targetConnections/{prod.target}/action?op=publish",
          "flowservice POST /flows/{prod.flow}/action?op=publish",
        ]),
      ),
    );
    inOrder(calls, [
      "POST /connections/{prod.base}/action?op=publish",
      "POST /sourceConnections/{prod.source}/action?op=publish",
      "POST /flows/{prod.flow}/action?op=publish",
    ]);
    inOrder(calls, ["POST /targetConnections/{prod.target}/action?op=publish", "POST /flows/{prod.flow}/action?op=publish"]);
    await expectStack("prod", "enabled", 0);
    expect(fingerprint("dev")).toEqual(devBefore);
  });

  for (const sandbox of SANDBOXES) {
    it(`a schema change (a new field) reaches ${sandbox} in one \`pulumi up\`: field group PATCH, mapping set PUT (a new version), flow PATCH`, async () => {
      const other = sandbox === "dev" ? "prod" : "dev";
      const otherBefore = fingerprint(other);
      const flowEtag = emu.flows().find((f) => f.id === ids[sandbox].flow)!.etag;
      await stacks[sandbox].configSet("customerPhone", "true");

      const preview = await stacks[sandbox].preview();
      // The preview writes nothing; it reads the mapping set's output schema (its rules change: check names a destination the schema lacks).
      expect(unordered(stepCalls())).toEqual(
        unordered(inSandbox(sandbox, [...LOOKUPS, `schemaregistry GET /tenant/schemas/{${sandbox}.schema}`])),
      );
      expect(preview.stdout).toMatch(/~ fields\s+: \{[^]*\+ phone\s+: \{\s+\+ title: "Phone"\s+\+ type : "string"/);
      expect(preview.stdout).toMatch(/\+ \[3\]: \{\s+\+ destination: "_emulator\.phone"\s+\+ source\s+: "phone"/);
      expect(preview.stdout).toMatch(/~ mappingVersion: 0 => \[unknown\]/);
      // The field group's tenant id stays known in the preview of its update (check carries it in the inputs): the
      // descriptor's path built from it is no change, and the preview lists just what the `up` below writes.
      expect([...preview.stdout.matchAll(/^\s+~ pulumi-nodejs:dynamic\/aep:(\w+): \(update\)$/gm)].map((m) => m[1]).sort()).toEqual([
        "Dataflow",
        "FieldGroup",
        "MappingSet",
      ]);

      await stacks[sandbox].up();
      const calls = stepCalls();
      expect(unordered(calls)).toEqual(
        unordered([
          ...inSandbox(sandbox, [
            ...LOOKUPS,
            // The flow's transformation change is judged against its flow spec.
            `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
            `schemaregistry GET /tenant/fieldgroups/{${sandbox}.fieldGroup}`,
            `schemaregistry GET /tenant/schemas/{${sandbox}.schema}`,
            `dataprep GET /mappingSets/{${sandbox}.mapping}`,
          ]),
          {
            service: "schemaregistry",
            call: `PATCH /tenant/fieldgroups/{${sandbox}.fieldGroup}`,
            sandbox,
            // Additive: Adobe allows it even once the schema is used by a dataset or enabled for Profile.
            body: [
              {
                op: "add",
                path: "/definitions/customFields/properties/_emulator/properties/phone",
                value: { title: "Phone", type: "string" },
              },
            ],
          },
          {
            service: "dataprep",
            call: `PUT /mappingSets/{${sandbox}.mapping}`,
            sandbox,
            body: {
              outputSchema: { schemaRef: { id: `{${sandbox}.schema}`, contentType: XED } },
              mappings: [
                { sourceType: "ATTRIBUTE", source: "customer_id", destination: "_emulator.customerId" },
                { sourceType: "EXPRESSION", source: "lower(email)", destination: "_emulator.email" },
                { sourceType: "ATTRIBUTE", source: "tier", destination: "_emulator.tier" },
                { sourceType: "ATTRIBUTE", source: "phone", destination: "_emulator.phone" },
              ],
            },
          },
          {
            service: "flowservice",
            call: `PATCH /flows/{${sandbox}.flow}`,
            sandbox,
            ifMatch: flowEtag,
            body: [
              {
                op: "replace",
                path: "/transformations/0",
                value: { name: "Mapping", params: { mappingId: `{${sandbox}.mapping}`, mappingVersion: 1 } },
              },
            ],
          },
        ]),
      );
      // The field exists before the rule that writes it, and the flow moves to the version that has the rule.
      inOrder(calls, [
        `PATCH /tenant/fieldgroups/{${sandbox}.fieldGroup}`,
        `PUT /mappingSets/{${sandbox}.mapping}`,
        `PATCH /flows/{${sandbox}.flow}`,
      ]);
      expect(tenantFields(sandbox)).toEqual(["customerId", "email", "phone", "tier"]);
      expect(destinations(sandbox)).toEqual(["_emulator.customerId", "_emulator.email", "_emulator.tier", "_emulator.phone"]);
      await expectStack(sandbox, "enabled", 1);
      expect(contents(sandbox)).toEqual(ONE_OF_EACH);

      // One `up` was enough: nothing is left to change.
      const unchanged = await stacks[sandbox].run(["preview", "--expect-no-changes"]);
      expect(unchanged.code).toBe(0);
      expect(unordered(stepCalls())).toEqual(unordered(inSandbox(sandbox, LOOKUPS)));
      expect(fingerprint(other)).toEqual(otherBefore);
    });
  }

  it("a refresh of either stack reads each entity once and shows no change, although the registry and Catalog add fields nobody sent", async () => {
    for (const sandbox of SANDBOXES) {
      await stacks[sandbox].refresh();
      expect(unordered(stepCalls())).toEqual(
        unordered(
          inSandbox(sandbox, [
            `schemaregistry GET /tenant/fieldgroups/{${sandbox}.fieldGroup}`,
            `schemaregistry GET /tenant/schemas/{${sandbox}.schema}`,
            `schemaregistry GET /tenant/descriptors/{${sandbox}.descriptor}`,
            `catalog GET /dataSets/{${sandbox}.dataset}`,
            `flowservice GET /connections/{${sandbox}.base}`,
            `flowservice GET /sourceConnections/{${sandbox}.source}`,
            `flowservice GET /targetConnections/{${sandbox}.target}`,
            `dataprep GET /mappingSets/{${sandbox}.mapping}`,
            `flowservice GET /flows/{${sandbox}.flow}`,
          ]),
        ),
      );
      const preview = await stacks[sandbox].run(["preview", "--expect-no-changes"]);
      expect(preview.code).toBe(0);
      expect(unordered(stepCalls())).toEqual(unordered(inSandbox(sandbox, LOOKUPS)));
      await expectStack(sandbox, "enabled", 1);
      expect(tenantFields(sandbox)).toEqual(["customerId", "email", "phone", "tier"]);
    }
  });

  it("no credential of either stack appears in a stack export, the CLI's output or the emulator's journal", () => {
    expect(exported).toContain('"ciphertext"');
    const texts = { exports: exported, cli: stacks.dev.transcript + stacks.prod.transcript, journal: JSON.stringify(journal) };
    for (const [where, text] of Object.entries(texts)) {
      const leaks = [...leakedSecrets(text), ...SANDBOXES.filter((s) => text.includes(S3[s].secret)).map((s) => `${s} S3 key`)];
      expect({ where, leaks }).toEqual({ where, leaks: [] });
    }
  });

  it("destroy removes each stack's pipeline and data model from its own sandbox, in reverse order, leaving both empty but for the mapping sets", async () => {
    for (const sandbox of ["prod", "dev"] as const) {
      const destroy = await stacks[sandbox].destroy();
      const calls = stepCalls();
      expect(unordered(withoutBodies(calls))).toEqual(
        unordered(
          inSandbox(sandbox, [
            // Whether the schema is enabled for Profile (then Adobe refuses its delete, and it is left, said so).
            `schemaregistry GET /tenant/schemas/{${sandbox}.schema}`,
            `flowservice DELETE /flows/{${sandbox}.flow}`,
            `flowservice DELETE /sourceConnections/{${sandbox}.source}`,
            `flowservice DELETE /targetConnections/{${sandbox}.target}`,
            `flowservice DELETE /connections/{${sandbox}.base}`,
            // Data Prep documents no DELETE: the emulator answers 405 and the mapping set stays.
            `dataprep DELETE /mappingSets/{${sandbox}.mapping}`,
            `catalog DELETE /dataSets/{${sandbox}.dataset}`,
            `schemaregistry DELETE /tenant/descriptors/{${sandbox}.descriptor}`,
            `schemaregistry DELETE /tenant/schemas/{${sandbox}.schema}`,
            // Whether a schema enabled for Profile (never deleted) uses the field group: then it stays with that schema.
            `schemaregistry GET /tenant/schemas?property=meta:extends==${ids[sandbox].fieldGroup}&property=meta:immutableTags==union`,
            `schemaregistry DELETE /tenant/fieldgroups/{${sandbox}.fieldGroup}`,
          ]),
        ),
      );
      inOrder(calls, [
        `DELETE /flows/{${sandbox}.flow}`,
        `DELETE /sourceConnections/{${sandbox}.source}`,
        `DELETE /connections/{${sandbox}.base}`,
      ]);
      inOrder(calls, [
        `DELETE /flows/{${sandbox}.flow}`,
        `DELETE /targetConnections/{${sandbox}.target}`,
        `DELETE /dataSets/{${sandbox}.dataset}`,
        `DELETE /tenant/schemas/{${sandbox}.schema}`,
      ]);
      inOrder(calls, [
        `DELETE /tenant/descriptors/{${sandbox}.descriptor}`,
        `DELETE /tenant/schemas/{${sandbox}.schema}`,
        `DELETE /tenant/fieldgroups/{${sandbox}.fieldGroup}`,
      ]);
      expect(destroy.stdout + destroy.stderr).toMatch(/Data Prep documents no DELETE for\s+mapping sets/);
      expect(await stackOf(sandbox)).toEqual({});
      expect(contents(sandbox)).toEqual({ ...EMPTY_SANDBOX, mappingSets: 1 });
    }
    expect(
      emu
        .mappingSets()
        .map((m) => [m.sandboxName, m.id])
        .sort(),
    ).toEqual([
      ["dev", ids.dev.mapping],
      ["prod", ids.prod.mapping],
    ]);
  });
});
