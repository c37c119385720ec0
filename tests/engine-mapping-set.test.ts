// Engine-protocol tests of the MappingSet kind (Data Prep): serialized exactly as Pulumi serializes
// it, driven through the SDK's real dynamic-provider host over gRPC. A create is one POST, a change
// of rules one PUT that makes a new version, and a delete what Data Prep allows. Each test asserts
// the exact requests the emulator received and the exact outputs afterwards.
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { EngineHost, Props, configuredHost, serializeResources } from "./helpers/engine";
import { Call, SEEDED, emulator, flowCalls, loyaltySchema, rawApis, serviceCalls } from "./helpers/emulator";
import { UNKNOWN } from "../provider/engine/unknown";

const XED = "application/vnd.adobe.xed-full+json;version=1";
const OUTPUT_SCHEMA = { schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: XED } };
/** One rule of each kind Data Prep takes; it reads each back in its own form. */
const RULES = [
  { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
  { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
  { sourceType: "STATIC", source: "web", destination: "channel.typeAtSource" },
];
const args = (extra: Props = {}): Props => ({ outputSchema: OUTPUT_SCHEMA, mappings: RULES, ...extra });

let emu: RunningEmulator;
let host: EngineHost;
let provider: string;

const mappingSet = () => host.of("MappingSet");
const withProvider = (props: Props) => ({ ...props, __provider: provider });
const dataPrepCalls = (opts: { withStatus?: boolean } = {}) => serviceCalls(emu, "dataprep", opts);
const stored = (id: string) => emu.mappingSets().find((m) => m.id === id && m.sandboxName === "dev") as Props | undefined;
const iso = (ms: unknown) => new Date(ms as number).toISOString();

/** The next `pulumi up`: a new provider process (the engine never updates a resource in the run that created it). */
async function nextRun(): Promise<void> {
  await host?.stop();
  host = await configuredHost(emu.url, SEEDED);
  emu.clearJournal();
}

async function created(name: string, extra: Props = {}): Promise<{ id: string; outs: Props; inputs: Props }> {
  const { inputs, failures } = await mappingSet().check(name, {}, withProvider(args(extra)));
  expect(failures).toEqual([]);
  const { id, outs } = await mappingSet().create(name, inputs);
  return { id, outs, inputs };
}

beforeAll(async () => {
  provider = serializeResources([{ kind: "MappingSet", name: "orders-mapping", args: args() }])[0].inputs.__provider as string;
  emu = await emulator();
  await nextRun();
});

afterAll(async () => {
  await host?.stop();
  await emu?.stop();
});

beforeEach(() => {
  emu.setBehaviour({ mappingSetDelete: "absent", mappingSetDefaultVersion: "latest" });
  emu.clearFaults();
  emu.clearJournal();
});

it("the serialized provider is the same small shim, naming its kind", () => {
  expect(2 * provider.length).toBeLessThan(4608);
  expect(provider).toContain('require("pulumi-aep-dataflows/runtime").forKind(t)');
  expect(provider).toContain('t: "MappingSet"');
});

it("create is one POST of exactly the declared rules; read then diff is no change, though Data Prep answers the rules in its own form", async () => {
  const { id, outs, inputs } = await created("orders-mapping");
  expect(dataPrepCalls()).toEqual([{ method: "POST", path: "/mappingSets", body: { outputSchema: OUTPUT_SCHEMA, mappings: RULES } }]);
  expect(flowCalls(emu)).toEqual([]);
  expect(inputs).toEqual(withProvider({ ...args(), sandboxName: "dev" }));
  expect(outs).toEqual({ ...inputs, version: 0 });
  expect(id).toMatch(/^[0-9a-f]{32}$/);

  await nextRun();
  const read = await mappingSet().read("orders-mapping", id, outs);
  const remote = stored(id)!;
  expect(read.outs).toEqual({ ...outs, createdAt: iso(remote.createdDate), updatedAt: iso(remote.modifiedDate) });
  expect(read.inputs).toEqual(inputs);
  expect(await mappingSet().diff("orders-mapping", id, read.outs, inputs)).toEqual({ changes: "none", replaces: [] });
  expect(dataPrepCalls()).toEqual([{ method: "GET", path: `/mappingSets/${id}` }]);
  // What that GET answered: rule ids, the read names of the source types, the legacy duplicates.
  const api = await rawApis(emu, "dev");
  const { body } = await api.dataprep("GET", `/mappingSets/${id}`);
  expect(body.mappings).toEqual(
    RULES.map((r) =>
      expect.objectContaining({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        sourceType: r.sourceType === "ATTRIBUTE" ? "text/x.schema-path" : "text/x.aep-xl",
        source: r.source,
        destination: r.destination,
        sourceAttribute: r.source,
        destinationXdmPath: r.destination,
      }),
    ),
  );
});

it("a change of rules is one PUT of the whole set, after a read that finds no one else's version; the version output moves", async () => {
  const { id, outs } = await created("orders-mapping");
  await nextRun();
  const changedRules = [...RULES.slice(0, 2), { sourceType: "ATTRIBUTE", source: "total", destination: "commerce.order.priceTotal" }];
  const changed = await mappingSet().check("orders-mapping", outs, withProvider(args({ mappings: changedRules })));
  expect(changed.failures).toEqual([]);
  expect(await mappingSet().diff("orders-mapping", id, outs, changed.inputs)).toEqual({ changes: "some", replaces: [] });
  const after = await mappingSet().update("orders-mapping", id, outs, changed.inputs);
  expect(dataPrepCalls()).toEqual([
    { method: "GET", path: `/mappingSets/${id}` },
    { method: "PUT", path: `/mappingSets/${id}`, body: { outputSchema: OUTPUT_SCHEMA, mappings: changedRules } },
  ]);
  const remote = stored(id)!;
  expect(remote).toMatchObject({ version: 1 });
  expect(after).toEqual({ ...changed.inputs, version: 1, createdAt: iso(remote.createdDate), updatedAt: iso(remote.modifiedDate) });

  await nextRun();
  const read = await mappingSet().read("orders-mapping", id, after);
  expect(read.outs).toEqual(after);
  expect(await mappingSet().diff("orders-mapping", id, read.outs, changed.inputs)).toEqual({ changes: "none", replaces: [] });
  expect(dataPrepCalls()).toEqual([{ method: "GET", path: `/mappingSets/${id}` }]);
});

it("delete where Data Prep has no DELETE (405): a notice, and the resource leaves the stack; where it has one, DELETE", async () => {
  const kept = await created("kept");
  const deleted = await created("deleted");
  emu.clearJournal();
  await mappingSet().delete("kept", kept.id, kept.outs);
  expect(dataPrepCalls({ withStatus: true })).toEqual([{ method: "DELETE", path: `/mappingSets/${kept.id}`, status: 405 }]);
  const notice = new RegExp(
    `MappingSet \\(mapping set ${kept.id}, sandbox dev\\): removed from the stack, but the service refused to delete it \\(Data Prep ` +
      "documents no DELETE for mapping sets\\), so it is left in the sandbox",
  );
  expect(await host.stderrMatching(notice)).toMatch(notice);
  expect(stored(kept.id)).toMatchObject({ version: 0 });

  emu.clearJournal();
  emu.setBehaviour({ mappingSetDelete: "supported" });
  await mappingSet().delete("deleted", deleted.id, deleted.outs);
  expect(dataPrepCalls({ withStatus: true })).toEqual([{ method: "DELETE", path: `/mappingSets/${deleted.id}`, status: 204 }]);
  expect(stored(deleted.id)).toBeUndefined();
});

it("adoption reads the mapping set: the same rules take it with no write, other rules make a new version", async () => {
  const same = emu.seedMappingSet("dev", { outputSchema: OUTPUT_SCHEMA, mappings: RULES });
  const other = emu.seedMappingSet("dev", { outputSchema: OUTPUT_SCHEMA, mappings: RULES.slice(0, 1) });
  const id = (x: Props) => x.id as string;

  const adopting = await mappingSet().check("same", {}, withProvider(args({ adoptId: id(same) })));
  expect(adopting.failures).toEqual([]);
  expect(adopting.inputs.adoption).toBe(`adopts mapping set ${id(same)} (version 0) in sandbox dev: no change`);
  const taken = await mappingSet().create("same", adopting.inputs);
  expect(taken.id).toBe(id(same));
  expect(taken.outs).toEqual({ ...adopting.inputs, version: 0, createdAt: iso(same.createdDate), updatedAt: iso(same.modifiedDate) });

  const changing = await mappingSet().check("other", {}, withProvider(args({ adoptId: id(other) })));
  expect(changing.inputs.adoption).toBe(`adopts mapping set ${id(other)} (version 0) in sandbox dev: PUT (a new version)`);
  const changed = await mappingSet().create("other", changing.inputs);
  expect(changed.id).toBe(id(other));
  expect(stored(id(other))).toMatchObject({ version: 1 });
  expect(changed.outs).toEqual({
    ...changing.inputs,
    version: 1,
    createdAt: iso(other.createdDate),
    updatedAt: iso(stored(id(other))!.modifiedDate),
  });

  // With no version known, each read also asks for the next version (a service that reads version 0 by default
  // would otherwise show an old one): not found here, so version 0 is the latest.
  const read = (set: Props) => [
    { method: "GET", path: `/mappingSets/${id(set)}` },
    { method: "GET", path: `/mappingSets/${id(set)}`, query: { version: "1" } },
  ];
  expect(dataPrepCalls()).toEqual([
    ...read(same),
    ...read(same),
    ...read(other),
    ...read(other),
    { method: "PUT", path: `/mappingSets/${id(other)}`, body: { outputSchema: OUTPUT_SCHEMA, mappings: RULES } },
  ]);
});

describe.each(["latest", "first"] as const)("when a GET without version reads the %s version (mappingSetDefaultVersion)", (mode) => {
  const UI_RULES = [{ sourceType: "ATTRIBUTE", source: "order_ref", destination: "_id" }];
  const NEXT_RULES = RULES.slice(0, 2);

  /** A mapping set the stack made and changed once (version 1), then saved again in the AEP UI (version 2). */
  async function editedInUi(): Promise<{ id: string; v1: Props; v1Inputs: Props }> {
    emu.setBehaviour({ mappingSetDefaultVersion: mode });
    const { id, outs } = await created(`ui-${mode}`);
    await nextRun();
    const changed = await mappingSet().check(`ui-${mode}`, outs, withProvider(args({ mappings: RULES.slice(1) })));
    const v1 = await mappingSet().update(`ui-${mode}`, id, outs, changed.inputs);
    expect(v1).toMatchObject({ version: 1 });
    emu.updateMappingSetOutOfBand(id, { outputSchema: OUTPUT_SCHEMA, mappings: UI_RULES }, "dev");
    await nextRun();
    return { id, v1, v1Inputs: changed.inputs };
  }

  /** The reads of the latest version when the stack knows version 1. */
  const latestCalls = (id: string) =>
    mode === "latest"
      ? [{ method: "GET", path: `/mappingSets/${id}` }]
      : [
          { method: "GET", path: `/mappingSets/${id}` },
          { method: "GET", path: `/mappingSets/${id}`, query: { version: "1" } },
          { method: "GET", path: `/mappingSets/${id}`, query: { version: "2" } },
          { method: "GET", path: `/mappingSets/${id}`, query: { version: "3" } },
        ];

  it("a version saved in the AEP UI is refused as a base for the program's change: nothing is sent, the edit is kept", async () => {
    const { id, v1 } = await editedInUi();
    const next = await mappingSet().check(`ui-${mode}`, v1, withProvider(args({ mappings: NEXT_RULES })));
    const err = await mappingSet()
      .update(`ui-${mode}`, id, v1, next.inputs)
      .catch((e: Error & { details?: string }) => e);
    expect((err as { details?: string }).details).toMatch(
      new RegExp(
        `mapping set ${id}, sandbox dev\\) was changed outside Pulumi since the last update \\(version 1 → 2: mappings \\(2 → 1 rules\\)\\); nothing was sent`,
      ),
    );
    expect(dataPrepCalls()).toEqual(latestCalls(id));
    expect(stored(id)).toMatchObject({ version: 2 });
  });

  it("a refresh takes the AEP UI's version into the stack", async () => {
    const { id, v1 } = await editedInUi();
    const read = await mappingSet().read(`ui-${mode}`, id, v1);
    expect(read.outs).toMatchObject({ version: 2, mappings: UI_RULES });
    expect(dataPrepCalls()).toEqual(latestCalls(id));
  });
});

it("a PUT answered with a version it did not expect names the versions it superseded (a service that reads version 0 by default)", async () => {
  emu.setBehaviour({ mappingSetDefaultVersion: "first" });
  const { id, outs } = await created("superseded");
  emu.updateMappingSetOutOfBand(id, { outputSchema: OUTPUT_SCHEMA, mappings: RULES.slice(0, 1) }, "dev");
  await nextRun();
  const changed = await mappingSet().check("superseded", outs, withProvider(args({ mappings: RULES.slice(1) })));
  const after = await mappingSet().update("superseded", id, outs, changed.inputs);
  expect(after).toMatchObject({ version: 2, mappings: RULES.slice(1) });
  const notice = new RegExp(
    `\\(mapping set ${id}, sandbox dev\\): the new rules are version 2, not 1: version 1 was saved outside Pulumi meanwhile and is no ` +
      "longer the latest. Kept, and readable with `GET /mappingSets/[0-9a-f]{32}\\?version=N`",
  );
  expect(await host.stderrMatching(notice)).toMatch(notice);
});

it("a create whose answer was lost takes the mapping set it made: no second one", async () => {
  const before = emu.mappingSets().length;
  emu.addFault({ service: "dataprep", method: "POST", path: "^/mappingSets$", dropResponse: true });
  const { id, outs, inputs } = await created("lost");
  expect(emu.mappingSets()).toHaveLength(before + 1);
  expect(stored(id)).toMatchObject({ version: 0 });
  expect(outs).toEqual({ ...inputs, version: 0 });
  const search: Call = { method: "GET", path: "/mappingSets", query: { limit: "100", start: "0", orderBy: "-createdDate" } };
  expect(dataPrepCalls()).toEqual([
    { method: "POST", path: "/mappingSets", body: { outputSchema: OUTPUT_SCHEMA, mappings: RULES } },
    search,
  ]);
  // Four probes of the service's clock judge when the candidate was made.
  expect(flowCalls(emu).map((c) => `${c.method} ${c.path}`)).toEqual(Array(4).fill("GET /flows"));
  const notice = new RegExp(
    `MappingSet \\(mapping set ${id}, sandbox dev\\): the create's answer was lost; the mapping set it made was found and is kept`,
  );
  expect(await host.stderrMatching(notice)).toMatch(notice);
});

describe("destinations and the output schema (rule mapping.destination.inSchema: a warning)", () => {
  const LOYALTY_RULES = [
    { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
    { sourceType: "ATTRIBUTE", source: "tier", destination: "_emulator.tier" },
    { sourceType: "ATTRIBUTE", source: "tierr", destination: "_emulator.tierr" },
  ];

  it("check names each tenant destination the schema lacks, reading the schema once per run (xed-full); the create is still sent; an unchanged set reads nothing", async () => {
    const schemaId = await loyaltySchema((await rawApis(emu, "dev")).schemas, { tier: { type: "string" } });
    emu.clearJournal();
    const outputSchema = { schemaRef: { id: schemaId, contentType: XED } };
    const news = withProvider({ outputSchema, mappings: LOYALTY_RULES });
    const first = await mappingSet().check("loyalty", {}, news);
    expect(first.failures).toEqual([]);
    expect((await mappingSet().check("loyalty-copy", {}, news)).failures).toEqual([]);
    // One read for both resources: the same schema in the same run.
    expect(serviceCalls(emu, "schemaregistry")).toEqual([{ method: "GET", path: `/tenant/schemas/${encodeURIComponent(schemaId)}` }]);
    // The fields listed come from the field group: the lookup resolved allOf (xed-full).
    const warning = new RegExp(
      'MappingSet \\(sandbox dev\\): `mappings\\[2\\]\\.destination` is "_emulator\\.tierr", which is not a field of the output schema ' +
        '"Loyalty members" as the Schema Registry has it now \\(its fields there: _emulator\\.tier\\)\\. Fix the path, or add the field to a ' +
        "field group of that schema; if this same update adds it \\(a FieldGroup or Schema change in this program\\), the warning is about " +
        "the schema before that change \\(from Adobe's prose, rule mapping\\.destination\\.inSchema: the service does not declare it, so " +
        "the request is sent and the service decides\\)",
    );
    const stderr = await host.stderrMatching(warning);
    expect(stderr).toMatch(warning);
    expect(stderr).not.toMatch(/`mappings\[[01]\]\.destination`/);

    const { id, outs } = await mappingSet().create("loyalty", first.inputs);
    expect(dataPrepCalls()).toEqual([{ method: "POST", path: "/mappingSets", body: { outputSchema, mappings: LOYALTY_RULES } }]);

    await nextRun();
    const again = await mappingSet().check("loyalty", first.inputs, news);
    expect(again.failures).toEqual([]);
    expect(await mappingSet().diff("loyalty", id, outs, again.inputs)).toEqual({ changes: "none", replaces: [] });
    expect(emu.journal()).toEqual([]);
  });

  it("a schema the Registry does not have is a warning on outputSchema.schemaRef.id; an unknown schema id (a preview) reads nothing", async () => {
    emu.setBehaviour({ referentialChecks: "off" });
    try {
      const ghost = "https://ns.adobe.com/emulator/schemas/" + "0".repeat(32);
      const news = withProvider({ outputSchema: { schemaRef: { id: ghost, contentType: XED } }, mappings: LOYALTY_RULES });
      expect((await mappingSet().check("ghost", {}, news)).failures).toEqual([]);
      const warning =
        /MappingSet \(sandbox dev\): `outputSchema\.schemaRef\.id` names no schema of sandbox dev \(GET \/tenant\/schemas\/… answered 404\), so the destinations were not checked/;
      expect(await host.stderrMatching(warning)).toMatch(warning);
      emu.clearJournal();
      const unknown = withProvider({ outputSchema: { schemaRef: { id: UNKNOWN, contentType: XED } }, mappings: LOYALTY_RULES });
      expect((await mappingSet().check("later", {}, unknown)).failures).toEqual([]);
      const notice =
        /MappingSet \(sandbox dev\): destinations not checked against the output schema in this preview: its `\$id` is not known yet/;
      expect(await host.stderrMatching(notice)).toMatch(notice);
      expect(emu.journal()).toEqual([]);
    } finally {
      emu.setBehaviour({ referentialChecks: "enforce" });
    }
  });
});
