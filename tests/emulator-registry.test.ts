// The emulator's Schema Registry writes over raw HTTP, in an empty sandbox (`fixtures: "none"`): field groups, schemas
// and identity descriptors — exact statuses, bodies and stored state per call — the Accept rules, unique titles, the
// tenant namespace, the union tag's prerequisite, the switches registryBreakingChanges, descriptorChecks and
// descriptorPut on both sides, /stats, faults and the journal.
import { RunningEmulator } from "../emulator";
import { RawApi, emulator, rawApis, serviceCalls } from "./helpers/emulator";

let emu: RunningEmulator;
let schemas: RawApi;
let catalog: RawApi;

const ORG = "TESTORG0000000000000000@AdobeOrg";
const CLIENT = "test-client-id";
const PROFILE = "https://ns.adobe.com/xdm/context/profile";
const V1 = { Accept: "application/vnd.adobe.xed+json; version=1" };
const FULL_V1 = { Accept: "application/vnd.adobe.xed-full+json; version=1" };
const ID_LIST = { Accept: "application/vnd.adobe.xed-id+json" };
const FG_ID = /^https:\/\/ns\.adobe\.com\/emulator\/mixins\/[0-9a-f]{48}$/;
const SCHEMA_ID = /^https:\/\/ns\.adobe\.com\/emulator\/schemas\/[0-9a-f]{48}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const metadata = () => ({
  "meta:registryMetadata": {
    "repo:createdDate": expect.any(Number),
    "repo:lastModifiedDate": expect.any(Number),
    "xdm:createdClientId": CLIENT,
    "xdm:lastModifiedClientId": CLIENT,
    eTag: expect.stringMatching(HEX64),
  },
  "meta:sandboxId": expect.any(String),
  "meta:sandboxType": "production",
  "meta:tenantNamespace": "_emulator",
  "meta:containerId": "tenant",
  imsOrg: ORG,
});

/** The field groups guide's create body, with the emulator's tenant. */
const loyaltyBody = (title = "Acme Loyalty", fields: Record<string, unknown> = { tier: { type: "string", title: "Tier" } }) => ({
  title,
  description: "Loyalty fields",
  type: "object",
  "meta:intendedToExtend": [PROFILE],
  definitions: { loyalty: { properties: { _emulator: { type: "object", properties: fields } } } },
  allOf: [{ $ref: "#/definitions/loyalty" }],
});

const schemaBody = (title: string, fieldGroups: string[] = []) => ({
  type: "object",
  title,
  description: `${title} schema`,
  allOf: [{ $ref: PROFILE }, ...fieldGroups.map(($ref) => ({ $ref }))],
});

const identityBody = (schemaId: string, property = "/_emulator/tier", isPrimary = true) => ({
  "@type": "xdm:descriptorIdentity",
  "xdm:sourceSchema": schemaId,
  "xdm:sourceVersion": 1,
  "xdm:sourceProperty": property,
  "xdm:namespace": "Email",
  "xdm:property": "xdm:code",
  "xdm:isPrimary": isPrimary,
});

async function start(behaviour = {}): Promise<void> {
  emu = await emulator({ fixtures: "none", behaviour });
  ({ schemas, catalog } = await rawApis(emu));
  emu.clearJournal();
}
afterEach(() => emu?.stop());

/** A field group and a schema using it, created through the API. */
async function fieldGroupAndSchema(): Promise<{ fg: Record<string, unknown>; schema: Record<string, unknown> }> {
  const fg = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).body;
  const schema = (await schemas("POST", "/tenant/schemas", { body: schemaBody("Loyalty members", [fg.$id]) })).body;
  return { fg, schema };
}

