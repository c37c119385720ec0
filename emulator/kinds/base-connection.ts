// Base connections (`/connections`): a source account's credentials, checked against the connection
// spec's auth spec (`auth.specName` one of `authSpec[].name`, else 1415; its params against the auth
// spec's schema). Params the spec marks `format: "password"` are never read back (behaviour
// `secretParams`); an HTTP API streaming connection's GET adds its inlet. PATCH takes `/name`,
// `/description`, `/auth/params` and `/auth/params/{key}`; the connection spec cannot change (1414).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/cloud-storage/s3,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/streaming/http,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec
// Codes (1402, 1414, 1415, 1416, 1417, 1418, 1455):
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { createHash, randomBytes } from "node:crypto";
import type { Behaviour } from "../behaviour";
import { flowServiceError, invalid, invalidPatch } from "../errors";
import { redactCredentials } from "../journal";
import { ConnectionSpec, HTTP_STREAMING, connectionSpec } from "../specs";
import type { EntityKind } from "./kind";
import {
  StoredConnection,
  checkAgainst,
  invalidPath,
  notDraft,
  optionalDescription,
  requireName,
  specFacts,
  specNamed,
  specUnchangeable,
  touchesSpec,
  withoutInternals,
} from "./connections";

export interface StoredBaseConnection extends StoredConnection {
  name: string;
  auth: { specName: string; params: Record<string, unknown> };
  /** The streaming inlet Adobe makes for an HTTP API connection (read back in `auth.params`). */
  _inletId?: string;
}

/** What a GET shows in place of a secret with `secretParams: masked`. */
export const SECRET_MASK = "********";

const PATCHABLE = /^\/(name|description|auth\/params(\/[^/]+)?)$/;

function authSpecOf(spec: ConnectionSpec, specName: string) {
  const found = spec.authSpec.find((a) => a.name === specName);
  if (!found) {
    throw flowServiceError(1415, 400, `The auth spec '${specName}' could not be found for the connection spec ID ${spec.id}.`);
  }
  return found;
}

function checkAuth(spec: ConnectionSpec, auth: unknown, fail = invalid): { specName: string; params: Record<string, unknown> } {
  if (!auth || typeof auth !== "object" || Array.isArray(auth)) throw fail("auth must be an object with specName and params");
  const { specName, params } = auth as { specName?: unknown; params?: unknown };
  if (typeof specName !== "string") throw fail("auth.specName must be the name of one of the connection spec's authSpec");
  const declared = authSpecOf(spec, specName);
  checkAgainst(declared.spec, params, "auth.params", fail);
  return { specName, params: { ...(params as Record<string, unknown>) } };
}

/** The params the auth spec declares `format: "password"`: secrets, never read back. */
function secretKeys(entity: StoredBaseConnection): string[] {
  const spec = connectionSpec(entity.connectionSpec.id);
  const declared = spec?.authSpec.find((a) => a.name === entity.auth.specName);
  const properties = (declared?.spec.properties ?? {}) as Record<string, { format?: string }>;
  return Object.keys(properties).filter((k) => properties[k].format === "password");
}

/** A stable stand-in for a secret in the control plane: tests can tell a rotation without seeing the value. */
export function secretFingerprint(value: unknown): string {
  return `<secret sha256:${createHash("sha256").update(String(value)).digest("hex").slice(0, 16)}>`;
}

function withSecrets(entity: StoredBaseConnection, replace: (value: unknown) => unknown | undefined): StoredBaseConnection {
  const params = { ...entity.auth.params };
  for (const key of secretKeys(entity)) {
    if (!(key in params)) continue;
    const shown = replace(params[key]);
    if (shown === undefined) delete params[key];
    else params[key] = shown;
  }
  return { ...entity, auth: { ...entity.auth, params } };
}

/** The HTTP tutorial's GET: the inlet Adobe made, `sourceId` defaulting to the connection's name. */
function withInlet(entity: StoredBaseConnection): StoredBaseConnection {
  if (entity.connectionSpec.id !== HTTP_STREAMING || !entity._inletId) return entity;
  const params = entity.auth.params;
  return {
    ...entity,
    auth: {
      ...entity.auth,
      params: {
        ...params,
        sourceId: params.sourceId ?? params.name ?? entity.name,
        inletUrl: `https://dcs.adobedc.net/collection/${entity._inletId}`,
        inletId: entity._inletId,
        authenticationRequired: params.authenticationRequired ?? false,
      },
    },
  };
}

