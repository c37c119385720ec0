// The emulator's Catalog writes over raw HTTP: a dataset's create (201, Location, a list of links,
// its schema checked against the sandbox's registry), its E-Tag, PATCH in field mode and in JSON
// Patch mode, PUT, If-Match (412), version moves, and DELETE (an unknown id answers []).
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { RawApi, emulator, rawApis } from "./helpers/emulator";

let emu: RunningEmulator;
let catalog: RawApi;

const SCHEMA_REF = { id: FIXTURE_IDS.schemas.orders, contentType: "application/vnd.adobe.xed+json;version=1" };
const JSON_PATCH = { "Content-Type": "application/json-patch+json" };

beforeEach(async () => {
  emu = await emulator();
  ({ catalog } = await rawApis(emu, "dev"));
  emu.clearJournal();
});
afterEach(() => emu.stop());

async function created(body: Record<string, unknown> = {}): Promise<string> {
  const res = await catalog("POST", "/dataSets", { body: { name: "Orders", schemaRef: SCHEMA_REF, ...body } });
  expect(res.status).toBe(201);
  return String(res.body[0]).replace("@/dataSets/", "");
}

const read = async (id: string) => {
  const res = await catalog("GET", `/dataSets/${id}`);
  return { status: res.status, dataset: res.body?.[id], etag: res.headers.get("e-tag") };
};

