// Every error code of Adobe's services the package reacts to, once: what the service means by it,
// what the user should do, and the page that says so. The client's setting hints, the lifecycle's
// decisions (wait, read again, explain) and its messages match codes only through `answered`; the
// page docs/error-codes.md is generated from this table (`npm run gen`). Pure data.
// Flow Service codes come as `FLOW-<number>-<status>` in the type URL of the error body
// (https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors);
// the gateway's as a bare `error_code`.

const FLOW_ERRORS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors";
const SOURCES_ERRORS = "https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors";
const TROUBLESHOOTING = "https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting";
const XDM_TROUBLESHOOTING = "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide";

/** One row: the codes (`FLOW-1439`, matched with any status suffix, or a gateway `403010`), the HTTP status, and the words. */
export interface ErrorCode {
  codes: readonly string[];
  status: number;
  /** What the service means. */
  meaning: string;
  /** What the user should do (for the setting hints, the sentence the error ends with). */
  todo: string;
  /** The Adobe page that documents it. */
  source: string;
}

export const ERROR_CODES = {
  entityNotFound: {
    codes: ["FLOW-1439"],
    status: 404,
    meaning:
      "The entity does not exist: deleted, or hidden by an access label the caller's role lacks (Adobe answers both alike). The " +
      "catalogue lists it as 1439-400; the service answers 404.",
    todo:
      "If it was deleted, `pulumi refresh` marks it not-found and the next `pulumi up` makes it again; if it is labelled, use " +
      "credentials whose role has the label.",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels",
  },
  hiddenByLabel: {
    codes: ["FLOW-2120"],
    status: 403,
    meaning: "Insufficient permissions: on a write to an entity the caller cannot see, it carries an access label the role lacks.",
    todo: "Use credentials whose role has the entity's labels, or ask an administrator to add the label to the role.",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels",
  },
  sandboxNotFound: {
    codes: ["FLOW-2100"],
    status: 404,
    meaning: "The sandbox named in `x-sandbox-name` does not exist.",
    todo: "the sandbox does not exist: check aep:sandboxName or the resource's sandboxName",
    source: FLOW_ERRORS,
  },
  sandboxInvalid: {
    codes: ["FLOW-2105"],
    status: 400,
    meaning: "The sandbox name is missing or invalid.",
    todo: "the sandbox name is missing or invalid: check aep:sandboxName or the resource's sandboxName",
    source: FLOW_ERRORS,
  },
  startTimePassed: {
    codes: ["FLOW-1360"],
    status: 400,
    meaning: "A new flow's schedule starts in the past, by the service's clock.",
    todo:
      "It is about `scheduleParams.startTime`: the service refuses a new flow whose start time has passed by its clock. Set a " +
      "startTime in the future.",
    source: SOURCES_ERRORS,
  },
  startTimeFrozen: {
    codes: ["FLOW-1366"],
    status: 400,
    meaning: "A published flow's start time has passed, so it can no longer change.",
    todo:
      "It is about `scheduleParams.startTime`: the flow's start time has passed by the service's clock, so it can no longer " +
      "change. Keep it (other schedule keys can change), or make a new flow with a future startTime: `pulumi up --replace " +
      "<this resource's URN>`, or give the resource a new name.",
    source: SOURCES_ERRORS,
  },
  notInExpectedState: {
    codes: ["FLOW-1444"],
    status: 400,
    meaning: "The action does not apply to the entity's state: a publish of an entity that is no longer a draft.",
    todo: "Nothing: the provider reads the entity, and sends the action again only if its settled state still needs it.",
    source: FLOW_ERRORS,
  },
  busy: {
    codes: ["FLOW-1420", "FLOW-1421", "FLOW-1422", "FLOW-1457", "FLOW-1458"],
    status: 400,
    meaning: "The entity's state cannot change now: it is updating, initializing or disabling (1420-1422), or being deleted (1457, 1458).",
    todo: "Nothing: the provider waits until it settles (aep:settleTimeoutSeconds), then sends the call again if still needed.",
    source: FLOW_ERRORS,
  },
  deleteInProgress: {
    codes: ["FLOW-1457", "FLOW-1458"],
    status: 400,
    meaning: "The entity is being deleted (delete-finalizing).",
    todo: "Nothing for a delete (it waits); any other call is told the entity is gone: `pulumi refresh`, then `pulumi up`.",
    source: FLOW_ERRORS,
  },
  patchRefused: {
    codes: ["FLOW-1365", "FLOW-1445", "FLOW-1300"],
    status: 400,
    meaning:
      "A PATCH refused for what it touches: a path the entity does not take (1365), or PATCH switched off for the connector " +
      "(1445, 1300). Nothing was changed.",
    todo: "Undo the change in the program, or replace the entity: `pulumi up --replace <urn>`.",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter",
  },
  stillInUse: {
    codes: ["FLOW-1418", "FLOW-1447"],
    status: 400,
    meaning:
      "A DELETE refused because something still uses the entity: a base connection used by flows (1418), a connection by an active flow (1447).",
    todo:
      "Delete what uses it first (a resource that takes this one's id as an input is deleted before it), or drop it from the " +
      "stack only: `pulumi state delete <urn>`.",
    source: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete",
  },
  xdmTitleNotUnique: {
    codes: ["XDM-1521"],
    status: 400,
    meaning:
      "Object titles must be unique: a field group or schema of the sandbox already has this title (titles are unique across resource types).",
    todo:
      "Give the resource another title, or take the existing one over with `adoptId` (its `$id`). After a create whose answer was " +
      "lost, the provider reads it as its own create having landed, and looks the title up.",
    source: XDM_TROUBLESHOOTING,
  },
  xdmNotFound: {
    codes: ["XDM-1010", "XDM-1011", "XDM-1012", "XDM-1013", "XDM-1014", "XDM-1015", "XDM-1016", "XDM-1017"],
    status: 404,
    meaning:
      "The Schema Registry resource (field group, schema, descriptor…) does not exist at this version (the code varies with the resource type).",
    todo: "`pulumi refresh` marks it not-found, and the next `pulumi up` creates it again.",
    source: XDM_TROUBLESHOOTING,
  },
  xdmUnionNeedsIdentity: {
    codes: ["XDM-1528"],
    status: 400,
    meaning: "To participate in a union (Profile), a schema must include an identityMap field group or a primary identity descriptor.",
    todo:
      "Declare an `IdentityDescriptor` of the schema with `isPrimary: true` and `enableProfile: true` (it adds the union tag once " +
      "it exists), instead of `profileEnabled` on the Schema; or add the identityMap field group to the schema.",
    source: XDM_TROUBLESHOOTING,
  },
  noAccessToken: {
    codes: ["403010"],
    status: 403,
    meaning: "The gateway got no access token.",
    todo: "no access token was sent: set aep:accessToken, or aep:clientId and aep:clientSecret",
    source: TROUBLESHOOTING,
  },
  noApiKey: {
    codes: ["403000"],
    status: 403,
    meaning: "The gateway got no API key (`x-api-key`).",
    todo: "no API key was sent: set aep:clientId",
    source: TROUBLESHOOTING,
  },
  apiKeyRefused: {
    codes: ["403003"],
    status: 403,
    meaning: "The gateway refused the API key.",
    todo: "the API key was refused: check aep:clientId (it must be the client the token was issued to)",
    source: TROUBLESHOOTING,
  },
  noOrg: {
    codes: ["400003"],
    status: 400,
    meaning: "The `x-gw-ims-org-id` header is missing.",
    todo: "the IMS org header is missing: set aep:orgId",
    source: TROUBLESHOOTING,
  },
  orgNotEntitled: {
    codes: ["403025"],
    status: 403,
    meaning: "The org is not entitled to the API, or does not match the credentials.",
    todo: "the org is not entitled or does not match the credentials: check aep:orgId",
    source: TROUBLESHOOTING,
  },
  noRoute: {
    codes: ["404000"],
    status: 404,
    meaning: "The gateway has no route at this address.",
    todo: "no such route at this address: check aep:endpoint (the platform's base URL, e.g. https://platform.adobe.io, with no path)",
    source: TROUBLESHOOTING,
  },
  tokenRefused: {
    codes: ["401013"],
    status: 401,
    meaning: "The gateway refused the access token (expired, or issued to another client).",
    todo: "Renew the token, or check that the client belongs to a project with the Experience Platform API in the org.",
    source: TROUBLESHOOTING,
  },
} as const satisfies Record<string, ErrorCode>;

