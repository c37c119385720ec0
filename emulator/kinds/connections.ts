// What base, source and target connections share: the connection spec a body names, the checks of
// params against the spec's JSON Schemas, the sources catalogue's errors for them, and the PATCH
// refusals (1414 connection spec, 1365 path). What source and target connections alone share is in
// data-connection.ts.
// Catalogues: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
// and https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors (the
// sources catalogue is an unlisted page; its codes come in the Flow Service's error body here too).
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { Fail, flowServiceError, invalid } from "../errors";
import { ConnectionSpec, connectionSpec } from "../specs";
import type { StoredEntity } from "./entity";
import type { SpecFacts } from "./kind";

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
  flowServiceError(1304, 400, `The mandatory field ${field} is not provided. Please provide the ${field} and try again.`);

/** The sources catalogue's 1312: a param whose value is not valid. */
export const invalidParam = (value: string, property: string) =>
  flowServiceError(
    1312,
    400,
    `The provided param value ${value} is not a valid input for property=${property}. Please provide a valid param value and try again.`,
  );

/** The sources catalogue's 1365: a PATCH path the connection does not take. */
export const invalidPath = (path: string) =>
  flowServiceError(1365, 400, `The path ${path} provided in ops is invalid. Please provide valid path ${path} and try again.`);

/** 1414: "The connection spec of a connection cannot be updated." */
export const specUnchangeable = () => flowServiceError(1414, 400, "The connection spec of a connection cannot be updated.");

/** Whether a PATCH path touches the connection spec (refused with 1414 rather than as an unknown path). */
export const touchesSpec = (path: string) => /^\/connectionSpec(\/|$)/.test(path);

/**
 * The catalogue's 1444 is written for flows ("Flow … is not in expected state pending"); the emulator
 * answers a publish of a connection that is not a draft the same way, naming the connection.
 */
export const notDraft = (noun: string, entity: StoredEntity) =>
  flowServiceError(1444, 400, `${noun[0].toUpperCase()}${noun.slice(1)} ${entity.id} is not in expected state draft.`);

/** The connection spec a body names (`connectionSpec: {id, version}`); 1413 for an unknown or malformed id. */
export function specNamed(body: Record<string, unknown>): { spec: ConnectionSpec; version: string } {
  const ref = body.connectionSpec as { id?: unknown; version?: unknown } | undefined;
  if (!ref || typeof ref !== "object") throw mandatory("connectionSpec");
  const spec = typeof ref.id === "string" && UUID.test(ref.id) ? connectionSpec(ref.id) : undefined;
  if (!spec) throw flowServiceError(1413, 400, "The spec ID provided is invalid. Please provide a valid spec ID and try again.");
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
export function requireName(value: unknown, fail: Fail = invalid): string {
  if (value === undefined) throw mandatory("name");
  if (typeof value !== "string" || value.trim() === "") throw fail("name must be a non-empty string");
  return value;
}

export function optionalDescription(value: unknown, fail: Fail = invalid): string | undefined {
  if (value !== undefined && typeof value !== "string") throw fail("description must be a string");
  return value as string | undefined;
}

/** A `name` that may be absent (a target connection's: the spec's schema requires only connectionSpec and data). */
export function optionalName(value: unknown, fail: Fail = invalid): string | undefined {
  if (value !== undefined && (typeof value !== "string" || value.trim() === "")) throw fail("name must be a non-empty string");
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

/** The entity without the emulator's own bookkeeping (keys starting with "_"). */
export function withoutInternals<T extends Record<string, unknown>>(entity: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entity).filter(([k]) => !k.startsWith("_")));
}
