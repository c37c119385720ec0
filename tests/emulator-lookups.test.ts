// The emulator's read-only lookups over raw HTTP: Catalog datasets (an object keyed by id, names not
// unique, limit rules, properties), Schema Registry schemas (Accept rules, title filters, paging),
// and connection and flow specs by name, with and without quotes.
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { FLOW_SPEC, RawApi, emulator, rawApis } from "./helpers/emulator";

let emu: RunningEmulator;
let api: Awaited<ReturnType<typeof rawApis>>;
let catalog: RawApi;
let schemas: RawApi;

const ID_ACCEPT = { Accept: "application/vnd.adobe.xed-id+json" };
const FULL_V1 = { Accept: "application/vnd.adobe.xed-full+json; version=1" };
const ORDERS_ALT = `_emulator.schemas.${FIXTURE_IDS.schemas.orders.split("/").at(-1)}`;

beforeEach(async () => {
  emu = await emulator();
  api = await rawApis(emu);
  ({ catalog, schemas } = api);
  emu.clearJournal();
});
afterEach(() => emu.stop());

describe("Catalog datasets", () => {
  it("finds by property=name==, with properties=; two datasets may share a name", async () => {
    const second = emu.seedDataset("prod", {
      id: "5cd3a129ec106214b722a939",
      name: "Orders dataset",
      schemaRef: { id: FIXTURE_IDS.schemas.customers },
    });
    const res = await catalog("GET", `/dataSets?property=${encodeURIComponent("name==Orders dataset")}&properties=name,schemaRef`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      [FIXTURE_IDS.datasets.orders]: {
        name: "Orders dataset",
        schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: "application/vnd.adobe.xed+json;version=1" },
      },
      [second.id]: {
        name: "Orders dataset",
        schemaRef: { id: FIXTURE_IDS.schemas.customers, contentType: "application/vnd.adobe.xed+json;version=1" },
      },
    });
    expect(emu.journal()).toEqual([expect.objectContaining({ service: "catalog", method: "GET", path: "/dataSets", status: 200 })]);
  });

  it("filters with wildcards, regexes, simple filters and !=; answers a look-up by id as {id: {...}}", async () => {
    const names = async (query: string) =>
      Object.values((await catalog("GET", `/dataSets?${query}`)).body).map((d) => (d as { name: string }).name);
    expect(await names(`property=${encodeURIComponent("name==Ord*")}`)).toEqual(["Orders dataset"]);
    expect(await names(`property=${encodeURIComponent("name~^Cust")}`)).toEqual(["Customers dataset"]);
    expect(await names(`property=${encodeURIComponent("name!=Orders dataset")}`)).toEqual(["Customers dataset"]);
    expect(await names(`name=${encodeURIComponent("Orders dataset,Customers dataset")}`)).toEqual(["Orders dataset", "Customers dataset"]);
    expect(await names(`name=${encodeURIComponent("!Orders dataset")}`)).toEqual(["Customers dataset"]);
    const one = await catalog("GET", `/dataSets/${FIXTURE_IDS.datasets.orders}?properties=name`);
    expect(one.body).toEqual({ [FIXTURE_IDS.datasets.orders]: { name: "Orders dataset" } });
    const full = (await catalog("GET", `/dataSets/${FIXTURE_IDS.datasets.orders}`)).body[FIXTURE_IDS.datasets.orders];
    expect(full).toMatchObject({
      name: "Orders dataset",
      imsOrg: expect.any(String),
      version: "1.0.0",
      created: expect.any(Number),
      files: `@/dataSetFiles?dataSetId=${FIXTURE_IDS.datasets.orders}`,
    });
    expect(await catalog("GET", "/dataSets/000000000000000000000000")).toMatchObject({ status: 404, body: { title: "NotFoundError" } });
  });

  it("pages with limit (default 20, 1 to 100) and start; limit=0 is refused", async () => {
    for (let i = 0; i < 23; i++) emu.seedDataset("prod", { name: `Bulk ${String(i).padStart(2, "0")}` });
    expect(Object.keys((await catalog("GET", "/dataSets")).body)).toHaveLength(20);
    const page = async (start: number) => Object.keys((await catalog("GET", `/dataSets?limit=10&start=${start}`)).body);
    const all = [...(await page(0)), ...(await page(10)), ...(await page(20))];
    expect(all).toHaveLength(25);
    expect(new Set(all).size).toBe(25);
    for (const limit of ["0", "101", "x"]) {
      expect(await catalog("GET", `/dataSets?limit=${limit}`)).toMatchObject({
        status: 400,
        body: {
          type: "/placeholder/type/uri",
          title: "BadRequestError",
          detail: `Invalid limit ${limit}: the limit must be an integer from 1 to 100.`,
        },
      });
    }
  });

  it("is per sandbox: a dataset seeded in dev is not in prod", async () => {
    const dev = emu.seedDataset("dev", { name: "Dev only" });
    expect((await catalog("GET", `/dataSets/${dev.id}`)).status).toBe(404);
    expect((await (await rawApis(emu, "dev")).catalog("GET", `/dataSets/${dev.id}`)).status).toBe(200);
  });
});

