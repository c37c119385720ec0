// The page this package implements, replayed literally against the default emulator: Adobe's "Draft dataflows using the
// Flow Service API" (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft). Its four
// requests — a draft of an HTTP source dataflow (flow spec c1a19761-…), a PATCH adding its Mapping with If-Match, the
// publish action, the DELETE (its delete-dataflows page) — with exactly the headers the page's curl commands send (curl's
// -d makes the PATCH's body application/x-www-form-urlencoded: the page gives no Content-Type), and the emulator's
// fixture connection and mapping ids in place of the page's.
import * as http from "node:http";
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { SEEDED, emulator, emulatorToken, flowCalls } from "./helpers/emulator";

let emu: RunningEmulator;
afterEach(async () => emu.stop());

const ROOT = "/data/foundation/flowservice";
const HTTP_SOURCE_FLOW_SPEC = "c1a19761-d2c7-4702-b9fa-fe91f0613e81";

/** One request as curl sends it: these headers only (and curl's Accept), the body as given. */
function curl(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: unknown }> {
  const url = new URL(`${emu.url}${ROOT}${path}`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { method, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { Accept: "*/*", ...headers } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The page's four requests; `patchContentType` is what the PATCH carries (the page sends none of its own). */
async function replay(patchContentType: string | undefined) {
  const token = await emulatorToken(emu);
  const auth = {
    Authorization: `Bearer ${token}`,
    "x-api-key": SEEDED.clientId,
    "x-gw-ims-org-id": SEEDED.orgId,
    "x-sandbox-name": "prod",
  };
  const draftBody = JSON.stringify({
    name: "HTTP source dataflow for ACME data",
    sourceConnectionIds: [FIXTURE_IDS.httpStreamingSource],
    targetConnectionIds: [FIXTURE_IDS.ordersTargets[0]],
    flowSpec: { id: HTTP_SOURCE_FLOW_SPEC, version: "1.0" },
  });
  const drafted = await curl("POST", "/flows?mode=draft", { ...auth, "Content-Type": "application/json" }, draftBody);
  const { id, etag } = drafted.body as { id: string; etag: string };
  const patchBody = JSON.stringify([
    {
      op: "add",
      path: "/transformations",
      value: [{ name: "Mapping", params: { mappingId: FIXTURE_IDS.ordersMappings[0], mappingVersion: 0 } }],
    },
  ]);
  const patched = await curl(
    "PATCH",
    `/flows/${id}`,
    { ...auth, "If-Match": etag, ...(patchContentType ? { "Content-Type": patchContentType } : {}) },
    patchBody,
  );
  const afterPatch = emu.flows().find((f) => f.id === id);
  const published = await curl("POST", `/flows/${id}/action?op=publish`, auth);
  const afterPublish = emu.flows().find((f) => f.id === id);
  const deleted = await curl("DELETE", `/flows/${id}`, auth);
  return { id, etag, drafted, patched, afterPatch, published, afterPublish, deleted };
}

it.each([
  ["as curl sends the page's PATCH (-d: application/x-www-form-urlencoded)", "application/x-www-form-urlencoded"],
  ["with no Content-Type at all", undefined],
  ["with application/json", "application/json"],
])("the page's four requests succeed on the default emulator, %s", async (_how, patchContentType) => {
  emu = await emulator();
  const r = await replay(patchContentType);
  expect(r.drafted).toEqual({ status: 201, body: { id: r.id, etag: expect.stringMatching(/^"[0-9a-f-]+"$/) } });
  expect(r.patched).toEqual({ status: 200, body: { id: r.id, etag: expect.not.stringMatching(r.etag) } });
  expect(r.afterPatch).toMatchObject({
    state: "draft",
    transformations: [{ name: "Mapping", params: { mappingId: FIXTURE_IDS.ordersMappings[0], mappingVersion: 0 } }],
  });
  expect(r.published).toEqual({ status: 200, body: { id: r.id, etag: expect.stringMatching(/^"/) } });
  expect(r.afterPublish).toMatchObject({ state: "enabled" });
  expect(r.deleted).toEqual({ status: 204, body: undefined });
  expect(emu.flows()).toEqual([]);
  expect(flowCalls(emu, { withStatus: true })).toEqual([
    {
      method: "POST",
      path: "/flows",
      query: { mode: "draft" },
      status: 201,
      body: {
        name: "HTTP source dataflow for ACME data",
        sourceConnectionIds: [FIXTURE_IDS.httpStreamingSource],
        targetConnectionIds: [FIXTURE_IDS.ordersTargets[0]],
        flowSpec: { id: HTTP_SOURCE_FLOW_SPEC, version: "1.0" },
      },
    },
    {
      method: "PATCH",
      path: `/flows/${r.id}`,
      ifMatch: r.etag,
      status: 200,
      body: [
        {
          op: "add",
          path: "/transformations",
          value: [{ name: "Mapping", params: { mappingId: FIXTURE_IDS.ordersMappings[0], mappingVersion: 0 } }],
        },
      ],
    },
    { method: "POST", path: `/flows/${r.id}/action`, query: { op: "publish" }, status: 200 },
    { method: "DELETE", path: `/flows/${r.id}`, status: 204 },
  ]);
});

it("with the strict contentType switch, the troubleshooting guide's reading applies: the page's PATCH without JSON's Content-Type is a 400", async () => {
  emu = await emulator({ behaviour: { contentType: "require-json" } });
  const r = await replay("application/x-www-form-urlencoded");
  expect(r.drafted.status).toBe(201);
  expect(r.patched).toEqual({
    status: 400,
    body: { type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail: "A valid content-type must be specified" },
  });
});

it("the streaming flow spec is as Adobe's streaming tutorial prints it: its name, a Mapping spec requiring mappingId, no isDraftModeSupported", async () => {
  emu = await emulator();
  const token = await emulatorToken(emu);
  const got = await curl("GET", `/flowSpecs/${HTTP_SOURCE_FLOW_SPEC}`, {
    Authorization: `Bearer ${token}`,
    "x-api-key": SEEDED.clientId,
    "x-gw-ims-org-id": SEEDED.orgId,
    "x-sandbox-name": "prod",
  });
  const spec = (got.body as { items: Record<string, unknown>[] }).items[0];
  expect(spec).toMatchObject({
    name: "Steam data with transformation",
    transformationSpecs: [{ name: "Mapping", spec: { properties: { mappingId: { type: "string" } }, required: ["mappingId"] } }],
    attributes: { uiAttributes: { apiFeatures: { updateSupported: false, flowRunsSupported: false } } },
  });
  expect(spec.attributes).not.toHaveProperty("isDraftModeSupported");
});
