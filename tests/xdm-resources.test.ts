// Engine-protocol tests of the Schema Registry kinds (FieldGroup, Schema, IdentityDescriptor): serialized exactly as
// Pulumi serializes them, driven through the SDK's real dynamic-provider host over gRPC against the emulator's
// registry. Each test asserts the exact requests the emulator received (journal) and the outputs or stored state after.
import { RunningEmulator } from "../emulator";
import { EngineHost, Props, ResourceKind, configuredHost, serializeResources } from "./helpers/engine";
import { RawAnswer, SEEDED, emulator, rawApis } from "./helpers/emulator";

const PROFILE = "https://ns.adobe.com/xdm/context/profile";
const IDENTITY_MAP = "https://ns.adobe.com/xdm/context/identitymap";
const EVENT = "https://ns.adobe.com/xdm/context/experienceevent";
const TENANT = "emulator";
const FG_ID = /^https:\/\/ns\.adobe\.com\/emulator\/mixins\/[0-9a-f]{48}$/;
const SCHEMA_ID = /^https:\/\/ns\.adobe\.com\/emulator\/schemas\/[0-9a-f]{48}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const FIELDS = { loyaltyId: { type: "string", title: "Loyalty id" }, tier: { type: "string", title: "Tier" } };
const fgArgs = (extra: Props = {}): Props => ({ title: "Acme Loyalty", description: "Loyalty fields", fields: FIELDS, ...extra });
const schemaArgs = (extra: Props = {}): Props => ({ title: "Loyalty members", classId: PROFILE, ...extra });

let emu: RunningEmulator;
let host: EngineHost;
const providers: Partial<Record<ResourceKind, string>> = {};

const of = (kind: ResourceKind) => host.of(kind);
const withProvider = (kind: ResourceKind, props: Props) => ({ ...props, __provider: providers[kind] });
const enc = encodeURIComponent;
/** Schema Registry calls with their query, body and status. */
const registryCalls = () =>
  emu
    .journal()
    .filter((e) => e.service === "schemaregistry")
    .map((e) => ({
      method: e.method,
      path: e.path,
      ...(Object.keys(e.query).length ? { query: e.query } : {}),
      ...(e.body !== undefined ? { body: e.body } : {}),
      status: e.status,
    }));
/** An adoption's calls: check's read, create's read, and the PATCH of what differs. */
const adoptionCalls = (collection: string, id: string, body: unknown[]) => [
  { method: "GET", path: `/tenant/${collection}/${enc(id)}`, status: 200 },
  { method: "GET", path: `/tenant/${collection}/${enc(id)}`, status: 200 },
  { method: "PATCH", path: `/tenant/${collection}/${enc(id)}`, body, status: 200 },
];
/** A schema's create body (what the Schema sends for a schema of no field group). */
const schemaBody = (title: string, classId: string) => ({ type: "object", title, description: "", allOf: [{ $ref: classId }] });
/** An identity descriptor as the Registry takes it, and as the IdentityDescriptor sends it. */
const identityBody = (schemaId: string, sourceProperty: string, namespace: string, isPrimary: boolean) => ({
  "@type": "xdm:descriptorIdentity",
  "xdm:sourceSchema": schemaId,
  "xdm:sourceVersion": 1,
  "xdm:sourceProperty": sourceProperty,
  "xdm:namespace": namespace,
  "xdm:property": "xdm:code",
  "xdm:isPrimary": isPrimary,
});
const inDev = <T extends { sandboxName: string }>(items: T[]) => items.filter((i) => i.sandboxName === "dev");

/** The next `pulumi up`: a new provider process (the tenant id is read again once). */
async function nextRun(): Promise<void> {
  await host?.stop();
  host = await configuredHost(emu.url, SEEDED);
  emu.clearJournal();
}

/** Made in the dev sandbox outside Pulumi (as in the AEP UI): `POST /tenant/{collection}`; the registry's answer. */
async function madeOutside(collection: "schemas" | "descriptors", body: Record<string, unknown>): Promise<RawAnswer["body"]> {
  const api = await rawApis(emu, "dev");
  return (await api.schemas("POST", `/tenant/${collection}`, { body })).body;
}

async function created(kind: ResourceKind, name: string, args: Props): Promise<{ id: string; outs: Props; inputs: Props }> {
  const { inputs, failures } = await of(kind).check(name, {}, withProvider(kind, args));
  expect(failures).toEqual([]);
  const { id, outs } = await of(kind).create(name, inputs);
  return { id, outs, inputs };
}

/** Refresh then diff against the same inputs: what `pulumi refresh` followed by `pulumi preview` shows. */
async function refreshedDiff(kind: ResourceKind, name: string, id: string, outs: Props, inputs: Props) {
  const read = await of(kind).read(name, id, outs);
  return { read, diff: await of(kind).diff(name, id, read.outs, inputs) };
}

beforeAll(async () => {
  const regs = serializeResources([
    { kind: "FieldGroup", name: "fg", args: fgArgs() },
    { kind: "Schema", name: "schema", args: schemaArgs() },
    { kind: "IdentityDescriptor", name: "id", args: { schemaId: "x", sourceProperty: "/_emulator/loyaltyId", namespace: "Email" } },
  ]);
  for (const r of regs) providers[r.type.split(":").at(-1) as ResourceKind] = r.inputs.__provider as string;
  emu = await emulator();
});

beforeEach(async () => {
  emu.reset();
  emu.clearFaults();
  await nextRun();
});

afterAll(async () => {
  await host?.stop();
  await emu?.stop();
});

it("each kind's serialized provider is the shared shim, naming its kind", () => {
  for (const kind of ["FieldGroup", "Schema", "IdentityDescriptor"] as const) expect(providers[kind]).toContain(`t: "${kind}"`);
});

