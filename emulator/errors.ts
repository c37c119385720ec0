// Error bodies in the three shapes AEP sends (reference §4): the gateway's `{error_code, message}`,
// the Flow Service's problem-like body with a `FLOW-<code>-<status>` type URL, and the platform's
// generic BadRequest. Thrown as EmulatorError and rendered by the server.

export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === "string" ? body.message : typeof body.errorMessage === "string" ? body.errorMessage : `HTTP ${status}`);
  }
}

export function gatewayError(status: number, errorCode: string, message: string, headers?: Record<string, string>): EmulatorError {
  return new EmulatorError(status, { error_code: errorCode, message }, headers);
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  404: "Resource not found",
  412: "Precondition failed",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

export function flowError(code: number, status: number, message: string, report: Record<string, unknown> = {}): EmulatorError {
  return new EmulatorError(status, {
    type: `https://ns.adobe.com/aep/errors/FLOW-${code}-${status}`,
    title: TITLES[status] ?? "Error",
    status,
    report: { "detailed-message": message, ...report },
    errorMessage: message,
    errorDetails: message,
  });
}

export function genericBadRequest(detail: string): EmulatorError {
  return new EmulatorError(400, { type: "/placeholder/type/uri", status: 400, title: "BadRequestError", detail });
}

export function imsError(status: number, error: string, description: string): EmulatorError {
  return new EmulatorError(status, { error, error_description: description });
}

export const notFound = (id: string) =>
  flowError(1439, 404, `The requested flows resource ${id} is not found. Please check the id and try again.`, { id, type: "flows" });
