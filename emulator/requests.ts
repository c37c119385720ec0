// What every request to an emulated Adobe service goes through around its route's handler (serve):
// the journal (credentials redacted), injected faults and the rate limit, the gateway's header
// checks, the sandbox header, the caller's role, and errors rendered in Adobe's shapes with a
// request id; and the answer to a request no route matches (unmatched).
import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Behaviour } from "./behaviour";
import type { Caller } from "./caller";
import type { EmulatorClock } from "./clock";
import { EmulatorError, flowServiceError, gatewayError, genericBadRequest, platformError } from "./errors";
import type { FaultInjector } from "./faults";
import type { TokenRegistry } from "./ims";
import { Journal, JournalEntry, UNREADABLE_CREDENTIALS, carriesCredentials, redactCredentials, redactForm } from "./journal";
import { Query, one } from "./query";
import type { Sandboxes } from "./sandboxes";
import { SERVICE_PREFIX, Service, serviceOf } from "./services";

// Sandbox names are "all-lowercase" with no spaces or special characters (the Sandbox API spec,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/sandbox.yaml). Adobe documents no
// length limit and no rule for hyphens: the emulator accepts hyphens and up to 256 characters, and answers any other
// name as a sandbox that does not exist (2100-404, below).
const SANDBOX = /^[a-z0-9][a-z0-9-]{0,255}$/;

/** What a route's handler answers: the status, the JSON body (none for a 204) and any headers of its own. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the request path needs besides the route's handler. */
export interface RequestDeps {
  tokens: TokenRegistry;
  journal: Journal;
  faults: FaultInjector;
  clock: EmulatorClock;
  behaviour: () => Behaviour;
  sandboxes: Sandboxes;
}

function rawBody(req: FastifyRequest): string | undefined {
  return typeof req.body === "string" && req.body.length > 0 ? req.body : undefined;
}

/** The JSON body of a call, with Adobe's errors for a wrong content type or bad JSON. */
export function jsonBody(req: FastifyRequest, behaviour: Pick<Behaviour, "contentType">): unknown {
  const raw = rawBody(req);
  if (raw === undefined) return undefined;
  // "A valid content-type must be specified" is the platform's answer to a body without JSON's
  // content type: https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting
  // The guide asks for `application/json`; `application/json-patch+json` (RFC 6902's own type) is taken too, as
  // Adobe documents no refusal of it. The draft dataflow page's PATCH sends none and succeeds: behaviour `contentType`.
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (behaviour.contentType === "require-json" && type !== "application/json" && type !== "application/json-patch+json") {
    throw genericBadRequest("A valid content-type must be specified");
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    // Adobe documents no answer to malformed JSON; a 400 in the platform's generic shape (the page above).
    // Only the position: the parser's message quotes the body, which may hold credentials.
    const at = /position (\d+)/.exec((err as Error).message);
    throw genericBadRequest(`The request body is not valid JSON${at ? ` (at position ${at[1]})` : ""}.`);
  }
}

function journalBody(req: FastifyRequest, service: Service, path: string): unknown {
  const raw = rawBody(req);
  if (raw === undefined) return undefined;
  if (service === "ims") return redactForm(new URLSearchParams(raw));
  const credentials = service === "flowservice" && carriesCredentials(path);
  try {
    const parsed = JSON.parse(raw) as unknown;
    return credentials ? redactCredentials(parsed) : parsed;
  } catch {
    return credentials ? UNREADABLE_CREDENTIALS : raw;
  }
}