describe("FieldGroup", () => {
  it("create reads the tenant once per run and is one POST; refresh shows no change; an edit is one PATCH of what changed", async () => {
    const { id, outs, inputs } = await created("FieldGroup", "loyalty", fgArgs());
    const second = await created("FieldGroup", "other", fgArgs({ title: "Acme Other", fields: { note: { type: "string" } } }));
    const body = {
      title: "Acme Loyalty",
      description: "Loyalty fields",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: { customFields: { properties: { _emulator: { type: "object", properties: FIELDS } } } },
      allOf: [{ $ref: "#/definitions/customFields" }],
    };
    expect(registryCalls()).toEqual([
      { method: "GET", path: "/stats", status: 200 },
      { method: "POST", path: "/tenant/fieldgroups", body, status: 201 },
      { method: "POST", path: "/tenant/fieldgroups", body: expect.objectContaining({ title: "Acme Other" }), status: 201 },
    ]);
    expect(id).toMatch(FG_ID);
    expect(second.id).toMatch(FG_ID);
    const stored = inDev(emu.fieldGroups()).find((f) => f.$id === id)!;
    expect(outs).toEqual({
      ...inputs,
      altId: stored["meta:altId"],
      version: "1.0",
      tenantId: TENANT,
      etag: expect.stringMatching(HEX64),
    });
    // check carries the tenant id in the inputs (read once per run), so a preview of a later update shows it, not [unknown].
    expect(inputs).toMatchObject({ intendedToExtend: [PROFILE], sandboxName: "dev", tenantId: TENANT });

    // The registry added meta:xdmType to every field, meta:* keys and type/meta:xdmType on allOf: none is a change.
    await nextRun();
    const { read, diff } = await refreshedDiff("FieldGroup", "loyalty", id, outs, inputs);
    expect(read.outs).toEqual(outs);
    expect(diff).toEqual({ changes: "none", replaces: [] });
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/fieldgroups/${enc(id)}`, status: 200 }]);

    // A field added, one changed, the description removed: one PATCH, no /stats (the tenant comes from the field group).
    emu.clearJournal();
    const fields = { loyaltyId: FIELDS.loyaltyId, tier: { type: "string", title: "Level" }, points: { type: "integer" } };
    const news = await of("FieldGroup").check("loyalty", outs, withProvider("FieldGroup", fgArgs({ description: undefined, fields })));
    expect(await of("FieldGroup").diff("loyalty", id, read.outs, news.inputs)).toEqual({ changes: "some", replaces: [] });
    const after = await of("FieldGroup").update("loyalty", id, read.outs, news.inputs);
    const at = "/definitions/customFields/properties/_emulator/properties";
    expect(registryCalls()).toEqual([
      { method: "GET", path: `/tenant/fieldgroups/${enc(id)}`, status: 200 },
      {
        method: "PATCH",
        path: `/tenant/fieldgroups/${enc(id)}`,
        body: [
          { op: "remove", path: "/description" },
          { op: "add", path: `${at}/points`, value: { type: "integer" } },
          { op: "replace", path: `${at}/tier`, value: { type: "string", title: "Level" } },
        ],
        status: 200,
      },
    ]);
    expect(after).toMatchObject({ fields, version: "1.1" });
    expect(after).not.toHaveProperty("description");
    await nextRun();
    expect((await refreshedDiff("FieldGroup", "loyalty", id, after, news.inputs)).diff).toEqual({ changes: "none", replaces: [] });

    // Delete is one DELETE after the list of Profile schemas using it (a later run: within a run, a resource just updated holds the field group).
    await nextRun();
    await of("FieldGroup").delete("loyalty", id, after);
    expect(registryCalls()).toEqual([
      { method: "GET", path: "/tenant/schemas", query: { property: [`meta:extends==${id}`, "meta:immutableTags==union"] }, status: 200 },
      { method: "DELETE", path: `/tenant/fieldgroups/${enc(id)}`, status: 204 },
    ]);
    expect(inDev(emu.fieldGroups()).map((f) => f.$id)).toEqual([second.id]);
  });

  it("an edit made outside Pulumi to a declared property is refused before any write (the eTag differs)", async () => {
    const { id, outs } = await created("FieldGroup", "loyalty", fgArgs());
    const api = await rawApis(emu, "dev");
    await api.schemas("PATCH", `/tenant/fieldgroups/${enc(id)}`, { body: [{ op: "replace", path: "/title", value: "Renamed in the UI" }] });
    await nextRun();
    const news = await of("FieldGroup").check("loyalty", outs, withProvider("FieldGroup", fgArgs({ description: "mine" })));
    await expect(of("FieldGroup").update("loyalty", id, outs, news.inputs)).rejects.toThrow(
      /FieldGroup "Renamed in the UI" \(field group https:\/\/ns\.adobe\.com\/emulator\/mixins\/[0-9a-f]{48}, sandbox dev\) was changed outside Pulumi since the last update \(title\); nothing was sent/,
    );
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/fieldgroups/${enc(id)}`, status: 200 }]);
  });

  it("a PATCH whose answer was lost is not taken for an outside edit: the next update finds its change made and sends nothing", async () => {
    const { id, outs } = await created("FieldGroup", "loyalty", fgArgs());
    await nextRun();
    const fields = { ...FIELDS, phone: { type: "string" } };
    const news = await of("FieldGroup").check("loyalty", outs, withProvider("FieldGroup", fgArgs({ fields })));
    emu.addFault({ service: "schemaregistry", method: "PATCH", path: "/tenant/fieldgroups", dropResponse: true });
    await expect(of("FieldGroup").update("loyalty", id, outs, news.inputs)).rejects.toThrow(
      /PATCH \/tenant\/fieldgroups\/.* failed without a response/,
    );
    emu.clearFaults();
    // The next `pulumi up`: the stack still holds the old eTag; the registry holds exactly what the update sends.
    await nextRun();
    const after = await of("FieldGroup").update("loyalty", id, outs, news.inputs);
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/fieldgroups/${enc(id)}`, status: 200 }]);
    expect(after).toMatchObject({ fields, version: "1.1" });
  });

  it("adoptId takes over an existing field group: check reads it, create patches only what differs", async () => {
    const api = await rawApis(emu, "dev");
    const existing = (
      await api.schemas("POST", "/tenant/fieldgroups", {
        body: {
          title: "Legacy loyalty",
          type: "object",
          "meta:intendedToExtend": [PROFILE],
          definitions: { loyalty: { properties: { _emulator: { type: "object", properties: { tier: FIELDS.tier } } } } },
          allOf: [{ $ref: "#/definitions/loyalty" }],
        },
      })
    ).body;
    emu.clearJournal();
    const checked = await of("FieldGroup").check("loyalty", {}, withProvider("FieldGroup", fgArgs({ adoptId: existing.$id })));
    expect(checked.failures).toEqual([]);
    const at = "/definitions/loyalty/properties/_emulator/properties";
    expect(checked.inputs.adoption).toBe(
      `adopts field group ${existing.$id} ("Legacy loyalty") in sandbox dev: PATCH replace /title, add /description, add ${at}/loyaltyId`,
    );
    const { id, outs } = await of("FieldGroup").create("loyalty", checked.inputs);
    expect(id).toBe(existing.$id);
    expect(registryCalls()).toEqual(
      adoptionCalls("fieldgroups", id, [
        { op: "replace", path: "/title", value: "Acme Loyalty" },
        { op: "add", path: "/description", value: "Loyalty fields" },
        { op: "add", path: `${at}/loyaltyId`, value: FIELDS.loyaltyId },
      ]),
    );
    expect(outs).toMatchObject({ title: "Acme Loyalty", fields: FIELDS, adoptId: existing.$id, version: "1.1" });
    expect(inDev(emu.fieldGroups())).toHaveLength(1);
  });

  it("a lost create answer: the field group it made is found by its title and kept, never made twice", async () => {
    emu.addFault({ service: "schemaregistry", method: "POST", path: "/tenant/fieldgroups", dropResponse: true });
    const { id, outs, inputs } = await created("FieldGroup", "loyalty", fgArgs());
    const made = inDev(emu.fieldGroups());
    expect(made.map((f) => f.$id)).toEqual([id]);
    expect(outs).toMatchObject({ ...inputs, version: "1.0", tenantId: TENANT });
    expect(registryCalls()).toEqual([
      { method: "GET", path: "/stats", status: 200 },
      { method: "POST", path: "/tenant/fieldgroups", body: expect.objectContaining({ title: "Acme Loyalty" }), status: 201 },
      { method: "GET", path: "/tenant/fieldgroups", query: { property: "title==Acme Loyalty" }, status: 200 },
      { method: "GET", path: `/tenant/fieldgroups/${enc(id)}`, status: 200 },
    ]);
    expect(await host.stderrMatching(/answer was lost/)).toMatch(/the field group it made was found by its title and is kept/);
  });
});

describe("Schema and IdentityDescriptor", () => {
  /** Field group → schema → primary descriptor with enableProfile, as one program declares them. */
  async function pipeline() {
    const fg = await created("FieldGroup", "loyalty", fgArgs());
    emu.clearJournal();
    const schema = await created("Schema", "members", schemaArgs({ fieldGroups: [fg.id] }));
    const descriptor = await created("IdentityDescriptor", "loyalty-id", {
      schemaId: schema.id,
      sourceProperty: "/_emulator/loyaltyId",
      namespace: "Email",
      isPrimary: true,
      enableProfile: true,
    });
    return { fg, schema, descriptor };
  }

  it("one program: schema created, descriptor created, union tag added, in that order; refresh shows no change", async () => {
    const { fg, schema, descriptor } = await pipeline();
    expect(registryCalls()).toEqual([
      {
        method: "POST",
        path: "/tenant/schemas",
        body: { type: "object", title: "Loyalty members", description: "", allOf: [{ $ref: PROFILE }, { $ref: fg.id }] },
        status: 201,
      },
      {
        method: "POST",
        path: "/tenant/descriptors",
        body: {
          "@type": "xdm:descriptorIdentity",
          "xdm:sourceSchema": schema.id,
          "xdm:sourceVersion": 1,
          "xdm:sourceProperty": "/_emulator/loyaltyId",
          "xdm:namespace": "Email",
          "xdm:property": "xdm:code",
          "xdm:isPrimary": true,
        },
        status: 201,
      },
      {
        method: "PATCH",
        path: `/tenant/schemas/${enc(schema.id)}`,
        body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }],
        status: 200,
      },
    ]);
    expect(schema.id).toMatch(SCHEMA_ID);
    expect(descriptor.id).toMatch(/^[0-9a-f]{48}$/);
    expect(descriptor.outs).toEqual(descriptor.inputs);
    expect(inDev(emu.schemas()).find((s) => s.$id === schema.id)).toMatchObject({ "meta:immutableTags": ["union"], version: "1.1" });
    expect(schema.outs).toEqual({
      ...schema.inputs,
      altId: expect.stringMatching(/^_emulator\.schemas\./),
      version: "1.0",
      etag: expect.stringMatching(HEX64),
    });

    // The registry added meta:class, meta:extends, refs, type/meta:xdmType on allOf, and the union tag the descriptor sent.
    await nextRun();
    const s = await refreshedDiff("Schema", "members", schema.id, schema.outs, schema.inputs);
    expect(s.diff).toEqual({ changes: "none", replaces: [] });
    expect(s.read.outs).toMatchObject({ version: "1.1", profileEnabled: false, fieldGroups: [fg.id] });
    const d = await refreshedDiff("IdentityDescriptor", "loyalty-id", descriptor.id, descriptor.outs, descriptor.inputs);
    expect(d.diff).toEqual({ changes: "none", replaces: [] });
    expect(registryCalls()).toEqual([
      { method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 },
      { method: "GET", path: `/tenant/descriptors/${descriptor.id}`, status: 200 },
    ]);
  });

  it("breaking changes on what a Profile-enabled schema uses, and deleting it, are refused before any write", async () => {
    const { fg, schema } = await pipeline();
    await nextRun();
    // A field removed from the field group: the Profile schemas using it are listed, then the refusal; nothing written.
    const fgNews = await of("FieldGroup").check(
      "loyalty",
      fg.outs,
      withProvider("FieldGroup", fgArgs({ fields: { loyaltyId: FIELDS.loyaltyId } })),
    );
    expect(fgNews.failures).toEqual([]);
    const refusal =
      /`fields`: _emulator\/tier removed is a breaking change, and the field group is used by schema\(s\) enabled for Profile: "Loyalty members" .*Keep the field as it was and add a new field beside it \(in this field group, or in a new FieldGroup added to the schema beside this one: removing this one from a Profile-enabled schema is refused too\)\. Nothing was sent\./;
    // `pulumi preview` says it: diff sees the removal in the stack's fields and lists the Profile schemas using it.
    await expect(of("FieldGroup").diff("loyalty", fg.id, fg.outs, fgNews.inputs)).rejects.toThrow(refusal);
    expect(registryCalls()).toEqual([
      {
        method: "GET",
        path: "/tenant/schemas",
        query: { property: [`meta:extends==${fg.id}`, "meta:immutableTags==union"] },
        status: 200,
      },
    ]);
    // And the update, should it be called, after its read.
    emu.clearJournal();
    await expect(of("FieldGroup").update("loyalty", fg.id, fg.outs, fgNews.inputs)).rejects.toThrow(refusal);
    expect(registryCalls()).toEqual([
      { method: "GET", path: `/tenant/fieldgroups/${enc(fg.id)}`, status: 200 },
      {
        method: "GET",
        path: "/tenant/schemas",
        query: { property: [`meta:extends==${fg.id}`, "meta:immutableTags==union"] },
        status: 200,
      },
    ]);
    // An additive change reads no schema list: one PATCH.
    emu.clearJournal();
    const more = await of("FieldGroup").check(
      "loyalty",
      fg.outs,
      withProvider("FieldGroup", fgArgs({ fields: { ...FIELDS, points: { type: "integer" } } })),
    );
    expect(await of("FieldGroup").diff("loyalty", fg.id, fg.outs, more.inputs)).toEqual({ changes: "some", replaces: [] });
    await of("FieldGroup").update("loyalty", fg.id, fg.outs, more.inputs);
    expect(registryCalls().map((c) => `${c.method} ${c.path.split("/").slice(0, 3).join("/")}`)).toEqual([
      "GET /tenant/fieldgroups",
      "PATCH /tenant/fieldgroups",
    ]);

    // The field group removed from the Profile-enabled schema: refused after the read, before any write.
    emu.clearJournal();
    const sNews = await of("Schema").check("members", schema.outs, withProvider("Schema", schemaArgs({ fieldGroups: [] })));
    await expect(of("Schema").update("members", schema.id, schema.outs, sNews.inputs)).rejects.toThrow(
      /`fieldGroups` removes https:\/\/ns\.adobe\.com\/emulator\/mixins\/[0-9a-f]{48} from a schema enabled for Profile: a breaking change .*Nothing was sent/,
    );
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 }]);

    // Deleting it (a later run, a destroy): Adobe can never delete it, so no DELETE is sent; it leaves the stack, said.
    await nextRun();
    await of("Schema").delete("members", schema.id, schema.outs);
    expect(await host.stderrMatching(/removed from the stack, but not deleted/)).toMatch(
      /Schema "Loyalty members" \(schema .*\): removed from the stack, but not deleted: it is enabled for Profile, and a schema enabled for Profile cannot be disabled or deleted .*It is left in the sandbox \(no DELETE was sent\)/,
    );
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 }]);
    expect(inDev(emu.schemas()).map((s) => s.$id)).toContain(schema.id);
    // Its field group stays with it (the schema would be left without its fields): no DELETE, said.
    emu.clearJournal();
    await of("FieldGroup").delete("loyalty", fg.id, fg.outs);
    expect(registryCalls()).toEqual([
      { method: "GET", path: "/tenant/schemas", query: { property: [`meta:extends==${fg.id}`, "meta:immutableTags==union"] }, status: 200 },
    ]);
    expect(await host.stderrMatching(/stays with them/)).toMatch(
      /FieldGroup .*: removed from the stack, but not deleted: schema\(s\) enabled for Profile use it \("Loyalty members" .*\), and a schema enabled for Profile cannot be disabled or deleted.*so it stays with them \(no DELETE was sent\)/,
    );
    expect(inDev(emu.fieldGroups()).map((f) => f.$id)).toContain(fg.id);
    expect(inDev(emu.fieldGroups())[0]).toMatchObject({ version: "1.1" });
  });

  it("Profile cannot be turned off: profileEnabled and enableProfile true → false are refused by diff on what the stack holds, nothing sent", async () => {
    // A schema with the identityMap field group needs no descriptor: the Schema enables Profile itself (POST, then PATCH).
    const schema = await created(
      "Schema",
      "events",
      schemaArgs({ title: "With identity map", fieldGroups: [IDENTITY_MAP], profileEnabled: true }),
    );
    expect(registryCalls().map((c) => [c.method, c.path, c.status])).toEqual([
      ["POST", "/tenant/schemas", 201],
      ["PATCH", `/tenant/schemas/${enc(schema.id)}`, 200],
    ]);
    expect(schema.outs).toMatchObject({ profileEnabled: true, version: "1.1" });
    await nextRun();
    expect((await refreshedDiff("Schema", "events", schema.id, schema.outs, schema.inputs)).diff).toEqual({
      changes: "none",
      replaces: [],
    });
    emu.clearJournal();
    const off = await of("Schema").check(
      "events",
      schema.inputs,
      withProvider("Schema", schemaArgs({ title: "With identity map", fieldGroups: [IDENTITY_MAP], profileEnabled: false })),
    );
    expect(off.failures).toEqual([]);
    await expect(of("Schema").diff("events", schema.id, schema.outs, off.inputs)).rejects.toThrow(
      /Schema .*: `profileEnabled` true → false is refused: a schema enabled for Profile cannot be disabled or deleted.*\. Nothing was sent\./,
    );
    const descriptor = { schemaId: schema.id, sourceProperty: "/_emulator/loyaltyId", namespace: "Email", isPrimary: true };
    const stacked = { ...descriptor, enableProfile: true, sandboxName: "dev" };
    const d = await of("IdentityDescriptor").check(
      "id",
      stacked,
      withProvider("IdentityDescriptor", { ...descriptor, enableProfile: false }),
    );
    expect(d.failures).toEqual([]);
    await expect(of("IdentityDescriptor").diff("id", "0123", stacked, d.inputs)).rejects.toThrow(
      /IdentityDescriptor .*: `enableProfile` true → false is refused.*Set it back to true\. Nothing was sent\./,
    );
    expect(registryCalls()).toEqual([]);
  });

  it("a refused union tag leaves enableProfile false in the stack: setting it back to false is no change, not a refusal", async () => {
    // No field group with the field: the schema has no identity field; the descriptor is accepted, the union tag refused (XDM-1528).
    const schema = await created("Schema", "bare", schemaArgs({ title: "Bare" }));
    emu.clearJournal();
    const args = { schemaId: schema.id, sourceProperty: "/_emulator/loyaltyId", namespace: "Email", isPrimary: false, enableProfile: true };
    const { inputs } = await of("IdentityDescriptor").check("id", {}, withProvider("IdentityDescriptor", args));
    const failed = await of("IdentityDescriptor")
      .create("id", inputs)
      .then(
        () => undefined,
        (err: Error & { id?: string; outs?: Props }) => err,
      );
    expect(failed).toBeDefined();
    expect(registryCalls().map((c) => [c.method, c.path.split("/").slice(0, 3).join("/"), c.status])).toEqual([
      ["POST", "/tenant/descriptors", 201],
      ["PATCH", "/tenant/schemas", 400],
    ]);
    const d = inDev(emu.descriptors())[0];
    const outs = { ...inputs, enableProfile: false };
    await nextRun();
    // Pulumi records the program's inputs (enableProfile true) with the partial outputs (false): diff judges the outputs.
    const back = await of("IdentityDescriptor").check("id", inputs, withProvider("IdentityDescriptor", { ...args, enableProfile: false }));
    expect(back.failures).toEqual([]);
    expect(await of("IdentityDescriptor").diff("id", d["@id"], outs, back.inputs)).toEqual({ changes: "none", replaces: [] });
    expect(inDev(emu.schemas()).find((s) => s.$id === schema.id)?.["meta:immutableTags"]).toBeUndefined();
  });

  it("a class change replaces the schema: the old one deleted first when the title stays (titles are unique), created first when it changes", async () => {
    const schema = await created("Schema", "members", schemaArgs());
    await nextRun();
    const sameTitle = await of("Schema").check("members", schema.inputs, withProvider("Schema", schemaArgs({ classId: EVENT })));
    expect(await of("Schema").diff("members", schema.id, schema.outs, sameTitle.inputs)).toEqual({
      changes: "some",
      replaces: ["classId"],
      deleteBeforeReplace: true,
    });
    expect(await host.stderrMatching(/deleted first/)).toMatch(
      /Schema .*: a change of classId replaces it: the schema is deleted first, then created again \(its title stays, and titles are unique in a sandbox \(XDM-1521\)/,
    );
    const renamed = await of("Schema").check(
      "members",
      schema.inputs,
      withProvider("Schema", schemaArgs({ classId: EVENT, title: "Loyalty events" })),
    );
    expect(await of("Schema").diff("members", schema.id, schema.outs, renamed.inputs)).toEqual({ changes: "some", replaces: ["classId"] });
    // Whether it is enabled for Profile is read once per diff of a replace (the stack cannot tell: a descriptor may have enabled it).
    expect(registryCalls()).toEqual([
      { method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 },
      { method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 },
    ]);
  });

  it("a schema a descriptor enabled for Profile is not replaced and keeps its field groups: diff reads the union tag the stack does not show and refuses, nothing sent", async () => {
    const { schema } = await pipeline();
    expect(schema.outs).toMatchObject({ profileEnabled: false });
    await nextRun();
    const news = await of("Schema").check(
      "members",
      schema.inputs,
      withProvider("Schema", schemaArgs({ fieldGroups: schema.inputs.fieldGroups, classId: EVENT, title: "Loyalty events" })),
    );
    await expect(of("Schema").diff("members", schema.id, schema.outs, news.inputs)).rejects.toThrow(
      /Schema .*: a change of classId replaces it, but it is enabled for Profile, and a schema enabled for Profile cannot be disabled or deleted.*Declare the new schema as another Schema resource.*Nothing was sent\./,
    );
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 }]);
    // Removing its field group, although the stack's profileEnabled is false: the read finds the union tag, and diff refuses.
    emu.clearJournal();
    const fewer = await of("Schema").check("members", schema.inputs, withProvider("Schema", schemaArgs({ fieldGroups: [] })));
    await expect(of("Schema").diff("members", schema.id, schema.outs, fewer.inputs)).rejects.toThrow(
      /Schema .*: `fieldGroups` removes https:\/\/ns\.adobe\.com\/emulator\/mixins\/[0-9a-f]{48} from a schema enabled for Profile: a breaking change.*Nothing was sent\./,
    );
    expect(registryCalls()).toEqual([{ method: "GET", path: `/tenant/schemas/${enc(schema.id)}`, status: 200 }]);
  });

  it("enableProfile on a descriptor that is not primary is a warning, not a refusal (another primary may exist)", async () => {
    const args = {
      schemaId: "https://ns.adobe.com/emulator/schemas/0123",
      sourceProperty: "/_emulator/email",
      namespace: "Email",
      enableProfile: true,
    };
    const { failures } = await of("IdentityDescriptor").check("email", {}, withProvider("IdentityDescriptor", args));
    expect(failures).toEqual([]);
    expect(await host.stderrMatching(/not primary/)).toMatch(
      /`enableProfile` is set on a descriptor that is not primary \(`isPrimary: false`\): Profile needs a primary identity/,
    );
    expect(registryCalls()).toEqual([]);
  });

  it("an IdentityDescriptor change is one PUT; delete is one DELETE", async () => {
    const schema = await created("Schema", "members", schemaArgs());
    const d = await created("IdentityDescriptor", "email", { schemaId: schema.id, sourceProperty: "/_emulator/email", namespace: "Email" });
    await nextRun();
    const news = await of("IdentityDescriptor").check(
      "email",
      d.outs,
      withProvider("IdentityDescriptor", { schemaId: schema.id, sourceProperty: "/_emulator/email", namespace: "ECID" }),
    );
    expect(await of("IdentityDescriptor").diff("email", d.id, d.outs, news.inputs)).toEqual({ changes: "some", replaces: [] });
    await of("IdentityDescriptor").update("email", d.id, d.outs, news.inputs);
    const afterPut = registryCalls();
    await nextRun();
    await of("IdentityDescriptor").delete("email", d.id, news.inputs);
    const afterDelete = registryCalls();
    expect([...afterPut, ...afterDelete]).toEqual([
      {
        method: "PUT",
        path: `/tenant/descriptors/${d.id}`,
        body: expect.objectContaining({ "xdm:namespace": "ECID", "xdm:isPrimary": false, "xdm:sourceSchema": schema.id }),
        status: 200,
      },
      { method: "DELETE", path: `/tenant/descriptors/${d.id}`, status: 204 },
    ]);
    expect(inDev(emu.descriptors())).toEqual([]);
  });
});

describe("FieldGroup fields, judged by check before any write", () => {
  it("a definition that is not JSON Schema is refused naming the field; a JSON Schema type XDM does not list is a warning", async () => {
    const bad = await of("FieldGroup").check(
      "bad",
      {},
      withProvider(
        "FieldGroup",
        fgArgs({ fields: { tier: { type: "strng" }, note: "text", address: { type: "object", properties: { city: { type: 5 } } } } }),
      ),
    );
    // Nested paths are named in the reason (the engine shows a property only for a top-level input).
    expect(bad.failures).toEqual([
      { property: "", reason: "`fields.note`: is not a JSON Schema object (`{ type, title, … }`)" },
      {
        property: "",
        reason: "`fields.address.properties.city.type`: is not valid JSON Schema: must be equal to one of the allowed values",
      },
      { property: "", reason: "`fields.tier.type`: is not valid JSON Schema: must be equal to one of the allowed values" },
    ]);
    const nullable = await of("FieldGroup").check("ok", {}, withProvider("FieldGroup", fgArgs({ fields: { gone: { type: "null" } } })));
    expect(nullable.failures).toEqual([]);
    expect(await host.stderrMatching(/a type XDM does not list/)).toMatch(
      /`fields\.gone\.type` is "null", a type XDM does not list \(string, number, integer, boolean, object, array\)/,
    );
    // Only the tenant id is read (once per run, for the preview of later updates); nothing is written.
    expect(registryCalls()).toEqual([{ method: "GET", path: "/stats", status: 200 }]);
  });
});

describe("Schema and IdentityDescriptor: lost create answers", () => {
  const title = "Loyalty members";
  const schemaPost = (status?: number) => ({
    method: "POST",
    path: "/tenant/schemas",
    body: schemaBody(title, PROFILE),
    status,
  });
  const titleLookup = { method: "GET", path: "/tenant/schemas", query: { property: `title==${title}` }, status: 200 };
  const titled = () => inDev(emu.schemas()).filter((s) => s.title === title);

  it("a lost Schema create answer: the schema it made is found by its title and kept, never made twice", async () => {
    emu.addFault({ service: "schemaregistry", method: "POST", path: "/tenant/schemas", dropResponse: true });
    const { id, outs, inputs } = await created("Schema", "members", schemaArgs());
    expect(titled().map((s) => s.$id)).toEqual([id]);
    expect(id).toMatch(SCHEMA_ID);
    expect(outs).toEqual({
      ...inputs,
      altId: titled()[0]["meta:altId"],
      version: "1.0",
      etag: expect.stringMatching(HEX64),
    });
    expect(registryCalls()).toEqual([schemaPost(201), titleLookup, { method: "GET", path: `/tenant/schemas/${enc(id)}`, status: 200 }]);
    expect(await host.stderrMatching(/answer was lost/)).toMatch(
      /Schema "Loyalty members" \(schema https:\/\/ns\.adobe\.com\/emulator\/schemas\/[0-9a-f]{48}, sandbox dev\): the create's answer was lost; the schema it made was found by its title and is kept/,
    );
    // What was recovered is what a create that was answered gives: a refresh shows no change.
    await nextRun();
    expect((await refreshedDiff("Schema", "members", id, outs, inputs)).diff).toEqual({ changes: "none", replaces: [] });
  });

  it.each([
    ["answered with a 503", { status: 503 }, 503],
    ["cut before it was processed", { reset: true }, undefined],
  ])("a Schema create %s never landed: the title is looked up, found nowhere, and the POST sent once more", async (_, fault, status) => {
    emu.addFault({ service: "schemaregistry", method: "POST", path: "/tenant/schemas", ...fault });
    const { id, outs } = await created("Schema", "members", schemaArgs());
    expect(registryCalls()).toEqual([schemaPost(status), titleLookup, schemaPost(201)]);
    expect(titled().map((s) => s.$id)).toEqual([id]);
    expect(outs).toMatchObject({ title, version: "1.0", fieldGroups: [] });
  });

  /** A schema with the loyalty field group, made in an earlier run, and another identity descriptor of it on another field. */
  async function schemaWithOtherDescriptor() {
    const fg = await created("FieldGroup", "loyalty", fgArgs());
    const schema = await created("Schema", "members", schemaArgs({ fieldGroups: [fg.id] }));
    const other = (await madeOutside("descriptors", identityBody(schema.id, "/_emulator/tier", "ECID", false)))["@id"] as string;
    await nextRun();
    return { schema, other };
  }
  const descriptorArgs = (schemaId: string, extra: Props = {}): Props => ({
    schemaId,
    sourceProperty: "/_emulator/loyaltyId",
    namespace: "Email",
    isPrimary: true,
    ...extra,
  });
  const descriptorPost = (schemaId: string, status?: number) => ({
    method: "POST",
    path: "/tenant/descriptors",
    body: identityBody(schemaId, "/_emulator/loyaltyId", "Email", true),
    status,
  });
  const descriptorLookup = (schemaId: string) => ({
    method: "GET",
    path: "/tenant/descriptors",
    query: { property: `xdm:sourceSchema==${schemaId},@type==xdm:descriptorIdentity` },
    status: 200,
  });

  it("a lost IdentityDescriptor create answer: the descriptor it made is found by schema, field and type and kept, never made twice", async () => {
    const { schema, other } = await schemaWithOtherDescriptor();
    emu.addFault({ service: "schemaregistry", method: "POST", path: "/tenant/descriptors", dropResponse: true });
    const d = await created("IdentityDescriptor", "loyalty-id", descriptorArgs(schema.id, { enableProfile: true }));
    const made = inDev(emu.descriptors());
    expect(made.map((x) => x["@id"]).sort()).toEqual([other, d.id].sort());
    expect(made.find((x) => x["@id"] === d.id)).toMatchObject({ "xdm:sourceProperty": "/_emulator/loyaltyId", "xdm:isPrimary": true });
    expect(d.id).not.toBe(other);
    expect(d.outs).toEqual(d.inputs);
    // The union tag follows the recovered descriptor, as it follows one whose answer arrived.
    expect(registryCalls()).toEqual([
      descriptorPost(schema.id, 201),
      descriptorLookup(schema.id),
      {
        method: "PATCH",
        path: `/tenant/schemas/${enc(schema.id)}`,
        body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }],
        status: 200,
      },
    ]);
    expect(await host.stderrMatching(/answer was lost/)).toMatch(
      new RegExp(`identity descriptor ${d.id}, sandbox dev\\): the create's answer was lost; the descriptor it made was found and is kept`),
    );
    await nextRun();
    expect((await refreshedDiff("IdentityDescriptor", "loyalty-id", d.id, d.outs, d.inputs)).diff).toEqual({
      changes: "none",
      replaces: [],
    });
  });

  it.each([
    ["answered with a 503", { status: 503 }, 503],
    ["cut before it was processed", { reset: true }, undefined],
  ])("an IdentityDescriptor create %s never landed: exactly one descriptor after the second POST", async (_, fault, status) => {
    const { schema, other } = await schemaWithOtherDescriptor();
    emu.addFault({ service: "schemaregistry", method: "POST", path: "/tenant/descriptors", ...fault });
    const d = await created("IdentityDescriptor", "loyalty-id", descriptorArgs(schema.id));
    expect(registryCalls()).toEqual([descriptorPost(schema.id, status), descriptorLookup(schema.id), descriptorPost(schema.id, 201)]);
    const onField = inDev(emu.descriptors()).filter((x) => x["xdm:sourceProperty"] === "/_emulator/loyaltyId");
    expect(onField.map((x) => x["@id"])).toEqual([d.id]);
    expect(inDev(emu.descriptors())).toHaveLength(2);
    expect(d.id).not.toBe(other);
  });
});

