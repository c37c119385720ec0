// The emulator's Data Prep mapping sets over raw HTTP: 200 on create, the read shape that differs
// from the write shape, versions on PUT (old ones still readable), offset paging with limit and
// start required, DELETE per `mappingSetDelete`, the schema reference, and a flow pinned to a version.
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { MAPPING, RawApi, SEEDED, emulator, loyaltySchema, publishableRequest, rawApis } from "./helpers/emulator";

let emu: RunningEmulator;
let dataprep: RawApi;
let flow: RawApi;

const XED = "application/vnd.adobe.xed-full+json;version=1";
const HEX32 = /^[0-9a-f]{32}$/;
const body = (mappings: unknown[] = rules, schema = FIXTURE_IDS.schemas.orders) => ({
  outputSchema: { schemaRef: { id: schema, contentType: XED } },
  mappings,
});
const rules = [
  { sourceType: "ATTRIBUTE", source: "id", destination: "_id", name: "id", description: "Identifier field" },
  { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
];

beforeEach(async () => {
  emu = await emulator();
  ({ dataprep, flow } = await rawApis(emu));
  emu.clearJournal();
});
afterEach(() => emu.stop());

describe("mapping sets", () => {
  it("creates with 200 (not 201) and a summary; journaled under dataprep", async () => {
    const res = await dataprep("POST", "/mappingSets", { body: body() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(HEX32),
      version: 0,
      createdDate: expect.any(Number),
      modifiedDate: res.body.createdDate,
      createdBy: `${SEEDED.clientId}@AdobeID`,
      modifiedBy: `${SEEDED.clientId}@AdobeID`,
    });
    expect(emu.journal()).toEqual([
      expect.objectContaining({ service: "dataprep", method: "POST", path: "/mappingSets", status: 200, body: body() }),
    ]);
  });

  it("reads back in the read shape: server rule ids, text/x.schema-path, the legacy duplicates, status", async () => {
    const { id } = (await dataprep("POST", "/mappingSets", { body: body() })).body;
    const got = await dataprep("GET", `/mappingSets/${id}`);
    expect(got.status).toBe(200);
    const stamp = {
      createdDate: expect.any(Number),
      modifiedDate: expect.any(Number),
      createdBy: `${SEEDED.clientId}@AdobeID`,
      modifiedBy: `${SEEDED.clientId}@AdobeID`,
    };
    const rule = { identity: false, primaryIdentity: false, matchScore: 0, functionVersion: 1 };
    const schemaRef = { id: FIXTURE_IDS.schemas.orders, contentType: XED };
    expect(got.body).toEqual({
      id,
      version: 0,
      ...stamp,
      supportVersion: "1.1",
      outputSchema: { id: expect.stringMatching(HEX32), version: 0, schemaRef },
      mappings: [
        {
          id: expect.stringMatching(HEX32),
          version: 0,
          ...stamp,
          sourceType: "text/x.schema-path",
          source: "id",
          destination: "_id",
          name: "id",
          description: "Identifier field",
          ...rule,
          sourceAttribute: "id",
          destinationXdmPath: "_id",
        },
        {
          id: expect.stringMatching(HEX32),
          version: 0,
          ...stamp,
          sourceType: "text/x.aep-xl",
          source: "lower(email)",
          destination: "personalEmail.address",
          ...rule,
          sourceAttribute: "lower(email)",
          destinationXdmPath: "personalEmail.address",
        },
      ],
      status: "DRAFT",
      strictMapping: false,
      allowNullValues: false,
      xdmVersion: XED,
      schemaRef,
      xdmSchema: FIXTURE_IDS.schemas.orders,
    });
    const expanded = await dataprep("GET", `/mappingSets/${id}?expandSchema=true`);
    expect(expanded.body.outputSchema.jsonSchema).toEqual({
      title: "Orders",
      type: "object",
      version: "1.0",
      $id: FIXTURE_IDS.schemas.orders,
    });
  });

  it("takes the legacy form the sources tutorials send (xdmSchema, sourceAttribute, destinationXdmPath)", async () => {
    const legacy = {
      version: 0,
      xdmSchema: FIXTURE_IDS.schemas.orders,
      xdmVersion: "1.0",
      id: null,
      mappings: [
        { destinationXdmPath: "_id", sourceAttribute: "TestID", identity: false, identityGroup: null, namespaceCode: null, version: 0 },
      ],
    };
    const { id } = (await dataprep("POST", "/mappingSets", { body: legacy })).body;
    const got = (await dataprep("GET", `/mappingSets/${id}`)).body;
    expect(got.mappings).toEqual([expect.objectContaining({ sourceType: "text/x.schema-path", source: "TestID", destination: "_id" })]);
    expect(got.outputSchema.schemaRef).toEqual({ id: FIXTURE_IDS.schemas.orders, contentType: XED });
  });

  it.each([
    [
      "an unknown sourceType",
      body([{ sourceType: "CONSTANT", source: "a", destination: "b" }]),
      "mappings[0].sourceType must be one of ATTRIBUTE, EXPRESSION, STATIC.",
    ],
    ["a rule without a destination", body([{ sourceType: "ATTRIBUTE", source: "a" }]), "mappings[0].destination is required."],
    ["no output schema", { mappings: rules }, "outputSchema.schemaRef.id is required: the $id of the target XDM schema."],
    [
      "a schema the sandbox's registry does not have",
      body(rules, "https://ns.adobe.com/emulator/schemas/00000000000000000000000000000000"),
      "Schema https://ns.adobe.com/emulator/schemas/00000000000000000000000000000000 not found in sandbox prod: outputSchema.schemaRef.id must be a schema of the Schema Registry.",
    ],
  ])("refuses %s with 400 in the platform's shape", async (_what, sent, detail) => {
    const before = emu.mappingSets().length;
    const res = await dataprep("POST", "/mappingSets", { body: sent });
    expect(res).toMatchObject({ status: 400, body: { type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail } });
    expect(emu.mappingSets()).toHaveLength(before);
  });

  it("with referentialChecks: off, takes a schema the registry does not have", async () => {
    emu.setBehaviour({ referentialChecks: "off" });
    const res = await dataprep("POST", "/mappingSets", {
      body: body(rules, "https://ns.adobe.com/emulator/schemas/00000000000000000000000000000000"),
    });
    expect(res.status).toBe(200);
  });

  it("PUT replaces the set as version + 1 with new rule ids; the old version stays readable with ?version=", async () => {
    const { id } = (await dataprep("POST", "/mappingSets", { body: body() })).body;
    const v0 = (await dataprep("GET", `/mappingSets/${id}`)).body;
    const replaced = await dataprep("PUT", `/mappingSets/${id}`, {
      body: body([...rules, { sourceType: "STATIC", source: "'web'", destination: "channel" }]),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, version: 1, createdDate: v0.createdDate, createdBy: v0.createdBy });
    expect(replaced.body.modifiedDate).toBeGreaterThan(v0.modifiedDate);
    expect(replaced.body.mappings.map((m: { source: string; destination: string }) => [m.source, m.destination])).toEqual([
      ["id", "_id"],
      ["lower(email)", "personalEmail.address"],
      ["'web'", "channel"],
    ]);
    expect(replaced.body.mappings[0].id).not.toBe(v0.mappings[0].id);
    expect((await dataprep("GET", `/mappingSets/${id}`)).body).toEqual(replaced.body);
    expect((await dataprep("GET", `/mappingSets/${id}?version=0`)).body).toEqual(v0);
    expect(await dataprep("GET", `/mappingSets/${id}?version=5`)).toMatchObject({
      status: 404,
      body: { title: "NotFoundError", detail: `Mapping set ${id} has no version 5.` },
    });
    expect((await dataprep("GET", "/mappingSets/0123456789abcdef0123456789abcdef")).status).toBe(404);
    expect((await dataprep("PUT", "/mappingSets/0123456789abcdef0123456789abcdef", { body: body() })).status).toBe(404);
  });

  it("a flow pins a version: a new version is used only once the flow names it (1412 before it exists)", async () => {
    const mappingId = MAPPING[0].params.mappingId;
    const f = (await flow("POST", "/flows", { body: publishableRequest() })).body;
    const pinned = (version: number) => [
      { op: "replace", path: "/transformations/0", value: { name: "Mapping", params: { mappingId, mappingVersion: version } } },
    ];
    const early = await flow("PATCH", `/flows/${f.id}`, { body: pinned(1), headers: { "If-Match": f.etag } });
    expect(early.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1412-400");
    await dataprep("PUT", `/mappingSets/${mappingId}`, { body: body() });
    const items = (await flow("GET", `/flows/${f.id}`)).body.items[0];
    expect(items.transformations[0].params.mappingVersion).toBe("0");
    expect((await flow("PATCH", `/flows/${f.id}`, { body: pinned(1), headers: { "If-Match": items.etag } })).status).toBe(200);
    expect((await dataprep("GET", `/mappingSets/${mappingId}`)).body.status).toBe("PUBLISHED");
  });

  it("lists with limit and start required (offset paging), name and orderBy", async () => {
    const missing = await dataprep("GET", "/mappingSets?limit=10");
    expect(missing.body).toEqual({
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: "The query parameters limit and start are required.",
    });
    await dataprep("POST", "/mappingSets", { body: { ...body(), name: "Named set" } });
    const all = await dataprep("GET", "/mappingSets?limit=100&start=0");
    expect(all.body._page).toEqual({ count: 6, limit: 100 });
    expect(all.body.data[0]).toMatchObject({ name: "Named set" });
    const pages = [];
    for (let start = 0; start < 6; start += 4)
      pages.push((await dataprep("GET", `/mappingSets?limit=4&start=${start}&orderBy=%2BcreatedDate`)).body);
    expect(pages.map((p) => p._page)).toEqual([
      { count: 4, limit: 4 },
      { count: 2, limit: 4 },
    ]);
    expect(new Set(pages.flatMap((p) => p.data.map((m: { id: string }) => m.id))).size).toBe(6);
    expect((await dataprep("GET", "/mappingSets?limit=10&start=0&name=Named%20set")).body.data).toHaveLength(1);
    expect((await dataprep("GET", "/mappingSets?limit=10&start=0&orderBy=name")).status).toBe(400);
  });

  it.each([
    ["absent", 405],
    ["supported", 204],
  ] as const)("DELETE with mappingSetDelete: %s answers %i", async (mappingSetDelete, status) => {
    emu.setBehaviour({ mappingSetDelete });
    const { id } = (await dataprep("POST", "/mappingSets", { body: body() })).body;
    const res = await dataprep("DELETE", `/mappingSets/${id}`);
    expect(res.status).toBe(status);
    if (status === 405) {
      expect(res.body).toEqual({
        type: "/placeholder/type/uri",
        status: 405,
        title: "MethodNotAllowedError",
        detail: "DELETE is not supported on /mappingSets/{id}: mapping sets cannot be deleted.",
      });
      expect((await dataprep("GET", `/mappingSets/${id}`)).status).toBe(200);
    } else {
      expect((await dataprep("GET", `/mappingSets/${id}`)).status).toBe(404);
    }
  });

  it("refuses to delete a mapping set a flow uses", async () => {
    emu.setBehaviour({ mappingSetDelete: "supported" });
    const f = (await flow("POST", "/flows?mode=draft", { body: publishableRequest() })).body;
    const res = await dataprep("DELETE", `/mappingSets/${MAPPING[0].params.mappingId}`);
    expect(res.body).toMatchObject({
      status: 400,
      detail: `Mapping set ${MAPPING[0].params.mappingId} is used by flows ${f.id}: delete or re-map them first.`,
    });
  });

  it("is per sandbox, needs x-sandbox-name, and takes faults like any route", async () => {
    const { id } = (await dataprep("POST", "/mappingSets", { body: body() })).body;
    const dev = await rawApis(emu, "dev");
    expect((await dev.dataprep("GET", `/mappingSets/${id}`)).status).toBe(404);
    const noSandbox = await dataprep("GET", `/mappingSets/${id}`, { headers: { "x-sandbox-name": undefined } });
    expect(noSandbox.body).toEqual({
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: "The header x-sandbox-name is missing in the request. Please add the header in the request and try again.",
    });
    emu.addFault({ service: "dataprep", method: "GET", status: 503 });
    expect(await dataprep("GET", `/mappingSets/${id}`)).toMatchObject({
      status: 503,
      body: { title: "ServiceUnavailableError", detail: "Injected fault: HTTP 503." },
    });
    expect((await dataprep("GET", `/mappingSets/${id}`)).status).toBe(200);
    expect(
      emu
        .journal()
        .filter((e) => e.service === "dataprep")
        .map((e) => [e.method, e.status, e.fault]),
    ).toEqual([
      ["POST", 200, undefined],
      ["GET", 404, undefined],
      ["GET", 400, undefined],
      ["GET", 503, "status 503"],
      ["GET", 200, undefined],
    ]);
  });

  it("seeds, versions and deletes out of band (as if in the AEP UI), and reset restores the fixtures", async () => {
    const seeded = emu.seedMappingSet("dev", body(), "00112233445566778899aabbccddeeff");
    expect(seeded).toMatchObject({ id: "00112233445566778899aabbccddeeff", version: 0 });
    expect(emu.updateMappingSetOutOfBand("00112233445566778899aabbccddeeff", body(rules.slice(0, 1)))).toMatchObject({
      version: 1,
      modifiedBy: "exc_app@AdobeID",
    });
    emu.deleteMappingSetOutOfBand(MAPPING[0].params.mappingId, "prod");
    expect((await dataprep("GET", `/mappingSets/${MAPPING[0].params.mappingId}`)).status).toBe(404);
    emu.reset();
    expect((await dataprep("GET", `/mappingSets/${MAPPING[0].params.mappingId}`)).status).toBe(200);
    expect(emu.mappingSets().some((m) => m.id === "00112233445566778899aabbccddeeff")).toBe(false);
  });
});

describe("destinations and the output schema (behaviour mappingDestinations)", () => {
  const mixed = [
    { sourceType: "ATTRIBUTE", source: "id", destination: "_id" },
    { sourceType: "ATTRIBUTE", source: "tier", destination: "_emulator.tier" },
    { sourceType: "ATTRIBUTE", source: "tierr", destination: "_emulator.tierr" },
    { sourceType: "ATTRIBUTE", source: "visit", destination: "_emulator.visits[0].at" },
    { sourceType: "STATIC", source: "gold", destination: "_emulator.tags.level" },
  ];
  let schemaId: string;

  beforeEach(async () => {
    schemaId = await loyaltySchema((await rawApis(emu)).schemas, {
      tier: { type: "string" },
      visits: { type: "array", items: { type: "object", properties: { at: { type: "string", format: "date-time" } } } },
      tags: { type: "object", additionalProperties: { type: "string" } },
    });
    emu.clearJournal();
  });

  it("POST /mappingSets/validate answers one status per rule: FAILED for a tenant field the schema lacks; nothing stored", async () => {
    const before = emu.mappingSets();
    const res = await dataprep("POST", "/mappingSets/validate", { body: body(mixed, schemaId) });
    expect(res).toMatchObject({ status: 200 });
    const ok = { status: "SUCCESS", errors: null };
    expect(res.body).toEqual({
      validationResponse: [
        ok,
        ok,
        {
          status: "FAILED",
          errors: [
            {
              source: "tierr",
              destination: "_emulator.tierr",
              sourceType: "ATTRIBUTE",
              exception: '_emulator.tierr is not a field of schema "Loyalty members".',
            },
          ],
        },
        ok,
        ok,
      ],
    });
    expect(emu.mappingSets()).toEqual(before);
    expect((await dataprep("POST", "/mappingSets/validate", { body: { mappings: mixed } })).status).toBe(400);
  });

  it("by default (accept) a create and a PUT take a destination the schema lacks, as no page says Data Prep refuses it", async () => {
    emu.setBehaviour({ mappingDestinations: "accept" });
    const created = await dataprep("POST", "/mappingSets", { body: body(mixed, schemaId) });
    expect(created.status).toBe(200);
    const put = await dataprep("PUT", `/mappingSets/${created.body.id}`, { body: body(mixed.slice(1), schemaId) });
    expect(put).toMatchObject({ status: 200, body: { version: 1 } });
  });

  it("with mappingDestinations: refuse, a create and a PUT answer 400 naming each such rule; nothing is stored", async () => {
    const ours = () => emu.mappingSets().filter((m) => m.sandboxName === "prod" && m.outputSchema && JSON.stringify(m).includes(schemaId));
    const good = await dataprep("POST", "/mappingSets", { body: body([mixed[0], mixed[1], mixed[3], mixed[4]], schemaId) });
    expect(good.status).toBe(200);
    emu.setBehaviour({ mappingDestinations: "refuse" });
    const bad = [mixed[1], mixed[2], { sourceType: "ATTRIBUTE", source: "x", destination: "_emulator.tier.sub" }];
    const detail =
      'mappings[1].destination _emulator.tierr, mappings[2].destination _emulator.tier.sub: not a field of schema "Loyalty members". ' +
      "Map to a field of the output schema, or add the field to one of its field groups first.";
    const created = await dataprep("POST", "/mappingSets", { body: body(bad, schemaId) });
    expect(created).toMatchObject({ status: 400, body: { detail } });
    const put = await dataprep("PUT", `/mappingSets/${good.body.id}`, { body: body(bad, schemaId) });
    expect(put).toMatchObject({ status: 400, body: { detail } });
    expect(ours().map((m) => [m.id, m.version])).toEqual([[good.body.id, 0]]);
    // Fields outside the tenant's namespace are not modelled (classes, Adobe's field groups): not judged.
    expect((await dataprep("POST", "/mappingSets", { body: body(rules, schemaId) })).status).toBe(200);
  });
});