function defaultFaultError(service: Service, status: number, numeric: boolean): EmulatorError {
  // 429: the Adobe I/O gateway's body, as Adobe's Analytics API FAQ prints it (no AEP page documents one):
  // https://developer.adobe.com/analytics-apis/docs/2.0/guides/faq. 401: the troubleshooting guide's 401013,
  // https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting
  if (status === 429) return gatewayError(429, "429050", "Too many requests", {}, numeric);
  if (status === 401) return gatewayError(401, "401013", "Oauth token is not valid", {}, numeric);
  // Data Prep, Catalog and the Schema Registry document no error bodies of their own (errors.ts).
  if (service === "dataprep" || service === "catalog" || service === "schemaregistry")
    return platformError(status, `Injected fault: HTTP ${status}.`);
  // 1102-500, 1103-503, 1104-504 and their messages:
  // https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
  const codes: Record<number, [number, string]> = {
    500: [1102, "An internal error has occurred. Please try again. If the problem persists, please contact customer support."],
    503: [1103, "The service is temporarily unavailable. Please try again. If the problem persists, please contact customer support."],
    504: [1104, "A gateway timeout has occurred. Please try again. If the problem persists, please contact customer support."],
  };
  if (codes[status]) return flowServiceError(codes[status][0], status, `${codes[status][1]} (injected fault)`);
  // Other statuses in the Flow Service's shape too: 1100 "Invalid request" for 4xx, 1102 "Internal Error" for 5xx.
  return flowServiceError(status >= 500 ? 1102 : 1100, status, `Injected fault: HTTP ${status}.`);
}

/** The journal entry of a request, credentials redacted. */
function entryOf(service: Service, req: FastifyRequest): Omit<JournalEntry, "seq"> {
  const url = new URL(req.url, "http://emulator");
  const h = req.headers;
  const auth = one(h.authorization);
  const path = url.pathname.slice(SERVICE_PREFIX[service].length);
  return {
    service,
    method: req.method,
    path,
    query: { ...((req.query as JournalEntry["query"]) ?? {}) },
    headers: {
      sandboxName: one(h["x-sandbox-name"]),
      ifMatch: one(h["if-match"]),
      contentType: one(h["content-type"]),
      apiKey: one(h["x-api-key"]),
      orgId: one(h["x-gw-ims-org-id"]),
      authorization: auth ? auth.replace(/^(\S+)\s+.*$/, "$1 <redacted>") : undefined,
    },
    body: journalBody(req, service, path),
  };
}

/** A route's own work: what it answers `caller`; it throws an EmulatorError (or anything, a 500) to refuse. */
export type Handler = (caller: Caller, req: FastifyRequest) => Answer | Promise<Answer>;

