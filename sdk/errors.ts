// One error type for everything the Flow Service or IMS answers with, built from the server's own
// error body. It never holds request headers: the bearer token and the client secret must not reach
// a log line, a Pulumi diagnostic or the state file through an error.

export interface FlowServiceErrorInit {
  status?: number;
  code?: string;
  requestId?: string;
  method: string;
  path: string;
  detail: string;
  /** Network-level cause (ECONNRESET, timeout, ...), kept without its request config. */
  cause?: { code?: string; message: string };
}

export class FlowServiceError extends Error {
  override readonly name = "FlowServiceError";
  /** HTTP status, or undefined when no response arrived (network error, timeout). */
  readonly status?: number;
  /** AEP error code: the gateway's `error_code` (e.g. `401013`) or `FLOW-<code>-<status>` from the type URL. */
  readonly code?: string;
  readonly requestId?: string;
  readonly method: string;
  readonly path: string;
  readonly detail: string;

  constructor(init: FlowServiceErrorInit) {
    super(formatMessage(init));
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.detail = init.detail;
    if (init.cause) Object.defineProperty(this, "cause", { value: init.cause, enumerable: false });
  }

  /** True when no HTTP response was received, so the server may or may not have processed the request. */
  get isNetworkError(): boolean {
    return this.status === undefined;
  }
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
  const report = (b.report && typeof b.report === "object" ? b.report : {}) as Record<string, unknown>;
  const typeCode = str(b.type)?.match(/(FLOW-\d+-\d+)$/)?.[1];
  const code = str(b.error_code) ?? typeCode ?? str(b.error);
  const detail =
    str(b.message) ??
    str(b.errorMessage) ??
    str(report["detailed-message"]) ??
    str(b.detail) ??
    str(b.error_description) ??
    str(b.title);
  return { code, detail: detail && truncate(detail), requestId: str(report["request-id"]) };
}

function truncate(s: string): string {
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

/** Which setting to look at for the errors that are about configuration, not about the flow. */
const SETTING_HINTS: Record<string, string> = {
  "401013": "the access token was refused: check aep:accessToken (it may have expired) or aep:clientId / aep:clientSecret",
  "403010": "no access token was sent: set aep:accessToken, or aep:clientId and aep:clientSecret",
  "403000": "no API key was sent: set aep:clientId",
  "403003": "the API key was refused: check aep:clientId (it must be the client the token was issued to)",
  "400003": "the IMS org header is missing: set aep:orgId",
  "403025": "the org is not entitled or does not match the credentials: check aep:orgId",
  "FLOW-2100-404": "the sandbox does not exist: check aep:sandboxName or the resource's sandboxName",
  "FLOW-2105-400": "the sandbox name is missing or invalid: check aep:sandboxName or the resource's sandboxName",
};

export function settingHint(code: string | undefined): string | undefined {
  return code === undefined ? undefined : SETTING_HINTS[code];
}
