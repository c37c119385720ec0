// FlowServiceClient against the emulator over real HTTP.
import { RunningEmulator } from "../emulator";
import { FlowServiceClient } from "../provider/adobe/client";
import { FlowServiceError, TokenRequestError } from "../provider/adobe/errors";
import { SEEDED, clientFor, emulator, flowCalls, imsCalls, publishableRequest } from "./helpers/emulator";

/** A flow the cloud storage spec takes published or as a draft. */
const request = { ...publishableRequest(), name: "Orders" };

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await emulator();
});
afterEach(() => emu.stop());

function captureLog(): { lines: string[]; logger: (l: string) => void } {
  const lines: string[] = [];
  return { lines, logger: (l) => lines.push(l) };
}

describe("requests", () => {
  it("sends the headers the API requires, and no Content-Type without a body", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const { id } = await client.createFlow(request, { draft: true });
    await client.flowAction(id, "publish");
    const [ims, create, publish] = emu.journal();
    expect(ims).toMatchObject({
      service: "ims",
      method: "POST",
      path: "/ims/token/v3",
      headers: { contentType: "application/x-www-form-urlencoded" },
      body: {
        grant_type: "client_credentials",
        client_id: SEEDED.clientId,
        client_secret: "<redacted>",
        scope: expect.stringContaining("openid"),
      },
    });
    expect(create).toMatchObject({
      method: "POST",
      path: "/flows",
      query: { mode: "draft" },
      headers: {
        sandboxName: "dev",
        contentType: "application/json",
        apiKey: SEEDED.clientId,
        orgId: SEEDED.orgId,
        authorization: "Bearer <redacted>",
      },
      body: request,
      status: 201,
    });
    expect(publish).toMatchObject({ method: "POST", path: `/flows/${id}/action`, query: { op: "publish" }, status: 200 });
    expect(publish.headers.contentType).toBeUndefined();
  });

  it("overrides the sandbox per call", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    const { id } = await client.createFlow(request, { sandboxName: "stage" });
    expect(await client.getFlow(id, { sandboxName: "stage" })).toMatchObject({ id, sandboxName: "stage", state: "enabled" });
    expect(await client.getFlow(id)).toBeUndefined();
    expect(flowCalls(emu, { withSandbox: true }).map((c) => [c.method, c.sandbox])).toEqual([
      ["POST", "stage"],
      ["GET", "stage"],
      ["GET", "dev"],
    ]);
  });

  it("pages through every flow with continuation tokens", async () => {
    const client = clientFor(emu);
    for (let i = 0; i < 5; i++) await client.createFlow({ ...request, name: `flow ${i}` }, { draft: true });
    const names: string[] = [];
    for await (const flow of client.listAllFlows({ limit: 2, orderby: "-name" })) names.push(flow.name);
    expect(names).toEqual(["flow 4", "flow 3", "flow 2", "flow 1", "flow 0"]);
    const lists = flowCalls(emu).filter((c) => c.method === "GET");
    expect(lists).toHaveLength(3);
    expect(lists[0].query).toEqual({ orderby: "-name", limit: "2" });
    // The next page follows the link as given: the token carries the query.
    expect(lists[1].query).toEqual({ continuationToken: expect.any(String) });
  });

  it("treats 204 and 404 on delete as deleted", async () => {
    const client = clientFor(emu);
    const { id } = await client.createFlow(request);
    expect(await client.deleteFlow(id)).toBe(true);
    expect(await client.deleteFlow(id)).toBe(false);
    expect(flowCalls(emu, { withStatus: true }).slice(1)).toEqual([
      { method: "DELETE", path: `/flows/${id}`, status: 204 },
      { method: "DELETE", path: `/flows/${id}`, status: 404 },
    ]);
  });
});

