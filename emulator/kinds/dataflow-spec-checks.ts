// What the Flow Service checks in a flow's body, against the flow spec the flow names: its schedule
// schema (`scheduleSpec`), its transformations (`transformationSpecs`), its options (`optionSpec`),
// and, where behaviour `publishCompleteness` asks, that a published flow is complete (a schedule and
// a mapping where the spec has them: "drafts may omit" them, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft).
// Values are stored in the types the spec declares, as Adobe's examples show (behaviour.ts).
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import type { Behaviour } from "../behaviour";
import { Fail, invalid } from "../errors";
import type { FlowSpec } from "../specs";

const ajv = new Ajv({ coerceTypes: true, allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function validator(schema: Record<string, unknown>): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string {
  const useful = (errors ?? []).filter((e) => !["if", "allOf", "anyOf", "not"].includes(e.keyword) || (errors ?? []).length === 1);
  return (useful.length ? useful : (errors ?? []))
    .map((e) => {
      // The sources catalogue has its own codes for these (1361 interval, 1364 backfill with "once"; 1362/1363 interval),
      // https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors; the emulator
      // answers them in one 1100 or 1455 naming every problem.
      if (e.keyword === "not") return `${prefix}: interval and backfill must be absent when frequency is "once"`;
      if (e.keyword === "additionalProperties")
        return `${prefix}.${String(e.params.additionalProperty)} is not a property of this flow spec`;
      return `${prefix}${e.instancePath.replace(/\//g, ".")} ${e.message}`;
    })
    .join("; ");
}

/** `value` checked against `schema`; returns the value in the schema's types (a copy). */
function check(schema: Record<string, unknown>, value: unknown, prefix: string, fail: Fail): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw fail(`${prefix} must be an object`);
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const v = validator(schema);
  // The first pass coerces ("15" → 15) where a type is declared; the second judges the typed values,
  // so keywords evaluated before the coercion (an if/then minimum) see numbers too.
  v(copy);
  if (!v(copy)) throw fail(describe(v.errors, prefix));
  return copy;
}

/**
 * The schedule as stored: checked against the spec's `scheduleSpec`, then kept as the update
 * tutorial's GET shows it (every value a string), or as sent.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
 */
export function scheduleFor(spec: FlowSpec, value: unknown, behaviour: Behaviour, fail: Fail): Record<string, unknown> {
  // A spec without a scheduleSpec (HTTP API streaming) declares no schedule: the HTTP API tutorial sends none. Adobe
  // documents no answer to one sent anyway: behaviour `undeclaredFlowParts` stores it as sent, or refuses it (1100).
  if (!spec.scheduleSpec) {
    if (behaviour.undeclaredFlowParts === "refuse") throw fail(`flow spec ${spec.name} has no schedule (scheduleParams must be absent)`);
    if (!value || typeof value !== "object" || Array.isArray(value)) throw fail("scheduleParams must be an object");
    return { ...(value as Record<string, unknown>) };
  }
  check(spec.scheduleSpec.spec, value, "scheduleParams", fail);
  const sent = { ...withDefaults(spec.scheduleSpec.spec, value as Record<string, unknown>, behaviour) };
  if (behaviour.storedTypes === "as-sent") return sent;
  return Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, String(v)]));
}

/**
 * `sent` with the defaults `schema` declares for keys it lacks, when behaviour `specDefaults` is "filled" (a schedule's
 * `backfill`, `default: true`), as a service that fills declared defaults would store it. A default that the schema's
 * conditions forbid (backfill with frequency "once") is not filled.
 */
function withDefaults(schema: Record<string, unknown>, sent: Record<string, unknown>, behaviour: Behaviour): Record<string, unknown> {
  if (behaviour.specDefaults !== "filled") return sent;
  const out = { ...sent };
  for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, { default?: unknown }>)) {
    if (out[key] !== undefined || property.default === undefined) continue;
    const filled = { ...out, [key]: property.default };
    if (validator(schema)(JSON.parse(JSON.stringify(filled)))) out[key] = property.default;
  }
  return out;
}

/**
 * Transformations checked against the spec's `transformationSpecs` (a name the flow spec does not list is refused),
 * params stored in the declared types: the flow spec printed by
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage. Adobe
 * documents no code for these refusals; 1100 (createFail) or 1455 (a PATCH).
 */
export function transformationsFor(spec: FlowSpec, value: unknown, behaviour: Behaviour, fail: Fail): unknown[] {
  if (!Array.isArray(value)) throw fail("transformations must be an array");
  const specs = spec.transformationSpecs ?? [];
  return value.map((t, i) => {
    if (!t || typeof t !== "object" || typeof (t as { name?: unknown }).name !== "string")
      throw fail(`transformations[${i}] must be an object with a name`);
    const { name, params } = t as { name: string; params?: unknown };
    const declared = specs.find((s) => s.name === name);
    if (!declared) {
      throw fail(
        `transformations[${i}].name "${name}" is not one of flow spec ${spec.name}'s transformations (${specs.map((s) => s.name).join(", ") || "none"})`,
      );
    }
    // No params are judged as empty ones (a param the spec requires is missing either way), and stored as sent.
    const typed = check(declared.spec, params ?? {}, `transformations[${i}].params`, fail);
    if (params === undefined) return { ...t };
    return { ...t, params: behaviour.storedTypes === "declared" ? typed : params };
  });
}

/**
 * `options` (error diagnostics, partial ingestion) checked against the spec's `optionSpec`:
 * https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial. A spec without one (streaming)
 * declares no options; Adobe documents no answer for options sent anyway: as a schedule above.
 */
export function optionsFor(spec: FlowSpec, value: unknown, behaviour: Behaviour, fail: Fail): Record<string, unknown> {
  if (!spec.optionSpec) {
    if (behaviour.undeclaredFlowParts === "refuse") throw fail(`flow spec ${spec.name} has no options`);
    if (!value || typeof value !== "object" || Array.isArray(value)) throw fail("options must be an object");
    return { ...(value as Record<string, unknown>) };
  }
  const typed = check(spec.optionSpec.spec, value, "options", fail);
  return behaviour.storedTypes === "declared" ? typed : { ...(value as Record<string, unknown>) };
}

/**
 * Why a flow of `spec` cannot be published (or created published) as it stands, when behaviour `publishCompleteness`
 * asks for a schedule and a Mapping (the tutorials' prose; the API spec requires neither); undefined when it can.
 */
export function incompleteForPublish(
  spec: FlowSpec,
  flow: { scheduleParams?: unknown; transformations?: unknown[] },
  behaviour: Pick<Behaviour, "publishCompleteness">,
): string | undefined {
  if (behaviour.publishCompleteness === "any") return undefined;
  const missing: string[] = [];
  if (spec.scheduleSpec && flow.scheduleParams === undefined) missing.push("scheduleParams");
  const needsMapping = (spec.transformationSpecs ?? []).some((s) => s.name === "Mapping");
  if (needsMapping && !(flow.transformations ?? []).some((t) => (t as { name?: string }).name === "Mapping"))
    missing.push("a Mapping transformation");
  return missing.length ? `a published flow of spec ${spec.name} needs ${missing.join(" and ")}` : undefined;
}

// A create refused for its body: 1100 "Error from flow provider: …" (errors.ts), as the catalogue has no code per field.
export const createFail: Fail = (m) => invalid(m);