describe("field groups", () => {
  beforeEach(() => start());

  it("creates one (201): the request echoed, with the registry's ids, version 1.0, meta:* fields and xdmTypes", async () => {
    const res = await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() });
    expect(res.status).toBe(201);
    const hash = (res.body.$id as string).split("/").at(-1);
    expect(res.body).toEqual({
      title: "Acme Loyalty",
      description: "Loyalty fields",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: {
        loyalty: {
          properties: {
            _emulator: {
              type: "object",
              "meta:xdmType": "object",
              properties: { tier: { type: "string", title: "Tier", "meta:xdmType": "string" } },
            },
          },
        },
      },
      allOf: [{ $ref: "#/definitions/loyalty", type: "object", "meta:xdmType": "object" }],
      $id: expect.stringMatching(FG_ID),
      "meta:altId": `_emulator.mixins.${hash}`,
      "meta:resourceType": "mixins",
      version: "1.0",
      "meta:extensible": true,
      "meta:abstract": true,
      "meta:xdmType": "object",
      ...metadata(),
    });
    expect(emu.fieldGroups()).toEqual([{ ...res.body, sandboxName: "prod" }]);
    expect(serviceCalls(emu, "schemaregistry", { withStatus: true })).toEqual([
      { method: "POST", path: "/tenant/fieldgroups", body: loyaltyBody(), status: 201 },
    ]);
  });

  it("refuses a body without type, title or meta:intendedToExtend (400), and fields outside _{TENANT_ID} (XDM-1021-400)", async () => {
    const { "meta:intendedToExtend": _ext, type: _type, ...partial } = loyaltyBody();
    void _ext;
    void _type;
    expect(await schemas("POST", "/tenant/fieldgroups", { body: partial })).toMatchObject({
      status: 400,
      body: {
        type: "/placeholder/type/uri",
        title: "BadRequestError",
        detail: "A field group needs type, meta:intendedToExtend (missing from the request body).",
      },
    });
    const outside = { ...loyaltyBody(), definitions: { loyalty: { properties: { tier: { type: "string" } } } } };
    const res = await schemas("POST", "/tenant/fieldgroups", { body: outside });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      type: "http://ns.adobe.com/aep/errors/XDM-1021-400",
      title: "Namespace validation error",
      status: 400,
      report: {
        registryRequestId: expect.any(String),
        "detailed-message":
          "A custom field is defined under an invalid namespace. All custom fields must be defined under a top-level field named _emulator. Outside it: tier.",
        "sub-errors": [],
      },
      detail:
        "A custom field is defined under an invalid namespace. All custom fields must be defined under a top-level field named _emulator. Outside it: tier.",
    });
    expect(emu.fieldGroups()).toEqual([]);
  });

  it("looks up by meta:altId or URL-encoded $id with a versioned Accept: xed keeps allOf, xed-full resolves it, notext drops text", async () => {
    const created = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).body;
    const raw = await schemas("GET", `/tenant/fieldgroups/${created["meta:altId"]}`, { headers: V1 });
    expect(raw).toMatchObject({ status: 200, body: created });
    expect((await schemas("GET", `/tenant/fieldgroups/${encodeURIComponent(created.$id)}`, { headers: V1 })).body).toEqual(created);
    const { allOf: _a, definitions: _d, ...rest } = created;
    void _a;
    void _d;
    const full = await schemas("GET", `/tenant/fieldgroups/${created["meta:altId"]}`, { headers: FULL_V1 });
    expect(full.body).toEqual({ ...rest, properties: created.definitions.loyalty.properties });
    const notext = await schemas("GET", `/tenant/fieldgroups/${created["meta:altId"]}`, {
      headers: { Accept: "application/vnd.adobe.xed-full-notext+json; version=1" },
    });
    const { title: _t, description: _desc, ...untitled } = rest;
    void _t;
    void _desc;
    expect(notext.body).toEqual({
      ...untitled,
      properties: {
        _emulator: { type: "object", "meta:xdmType": "object", properties: { tier: { type: "string", "meta:xdmType": "string" } } },
      },
    });
  });

  it("answers the Accept errors of lookups and lists as for schemas", async () => {
    const created = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).body;
    const path = `/tenant/fieldgroups/${created["meta:altId"]}`;
    expect(await schemas("GET", path)).toMatchObject({
      status: 406,
      body: { title: "NotAcceptableError", detail: "Accept header parameter is required" },
    });
    expect(await schemas("GET", path, { headers: { Accept: "application/json" } })).toMatchObject({
      status: 406,
      body: { detail: "Unknown Accept media supplied: application/json" },
    });
    expect(await schemas("GET", path, { headers: { Accept: "application/vnd.adobe.xed+json" } })).toMatchObject({
      status: 400,
      body: { type: "http://ns.adobe.com/aep/errors/XDM-1007-400", title: "Accept header invalid" },
    });
    expect(await schemas("GET", "/tenant/fieldgroups", { headers: V1 })).toMatchObject({
      status: 400,
      body: { type: "http://ns.adobe.com/aep/errors/XDM-1006-400" },
    });
    expect(await schemas("GET", "/tenant/fieldgroups/_emulator.mixins.0000", { headers: V1 })).toMatchObject({
      status: 404,
      body: {
        type: "http://ns.adobe.com/aep/errors/XDM-1011-404",
        detail: "Requested resource _emulator.mixins.0000 with version 1 is not found",
      },
    });
    const list = await schemas("GET", `/tenant/fieldgroups?property=${encodeURIComponent("title==Acme Loyalty")}`, { headers: ID_LIST });
    expect(list).toMatchObject({ status: 200 });
    expect(list.body).toEqual({
      results: [{ $id: created.$id, "meta:altId": created["meta:altId"], version: "1.0", title: "Acme Loyalty" }],
      _page: { orderby: "updated", next: null, count: 1 },
      _links: { next: null },
    });
  });

  it("PUT and PATCH raise the minor version with a new eTag; DELETE answers 204 and a later lookup 404", async () => {
    const created = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).body;
    const put = await schemas("PUT", `/tenant/fieldgroups/${created["meta:altId"]}`, {
      body: loyaltyBody("Acme Loyalty", { tier: { type: "string" }, points: { type: "integer" } }),
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ $id: created.$id, version: "1.1" });
    expect(put.body.definitions.loyalty.properties._emulator.properties.points).toEqual({ type: "integer", "meta:xdmType": "int" });
    expect(put.body["meta:registryMetadata"].eTag).not.toBe(created["meta:registryMetadata"].eTag);
    const patch = await schemas("PATCH", `/tenant/fieldgroups/${encodeURIComponent(created.$id)}`, {
      body: [
        { op: "add", path: "/definitions/loyalty/properties/_emulator/properties/since", value: { type: "string", format: "date" } },
        { op: "replace", path: "/description", value: "Loyalty, with dates" },
      ],
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ version: "1.2", description: "Loyalty, with dates" });
    expect(patch.body.definitions.loyalty.properties._emulator.properties.since).toEqual({
      type: "string",
      format: "date",
      "meta:xdmType": "date",
    });
    expect(emu.fieldGroups()).toEqual([{ ...patch.body, sandboxName: "prod" }]);
    const bad = await schemas("PATCH", `/tenant/fieldgroups/${created["meta:altId"]}`, { body: [{ op: "remove", path: "/nope/x" }] });
    expect(bad).toMatchObject({ status: 400, body: { title: "BadRequestError" } });
    expect(bad.body.detail).toMatch(/^The JSON Patch cannot be applied: /);
    expect(await schemas("DELETE", `/tenant/fieldgroups/${created["meta:altId"]}`)).toMatchObject({ status: 204, body: undefined });
    expect((await schemas("GET", `/tenant/fieldgroups/${created["meta:altId"]}`, { headers: V1 })).status).toBe(404);
    expect(await schemas("DELETE", `/tenant/fieldgroups/${created["meta:altId"]}`)).toMatchObject({ status: 404 });
    expect(emu.fieldGroups()).toEqual([]);
  });
});