describe("tokens", () => {
  it("shares one IMS request among concurrent calls and caches the token", async () => {
    const client = clientFor(emu);
    await Promise.all(Array.from({ length: 8 }, () => client.listFlows()));
    await clientFor(emu).listFlows();
    expect(imsCalls(emu)).toHaveLength(1);
    expect(flowCalls(emu)).toHaveLength(9);
  });

  it("renews a token before it expires", async () => {
    emu.setTokenTtl(1);
    const client = clientFor(emu);
    await client.listFlows();
    await client.listFlows();
    // A 1 s token is renewed 100 ms before it expires: the third call gets a new one, with no 401.
    await new Promise((r) => setTimeout(r, 1000));
    await client.listFlows();
    expect(imsCalls(emu)).toHaveLength(2);
    expect(flowCalls(emu, { withStatus: true }).every((c) => c.status === 200)).toBe(true);
  });

  it("renews once and resends after a 401 from an expired token", async () => {
    const client = clientFor(emu);
    await client.listFlows();
    emu.expireTokens();
    await client.listFlows();
    expect(imsCalls(emu)).toHaveLength(2);
    expect(flowCalls(emu, { withStatus: true }).map((c) => c.status)).toEqual([200, 401, 200]);
  });

  it("fails with a message naming the settings when IMS refuses the credentials", async () => {
    const client = clientFor(emu, { clientSecret: "wrong-secret-value" });
    const err = await client.listFlows().catch((e) => e);
    expect(err).toBeInstanceOf(FlowServiceError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/aep:clientId, aep:clientSecret/);
    expect(err.message).not.toContain("wrong-secret-value");
    expect(flowCalls(emu)).toHaveLength(0);
  });

  it("retries a token request answered 429 (honouring Retry-After) and 503, as the Flow Service's", async () => {
    const client = clientFor(emu);
    emu.addFault({ path: "^/ims/token/v3$", status: 429, retryAfter: "1" });
    emu.addFault({ path: "^/ims/token/v3$", status: 503, times: 2 });
    await client.listFlows();
    expect(imsCalls(emu).map((c) => c.status)).toEqual([429, 503, 503, 200]);
    expect(flowCalls(emu, { withStatus: true })).toEqual([{ method: "GET", path: "/flows", status: 200 }]);
  });

  it("a token IMS never issues fails as a TokenRequestError, and nothing reaches the Flow Service", async () => {
    const client = clientFor(emu, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    emu.addFault({ path: "^/ims/token/v3$", status: 503, times: 3 });
    const err = await client.createFlow(request).catch((e) => e);
    expect(err).toBeInstanceOf(TokenRequestError);
    expect(err.message).toMatch(/^POST \/ims\/token\/v3 failed with HTTP 503 .*IMS did not issue a token/);
    expect(imsCalls(emu)).toHaveLength(3);
    expect(flowCalls(emu)).toEqual([]);
  });

  it("a refused token names the credential kind in use", async () => {
    await emu.stop();
    emu = await emulator({ staticTokens: [{ token: "ready-token-123", clientId: SEEDED.clientId }] });
    const withToken = new FlowServiceClient({
      endpoint: emu.url,
      clientId: SEEDED.clientId,
      orgId: SEEDED.orgId,
      accessToken: "ready-token-123",
    });
    emu.expireTokens();
    const tokenErr = await withToken.listFlows().catch((e) => e);
    expect(tokenErr.message).toMatch(
      /401013: Oauth token is not valid \(the access token in aep:accessToken \/ AEP_ACCESS_TOKEN was refused/,
    );
    expect(tokenErr.message).not.toMatch(/aep:clientSecret/);
    // Client credentials: renewed once, and when the fresh token is refused too, the hint is about the client.
    emu.addFault({ path: "^/flows$", status: 401, times: 2 });
    const creds = await clientFor(emu)
      .listFlows()
      .catch((e) => e);
    expect(creds.message).toMatch(
      /401013: Oauth token is not valid \(the token IMS issued for aep:clientId was refused even after a renewal/,
    );
  });

  it("uses a ready access token without calling IMS", async () => {
    await emu.stop();
    emu = await emulator({ staticTokens: [{ token: "ready-token-123", clientId: SEEDED.clientId }] });
    const client = new FlowServiceClient({
      endpoint: emu.url,
      clientId: SEEDED.clientId,
      orgId: SEEDED.orgId,
      accessToken: "ready-token-123",
    });
    await client.listFlows();
    expect(imsCalls(emu)).toHaveLength(0);
    expect(flowCalls(emu, { withStatus: true })).toEqual([{ method: "GET", path: "/flows", status: 200 }]);
  });
});

describe("retries", () => {
  it("retries a 429 of any method, honouring Retry-After", async () => {
    const { lines, logger } = captureLog();
    const client = clientFor(emu, { logger });
    emu.addFault({ method: "POST", path: "^/flows$", status: 429, retryAfter: "0" });
    const { id } = await client.createFlow(request);
    expect(flowCalls(emu, { withStatus: true }).map((c) => [c.method, c.status])).toEqual([
      ["POST", 429],
      ["POST", 201],
    ]);
    expect(emu.flows().map((f) => f.id)).toEqual([id]);
    expect(lines).toContain("retry 1/4 of POST after 429, waiting 0 ms");
  });

  it("retries 502/503/504 for GET, DELETE and If-Match PATCH", async () => {
    const client = clientFor(emu);
    const { id, etag } = await client.createFlow(request, { draft: true });
    emu.addFault({ method: "GET", status: 503 });
    emu.addFault({ method: "PATCH", status: 502 });
    emu.addFault({ method: "DELETE", status: 504 });
    await client.getFlow(id);
    await client.patchFlow(id, [{ op: "replace", path: "/name", value: "N" }], etag);
    await client.deleteFlow(id);
    expect(flowCalls(emu, { withStatus: true }).map((c) => `${c.method} ${c.status}`)).toEqual([
      "POST 201",
      "GET 503",
      "GET 200",
      "PATCH 502",
      "PATCH 200",
      "DELETE 504",
      "DELETE 204",
    ]);
  });

  it("never repeats a create whose outcome is unknown", async () => {
    const client = clientFor(emu);
    emu.addFault({ method: "POST", path: "^/flows$", status: 503 });
    const err = await client.createFlow(request).catch((e) => e);
    expect(err).toMatchObject({ status: 503, code: "FLOW-1103-503" });
    emu.addFault({ method: "POST", path: "^/flows$", dropResponse: true });
    const dropped = await client.createFlow(request).catch((e) => e);
    expect(dropped).toBeInstanceOf(FlowServiceError);
    expect(dropped.status).toBeUndefined();
    expect(flowCalls(emu).map((c) => c.method)).toEqual(["POST", "POST"]);
    // The dropped create was committed: exactly one flow, which the caller must find, not recreate.
    expect(emu.flows()).toHaveLength(1);
  });

  it("does not repeat an action on 503", async () => {
    const client = clientFor(emu);
    const { id } = await client.createFlow(request, { draft: true });
    emu.addFault({ method: "POST", op: "publish", status: 503 });
    await expect(client.flowAction(id, "publish")).rejects.toMatchObject({ status: 503 });
    expect(flowCalls(emu).filter((c) => c.path.endsWith("/action"))).toHaveLength(1);
  });

  it("gives up after the configured retries", async () => {
    const client = clientFor(emu, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    emu.addFault({ method: "GET", status: 429, times: 10 });
    await expect(client.listFlows()).rejects.toMatchObject({ status: 429, code: "429050" });
    expect(flowCalls(emu)).toHaveLength(3);
  });

  it("retries a timed out GET", async () => {
    const client = clientFor(emu, { timeoutMs: 200 });
    emu.addFault({ method: "GET", delayMs: 600 });
    await client.listFlows();
    // The slow first attempt is answered (and journaled) after the client gave up on it.
    await new Promise((r) => setTimeout(r, 700));
    expect(flowCalls(emu, { withStatus: true }).map((c) => c.status)).toEqual([200, 200]);
  });
});

describe("errors", () => {
  it("carries status, AEP code, request id and the server's message, and never the token", async () => {
    const { lines, logger } = captureLog();
    const client = clientFor(emu, { logger });
    const missing = "00000000-0000-4000-8000-000000000000";
    const { id, etag } = await client.createFlow(request, { draft: true });
    await client.patchFlow(id, [{ op: "replace", path: "/name", value: "x" }], etag);
    const err: FlowServiceError = await client.patchFlow(id, [{ op: "replace", path: "/name", value: "y" }], etag).catch((e) => e);
    expect(err.status).toBe(412);
    expect(err.code).toBe("FLOW-1404-412");
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.message).toMatch(/^PATCH \/flows\/.+ failed with HTTP 412 FLOW-1404-412: Supplied version=/);
    await expect(client.getFlow(missing)).resolves.toBeUndefined();
    await expect(client.patchFlow(missing, [{ op: "replace", path: "/name", value: "x" }], etag)).rejects.toMatchObject({
      status: 404,
      code: "FLOW-1439-404",
    });
    const everything = JSON.stringify({ err, props: { ...err }, stack: err.stack, lines });
    expect(everything).not.toContain(SEEDED.clientSecret);
    expect(everything).not.toMatch(/emu-[A-Za-z0-9_-]{20,}/);
    expect(lines.join("\n")).not.toMatch(/Bearer/);
  });

  it("refuses plain http to a non-loopback endpoint, naming the setting", () => {
    expect(() => new FlowServiceClient({ ...SEEDED, endpoint: "http://platform.adobe.io" })).toThrow(
      /aep:endpoint \/ AEP_ENDPOINT: "http:\/\/platform.adobe.io" uses plain http/,
    );
    expect(() => new FlowServiceClient({ ...SEEDED, endpoint: "https://platform.adobe.io", imsEndpoint: "http://10.0.0.1" })).toThrow(
      /aep:imsEndpoint/,
    );
  });

  it("a platform nobody answers at is about aep:endpoint: said, with nothing sent", async () => {
    const client = new FlowServiceClient({
      endpoint: "http://127.0.0.1:1",
      clientId: "c",
      orgId: "o",
      accessToken: "t",
      retry: { retries: 0 },
    });
    const err: FlowServiceError = await client.getFlowSpec("9753525b-82c7-4dce-8a9b-5ccfce2b9876").catch((e) => e);
    expect(err).toBeInstanceOf(FlowServiceError);
    expect(err.status).toBeUndefined();
    expect(err.message).toMatch(
      /^GET \/flowSpecs\/9753525b-82c7-4dce-8a9b-5ccfce2b9876 failed without a response: could not reach the platform at http:\/\/127\.0\.0\.1:1 \(check aep:endpoint; .*\), so nothing was sent: ECONNREFUSED: /,
    );
  });

  it("names the missing setting", () => {
    expect(() => new FlowServiceClient({ clientId: "a", clientSecret: "b" })).toThrow(/aep:orgId \/ AEP_ORG_ID: is required/);
    expect(() => new FlowServiceClient({ clientId: "a", orgId: "o" })).toThrow(
      /aep:clientSecret \/ AEP_CLIENT_SECRET: is required unless aep:accessToken/,
    );
  });
});

describe("getLatestMappingSet (Adobe's pages disagree on what a GET without version reads)", () => {
  /** A client whose service holds versions 0..`latest`; `unversioned` answers a GET without version; `ignoresVersion` answers it to every GET. */
  function serviceWith(latest: number, unversioned: number, ignoresVersion = false) {
    const asked: (number | undefined)[] = [];
    const client = new FlowServiceClient({ endpoint: "http://127.0.0.1:1", clientId: "c", orgId: "o", accessToken: "t" });
    client.getMappingSet = async (id: string, opts: { version?: number } = {}) => {
      asked.push(opts.version);
      const v = opts.version === undefined || ignoresVersion ? unversioned : opts.version;
      return v <= latest ? ({ id, version: v } as never) : undefined;
    };
    return { client, asked };
  }

  it("one GET when the answer is at least the version known", async () => {
    const { client, asked } = serviceWith(3, 3);
    expect(await client.getLatestMappingSet("m", 2)).toEqual({ id: "m", version: 3 });
    expect(asked).toEqual([undefined]);
  });

  it("an answer older than the version known: that version, then the next ones until one is not found", async () => {
    const { client, asked } = serviceWith(3, 0);
    expect(await client.getLatestMappingSet("m", 1)).toEqual({ id: "m", version: 3 });
    expect(asked).toEqual([undefined, 1, 2, 3, 4]);
  });

  it("no version known (an adoption, an import): the next version is probed", async () => {
    const { client, asked } = serviceWith(1, 0);
    expect(await client.getLatestMappingSet("m", undefined)).toEqual({ id: "m", version: 1 });
    expect(asked).toEqual([undefined, 1, 2]);
  });

  it("a service that ignores version ends the walk instead of looping", async () => {
    const { client, asked } = serviceWith(9, 5, true);
    expect(await client.getLatestMappingSet("m", 7)).toEqual({ id: "m", version: 5 });
    expect(asked).toEqual([undefined, 7, 6]);
  });
});
