// One error type for everything the Flow Service or IMS answers with, built from the server's own
// error body. It never holds request headers: the bearer token and the client secret must not reach
// a log line, a Pulumi diagnostic or the state file through an error. What each code means is
// error-codes.ts.
import { ERROR_CODES, SETTING_ROWS, answered, hasCode } from "./error-codes";

export interface FlowServiceErrorInit {
  status?: number;
  code?: string;
  requestId?: string;
  method: string;
  path: string;
  detail: string;
  /** Network-level cause (ECONNRESET, timeout, ...), kept without its request config. */
  cause?: { code?: string; message: string };
  /** The error response's `Date` header (epoch ms, whole seconds): when the service answered, by its clock. */
  answeredAt?: number;
}

export class FlowServiceError extends Error {
  override readonly name: string = "FlowServiceError";
  /** HTTP status, or undefined when no response arrived (network error, timeout). */
  readonly status?: number;
  /** AEP error code: the gateway's `error_code` (e.g. `401013`) or `FLOW-<code>-<status>` from the type URL. */
  readonly code?: string;
  readonly requestId?: string;
  readonly method: string;
  readonly path: string;
  readonly detail: string;
  /** When the service answered, by its own clock (the `Date` header, whole seconds); undefined without an answer. */
  readonly answeredAt?: number;

  constructor(init: FlowServiceErrorInit) {
    super(formatMessage(init));
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.detail = init.detail;
    this.answeredAt = init.answeredAt;
    if (init.cause) Object.defineProperty(this, "cause", { value: init.cause, enumerable: false });
  }

  /** True when no HTTP response was received, so the server may or may not have processed the request. */
  get isNetworkError(): boolean {
    return this.status === undefined;
  }
}

/**
 * IMS did not issue a token. Nothing was sent to the Flow Service, so the call that needed the token
 * certainly did not happen: callers must not treat this as an unknown outcome.
 */
export class TokenRequestError extends FlowServiceError {
  override readonly name = "TokenRequestError";
}

/**
 * The Flow Service's own "this entity does not exist" answer: 404 `FLOW-1439-404`. Other 404s (an
 * unknown sandbox `2100`-`2106`, a wrong base path, the gateway's own) say nothing about the entity
 * and must never be read as "deleted".
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/flow-service-api-errors
 * Note that Adobe answers the same 404 for a flow that carries an access label the caller's role
 * lacks (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels).
 */
export function isEntityNotFound(err: unknown): err is FlowServiceError {
  // The catalogue lists the code as 1439-400 while the service answers HTTP 404 FLOW-1439-404: the number is what counts.
  return err instanceof FlowServiceError && answered(err, "entityNotFound");
}

function formatMessage(init: FlowServiceErrorInit): string {
  const outcome = init.status === undefined ? "failed without a response" : `failed with HTTP ${init.status}`;
  const code = init.code ? ` ${init.code}` : "";
  const rid = init.requestId ? ` (request id ${init.requestId})` : "";
  return `${init.method} ${init.path} ${outcome}${code}: ${init.detail}${rid}`;
}

interface ParsedErrorBody {
  code?: string;
  detail?: string;
  requestId?: string;
}

/**
 * Reads the three error body styles AEP uses (gateway `{error_code, message}`, Flow Service
 * problem-like `{type: .../FLOW-1439-404, report, errorMessage}`, generic `{title, detail}`) and
 * the IMS OAuth style `{error, error_description}`.
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === "string") return body.trim() ? { detail: truncate(body.trim()) } : {};
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
  // The destinations spec shows `error_code` as a number; Adobe's other examples as a string.
  const code = (v: unknown): string | undefined => (typeof v === "number" && Number.isFinite(v) ? String(v) : str(v));
  const report = (b.report && typeof b.report === "object" ? b.report : {}) as Record<string, unknown>;
  // The Schema Registry names its codes the same way: `http://ns.adobe.com/aep/errors/XDM-1521-400`.
  const typeCode = str(b.type)?.match(/((?:FLOW|XDM)-\d+-\d+)$/)?.[1];
  const errorCode = code(b.error_code) ?? typeCode ?? str(b.error);
  const detail =
    str(b.message) ?? str(b.errorMessage) ?? str(report["detailed-message"]) ?? str(b.detail) ?? str(b.error_description) ?? str(b.title);
  return { code: errorCode, detail: detail && truncate(detail), requestId: str(report["request-id"]) };
}

// Long enough for the service's longest explanations (a flow spec's list of connection spec ids); a cap, because a
// gateway may answer with a whole HTML page.
function truncate(s: string): string {
  return s.length > 1500 ? `${s.slice(0, 1500)}…` : s;
}

/** How the client authenticates, so that a refused token names the setting actually in use. */
export type CredentialKind = "accessToken" | "clientCredentials" | "custom";

const TOKEN_REFUSED: Record<CredentialKind, string> = {
  accessToken:
    "the access token in aep:accessToken / AEP_ACCESS_TOKEN was refused: it may have expired (IMS tokens last 24 hours) or belong to another client than aep:clientId; set a new one",
  clientCredentials:
    "the token IMS issued for aep:clientId was refused even after a renewal: check that aep:clientId belongs to a Developer Console project with the Experience Platform API, in the org aep:orgId",
  custom: "the token from the custom token provider was refused",
};

/**
 * Pulumi keeps a provider's configuration in the stack: `refresh` and `destroy` run with the
 * settings of the last `up`, so a setting just fixed seems ignored.
 */
export const LAST_UP =
  "; `pulumi refresh` and `pulumi destroy` use the aep:* settings of the last `pulumi up`: after changing one, run `pulumi up` first, or add --run-program";

/** Which setting to look at, when the service's answer is about configuration rather than an entity (error-codes.ts). */
export function settingHint(code: string | undefined, credentials: CredentialKind = "clientCredentials"): string | undefined {
  const row = SETTING_ROWS.find((name) => hasCode(code, name));
  const hint = hasCode(code, "tokenRefused") ? TOKEN_REFUSED[credentials] : row && ERROR_CODES[row].todo;
  return hint && `${hint}${LAST_UP}`;
}
