// Error bodies in the shapes AEP sends: the gateway's `{error_code, message}`, the Flow Service's
// problem-like body with a `FLOW-<code>-<status>` type URL, and the platform's generic BadRequest.
// Codes and messages follow Adobe's catalogue:
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
// Thrown as EmulatorError and rendered by the request path (requests.ts).

export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === "string" ? body.message : typeof body.errorMessage === "string" ? body.errorMessage : `HTTP ${status}`);
  }
}

/**
 * The gateway's error body. Adobe's examples show `error_code` as a string ("401013"), and the
 * destinations spec as a number; `numeric` chooses (see behaviour.ts).
 * https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting,
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml
 */
export function gatewayError(
  status: number,
  errorCode: string,
  message: string,
  headers?: Record<string, string>,
  numeric = false,
): EmulatorError {
  return new EmulatorError(status, { error_code: numeric && /^\d+$/.test(errorCode) ? Number(errorCode) : errorCode, message }, headers);
}

// The catalogue's titles by status; 502 "Bad gateway" is not in the catalogue (used only by injected faults).
const TITLES: Record<number, string> = {
  400: "Invalid request",
  403: "Forbidden",
  404: "Resource not found",
  412: "Version not matching",
  500: "Internal Error",
  502: "Bad gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * The Flow Service's error body, whatever the entity (flows, connections, specs, runs, lists): code `code` of the
 * catalogue above, answered with `status`. Its shape (type URL, title, status, report with "detailed-message",
 * errorMessage, errorDetails) is the labels tutorial's 404 and 403 examples:
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels
 */
export function flowServiceError(code: number, status: number, message: string, report: Record<string, unknown> = {}): EmulatorError {
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
  return platformError(400, detail);
}

// "BadRequestError" (400) and "NotAcceptableError" (406) are Adobe's (platformError's pages below); the others follow
// their pattern, as Adobe prints none.
const PLATFORM_TITLES: Record<number, string> = {
  400: "BadRequestError",
  403: "ForbiddenError",
  404: "NotFoundError",
  405: "MethodNotAllowedError",
  406: "NotAcceptableError",
  500: "InternalServerError",
  503: "ServiceUnavailableError",
  504: "GatewayTimeoutError",
};

/**
 * The platform's generic error body `{type, status, title, detail}`, as the troubleshooting guide
 * prints it (https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting)
 * and the XDM troubleshooting guide's 404/406 examples
 * (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide). Data Prep and Catalog
 * document no error bodies of their own (their specs list bare statuses), so they answer in this shape.
 */
export function platformError(status: number, detail: string): EmulatorError {
  return new EmulatorError(status, { type: "/placeholder/type/uri", status, title: PLATFORM_TITLES[status] ?? "Error", detail });
}

/**
 * The Schema Registry's error body: an `XDM-<code>-<status>` type URL and a report, as the spec's
 * examples show (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/schema-registry.yaml).
 */
export function xdmError(code: number, status: number, title: string, detail: string): EmulatorError {
  return new EmulatorError(status, {
    type: `http://ns.adobe.com/aep/errors/XDM-${code}-${status}`,
    title,
    status,
    report: { "detailed-message": detail, "sub-errors": [] },
    detail,
  });
}

// Adobe documents no IMS error body; this is OAuth 2.0's (RFC 6749 §5.2) `{error, error_description}`.
export function imsError(status: number, error: string, description: string): EmulatorError {
  return new EmulatorError(status, { error, error_description: description });
}

/**
 * "The requested flows resource … is not found" (404 `FLOW-1439-404`). Adobe answers the same for
 * a flow hidden by an access label the caller's role lacks:
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels
 */
export const notFound = (id: string, type = "flows") =>
  flowServiceError(1439, 404, `The requested ${type} resource ${id} is not found. Verify the resource ID before trying again.`, {
    id,
    type,
  });

/** 2120-403: what PATCH and DELETE of a flow hidden by an access label answer (the labels tutorial above). */
export const forbidden = () =>
  flowServiceError(
    2120,
    403,
    "You do not have sufficient permissions to perform the operation. Please contact your administrator to resolve permissions and try again.",
  );

/**
 * A request the flow provider refused as invalid ("1100-400 … Error from flow provider: …", the catalogue above):
 * the emulator's answer wherever Adobe documents a refusal but no code for it.
 */
export const invalid = (message: string) =>
  flowServiceError(1100, 400, `The request could not be processed. Error from flow provider: ${message}`);

/** How a check refuses: `invalid` in a create, `invalidPatch` in a PATCH. */
export type Fail = (message: string) => EmulatorError;

/** 1455, the catalogue's patch validation error: a PATCH that cannot be applied or leaves the entity invalid. */
export const invalidPatch: Fail = (message) =>
  flowServiceError(1455, 400, `An error has occurred while validating patch instructions: ${message}`);
