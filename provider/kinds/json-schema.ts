// Inputs judged against the JSON Schemas that flow specs and connection specs carry (schedule,
// transformations, options, auth params, source and target params). A flow's values with the
// service's type coercion ("15" is an integer to it, as Adobe's examples show); a connection's
// without: no page shows the service coercing them, and the value is sent as given, so a number
// where the spec wants a string is refused here rather than by the service after the check passed. Failures name the property path and the spec, never a value
// (auth params are credentials). ajv is loaded on first use: a preview of an unchanged stack never needs it.
import type { ErrorObject, ValidateFunction } from "ajv";
import type { RuleId } from "../rules";
import type { CheckFailure } from "./kind";

type Ajv = import("ajv").default;
const ajvs = new Map<boolean, Ajv>();
const compiled = { true: new WeakMap<object, ValidateFunction>(), false: new WeakMap<object, ValidateFunction>() };

function validator(schema: Record<string, unknown>, coerce: boolean): ValidateFunction {
  let ajv = ajvs.get(coerce);
  if (!ajv) {
    const Ajv = (require("ajv") as { default: new (o: object) => Ajv }).default;
    // No formats: a spec's `format: "password"` marks a credential (https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec),
    // not a value shape, and without this every check warned "unknown format "password" ignored" into the run's output.
    ajv = new Ajv({ coerceTypes: coerce, allErrors: true, strict: false, validateFormats: false });
    ajvs.set(coerce, ajv);
  }
  const cache = compiled[`${coerce}`];
  let v = cache.get(schema);
  if (!v) cache.set(schema, (v = ajv.compile(schema)));
  return v;
}

/**
 * What `schema` refuses in `value`, with paths under `property` (`scheduleParams.interval`), as failures of `rule`.
 * `spec` names the spec in reasons ("flow spec CloudStorageToAEP"); `onNot` words a failed `not`.
 */
export function jsonSchemaFailures(
  rule: RuleId,
  schema: Record<string, unknown> | undefined,
  value: unknown,
  property: string,
  spec: string,
  onNot: () => string = () => `does not match ${spec}`,
  coerce = true,
): CheckFailure[] {
  if (!schema) return [];
  const v = validator(schema, coerce);
  const copy = JSON.parse(JSON.stringify(value ?? {}));
  // Validated twice: the first pass coerces where types are declared, the second judges typed values.
  v(copy);
  if (v(copy)) return [];
  const errors = (v.errors ?? []) as ErrorObject[];
  const useful = errors.filter((e) => !["if", "allOf", "anyOf"].includes(e.keyword));
  return (useful.length ? useful : errors).map((e) => {
    const path = `${property}${e.instancePath.replace(/\//g, ".")}`;
    if (e.keyword === "additionalProperties") {
      return { property: `${path}.${String(e.params.additionalProperty)}`, reason: `is not declared by ${spec}`, rule };
    }
    if (e.keyword === "required") {
      return { property: `${path}.${String(e.params.missingProperty)}`, reason: `is required by ${spec}`, rule };
    }
    if (e.keyword === "not") return { property: path, reason: onNot(), rule };
    return { property: path, reason: `${e.message} (${spec})`, rule };
  });
}