describe("Schema Registry schemas", () => {
  it("lists by title with the xed-id Accept: {results, _page, _links}", async () => {
    const res = await schemas("GET", `/tenant/schemas?property=${encodeURIComponent("title==Orders")}`, { headers: ID_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [{ $id: FIXTURE_IDS.schemas.orders, "meta:altId": ORDERS_ALT, version: "1.0", title: "Orders" }],
      _page: { orderby: "updated", next: null, count: 1 },
      _links: { next: null },
    });
    const regex = await schemas("GET", `/tenant/schemas?property=${encodeURIComponent("title~^Cust")}`, { headers: ID_ACCEPT });
    expect(regex.body.results.map((r: { title: string }) => r.title)).toEqual(["Customers"]);
    expect(emu.journal().map((e) => [e.service, e.path, e.status])).toEqual([
      ["schemaregistry", "/tenant/schemas", 200],
      ["schemaregistry", "/tenant/schemas", 200],
    ]);
  });

  it("refuses a list without Accept (406; fetch's */* names none), with an unknown one (406) or with a version (XDM-1006-400)", async () => {
    expect((await schemas("GET", "/tenant/schemas")).body).toEqual({
      type: "/placeholder/type/uri",
      status: 406,
      title: "NotAcceptableError",
      detail: "Accept header parameter is required",
    });
    expect((await schemas("GET", "/tenant/schemas", { headers: { Accept: "application/json" } })).body).toMatchObject({
      status: 406,
      detail: "Unknown Accept media supplied: application/json",
    });
    const versioned = await schemas("GET", "/tenant/schemas", { headers: { Accept: "application/vnd.adobe.xed+json;version=1" } });
    expect(versioned.body).toEqual({
      type: "http://ns.adobe.com/aep/errors/XDM-1006-400",
      title: "Accept header invalid",
      status: 400,
      report: {
        "detailed-message":
          "The supplied Accept header is not valid: application/vnd.adobe.xed+json;version=1 - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json",
        "sub-errors": [],
        registryRequestId: versioned.headers.get("x-request-id"),
      },
      detail:
        "The supplied Accept header is not valid: application/vnd.adobe.xed+json;version=1 - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json",
    });
  });

  it("looks up by meta:altId or URL-encoded $id with a versioned Accept; refuses an unversioned one (XDM-1007-400)", async () => {
    const byAlt = await schemas("GET", `/tenant/schemas/${ORDERS_ALT}`, { headers: FULL_V1 });
    expect(byAlt.status).toBe(200);
    expect(byAlt.body).toMatchObject({
      $id: FIXTURE_IDS.schemas.orders,
      "meta:altId": ORDERS_ALT,
      title: "Orders",
      version: "1.0",
      "meta:sandboxId": expect.any(String),
      "meta:registryMetadata": { eTag: expect.any(String) },
    });
    expect((await schemas("GET", `/tenant/schemas/${encodeURIComponent(FIXTURE_IDS.schemas.orders)}`, { headers: FULL_V1 })).body).toEqual(
      byAlt.body,
    );
    const unversioned = await schemas("GET", `/tenant/schemas/${ORDERS_ALT}`, {
      headers: { Accept: "application/vnd.adobe.xed-full+json" },
    });
    expect(unversioned.body).toMatchObject({
      type: "http://ns.adobe.com/aep/errors/XDM-1007-400",
      status: 400,
      detail:
        "The supplied Accept header is not valid: application/vnd.adobe.xed-full+json - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json; version=1 (Version should be specified)",
    });
    const missing = await schemas("GET", "/tenant/schemas/_emulator.schemas.00000000000000000000000000000000", { headers: FULL_V1 });
    expect(missing.body).toMatchObject({
      type: "http://ns.adobe.com/aep/errors/XDM-1012-404",
      status: 404,
      detail: "Requested resource _emulator.schemas.00000000000000000000000000000000 with version 1 is not found",
    });
    expect(
      (await schemas("GET", `/tenant/schemas/${ORDERS_ALT}`, { headers: { Accept: "application/vnd.adobe.xed-full+json; version=2" } }))
        .status,
    ).toBe(404);
  });

  it("pages with orderby, limit and start (the primary sort value to begin after), next null on the last page", async () => {
    for (const title of ["Alpha", "Beta", "Gamma"]) emu.seedSchema("prod", { title });
    const first = await schemas("GET", "/tenant/schemas?orderby=title&limit=2", { headers: ID_ACCEPT });
    expect(first.body.results.map((r: { title: string }) => r.title)).toEqual(["Alpha", "Beta"]);
    expect(first.body._page).toEqual({ orderby: "title", next: "Beta", count: 2 });
    expect(first.body._links).toEqual({ next: { href: "/tenant/schemas?orderby=title&start=Beta&limit=2" } });
    const second = await schemas("GET", first.body._links.next.href, { headers: ID_ACCEPT });
    expect(second.body.results.map((r: { title: string }) => r.title)).toEqual(["Customers", "Gamma"]);
    const last = await schemas("GET", `/tenant/schemas?orderby=title&limit=2&start=${second.body._page.next}`, { headers: ID_ACCEPT });
    expect(last.body).toMatchObject({ results: [{ title: "Orders" }], _page: { next: null, count: 1 }, _links: { next: null } });
  });

  it("takes faults like any route, in the platform's error shape", async () => {
    emu.addFault({ service: "schemaregistry", status: 500 });
    expect(await schemas("GET", "/tenant/schemas", { headers: ID_ACCEPT })).toMatchObject({
      status: 500,
      body: { title: "InternalServerError", detail: "Injected fault: HTTP 500." },
    });
    emu.addFault({ service: "catalog", reset: true });
    await expect(catalog("GET", "/dataSets")).rejects.toThrow();
    expect(emu.journal().map((e) => [e.service, e.fault])).toEqual([
      ["schemaregistry", "status 500"],
      ["catalog", "reset"],
    ]);
  });

  it("answers an unmodelled route of these services with the gateway's 404, journaled", async () => {
    const res = await catalog("GET", "/batches");
    expect(res).toMatchObject({
      status: 404,
      body: { error_code: "404000", message: "No route for GET /data/foundation/catalog/batches." },
    });
    expect(emu.journal().at(-1)).toMatchObject({ service: "catalog", method: "GET", path: "/batches", status: 404 });
  });
});

