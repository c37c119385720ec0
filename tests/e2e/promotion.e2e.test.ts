// examples/promotion: the program of examples/pipeline (`main: ../pipeline/`) on two stacks, one AEP
// sandbox each. dev publishes the whole pipeline, prod holds it as drafts with its own ids until a
// config change promotes it; every call carries its own stack's sandbox.
import { FIXTURE_IDS, type JournalEntry, type RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
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

type Sandbox = "dev" | "prod";
type Entity = "base" | "source" | "target" | "mapping" | "flow";

/** Each stack's own S3 credentials, the secret key set with `pulumi config set --secret`. */
const S3 = {
  dev: { access: "AKIADEVBUCKET", secret: "dev-s3-SECRET-5b2e" },
  prod: { access: "AKIAPRODBUCKET", secret: "prod-s3-SECRET-9d4f" },
};
const RESOURCE_OF: Record<Entity, string> = {
  base: "orders-bucket",
  source: "orders-files",
  target: "orders-dataset",
  mapping: "orders-mapping",
  flow: "orders-flow",
};
const TYPE_OF: Record<Entity, string> = {
  base: "aep:BaseConnection",
  source: "aep:SourceConnection",
  target: "aep:TargetConnection",
  mapping: "aep:MappingSet",
  flow: "aep:Dataflow",
};

let emu: RunningEmulator;
const stacks = {} as Record<Sandbox, PulumiProject>;
const ids: Record<Sandbox, Record<Entity, string>> = {
  dev: { base: "", source: "", target: "", mapping: "", flow: "" },
  prod: { base: "", source: "", target: "", mapping: "", flow: "" },
};
/** Every journal entry and stack export of the run, for the secret search. */
const journal: JournalEntry[] = [];
let exported = "";

/** The calls since the last step (IMS left out), each stack's ids named `{dev.flow}`, `{prod.base}`…; the journal is cleared. */
function stepCalls(): ServiceCall[] {
  const entries = emu.journal();
  journal.push(...entries);
  emu.clearJournal();
  const names = Object.fromEntries(
    (["dev", "prod"] as const).flatMap((sandbox) => Object.entries(ids[sandbox]).map(([what, id]) => [id, `${sandbox}.${what}`])),
  );
  return serviceCalls(entries, names);
}

/** Calls without their bodies (bodies are checked where the ids in them matter). */
const withoutBodies = (calls: ServiceCall[]) => calls.map(({ body: _, ...call }) => call);

async function stackOf(sandbox: Sandbox) {
  const { text, deployment } = await stacks[sandbox].exportStack();
  exported += text;
  return stackResources(deployment);
}

/** The lookups and spec reads of a run in which every entity's `draft` is judged (a create, or a publish). */
function readsIn(sandbox: Sandbox): ServiceCall[] {
  return [
    { service: "flowservice", call: 'GET /connectionSpecs?property=name=="amazon-s3"', sandbox },
    { service: "flowservice", call: 'GET /flowSpecs?property=name=="CloudStorageToAEP"', sandbox },
    { service: "catalog", call: "GET /dataSets?property=name==Orders dataset&properties=name,schemaRef&limit=100", sandbox },
    { service: "schemaregistry", call: "GET /tenant/schemas?property=title==Orders", sandbox },
    { service: "flowservice", call: `GET /connectionSpecs/${S3_SPEC}`, sandbox },
    { service: "flowservice", call: `GET /connectionSpecs/${DATA_LAKE_SPEC}`, sandbox },
    { service: "flowservice", call: `GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`, sandbox },
  ];
}

/** Each entity of a stack as the export holds it and as the emulator holds it, in the stack's sandbox. */
async function expectStack(
  sandbox: Sandbox,
  state: "draft" | "enabled",
  exportedStack?: Awaited<ReturnType<typeof stackOf>>,
): Promise<void> {
  const stack = exportedStack ?? (await stackOf(sandbox));
  expect(Object.keys(stack).sort()).toEqual(Object.values(RESOURCE_OF).sort());
  for (const what of Object.keys(RESOURCE_OF) as Entity[]) {
    const resource = stack[RESOURCE_OF[what]];
    expect(resource).toMatchObject({ type: TYPE_OF[what], id: ids[sandbox][what], outputs: { sandboxName: sandbox } });
    if (what === "mapping") {
      expect(emu.mappingSets().filter((m) => m.id === ids[sandbox].mapping)).toEqual([
        expect.objectContaining({ sandboxName: sandbox, version: resource.outputs.version }),
      ]);
      continue;
    }
    expect(resource.outputs).toMatchObject({ draft: state === "draft", state });
    const held =
      what === "flow"
        ? (emu.flows() as unknown as { id: string; sandboxName: string; state: string; etag: string }[])
        : emu.connections(what);
    expect(held.filter((e) => e.id === ids[sandbox][what]).map((e) => [e.sandboxName, e.state, e.etag])).toEqual([
      [sandbox, state, resource.outputs.etag],
    ]);
  }
}

/** The etags of a sandbox's entities in the emulator, to show that another stack's run left them alone. */
function etagsIn(sandbox: Sandbox): string[] {
  const mine = new Set(Object.values(ids[sandbox]));
  return [...emu.flows(), ...(["base", "source", "target"] as const).flatMap((kind) => emu.connections(kind))]
    .filter((e) => e.sandboxName === sandbox && mine.has(e.id))
    .map((e) => `${e.id}:${e.etag}`)
    .sort();
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  // Both projects side by side, so that promotion's `main: ../pipeline/` holds in the copy.
  const copy = examplesCopy(["promotion", "pipeline"], "promotion");
  for (const sandbox of ["dev", "prod"] as const) {
    // The committed Pulumi.<stack>.yaml gives aep:sandboxName and publish; the rest is per stack.
    stacks[sandbox] = projectFor(copy, sandbox);
    await initForEmulator(stacks[sandbox], emu, { s3AccessKey: S3[sandbox].access });
    await stacks[sandbox].configSet("s3SecretKey", S3[sandbox].secret, true);
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

describe("promotion: one pipeline, a stack per sandbox", () => {
  it("dev (publish: true) creates the whole pipeline published, in Adobe's order, in the dev sandbox", async () => {
    await stacks.dev.up();
    const stack = await stackOf("dev");
    for (const [what, name] of Object.entries(RESOURCE_OF)) ids.dev[what as Entity] = stack[name].id!;
    const calls = stepCalls();
    expect(unordered(withoutBodies(calls))).toEqual(
      unordered([
        ...readsIn("dev"),
        { service: "flowservice", call: "POST /connections", sandbox: "dev" },
        { service: "flowservice", call: "POST /sourceConnections", sandbox: "dev" },
        { service: "flowservice", call: "POST /targetConnections", sandbox: "dev" },
        { service: "dataprep", call: "POST /mappingSets", sandbox: "dev" },
        { service: "flowservice", call: "POST /flows", sandbox: "dev" },
      ]),
    );
    // Created published (no mode=draft), each after what it uses (Pulumi's dependency order).
    inOrder(calls, ["POST /connections", "POST /sourceConnections", "POST /flows"]);
    inOrder(calls, ["POST /targetConnections", "POST /flows"]);
    inOrder(calls, ["POST /mappingSets", "POST /flows"]);
    expect(calls.find((c) => c.call === "POST /flows")!.body).toMatchObject({
      sourceConnectionIds: ["{dev.source}"],
      targetConnectionIds: ["{dev.target}"],
      transformations: [{ name: "Mapping", params: { mappingId: "{dev.mapping}", mappingVersion: 0 } }],
    });
    await expectStack("dev", "enabled", stack);
  });

  it("prod (publish: false) creates the same pipeline as drafts in the prod sandbox, with its own ids", async () => {
    const devBefore = etagsIn("dev");
    expect(devBefore).toHaveLength(4); // the account, the source and target connections and the flow
    await stacks.prod.up();
    const stack = await stackOf("prod");
    for (const [what, name] of Object.entries(RESOURCE_OF)) ids.prod[what as Entity] = stack[name].id!;
    const calls = stepCalls();
    expect(unordered(withoutBodies(calls))).toEqual(
      unordered([
        ...readsIn("prod"),
        { service: "flowservice", call: "POST /connections?mode=draft", sandbox: "prod" },
        { service: "flowservice", call: "POST /sourceConnections?mode=draft", sandbox: "prod" },
        { service: "flowservice", call: "POST /targetConnections?mode=draft", sandbox: "prod" },
        { service: "dataprep", call: "POST /mappingSets", sandbox: "prod" },
        { service: "flowservice", call: "POST /flows?mode=draft", sandbox: "prod" },
      ]),
    );
    // No id is carried across: prod's entities reference prod's ids only (the dataset and schema were looked up in prod).
    for (const what of Object.keys(ids.prod) as Entity[]) expect(ids.prod[what]).not.toBe(ids.dev[what]);
    expect(calls.find((c) => c.call === "POST /sourceConnections?mode=draft")!.body).toMatchObject({ baseConnectionId: "{prod.base}" });
    expect(calls.find((c) => c.call === "POST /targetConnections?mode=draft")!.body).toMatchObject({
      params: { dataSetId: FIXTURE_IDS.datasets.orders },
    });
    expect(calls.find((c) => c.call === "POST /flows?mode=draft")!.body).toMatchObject({
      sourceConnectionIds: ["{prod.source}"],
      targetConnectionIds: ["{prod.target}"],
      transformations: [{ name: "Mapping", params: { mappingId: "{prod.mapping}", mappingVersion: 0 } }],
    });
    await expectStack("prod", "draft", stack);
    // dev's entities are untouched by prod's run.
    expect(etagsIn("dev")).toEqual(devBefore);
  });

  it("promotion is one config change: preview shows draft true => false on the four Flow Service entities, up publishes them in order", async () => {
    const devBefore = etagsIn("dev");
    await stacks.prod.configSet("publish", "true");
    const preview = await stacks.prod.preview();
    expect(preview.stdout.match(/^\s+~ draft\s+: true => false$/gm)).toHaveLength(4);
    expect(preview.stdout.match(/^\s+~ \w+\s+:/gm)).toHaveLength(4);
    expect(preview.stdout).toMatch(/~ 4 to update/);
    // The preview judges the publish against the specs (reads); it writes nothing and reads no entity.
    expect(unordered(stepCalls())).toEqual(unordered(readsIn("prod")));
    await stacks.prod.up();
    const calls = stepCalls();
    expect(unordered(calls)).toEqual(
      unordered([
        ...readsIn("prod"),
        { service: "flowservice", call: "POST /connections/{prod.base}/action?op=publish", sandbox: "prod" },
        { service: "flowservice", call: "POST /sourceConnections/{prod.source}/action?op=publish", sandbox: "prod" },
        { service: "flowservice", call: "POST /targetConnections/{prod.target}/action?op=publish", sandbox: "prod" },
        { service: "flowservice", call: "POST /flows/{prod.flow}/action?op=publish", sandbox: "prod" },
      ]),
    );
    inOrder(calls, [
      "POST /connections/{prod.base}/action?op=publish",
      "POST /sourceConnections/{prod.source}/action?op=publish",
      "POST /flows/{prod.flow}/action?op=publish",
    ]);
    inOrder(calls, ["POST /targetConnections/{prod.target}/action?op=publish", "POST /flows/{prod.flow}/action?op=publish"]);
    await expectStack("prod", "enabled");
    expect(etagsIn("dev")).toEqual(devBefore);
  });

  it("no credential of either stack appears in a stack export, the CLI's output or the emulator's journal", () => {
    expect(exported).toContain('"ciphertext"');
    const texts = { exports: exported, cli: stacks.dev.transcript + stacks.prod.transcript, journal: JSON.stringify(journal) };
    for (const [where, text] of Object.entries(texts)) {
      const leaks = [
        ...leakedSecrets(text),
        ...(["dev", "prod"] as const).filter((s) => text.includes(S3[s].secret)).map((s) => `${s} S3 key`),
      ];
      expect({ where, leaks }).toEqual({ where, leaks: [] });
    }
  });

  it("destroy removes each stack's pipeline from its own sandbox, in reverse order", async () => {
    for (const sandbox of ["prod", "dev"] as const) {
      await stacks[sandbox].destroy();
      const calls = stepCalls();
      expect(unordered(calls)).toEqual(
        unordered([
          { service: "flowservice", call: `DELETE /flows/{${sandbox}.flow}`, sandbox },
          { service: "flowservice", call: `DELETE /sourceConnections/{${sandbox}.source}`, sandbox },
          { service: "flowservice", call: `DELETE /targetConnections/{${sandbox}.target}`, sandbox },
          { service: "flowservice", call: `DELETE /connections/{${sandbox}.base}`, sandbox },
          // Data Prep documents no DELETE: the emulator answers 405 by default and the mapping set stays.
          { service: "dataprep", call: `DELETE /mappingSets/{${sandbox}.mapping}`, sandbox },
        ]),
      );
      inOrder(calls, [
        `DELETE /flows/{${sandbox}.flow}`,
        `DELETE /sourceConnections/{${sandbox}.source}`,
        `DELETE /connections/{${sandbox}.base}`,
      ]);
      inOrder(calls, [`DELETE /flows/{${sandbox}.flow}`, `DELETE /targetConnections/{${sandbox}.target}`]);
      expect(await stackOf(sandbox)).toEqual({});
    }
    expect(emu.flows()).toEqual([]);
    const ours = new Set([...Object.values(ids.dev), ...Object.values(ids.prod)]);
    for (const kind of ["base", "source", "target"] as const) expect(emu.connections(kind).filter((c) => ours.has(c.id))).toEqual([]);
    expect(
      emu
        .mappingSets()
        .filter((m) => ours.has(m.id as string))
        .map((m) => [m.sandboxName, m.id])
        .sort(),
    ).toEqual([
      ["dev", ids.dev.mapping],
      ["prod", ids.prod.mapping],
    ]);
  });
});