describe("schemas", () => {
  beforeEach(() => start());

  it("creates one from a class and field groups (201): meta:class, meta:extends and refs derived", async () => {
    const fg = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).body;
    const res = await schemas("POST", "/tenant/schemas", { body: schemaBody("Loyalty members", [fg.$id]) });
    expect(res.status).toBe(201);
    const hash = (res.body.$id as string).split("/").at(-1);
    expect(res.body).toEqual({
      type: "object",
      title: "Loyalty members",
      description: "Loyalty members schema",
      allOf: [
        { $ref: PROFILE, type: "object", "meta:xdmType": "object" },
        { $ref: fg.$id, type: "object", "meta:xdmType": "object" },
      ],
      $id: expect.stringMatching(SCHEMA_ID),
      "meta:altId": `_emulator.schemas.${hash}`,
      "meta:resourceType": "schemas",
      version: "1.0",
      refs: [fg.$id],
      "meta:class": PROFILE,
      "meta:abstract": false,
      "meta:extensible": false,
      "meta:extends": [PROFILE, "https://ns.adobe.com/xdm/data/record", fg.$id],
      "meta:xdmType": "object",
      ...metadata(),
    });
    expect(emu.schemas()).toEqual([{ ...res.body, sandboxName: "prod" }]);
    const full = await schemas("GET", `/tenant/schemas/${res.body["meta:altId"]}`, { headers: FULL_V1 });
    const { allOf: _a, ...rest } = res.body;
    void _a;
    expect(full.body).toEqual({
      ...rest,
      properties: {
        _emulator: {
          type: "object",
          "meta:xdmType": "object",
          properties: { tier: { type: "string", title: "Tier", "meta:xdmType": "string" } },
        },
      },
    });
    expect((await schemas("GET", `/tenant/schemas/${encodeURIComponent(res.body.$id)}`, { headers: V1 })).body).toEqual(res.body);
  });

  it("refuses allOf without exactly one class, an unknown tenant field group, and a title another resource has (XDM-1521-400)", async () => {
    const fg = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).body;
    expect(
      (
        await schemas("POST", "/tenant/schemas", {
          body: { ...schemaBody("Two classes"), allOf: [{ $ref: PROFILE }, { $ref: PROFILE.replace("profile", "experienceevent") }] },
        })
      ).body.detail,
    ).toBe(
      "A schema's allOf must name exactly one class; it names 2: https://ns.adobe.com/xdm/context/profile, https://ns.adobe.com/xdm/context/experienceevent.",
    );
    expect((await schemas("POST", "/tenant/schemas", { body: { ...schemaBody("No class"), allOf: [{ $ref: fg.$id }] } })).body.detail).toBe(
      "A schema's allOf must name exactly one class; it names 0.",
    );
    const ghost = "https://ns.adobe.com/emulator/mixins/" + "0".repeat(48);
    expect(await schemas("POST", "/tenant/schemas", { body: schemaBody("Ghost", [ghost]) })).toMatchObject({
      status: 400,
      body: { detail: `allOf names field group(s) not in this sandbox: ${ghost}.` },
    });
    const dup = await schemas("POST", "/tenant/schemas", { body: schemaBody("Acme Loyalty", [fg.$id]) });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({
      type: "http://ns.adobe.com/aep/errors/XDM-1521-400",
      title: "Title not unique",
      detail: `Object titles must be unique. An object ${fg.$id} already exists with the same title`,
    });
    expect(emu.schemas()).toEqual([]);
  });

  it("PATCH add /allOf/- adds a field group (1.1); the union tag needs a primary identity (XDM-1528-400), then 1.2; a union schema cannot be untagged or deleted", async () => {
    const { fg, schema } = await fieldGroupAndSchema();
    const other = (await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody("Acme Stores", { store: { type: "string" } }) })).body;
    const added = await schemas("PATCH", `/tenant/schemas/${schema["meta:altId"]}`, {
      body: [{ op: "add", path: "/allOf/-", value: { $ref: other.$id } }],
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      version: "1.1",
      refs: [fg.$id, other.$id],
      "meta:extends": [PROFILE, "https://ns.adobe.com/xdm/data/record", fg.$id, other.$id],
    });
    const union = [{ op: "add", path: "/meta:immutableTags", value: ["union"] }];
    const refused = await schemas("PATCH", `/tenant/schemas/${schema["meta:altId"]}`, { body: union });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      type: "http://ns.adobe.com/aep/errors/XDM-1528-400",
      title: "Union descriptor validation error",
      detail: "To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.",
    });
    expect(emu.schemas()[0]).toMatchObject({ version: "1.1" });
    expect(emu.schemas()[0]["meta:immutableTags"]).toBeUndefined();
    expect((await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string) })).status).toBe(201);
    const enabled = await schemas("PATCH", `/tenant/schemas/${schema["meta:altId"]}`, { body: union });
    expect(enabled).toMatchObject({ status: 200, body: { version: "1.2", "meta:immutableTags": ["union"] } });
    expect(
      await schemas("PATCH", `/tenant/schemas/${schema["meta:altId"]}`, { body: [{ op: "remove", path: "/meta:immutableTags" }] }),
    ).toMatchObject({
      status: 400,
      body: {
        detail: 'Schema "Loyalty members" is enabled for Profile: its union tag cannot be removed (Profile enablement is irreversible).',
      },
    });
    expect(await schemas("DELETE", `/tenant/schemas/${schema["meta:altId"]}`)).toMatchObject({
      status: 400,
      body: {
        detail: `Schema "Loyalty members" is enabled for Profile and cannot be deleted (Adobe's schema guides: Profile enablement is irreversible).`,
      },
    });
    expect(emu.schemas()).toEqual([{ ...enabled.body, sandboxName: "prod" }]);
  });

  it("an identityMap field group stands in for the primary identity; PUT replaces (1.1); DELETE 204 then 404", async () => {
    const created = (
      await schemas("POST", "/tenant/schemas", { body: schemaBody("With identity map", ["https://ns.adobe.com/xdm/context/identitymap"]) })
    ).body;
    const put = await schemas("PUT", `/tenant/schemas/${created["meta:altId"]}`, {
      body: { ...schemaBody("With identity map", ["https://ns.adobe.com/xdm/context/identitymap"]), "meta:immutableTags": ["union"] },
    });
    expect(put).toMatchObject({ status: 200, body: { version: "1.1", "meta:immutableTags": ["union"] } });
    const plain = (await schemas("POST", "/tenant/schemas", { body: schemaBody("Plain") })).body;
    expect(await schemas("DELETE", `/tenant/schemas/${encodeURIComponent(plain.$id)}`)).toMatchObject({ status: 204, body: undefined });
    expect(await schemas("GET", `/tenant/schemas/${plain["meta:altId"]}`, { headers: V1 })).toMatchObject({
      status: 404,
      body: { type: "http://ns.adobe.com/aep/errors/XDM-1012-404" },
    });
    expect(emu.schemas().map((s) => s.title)).toEqual(["With identity map"]);
  });
});