export const baseConnectionKind: EntityKind<StoredBaseConnection> = {
  path: "connections",
  noun: "base connection",
  // providerId: the HTTP API tutorial's request (and Adobe's aepp) send it with an HTTP API connection; it is the spec's
  // and is not kept. Any other field is refused (1100): Adobe documents no refusal, but a misspelt field is not dropped silently.
  fields: new Set(["name", "description", "auth", "connectionSpec", "providerId"]),
  spec(body) {
    const { spec } = specNamed(body);
    // A spec without an auth spec (the data lake) takes no base connection: no example creates one, and no code is documented.
    if (spec.authSpec.length === 0) throw invalid(`connection spec ${spec.name} (${spec.id}) takes no base connection`);
    return specFacts(spec);
  },
  build(_ctx, b) {
    const { spec, version } = specNamed(b);
    const description = optionalDescription(b.description);
    return {
      name: requireName(b.name),
      ...(description !== undefined ? { description } : {}),
      connectionSpec: { id: spec.id, version },
      auth: checkAuth(spec, b.auth),
      // The HTTP API tutorial's GET shows the inlet Adobe makes (a 64-hex inletId); see withInlet.
      ...(spec.id === HTTP_STREAMING ? { _inletId: randomBytes(32).toString("hex") } : {}),
    };
  },
  patchPath(path) {
    if (touchesSpec(path)) return specUnchangeable();
    return PATCHABLE.test(path) ? undefined : invalidPath(path);
  },
  patchFail: invalidPatch,
  afterPatch(_ctx, previous, next) {
    const spec = connectionSpec(previous.connectionSpec.id)!;
    requireName(next.name, invalidPatch);
    optionalDescription(next.description, invalidPatch);
    next.auth = checkAuth(spec, { specName: previous.auth.specName, params: next.auth?.params }, invalidPatch);
    return next;
  },
  publishBlocker: () => undefined,
  notDraft: (entity) => notDraft("base connection", entity),
  // The spec's op enum for /connections/{id}/action is FINALIZE_UPDATE, FINALIZE and PUBLISH; finalize is "supported for
  // provider requests only" (1402). Another op: 1100, as no code is documented.
  action(verb) {
    if (verb === "finalize" || verb === "finalize_update") {
      throw flowServiceError(1402, 400, `The action '${verb}' is supported for provider requests only.`);
    }
    throw invalid(`unknown action op "${verb}": a base connection takes publish`);
  },
  /**
   * "The base connection … cannot be deleted because the base connection is being used in one or
   * more flows" (1418). The delete tutorial says to delete the dataflows first; what answers a base
   * connection used only by a source or target connection is not documented, and the emulator answers
   * 1418 too, naming what uses it. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete
   */
  deleteBlocker(ctx, entity) {
    const sandbox = ctx.caller.sandboxName;
    const users = ctx.refs.connectionsOfBase(sandbox, entity.id);
    if (users.length === 0) return undefined;
    const flows = [...new Set(users.flatMap((u) => ctx.refs.flowsUsingConnection(sandbox, u.id).map((f) => f.id)))];
    const named = users.map((u) => `${u.kind} connection ${u.id}`);
    return flowServiceError(
      1418,
      400,
      `The base connection with the ID ${entity.id} cannot be deleted because the base connection is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection. Used by: ${[...named, ...flows.map((f) => `flow ${f}`)].join(", ")}.`,
    );
  },
  /** 1416: update and delete apply to enabled, disabled or initializing connections (behaviour `draftBaseConnectionWrites`). */
  writeGuard(ctx, entity) {
    if (entity.state !== "draft" || ctx.behaviour.draftBaseConnectionWrites !== "refuse") return undefined;
    return flowServiceError(1416, 400, "Delete or Update can only be applied on connection with enabled, disabled or initializing state.");
  },
  // A published connection initialises (1416, 1417 name the state); that publish is what leads there, and how long it
  // lasts, are not documented (behaviour `transitionMs`).
  transitions: { publish: "initializing" },
  duringTransition(t, operation) {
    if (t.state !== "initializing" || operation === "action") return undefined;
    return flowServiceError(1417, 400, "Delete or Update on Connections in `initializing` state are not allowed with UserToken.");
  },
  // Adobe documents `lastOperation.ops` only for flows (the update tutorial); credentials in them are redacted here so
  // that no GET shows a secret (as behaviour `secretParams`).
  recordedOps: (ops) => redactCredentials(ops) as unknown[],
  view(entity, behaviour: Behaviour) {
    const shown = withSecrets(withInlet(entity), () => (behaviour.secretParams === "masked" ? SECRET_MASK : undefined));
    return withoutInternals(shown);
  },
  controlView: (entity) => withoutInternals(withSecrets(withInlet(entity), secretFingerprint)),
};