describe("Catalog dataset writes", () => {
  it("POST answers 201 with Location and [@/dataSets/{id}]; the dataset reads back with what the service adds", async () => {
    const res = await catalog("POST", "/dataSets", {
      body: { name: "Orders", description: "d", schemaRef: SCHEMA_REF, tags: { unifiedProfile: ["enabled: true"], team: ["data"] } },
    });
    expect(res.status).toBe(201);
    const id = String(res.body[0]).replace("@/dataSets/", "");
    expect(res.body).toEqual([`@/dataSets/${id}`]);
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.headers.get("location")).toBe(`/data/foundation/catalog/dataSets/${id}`);
    const { dataset, etag } = await read(id);
    expect(dataset).toMatchObject({
      name: "Orders",
      description: "d",
      schemaRef: SCHEMA_REF,
      // Both spellings are taken and kept as written.
      tags: { unifiedProfile: ["enabled: true"], team: ["data"] },
      version: "1.0.0",
      imsOrg: expect.any(String),
      viewId: expect.stringMatching(/^[0-9a-f]{24}$/),
      files: `@/dataSetFiles?dataSetId=${id}`,
      created: expect.any(Number),
      updated: expect.any(Number),
    });
    expect(dataset).not.toHaveProperty("etag");
    expect(etag).toMatch(/^".+"$/);
    expect(emu.journal()[0]).toMatchObject({ service: "catalog", method: "POST", path: "/dataSets", status: 201 });
  });

  it("POST refuses a missing name, a missing schemaRef and a schema the sandbox does not have (400, generic shape)", async () => {
    const missing = "https://ns.adobe.com/emulator/schemas/00000000000000000000000000000000";
    for (const body of [{ schemaRef: SCHEMA_REF }, { name: "x" }, { name: "x", schemaRef: { id: missing } }]) {
      const res = await catalog("POST", "/dataSets", { body });
      expect(res).toMatchObject({ status: 400, body: { status: 400, title: "BadRequestError", detail: expect.any(String) } });
    }
    expect((await catalog("POST", "/dataSets", { body: { name: "x", schemaRef: { id: missing } } })).body.detail).toMatch(
      /schema .* does not exist in sandbox dev/,
    );
    expect(emu.datasets().filter((d) => d.sandboxName === "dev" && d.name === "x")).toEqual([]);
  });

  it("PATCH in field mode changes only the fields sent; the version's patch level and the E-Tag move", async () => {
    const id = await created({ description: "old", tags: { team: ["data"] } });
    const before = await read(id);
    const res = await catalog("PATCH", `/dataSets/${id}`, { body: { description: "new" } });
    expect(res).toMatchObject({ status: 200, body: [`@/dataSets/${id}`] });
    const after = await read(id);
    expect(after.dataset).toMatchObject({ name: "Orders", description: "new", tags: { team: ["data"] }, version: "1.0.1" });
    expect(after.etag).not.toBe(before.etag);
  });

  it("PATCH in JSON Patch mode applies RFC 6902 operations (the enable-for-profile body)", async () => {
    const id = await created();
    const ops = [
      { op: "add", path: "/tags/unifiedProfile", value: ["enabled:true"] },
      { op: "add", path: "/tags/unifiedIdentity", value: ["enabled:true"] },
      { op: "replace", path: "/name", value: "Renamed" },
    ];
    expect(await catalog("PATCH", `/dataSets/${id}`, { body: ops, headers: JSON_PATCH })).toMatchObject({ status: 200 });
    expect((await read(id)).dataset).toMatchObject({
      name: "Renamed",
      tags: { unifiedProfile: ["enabled:true"], unifiedIdentity: ["enabled:true"] },
      version: "1.0.1",
    });
    const bad = await catalog("PATCH", `/dataSets/${id}`, { body: [{ op: "replace", path: "/nope/x", value: 1 }], headers: JSON_PATCH });
    expect(bad).toMatchObject({ status: 400, body: { title: "BadRequestError" } });
  });

  it("If-Match: the current E-Tag is taken, another one is 412 and nothing changes", async () => {
    const id = await created();
    const { etag } = await read(id);
    expect((await catalog("PATCH", `/dataSets/${id}`, { body: { description: "a" }, headers: { "If-Match": etag! } })).status).toBe(200);
    const stale = await catalog("PATCH", `/dataSets/${id}`, { body: { description: "b" }, headers: { "If-Match": etag! } });
    expect(stale).toMatchObject({ status: 412, body: { status: 412 } });
    const put = await catalog("PUT", `/dataSets/${id}`, { body: { name: "P", schemaRef: SCHEMA_REF }, headers: { "If-Match": etag! } });
    expect(put.status).toBe(412);
    expect((await read(id)).dataset).toMatchObject({ name: "Orders", description: "a", version: "1.0.1" });
  });

  it("PUT replaces what the client owns and keeps what the service owns; neither PUT nor PATCH changes the schema or a link", async () => {
    const id = await created({ description: "d", tags: { team: ["data"] } });
    const before = (await read(id)).dataset;
    expect((await catalog("PUT", `/dataSets/${id}`, { body: { name: "P", schemaRef: SCHEMA_REF } })).status).toBe(200);
    const after = (await read(id)).dataset;
    expect(after).toMatchObject({ name: "P", tags: {}, version: "1.0.1", created: before.created, viewId: before.viewId });
    expect(after).not.toHaveProperty("description");
    const otherSchema = { id: FIXTURE_IDS.schemas.customers, contentType: SCHEMA_REF.contentType };
    expect((await catalog("PUT", `/dataSets/${id}`, { body: { name: "P", schemaRef: otherSchema } })).status).toBe(400);
    expect((await catalog("PATCH", `/dataSets/${id}`, { body: { schemaRef: otherSchema } })).status).toBe(400);
    expect((await catalog("PATCH", `/dataSets/${id}`, { body: { files: "@/elsewhere" } })).status).toBe(400);
    expect((await read(id)).dataset).toMatchObject({ schemaRef: SCHEMA_REF, version: "1.0.1" });
  });

  it("DELETE answers [@/dataSets/{id}], then 404 on GET; an unknown id answers 200 []", async () => {
    const id = await created();
    expect(await catalog("DELETE", `/dataSets/${id}`)).toMatchObject({ status: 200, body: [`@/dataSets/${id}`] });
    expect((await read(id)).status).toBe(404);
    expect(await catalog("DELETE", `/dataSets/${id}`)).toMatchObject({ status: 200, body: [] });
    expect(await catalog("PATCH", `/dataSets/${id}`, { body: { name: "x" } })).toMatchObject({ status: 404 });
  });

  it("writes are journaled and take injected faults", async () => {
    emu.addFault({ service: "catalog", method: "POST", status: 503 });
    const res = await catalog("POST", "/dataSets", { body: { name: "Orders", schemaRef: SCHEMA_REF } });
    expect(res.status).toBe(503);
    expect(emu.datasets().filter((d) => d.sandboxName === "dev" && d.name === "Orders")).toEqual([]);
    expect(emu.journal().map((e) => [e.method, e.path, e.status, e.fault])).toEqual([["POST", "/dataSets", 503, "status 503"]]);
    expect(emu.journal()[0].body).toEqual({ name: "Orders", schemaRef: SCHEMA_REF });
  });
});