describe("specs by name", () => {
  it.each([
    ["quoted and URL-encoded", (name: string) => encodeURIComponent(`name=="${name}"`)],
    ["without quotes (aepp)", (name: string) => `name==${name}`],
  ])("finds connection and flow specs by name, %s", async (_how, expr) => {
    const connectionSpecs = await api.flow("GET", `/connectionSpecs?property=${expr("google-big-query")}`);
    expect(connectionSpecs.body.items.map((s: { id: string }) => s.id)).toEqual(["3c9b37f8-13a6-43d8-bad3-b863b941fedd"]);
    const datalake = (await api.flow("GET", `/connectionSpecs?property=${expr("datalake")}`)).body.items[0];
    expect(datalake).toMatchObject({
      id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c",
      targetSpec: { spec: { required: ["dataSetId"] } },
      attributes: { isDraftModeSupported: true },
    });
    const flowSpecs = await api.flow("GET", `/flowSpecs?property=${expr("CloudStorageToAEP")}`);
    expect(flowSpecs.body.items.map((s: { id: string }) => s.id)).toEqual([FLOW_SPEC.id]);
  });

  it("serves the documented connection specs with their auth specs' secrets and draft support", async () => {
    const specs = (await api.flow("GET", "/connectionSpecs?limit=100")).body.items as {
      id: string;
      name: string;
      authSpec: { name: string; spec: { properties: Record<string, { format?: string }> } }[];
      attributes: { isDraftModeSupported?: boolean };
    }[];
    const summary = Object.fromEntries(
      specs.map((s) => [
        s.name,
        [
          s.authSpec
            .map(
              (a) =>
                `${a.name}: ${Object.entries(a.spec.properties)
                  .filter(([, p]) => p.format === "password")
                  .map(([k]) => k)
                  .join(",")}`,
            )
            .join("; "),
          s.attributes.isDraftModeSupported,
        ],
      ]),
    );
    expect(summary).toEqual({
      "amazon-s3": ["Access Key: s3SecretKey,s3SessionToken", true],
      "azure-blob": ["ConnectionString: connectionString", true],
      "adls-gen2": ["Basic Authentication for adls-gen2: servicePrincipalKey", true],
      "google-cloud": ["Basic Authentication for google-cloud: secretAccessKey", true],
      "azure-file-storage": ["Basic Authentication: password", true],
      sftp: ["Basic Authentication for sftp: password", true],
      salesforce: ["Basic Authentication: password,securityToken", true],
      "google-big-query": ["Basic Authentication: clientSecret,refreshToken", true],
      // No page prints this spec's isDraftModeSupported: absent, which is not false.
      "http-connector": ["Streaming Connection: ", undefined],
      datalake: ["", true],
    });
  });
});