export type ErrorCodeName = keyof typeof ERROR_CODES;

/** Whether `code` (as the client parsed it: `FLOW-1439-404`, `403010`) is one of the codes of row `name`, whatever the status. */
export function hasCode(code: string | undefined, name: ErrorCodeName): boolean {
  return code !== undefined && matches(ERROR_CODES[name], code);
}

function matches(row: ErrorCode, code: string): boolean {
  return row.codes.some((c) => (/^(FLOW|XDM)-/.test(c) ? code.startsWith(`${c}-`) && /-\d{3}$/.test(code) : code === c));
}

/** An answer of the service as errors.ts's FlowServiceError carries it (structural, so this table imports nothing). */
export interface Answer {
  status?: number;
  code?: string;
  detail: string;
}

/** Whether the service answered `err` with one of the codes of row `name`, at its HTTP status. */
export function answered(err: unknown, name: ErrorCodeName): err is Error & Answer {
  const row: ErrorCode = ERROR_CODES[name];
  const e = err as Partial<Answer> | undefined;
  return err instanceof Error && e?.status === row.status && typeof e.code === "string" && matches(row, e.code);
}

/** The rows the client's setting hints come from: answers about configuration, not about an entity. */
export const SETTING_ROWS: readonly ErrorCodeName[] = [
  "noAccessToken",
  "noApiKey",
  "apiKeyRefused",
  "noOrg",
  "orgNotEntitled",
  "sandboxNotFound",
  "sandboxInvalid",
  "noRoute",
];