describe("breaking changes once a dataset references the schema (registryBreakingChanges)", () => {
  const removeTier = [{ op: "remove", path: "/definitions/loyalty/properties/_emulator/properties/tier" }];

  it("accepts them by default (Adobe documents no error)", async () => {
    await start();
    const { fg, schema } = await fieldGroupAndSchema();
    emu.seedDataset("prod", { name: "Loyalty", schemaRef: { id: schema.$id as string } });
    const res = await schemas("PATCH", `/tenant/fieldgroups/${fg["meta:altId"]}`, { body: removeTier });
    expect(res).toMatchObject({ status: 200, body: { version: "1.1" } });
    expect(res.body.definitions.loyalty.properties._emulator.properties).toEqual({});
  });

  it('refuses them with "refuse" (400 naming the field and why), also for a schema dropping a field group; additive changes still pass', async () => {
    await start({ registryBreakingChanges: "refuse" });
    const { fg, schema } = await fieldGroupAndSchema();
    // Before any dataset, a breaking change is taken.
    const retyped = loyaltyBody("Acme Loyalty", { tier: { type: "integer" } });
    expect((await schemas("PUT", `/tenant/fieldgroups/${fg["meta:altId"]}`, { body: retyped })).status).toBe(200);
    const dataset = emu.seedDataset("prod", { name: "Loyalty", schemaRef: { id: schema.$id as string } });
    const res = await schemas("PATCH", `/tenant/fieldgroups/${fg["meta:altId"]}`, { body: removeTier });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: `Field group "Acme Loyalty": breaking change refused (/_emulator/tier removed) because schema "Loyalty members" is used by dataset(s) ${dataset.id}. Only additive changes are allowed now: add a new field instead, or use a new field group or schema.`,
    });
    expect(emu.fieldGroups()[0]).toMatchObject({ version: "1.1" });
    const dropped = await schemas("PUT", `/tenant/schemas/${schema["meta:altId"]}`, { body: schemaBody("Loyalty members") });
    expect(dropped.status).toBe(400);
    expect(dropped.body.detail).toBe(
      `Schema "Loyalty members": breaking change refused (/_emulator removed; /_emulator/tier removed) because schema "Loyalty members" is used by dataset(s) ${dataset.id}. Only additive changes are allowed now: add a new field instead, or use a new field group or schema.`,
    );
    const additive = await schemas("PATCH", `/tenant/fieldgroups/${fg["meta:altId"]}`, {
      body: [{ op: "add", path: "/definitions/loyalty/properties/_emulator/properties/points", value: { type: "integer" } }],
    });
    expect(additive).toMatchObject({ status: 200, body: { version: "1.2" } });
    expect(emu.schemas()[0]).toMatchObject({ version: "1.0" });
  });
});