/** Runs one request through the checks above to `handler`, and answers. */
export async function serve(
  deps: RequestDeps,
  service: Service,
  req: FastifyRequest,
  reply: FastifyReply,
  handler: Handler,
): Promise<void> {
  const { tokens, journal, faults } = deps;
  const behaviour = deps.behaviour();
  const entry = entryOf(service, req);
  const h = req.headers;
  // Adobe documents no x-request-id header; error reports carry a "request-id" (below). The caller's id is echoed so a
  // client can match its logs to the journal.
  const requestId = one(h["x-request-id"]) ?? randomUUID();
  const fault = faults.take({ service, method: req.method, path: entry.path, op: one((req.query as Query).op) });
  const faultName =
    fault &&
    (fault.reset ? "reset" : fault.dropResponse ? "dropResponse" : fault.status ? `status ${fault.status}` : `delay ${fault.delayMs} ms`);
  try {
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.reset) {
      journal.record({ ...entry, fault: faultName });
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    // The gateway throttles the platform's APIs; IMS is a separate service. No Flow Service limit is published (the rate
    // is set by tests); a 429 with an optional Retry-After is what Adobe's data lifecycle best practices describe for a
    // Platform API: https://experienceleague.adobe.com/en/docs/experience-platform/data-lifecycle/best-practices.
    // The body is the gateway's (defaultFaultError).
    const limit = service === "ims" ? { limited: false } : faults.overRateLimit();
    if (limit.limited) {
      throw gatewayError(
        429,
        "429050",
        "Too many requests",
        limit.retryAfter ? { "Retry-After": limit.retryAfter } : {},
        behaviour.gatewayErrorCode === "number",
      );
    }
    if (fault?.status) {
      const base = fault.body
        ? new EmulatorError(fault.status, fault.body)
        : defaultFaultError(service, fault.status, behaviour.gatewayErrorCode === "number");
      throw new EmulatorError(base.status, base.body, fault.retryAfter ? { "Retry-After": fault.retryAfter } : {});
    }
    let caller: Caller = { sandboxName: "prod", orgId: "", clientId: "", roleLabels: "all" };
    if (service !== "ims") {
      const issued = tokens.authenticate(h, behaviour.gatewayErrorCode === "number");
      const header = one(h["x-sandbox-name"]);
      // Header missing: 2105-400 or the default sandbox, behaviour `missingSandboxHeader` (behaviour.ts cites the pages).
      // Adobe documents no order between the gateway's checks and this one; the gateway's come first.
      if (header === undefined && behaviour.missingSandboxHeader === "reject") throw sandboxHeaderMissing(service);
      const sandboxName = header ?? "prod";
      if (!SANDBOX.test(sandboxName) || !deps.sandboxes.open(sandboxName)) throw sandboxNotFound(service, sandboxName);
      caller = { sandboxName, orgId: issued.orgId, clientId: issued.clientId, roleLabels: issued.roleLabels };
    }
    const answer = await handler(caller, req);
    if (fault?.dropResponse) {
      journal.record({ ...entry, status: answer.status, fault: faultName });
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    journal.record({ ...entry, status: answer.status, fault: faultName });
    reply
      .code(answer.status)
      .header("x-request-id", requestId)
      .headers(answer.headers ?? {});
    await reply.send(answer.body ?? "");
  } catch (err) {
    const internal = `An internal error has occurred: ${(err as Error).message}`;
    const e =
      err instanceof EmulatorError ? err : service === "flowservice" ? flowServiceError(1102, 500, internal) : platformError(500, internal);
    const body = structuredClone(e.body);
    // The Flow Service's report carries "request-id" (the labels tutorial's examples,
    // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels); the Schema Registry's
    // "registryRequestId" (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/schema-registry.yaml).
    if (body.report && typeof body.report === "object") {
      const report = body.report as Record<string, unknown>;
      if (service === "schemaregistry") report.registryRequestId = requestId;
      else report["request-id"] = requestId;
    }
    journal.record({ ...entry, status: e.status, fault: faultName });
    await reply.code(e.status).header("x-request-id", requestId).headers(e.headers).send(body);
  }
}

/**
 * The Flow Service's catalogue has 2105-400 (header missing) and 2100-404 (sandbox not found):
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors.
 * The other services document no sandbox errors; they answer with the same statuses in the
 * platform's generic shape.
 */
function sandboxHeaderMissing(service: Service): EmulatorError {
  const message = "The header x-sandbox-name is missing in the request. Please add the header in the request and try again.";
  return service === "flowservice" ? flowServiceError(2105, 400, message) : platformError(400, message);
}

function sandboxNotFound(service: Service, name: string): EmulatorError {
  const message = `The sandbox with the name '${name}' could not be found. Please ensure that the sandbox name is correct and try again.`;
  return service === "flowservice" ? flowServiceError(2100, 404, message) : platformError(404, message);
}

/**
 * A request no route matches: journaled like any other, and answered as Adobe's services answer an
 * unknown resource (the Flow Service's 1101-404, from the catalogue above; the gateway's 404 elsewhere).
 * The troubleshooting guide says a 404 can mean "the requested path was entered incorrectly" but prints no body
 * for it: "404000" is the emulator's own gateway-style code.
 */
export function unmatched(deps: RequestDeps, req: FastifyRequest, reply: FastifyReply): void {
  const pathname = new URL(req.url, "http://emulator").pathname;
  const service = serviceOf(pathname);
  const e =
    service === "flowservice"
      ? flowServiceError(
          1101,
          404,
          `The requested resource is not found. Error from flow provider: no ${req.method} ${pathname.slice(SERVICE_PREFIX.flowservice.length)} in this emulator.`,
        )
      : gatewayError(404, "404000", `No route for ${req.method} ${pathname}.`);
  if (service) deps.journal.record({ ...entryOf(service, req), status: e.status });
  void reply.code(e.status).send(e.body);
}
