// What base, source and target connections share: the connection spec a body names, the checks of
// params against the spec's JSON Schemas, the sources catalogue's errors for them, the PATCH refusals
// (1414 connection spec, 1365 path), and the publish and delete order between connections and flows.
// Catalogues: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
// and https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors (the
// sources catalogue is an unlisted page; its codes come in the Flow Service's error body here too).
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { EmulatorError, flowError, invalid } from "../errors";
import { ConnectionSpec, connectionSpec } from "../specs";
import type { StoredEntity } from "../store/entities";
import type { KindContext, SpecFacts } from "./kind";
import type { TransitionalState } from "../transitions";

export interface StoredConnection extends StoredEntity {
  connectionSpec: { id: string; version: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// No coercion: a connection's params are stored as sent. `password` marks a secret (the auth spec
// guide, https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec), not a pattern to check.
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("password", true);
const compiled = new WeakMap<object, ValidateFunction>();

/** The sources catalogue's 1304: a mandatory field missing. */
export const mandatory = (field: string) =>
  flowError(1304, 400, `The mandatory field ${field} is not provided. Please provide the ${field} and try again.`);

/** The sources catalogue's 1312: a param whose value is not valid. */
export const invalidParam = (value: string, property: string) =>
  flowError(
    1312,
    400,
    `The provided param value ${value} is not a valid input for property=${property}. Please provide a valid param value and try again.`,
  );

/** The sources catalogue's 1365: a PATCH path the connection does not take. */
export const invalidPath = (path: string) =>
  flowError(1365, 400, `The path ${path} provided in ops is invalid. Please provide valid path ${path} and try again.`);

/** 1414: "The connection spec of a connection cannot be updated." */
export const specUnchangeable = () => flowError(1414, 400, "The connection spec of a connection cannot be updated.");

/** Whether a PATCH path touches the connection spec (refused with 1414 rather than as an unknown path). */
export const touchesSpec = (path: string) => /^\/connectionSpec(\/|$)/.test(path);

/**
 * The catalogue's 1444 is written for flows ("Flow … is not in expected state pending"); the emulator
 * answers a publish of a connection that is not a draft the same way, naming the connection.
 */
export const notDraft = (noun: string, entity: StoredEntity) =>
  flowError(1444, 400, `${noun[0].toUpperCase()}${noun.slice(1)} ${entity.id} is not in expected state draft.`);

/** The connection spec a body names (`connectionSpec: {id, version}`); 1413 for an unknown or malformed id. */
export function specNamed(body: Record<string, unknown>): { spec: ConnectionSpec; version: string } {
  const ref = body.connectionSpec as { id?: unknown; version?: unknown } | undefined;
  if (!ref || typeof ref !== "object") throw mandatory("connectionSpec");
  const spec = typeof ref.id === "string" && UUID.test(ref.id) ? connectionSpec(ref.id) : undefined;
  if (!spec) throw flowError(1413, 400, "The spec ID provided is invalid. Please provide a valid spec ID and try again.");
  // The spec's SpecInfoDTO declares version a string (1100 otherwise: no code is documented).
  if (ref.version !== undefined && typeof ref.version !== "string") throw invalid('connectionSpec.version must be a string such as "1.0"');
  // "Omitting this value will default to the most recent version" (the spec's POST /connections,
  // https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml);
  // every spec here has one version.
  return { spec, version: (ref.version as string | undefined) ?? spec.version };
}

export function specFacts(spec: ConnectionSpec): SpecFacts {
  return { id: spec.id, name: spec.name, draftSupported: spec.attributes.isDraftModeSupported !== false };
}

/**
 * `name` "(Required)" and `description` optional, as the spec's POST /connections describes them (the schema itself
 * requires only connectionSpec); a missing name is the sources catalogue's 1304, a wrong type 1100.
 */
export function requireName(value: unknown, fail: (m: string) => EmulatorError = invalid): string {
  if (value === undefined) throw mandatory("name");
  if (typeof value !== "string" || value.trim() === "") throw fail("name must be a non-empty string");
  return value;
}

export function optionalDescription(value: unknown, fail: (m: string) => EmulatorError = invalid): string | undefined {
  if (value !== undefined && typeof value !== "string") throw fail("description must be a string");
  return value as string | undefined;
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string {
  // Keys and rules only: a param's value may be a credential.
  return (errors ?? []).map((e) => `${prefix}${e.instancePath.replace(/\//g, ".")} ${e.message}`).join("; ");
}

/**
 * `value` checked against a spec's JSON Schema (an auth spec's, a source spec's, a target spec's):
 * a missing required property is the sources catalogue's 1304, anything else 1100 naming the property.
 */
export function checkAgainst(schema: Record<string, unknown>, value: unknown, prefix: string, fail = invalid): void {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw fail(`${prefix} must be an object`);
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return;
  const missing = (validate.errors ?? []).find((e) => e.keyword === "required");
  if (missing) throw mandatory(`${prefix}.${String(missing.params.missingProperty)}`);
  throw fail(describe(validate.errors, prefix));
}

/**
 * The server fills the unset parts of `data` with nulls, as the filter tutorial's GET shows:
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter
 */
export function filledData(data: Record<string, unknown> | undefined): Record<string, unknown> {
  return { format: null, schema: null, properties: null, ...(data ?? {}) };
}

/**
 * A source or target connection's base connection: it must exist in the sandbox and be of the
 * same connection spec. Not in either catalogue: 1100 naming it. Adobe documents neither check; they are made so that
 * a wrong id fails at create rather than at the first run (behaviour `referentialChecks` turns them off).
 */
export function checkBase(ctx: KindContext, baseId: string, specId: string): StoredEntity {
  const base = ctx.refs.connection("base", ctx.caller.sandboxName, baseId);
  if (!base) throw invalid(`base connection ${baseId} does not exist in sandbox ${ctx.caller.sandboxName}`);
  const baseSpec = (base.connectionSpec as { id: string }).id;
  if (baseSpec !== specId) {
    throw invalid(
      `base connection ${baseId} is of connection spec ${connectionSpec(baseSpec)?.name ?? baseSpec} (${baseSpec}), not ${connectionSpec(specId)?.name ?? specId} (${specId})`,
    );
  }
  return base;
}

/**
 * "A source or target connection cannot be published while its base connection is a draft"
 * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft). No code
 * is documented for the refusal: 1100 naming the draft, as the catalogue's 1444 is about the entity's
 * own state.
 */
export function draftBase(ctx: KindContext, noun: string, entity: StoredEntity): EmulatorError | undefined {
  if (typeof entity.baseConnectionId !== "string") return undefined;
  const base = ctx.refs.connection("base", ctx.caller.sandboxName, entity.baseConnectionId);
  if (base?.state !== "draft") return undefined;
  return invalid(
    `${noun} ${entity.id} cannot be published while its base connection ${base.id} is a draft: publish the base connection first (POST /connections/${base.id}/action?op=publish)`,
  );
}

/**
 * A source or target connection a flow uses cannot be deleted: the catalogue's 1447 "Found active
 * flows containing id …". The delete tutorial says to delete the dataflows first
 * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete).
 */
export function usedByFlows(ctx: KindContext, entity: StoredEntity): EmulatorError | undefined {
  const flows = ctx.refs.flowsUsingConnection(ctx.caller.sandboxName, entity.id);
  if (flows.length === 0) return undefined;
  return flowError(
    1447,
    400,
    `Found active flows containing id ${entity.id}. Delete these flows first: ${flows.map((f) => f.id).join(", ")}.`,
  );
}

/**
 * The `connectionSpec` and what a GET of a source or target connection adds from its spec: `providerRefId` (the spec's
 * source and target connection DTOs; the filter tutorial's GET). Its value is not documented; the spec's providerId here.
 */
export function specFields(spec: ConnectionSpec, version: string): Record<string, unknown> {
  return { connectionSpec: { id: spec.id, version }, providerRefId: spec.providerId };
}

/** The entity without the emulator's own bookkeeping (keys starting with "_"). */
export function withoutInternals<T extends Record<string, unknown>>(entity: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entity).filter(([k]) => !k.startsWith("_")));
}

/**
 * What source and target connections share after a write: publish after their base connection
 * (the draft tutorial's order), `action?op=publish` alone (the spec's op enum for both is PUBLISH),
 * no delete while a flow uses them, and the transitional states the spec lists for them ("inProgress, updating,
 * enabling, disabling, enabled, and disabled"):
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml.
 * Another op: 1100, as no code is documented. Which operation passes through which state is not documented.
 */
export function publishOnlyLifecycle(noun: "source connection" | "target connection") {
  return {
    publishBlocker: (ctx: KindContext, entity: StoredEntity) => (ctx.checks ? draftBase(ctx, noun, entity) : undefined),
    notDraft: (entity: StoredEntity) => notDraft(noun, entity),
    action(verb: string): never {
      throw invalid(`unknown action op "${verb}": a ${noun} takes publish`);
    },
    deleteBlocker: usedByFlows,
    transitions: { publish: "inProgress", update: "updating" } as Partial<Record<string, TransitionalState>>,
    view: (entity: StoredEntity) => withoutInternals(entity as unknown as Record<string, unknown>),
    controlView: (entity: StoredEntity) => withoutInternals(entity as unknown as Record<string, unknown>),
  };
}