describe("Schema and IdentityDescriptor: adoptId", () => {
  it("adoptId takes over an existing schema: check reads it, create patches only what differs", async () => {
    const fg = await created("FieldGroup", "loyalty", fgArgs());
    const existing = await madeOutside("schemas", schemaBody("Legacy members", PROFILE));
    await nextRun();
    const checked = await of("Schema").check(
      "members",
      {},
      withProvider("Schema", schemaArgs({ adoptId: existing.$id, fieldGroups: [fg.id] })),
    );
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.adoption).toBe(
      `adopts schema ${existing.$id} ("Legacy members") in sandbox dev: PATCH replace /title, add /allOf/-`,
    );
    const { id, outs } = await of("Schema").create("members", checked.inputs);
    expect(id).toBe(existing.$id);
    expect(registryCalls()).toEqual(
      adoptionCalls("schemas", id, [
        { op: "replace", path: "/title", value: "Loyalty members" },
        { op: "add", path: "/allOf/-", value: { $ref: fg.id } },
      ]),
    );
    expect(outs).toEqual({
      ...checked.inputs,
      altId: existing["meta:altId"],
      version: "1.1",
      etag: expect.stringMatching(HEX64),
    });
    expect(inDev(emu.schemas()).filter((s) => s.$id === id)).toEqual([
      expect.objectContaining({ title: "Loyalty members", version: "1.1" }),
    ]);
    expect(inDev(emu.schemas()).filter((s) => s.title === "Legacy members")).toEqual([]);
    await nextRun();
    expect((await refreshedDiff("Schema", "members", id, outs, checked.inputs)).diff).toEqual({ changes: "none", replaces: [] });
  });

  it("adoptId of a schema that holds the declarations already sends nothing", async () => {
    const existing = await madeOutside("schemas", schemaBody("Loyalty members", PROFILE));
    await nextRun();
    const checked = await of("Schema").check("members", {}, withProvider("Schema", schemaArgs({ adoptId: existing.$id })));
    expect(checked.inputs.adoption).toBe(`adopts schema ${existing.$id} ("Loyalty members") in sandbox dev: no change`);
    const { id, outs } = await of("Schema").create("members", checked.inputs);
    expect(id).toBe(existing.$id);
    expect(outs).toMatchObject({ version: "1.0", adoption: checked.inputs.adoption });
    expect(registryCalls()).toEqual([
      { method: "GET", path: `/tenant/schemas/${enc(id)}`, status: 200 },
      { method: "GET", path: `/tenant/schemas/${enc(id)}`, status: 200 },
    ]);
  });

  it("adoptId of a field group, of a schema of another class or of nothing is refused by check, naming adoptId; nothing sent", async () => {
    const fg = await created("FieldGroup", "loyalty", fgArgs());
    const event = await madeOutside("schemas", schemaBody("Events", "https://ns.adobe.com/xdm/context/experienceevent"));
    await nextRun();
    const missing = "https://ns.adobe.com/emulator/schemas/" + "0".repeat(48);
    const failuresOf = async (adoptId: string) =>
      (await of("Schema").check("members", {}, withProvider("Schema", schemaArgs({ adoptId })))).failures;
    expect(await failuresOf(fg.id)).toEqual([{ property: "adoptId", reason: `schema ${fg.id} does not exist in sandbox dev` }]);
    expect(await failuresOf(missing)).toEqual([{ property: "adoptId", reason: `schema ${missing} does not exist in sandbox dev` }]);
    expect(await failuresOf(event.$id)).toEqual([
      {
        property: "adoptId",
        reason: `schema ${event.$id} has class "https://ns.adobe.com/xdm/context/experienceevent", the program declares classId "${PROFILE}"`,
      },
    ]);
    expect(registryCalls().map((c) => [c.method, c.path, c.status])).toEqual([
      ["GET", `/tenant/schemas/${enc(fg.id)}`, 404],
      ["GET", `/tenant/schemas/${enc(missing)}`, 404],
      ["GET", `/tenant/schemas/${enc(event.$id)}`, 200],
    ]);
  });

  it("adoptId takes over an existing identity descriptor: check reads it, create PUTs only when it differs", async () => {
    const schema = await created("Schema", "members", schemaArgs());
    const body = (namespace: string) => identityBody(schema.id, "/_emulator/loyaltyId", namespace, false);
    const existing = (await madeOutside("descriptors", body("ECID")))["@id"] as string;
    await nextRun();
    const args = { schemaId: schema.id, sourceProperty: "/_emulator/loyaltyId", namespace: "Email", adoptId: existing };
    const checked = await of("IdentityDescriptor").check("loyalty-id", {}, withProvider("IdentityDescriptor", args));
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.adoption).toBe(`adopts identity descriptor ${existing} in sandbox dev: PUT`);
    const { id, outs } = await of("IdentityDescriptor").create("loyalty-id", checked.inputs);
    expect(id).toBe(existing);
    expect(registryCalls()).toEqual([
      { method: "GET", path: `/tenant/descriptors/${existing}`, status: 200 },
      { method: "PUT", path: `/tenant/descriptors/${existing}`, body: body("Email"), status: 200 },
    ]);
    expect(outs).toEqual({ ...checked.inputs, enableProfile: false });
    expect(inDev(emu.descriptors())).toEqual([expect.objectContaining({ "@id": existing, "xdm:namespace": "Email" })]);
    await nextRun();
    expect((await refreshedDiff("IdentityDescriptor", "loyalty-id", id, outs, checked.inputs)).diff).toEqual({
      changes: "none",
      replaces: [],
    });

    // Already as declared: adopted with no write.
    await nextRun();
    const same = await of("IdentityDescriptor").check("again", {}, withProvider("IdentityDescriptor", args));
    expect(same.inputs.adoption).toBe(`adopts identity descriptor ${existing} in sandbox dev: no change`);
  });

  it("adoptId of a descriptor of another schema, of another type, of a schema or of nothing is refused by check, naming adoptId", async () => {
    const members = await created("Schema", "members", schemaArgs());
    const other = await created("Schema", "other", schemaArgs({ title: "Other members" }));
    const ofOther = (await madeOutside("descriptors", identityBody(other.id, "/_emulator/loyaltyId", "Email", false)))["@id"] as string;
    const display = (
      await madeOutside("descriptors", {
        "@type": "xdm:alternateDisplayInfo",
        "xdm:sourceSchema": members.id,
        "xdm:sourceVersion": 1,
        "xdm:sourceProperty": "/_emulator/loyaltyId",
        "xdm:title": { en_us: "Loyalty" },
      })
    )["@id"] as string;
    await nextRun();
    const failuresOf = async (adoptId: string) =>
      (
        await of("IdentityDescriptor").check(
          "loyalty-id",
          {},
          withProvider("IdentityDescriptor", { schemaId: members.id, sourceProperty: "/_emulator/loyaltyId", namespace: "Email", adoptId }),
        )
      ).failures;
    const notIdentityOf = (id: string) => [
      { property: "adoptId", reason: `descriptor ${id} is not an identity descriptor of schema ${members.id}` },
    ];
    expect(await failuresOf(ofOther)).toEqual(notIdentityOf(ofOther));
    expect(await failuresOf(display)).toEqual(notIdentityOf(display));
    expect(await failuresOf(members.id)).toEqual([
      { property: "adoptId", reason: `descriptor ${members.id} does not exist in sandbox dev` },
    ]);
    expect(await failuresOf("0".repeat(48))).toEqual([
      { property: "adoptId", reason: `descriptor ${"0".repeat(48)} does not exist in sandbox dev` },
    ]);
    expect(registryCalls().map((c) => [c.method, c.path, c.status])).toEqual([
      ["GET", `/tenant/descriptors/${ofOther}`, 200],
      ["GET", `/tenant/descriptors/${display}`, 200],
      ["GET", `/tenant/descriptors/${enc(members.id)}`, 404],
      ["GET", `/tenant/descriptors/${"0".repeat(48)}`, 404],
    ]);
    expect(inDev(emu.descriptors())).toHaveLength(2);
  });
});