describe("descriptors", () => {
  it("creates (201 with a 48-hex @id), gets, lists in every Accept form, filters by schema, PUTs (200) and deletes (204)", async () => {
    await start();
    const { schema } = await fieldGroupAndSchema();
    const created = await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string) });
    expect(created.status).toBe(201);
    const stored = {
      ...identityBody(schema.$id as string),
      "@id": expect.stringMatching(/^[0-9a-f]{48}$/),
      "meta:containerId": "tenant",
      imsOrg: ORG,
      version: "1",
      "meta:sandboxId": expect.any(String),
      "meta:sandboxType": "production",
      createdUser: `${CLIENT}@AdobeID`,
      createdClient: CLIENT,
      updatedUser: `${CLIENT}@AdobeID`,
      created: expect.any(Number),
      updated: expect.any(Number),
    };
    expect(created.body).toEqual(stored);
    const id = created.body["@id"] as string;
    expect(await schemas("GET", `/tenant/descriptors/${id}`)).toMatchObject({ status: 200, body: created.body });
    const list = (accept: string, query = "") =>
      schemas("GET", `/tenant/descriptors${query}`, { headers: { Accept: `application/vnd.adobe.${accept}` } });
    expect((await list("xdm-id+json")).body).toEqual({ "xdm:descriptorIdentity": [id] });
    expect((await list("xdm-link+json")).body).toEqual({ "xdm:descriptorIdentity": [`/tenant/descriptors/${id}`] });
    expect((await list("xdm+json")).body).toEqual({ "xdm:descriptorIdentity": [created.body] });
    const filter = `?property=${encodeURIComponent(`xdm:sourceSchema==${schema.$id},@type==xdm:descriptorIdentity`)}`;
    expect((await list("xdm-v2+json", filter)).body).toEqual({ results: [created.body], _page: { count: 1, next: null } });
    expect(
      (await list("xdm-v2-id+json", `?property=${encodeURIComponent("xdm:sourceSchema==https://ns.adobe.com/emulator/schemas/x")}`)).body,
    ).toEqual({
      results: [],
      _page: { count: 0, next: null },
    });
    expect(await schemas("GET", "/tenant/descriptors")).toMatchObject({
      status: 406,
      body: { detail: "Accept header parameter is required" },
    });
    expect(await list("xed+json")).toMatchObject({ status: 406, body: { detail: "Unknown Accept format available " } });
    const put = await schemas("PUT", `/tenant/descriptors/${id}`, { body: identityBody(schema.$id as string, "/_emulator/tier", false) });
    expect(put).toMatchObject({ status: 200, body: { ...stored, "xdm:isPrimary": false, "@id": id } });
    expect(emu.descriptors()).toEqual([{ ...put.body, sandboxName: "prod" }]);
    expect(await schemas("DELETE", `/tenant/descriptors/${id}`)).toMatchObject({ status: 204, body: undefined });
    expect(await schemas("GET", `/tenant/descriptors/${id}`)).toMatchObject({
      status: 404,
      body: { type: "http://ns.adobe.com/aep/errors/XDM-1013-404" },
    });
    expect(emu.descriptors()).toEqual([]);
  });

  it("by default takes a second primary identity and a sourceProperty not in the schema; descriptorPut 201-id answers {@id}", async () => {
    await start({ descriptorPut: "201-id" });
    const { schema } = await fieldGroupAndSchema();
    const first = (await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string) })).body;
    expect((await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string, "/_emulator/nowhere") })).status).toBe(
      201,
    );
    expect(emu.descriptors()).toHaveLength(2);
    const put = await schemas("PUT", `/tenant/descriptors/${first["@id"]}`, { body: identityBody(schema.$id as string) });
    expect(put).toMatchObject({ status: 201, body: { "@id": first["@id"] } });
    expect(Object.keys(put.body)).toEqual(["@id"]);
  });

  it('refuses them with descriptorChecks "refuse" (400 naming the problem), and an identity descriptor without its fields always', async () => {
    await start({ descriptorChecks: "refuse" });
    const { schema } = await fieldGroupAndSchema();
    const first = await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string) });
    expect(first.status).toBe(201);
    expect(
      (await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string, "/_emulator/nowhere", false) })).body.detail,
    ).toBe(
      'xdm:sourceProperty /_emulator/nowhere is not a field of schema "Loyalty members" (a path such as /_tenant/field, without "properties").',
    );
    expect((await schemas("POST", "/tenant/descriptors", { body: identityBody(schema.$id as string) })).body.detail).toBe(
      `Schema "Loyalty members" already has a primary identity (descriptor ${first.body["@id"]} on /_emulator/tier): a schema may have only one.`,
    );
    const ghost = "https://ns.adobe.com/emulator/schemas/" + "0".repeat(48);
    expect((await schemas("POST", "/tenant/descriptors", { body: identityBody(ghost) })).body.detail).toBe(
      `xdm:sourceSchema ${ghost} is not a schema of sandbox prod.`,
    );
    const { "xdm:namespace": _ns, ...partial } = identityBody(schema.$id as string);
    void _ns;
    expect(await schemas("POST", "/tenant/descriptors", { body: partial })).toMatchObject({
      status: 400,
      body: { detail: "An identity descriptor needs xdm:namespace (missing from the request body)." },
    });
    // Re-PUTting the primary descriptor itself is not a second primary.
    expect((await schemas("PUT", `/tenant/descriptors/${first.body["@id"]}`, { body: identityBody(schema.$id as string) })).status).toBe(
      200,
    );
    expect(emu.descriptors()).toHaveLength(1);
  });
});

