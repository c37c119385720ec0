// HTTP routes of the emulator (fastify): the Flow Service under /data/foundation/flowservice, IMS at
// /ims/token/v3, and a control plane for tests and the demo under /__emulator.
import { randomUUID } from "node:crypto";
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EmulatorClock } from "./clock";
import { EmulatorError, flowError, gatewayError, genericBadRequest } from "./errors";
import { FaultInjector, FaultRule } from "./faults";
import { TokenRegistry } from "./ims";
import { Journal, JournalEntry, redactForm } from "./journal";
import { decodeToken, encodeToken, matches, parseFilter, parseLimit, sortFlows } from "./query";
import { Caller, FlowStore } from "./store";

export const FLOW_SERVICE_PREFIX = "/data/foundation/flowservice";
export const CONTROL_PREFIX = "/__emulator";
const SANDBOX = /^[a-z0-9][a-z0-9-]{0,255}$/;

export interface EmulatorState {
  store: FlowStore;
  tokens: TokenRegistry;
  journal: Journal;
  faults: FaultInjector;
  clock: EmulatorClock;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Query = Record<string, string | string[]>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function defaultFaultError(status: number): EmulatorError {
  if (status === 429) return gatewayError(429, "429050", "Too many requests");
  if (status === 401) return gatewayError(401, "401013", "Oauth token is not valid");
  const codes: Record<number, number> = { 500: 1102, 503: 1103, 504: 1104 };
  if (codes[status]) return flowError(codes[status], status, `Injected fault: HTTP ${status}.`);
  return gatewayError(status, String(status), `Injected fault: HTTP ${status}.`);
}

function rawBody(req: FastifyRequest): string | undefined {
  return typeof req.body === "string" && req.body.length > 0 ? req.body : undefined;
}

/** The JSON body of a Flow Service call, with the API's own errors for a wrong content type or bad JSON. */
function jsonBody(req: FastifyRequest): unknown {
  const raw = rawBody(req);
  if (raw === undefined) return undefined;
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && type !== "application/json-patch+json") {
    throw genericBadRequest("A valid content-type must be specified");
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw flowError(1400, 400, `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

function journalBody(req: FastifyRequest, service: JournalEntry["service"]): unknown {
  const raw = rawBody(req);
  if (raw === undefined) return undefined;
  if (service === "ims") return redactForm(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function buildServer(state: EmulatorState): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // Bodies are parsed by the routes, so a wrong content type or bad JSON gets an AEP-shaped error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  const { store, tokens, journal, faults, clock } = state;
  // The Date header comes from the emulated service's clock (which may run off this machine's).
  app.addHook("onSend", async (_req, reply) => {
    reply.header("date", new Date(clock.now()).toUTCString());
  });

  async function serve(
    service: JournalEntry["service"],
    req: FastifyRequest,
    reply: FastifyReply,
    handler: (caller: Caller) => Answer | Promise<Answer>,
  ): Promise<void> {
    const url = new URL(req.url, "http://emulator");
    const path = service === "ims" ? url.pathname : url.pathname.slice(FLOW_SERVICE_PREFIX.length);
    const query = req.query as Query;
    const h = req.headers;
    const auth = one(h.authorization);
    const entry: Omit<JournalEntry, "seq"> = {
      service,
      method: req.method,
      path,
      query: { ...query },
      headers: {
        sandboxName: one(h["x-sandbox-name"]),
        ifMatch: one(h["if-match"]),
        contentType: one(h["content-type"]),
        apiKey: one(h["x-api-key"]),
        orgId: one(h["x-gw-ims-org-id"]),
        authorization: auth ? auth.replace(/^(\S+)\s+.*$/, "$1 <redacted>") : undefined,
      },
      body: journalBody(req, service),
    };
    const requestId = one(h["x-request-id"]) ?? randomUUID();
    const fault = faults.take({ method: req.method, path, op: one(query.op) });
    const faultName = fault && (fault.reset ? "reset" : fault.dropResponse ? "dropResponse" : fault.status ? `status ${fault.status}` : `delay ${fault.delayMs} ms`);
    try {
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.reset) {
        journal.record({ ...entry, fault: faultName });
        reply.hijack();
        req.raw.socket.destroy();
        return;
      }
      // The gateway throttles the Flow Service API; IMS is a separate service.
      const limit = service === "flowservice" ? faults.overRateLimit() : { limited: false };
      if (limit.limited) {
        throw gatewayError(429, "429050", "Too many requests", limit.retryAfter ? { "Retry-After": limit.retryAfter } : {});
      }
      if (fault?.status) {
        const base = fault.body ? new EmulatorError(fault.status, fault.body) : defaultFaultError(fault.status);
        throw new EmulatorError(base.status, base.body, fault.retryAfter ? { "Retry-After": fault.retryAfter } : {});
      }
      let caller: Caller = { sandboxName: "prod", orgId: "", clientId: "" };
      if (service === "flowservice") {
        const issued = tokens.authenticate(h);
        // The sources spec lets a missing x-sandbox-name mean the default sandbox; the emulator uses "prod".
        const sandboxName = one(h["x-sandbox-name"]) ?? "prod";
        if (!SANDBOX.test(sandboxName)) throw flowError(2105, 400, `x-sandbox-name "${sandboxName}" is not a valid sandbox name.`);
        caller = { sandboxName, orgId: issued.orgId, clientId: issued.clientId };
      }
      const answer = await handler(caller);
      if (fault?.dropResponse) {
        journal.record({ ...entry, status: answer.status, fault: faultName });
        reply.hijack();
        req.raw.socket.destroy();
        return;
      }
      journal.record({ ...entry, status: answer.status, fault: faultName });
      reply.code(answer.status).header("x-request-id", requestId).headers(answer.headers ?? {});
      await reply.send(answer.body ?? "");
    } catch (err) {
      const e =
        err instanceof EmulatorError
          ? err
          : flowError(1102, 500, `Emulator error: ${(err as Error).message}`);
      const body = structuredClone(e.body);
      if (body.report && typeof body.report === "object") (body.report as Record<string, unknown>)["request-id"] = requestId;
      journal.record({ ...entry, status: e.status, fault: faultName });
      await reply.code(e.status).header("x-request-id", requestId).headers(e.headers).send(body);
    }
  }

  // ---- IMS ---------------------------------------------------------------------------------
  app.post("/ims/token/v3", (req, reply) =>
    serve("ims", req, reply, () => {
      const type = (req.headers["content-type"] ?? "").split(";")[0].trim();
      const raw = rawBody(req);
      if (raw !== undefined && type !== "application/x-www-form-urlencoded") {
        throw new EmulatorError(400, { error: "invalid_request", error_description: "Content-Type must be application/x-www-form-urlencoded" });
      }
      const form = new URLSearchParams(raw ?? "");
      for (const [k, v] of Object.entries(req.query as Query)) if (!form.has(k)) form.set(k, String(one(v)));
      return { status: 200, body: tokens.issue(form) };
    }),
  );

  // ---- Flow Service ------------------------------------------------------------------------
  const flows = `${FLOW_SERVICE_PREFIX}/flows`;

  app.post(flows, (req, reply) =>
    serve("flowservice", req, reply, (caller) => {
      const mode = one((req.query as Query).mode);
      if (mode !== undefined && mode !== "draft") throw flowError(1400, 400, `Unknown mode "${mode}": only mode=draft is supported.`);
      const flow = store.create(caller, jsonBody(req), mode === "draft");
      return { status: 201, body: { id: flow.id, etag: flow.etag }, headers: { Location: `${flows}/${flow.id}` } };
    }),
  );

  app.get(flows, (req, reply) =>
    serve("flowservice", req, reply, (caller) => {
      const q = req.query as Query;
      const count = one(q.count) === "true";
      if (count && q.limit !== undefined) throw flowError(1401, 400, "limit and count cannot be used together.");
      const filters = (q.property === undefined ? [] : Array.isArray(q.property) ? q.property : [q.property]).map(parseFilter);
      const selected = sortFlows(
        store.list(caller.sandboxName).filter((f) => filters.every((flt) => matches(f, flt))),
        one(q.orderby),
      );
      if (count) return { status: 200, body: { count: selected.length } };
      const limit = parseLimit(one(q.limit));
      const token = one(q.continuationToken);
      const offset = token ? decodeToken(token) : 0;
      const items = selected.slice(offset, offset + limit);
      const body: Record<string, unknown> = { items };
      if (offset + limit < selected.length) {
        const next = new URLSearchParams();
        for (const p of filters.length ? (Array.isArray(q.property) ? q.property : [q.property as string]) : []) next.append("property", p);
        if (one(q.orderby)) next.set("orderby", one(q.orderby)!);
        next.set("limit", String(limit));
        next.set("continuationToken", encodeToken(offset + limit));
        body._links = { next: { href: `/flows?${next.toString()}` } };
      }
      return { status: 200, body };
    }),
  );

  app.get(`${flows}/:id`, (req, reply) =>
    serve("flowservice", req, reply, (caller) => ({
      status: 200,
      body: { items: [store.get(caller.sandboxName, (req.params as { id: string }).id)] },
    })),
  );

  app.patch(`${flows}/:id`, (req, reply) =>
    serve("flowservice", req, reply, (caller) => {
      const flow = store.patch(caller, (req.params as { id: string }).id, one(req.headers["if-match"]), jsonBody(req));
      return { status: 200, body: { id: flow.id, etag: flow.etag } };
    }),
  );

  app.post(`${flows}/:id/action`, (req, reply) =>
    serve("flowservice", req, reply, (caller) => {
      const op = one((req.query as Query).op);
      if (!op) throw flowError(1400, 400, "The op query parameter is required (publish, enable or disable).");
      const flow = store.action(caller, (req.params as { id: string }).id, op, one(req.headers["if-match"]));
      return { status: 200, body: { id: flow.id, etag: flow.etag } };
    }),
  );

  app.delete(`${flows}/:id`, (req, reply) =>
    serve("flowservice", req, reply, (caller) => {
      store.delete(caller.sandboxName, (req.params as { id: string }).id);
      return { status: 204 };
    }),
  );

  // ---- Control plane (not part of the API; never journaled) ---------------------------------
  const control = (handler: (req: FastifyRequest) => unknown) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const result = await handler(req);
      await reply.code(result === undefined ? 204 : 200).send(result ?? "");
    } catch (err) {
      const e = err instanceof EmulatorError ? err : new EmulatorError(400, { message: (err as Error).message });
      await reply.code(e.status).send(e.body);
    }
  };
  const body = (req: FastifyRequest): unknown => (rawBody(req) === undefined ? undefined : JSON.parse(rawBody(req)!));

  app.get(`${CONTROL_PREFIX}/journal`, control(() => journal.list()));
  app.delete(`${CONTROL_PREFIX}/journal`, control(() => void journal.clear()));
  app.get(`${CONTROL_PREFIX}/flows`, control(() => store.all()));
  app.post(`${CONTROL_PREFIX}/flows/:id/edit`, control((req) => store.editOutOfBand((req.params as { id: string }).id, body(req))));
  app.delete(`${CONTROL_PREFIX}/flows/:id`, control((req) => void store.deleteOutOfBand((req.params as { id: string }).id)));
  app.get(`${CONTROL_PREFIX}/faults`, control(() => faults.active()));
  app.post(`${CONTROL_PREFIX}/faults`, control((req) => ({ id: faults.add(body(req) as FaultRule) })));
  app.delete(`${CONTROL_PREFIX}/faults`, control(() => void faults.clear()));
  app.put(
    `${CONTROL_PREFIX}/rate-limit`,
    control((req) => {
      const { perSecond, retryAfter } = (body(req) ?? {}) as { perSecond?: number; retryAfter?: string };
      faults.setRateLimit(perSecond, retryAfter);
    }),
  );
  app.put(
    `${CONTROL_PREFIX}/clock`,
    control((req) => void clock.setOffset(Number(((body(req) ?? {}) as { offsetMs?: number }).offsetMs ?? 0))),
  );
  app.post(`${CONTROL_PREFIX}/flows/:id/action`, control((req) => store.actionOutOfBand((req.params as { id: string }).id, String(one((req.query as Query).op)))));
  app.post(`${CONTROL_PREFIX}/tokens/expire`, control(() => void tokens.expireAll()));
  app.post(
    `${CONTROL_PREFIX}/reset`,
    control(() => {
      store.reset();
      journal.clear();
      faults.clear();
    }),
  );

  app.setNotFoundHandler((req, reply) => {
    const e = req.url.startsWith(FLOW_SERVICE_PREFIX)
      ? flowError(1101, 404, `No route for ${req.method} ${req.url.split("?")[0]}.`)
      : gatewayError(404, "404000", `No route for ${req.method} ${req.url.split("?")[0]}.`);
    void reply.code(e.status).send(e.body);
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    // Framework-level failures (body too large, malformed URL) still get an AEP-shaped answer.
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    void reply.code(status).send({ type: "/placeholder/type/uri", status, title: "BadRequestError", detail: err.message });
  });
  return app;
}