it("a read with nothing declared (the plugin's `pulumi import`) gives a schema as it is: profileEnabled is whether it has the union tag", async () => {
  const plain = await madeOutside("schemas", schemaBody("Plain", PROFILE));
  const tagged = await created("Schema", "events", schemaArgs({ title: "Tagged", fieldGroups: [IDENTITY_MAP], profileEnabled: true }));
  await nextRun();
  const imported = async (id: string) => (await of("Schema").read("imported", id, withProvider("Schema", { sandboxName: "dev" }))).inputs;
  expect(await imported(tagged.id)).toMatchObject({ title: "Tagged", fieldGroups: [IDENTITY_MAP], profileEnabled: true });
  expect(await imported(plain.$id)).toMatchObject({ title: "Plain", fieldGroups: [], profileEnabled: false });
  expect(registryCalls()).toEqual([
    { method: "GET", path: `/tenant/schemas/${enc(tagged.id)}`, status: 200 },
    { method: "GET", path: `/tenant/schemas/${enc(plain.$id)}`, status: 200 },
  ]);
});

it("a classId that is not a URI is a warning naming classId (the registry's own answer would not), and the request is still sent", async () => {
  const { failures } = await of("Schema").check("odd", {}, withProvider("Schema", schemaArgs({ classId: "not a uri" })));
  expect(failures).toEqual([]);
  expect(await host.stderrMatching(/is not a class \$id/)).toMatch(
    /`classId` is not a class \$id \(an absolute URI such as https:\/\/ns\.adobe\.com\/xdm\/context\/profile; given "not a uri"\)/,
  );
  expect(registryCalls()).toEqual([]);
});