describe("an empty sandbox, /stats, faults", () => {
  it("fixtures none: no schema, dataset, connection, flow or mapping set in any sandbox; /stats counts what is written", async () => {
    await start();
    expect(await catalog("GET", "/dataSets")).toMatchObject({ status: 200, body: {} });
    expect((await schemas("GET", "/tenant/schemas", { headers: ID_LIST })).body.results).toEqual([]);
    const empty = await schemas("GET", "/stats");
    expect(empty).toMatchObject({ status: 200 });
    expect(empty.body).toEqual({
      imsOrg: ORG,
      tenantId: "emulator",
      counts: { schemas: 0, mixins: 0, datatypes: 0, classes: 0, unions: 0 },
      recentlyCreatedResources: [],
      recentlyUpdatedResources: [],
      classUsage: {},
    });
    expect([emu.schemas(), emu.datasets(), emu.flows(), emu.mappingSets(), emu.fieldGroups(), emu.descriptors()]).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
    ]);
    for (const kind of ["base", "source", "target"] as const) expect(emu.connections(kind)).toEqual([]);
    const { fg, schema } = await fieldGroupAndSchema();
    const stats = (await schemas("GET", "/stats")).body;
    expect(stats.counts).toEqual({ schemas: 1, mixins: 1, datatypes: 0, classes: 0, unions: 0 });
    expect(stats.classUsage).toEqual({ [PROFILE]: [{ $id: schema.$id, title: "Loyalty members" }] });
    expect(stats.recentlyCreatedResources.map((r: { $id: string }) => r.$id).sort()).toEqual([fg.$id, schema.$id].sort());
    const control = await (await fetch(`${emu.url}/__emulator/field-groups`)).json();
    expect(control).toEqual([{ ...fg, sandboxName: "prod" }]);
  });

  it("takes faults like any route: a 500 stores nothing; a dropped response stores the write; both journaled", async () => {
    await start();
    emu.addFault({ service: "schemaregistry", method: "POST", path: "^/tenant/fieldgroups$", status: 500 });
    expect(await schemas("POST", "/tenant/fieldgroups", { body: loyaltyBody() })).toMatchObject({
      status: 500,
      body: { title: "InternalServerError", detail: "Injected fault: HTTP 500." },
    });
    expect(emu.fieldGroups()).toEqual([]);
    emu.addFault({ service: "schemaregistry", method: "POST", path: "^/tenant/schemas$", dropResponse: true });
    await expect(schemas("POST", "/tenant/schemas", { body: schemaBody("Dropped") })).rejects.toThrow();
    expect(emu.schemas().map((s) => s.title)).toEqual(["Dropped"]);
    expect(emu.journal().map((e) => [e.method, e.path, e.status, e.fault])).toEqual([
      ["POST", "/tenant/fieldgroups", 500, "status 500"],
      ["POST", "/tenant/schemas", 201, "dropResponse"],
    ]);
  });
});
