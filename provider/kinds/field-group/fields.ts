// What check says of a field group's `fields` before any write. The registry takes them as JSON Schema
// (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups): a definition
// that is not valid JSON Schema (draft-07's meta-schema: a `type` outside its list, `properties` that
// is not an object) is refused, naming the field. XDM narrows JSON Schema's types in prose (the field
// constraints page lists string, number, integer, boolean, object and array): another valid JSON Schema
// type (`null`) is a warning, and the registry answers. Pure; ajv is loaded on first use.
import type { ValidateFunction } from "ajv";
import { UNKNOWN } from "../../engine/unknown";
import { warning } from "../entity";
import type { CheckFailure } from "../kind";

/** The types XDM's field constraints page lists (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/field-constraints). */
export const XDM_TYPES = ["string", "number", "integer", "boolean", "object", "array"];

let metaSchema: ValidateFunction | undefined;

/** draft-07's meta-schema, compiled once (ajv's own copy). */
function validateMeta(): ValidateFunction {
  if (!metaSchema) {
    const Ajv = (require("ajv") as { default: new (o: object) => import("ajv").default }).default;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    metaSchema = ajv.getSchema("http://json-schema.org/draft-07/schema")!;
  }
  return metaSchema;
}

/** Each field definition with its path (`fields.address.properties.city`), nested objects and array items included. */
function definitions(fields: Record<string, unknown>, path: string, out: [string, Record<string, unknown>][] = []) {
  for (const [name, def] of Object.entries(fields)) {
    if (!def || typeof def !== "object" || Array.isArray(def)) continue;
    const at = `${path}.${name}`;
    out.push([at, def as Record<string, unknown>]);
    const d = def as { properties?: unknown; items?: unknown };
    if (d.properties && typeof d.properties === "object") definitions(d.properties as Record<string, unknown>, `${at}.properties`, out);
    if (d.items && typeof d.items === "object" && !Array.isArray(d.items)) definitions({ items: d.items }, at, out);
  }
  return out;
}

/**
 * Refusals (`xdm.fieldSchema`) for definitions that are not JSON Schema, and warnings (`xdm.fieldType`) for JSON
 * Schema types XDM does not list. Paths are the input's (`fields.tier.type`); values are never printed but the type.
 */
export function fieldFailures(fields: Record<string, unknown> | undefined): CheckFailure[] {
  if (!fields || JSON.stringify(fields).includes(UNKNOWN)) return [];
  const failures: CheckFailure[] = [];
  for (const [name, def] of Object.entries(fields)) {
    if (!def || typeof def !== "object" || Array.isArray(def)) {
      failures.push({ property: `fields.${name}`, reason: "is not a JSON Schema object (`{ type, title, … }`)", rule: "xdm.fieldSchema" });
    }
  }
  const validate = validateMeta();
  if (!validate({ type: "object", properties: fields })) {
    for (const e of validate.errors ?? []) {
      if (["anyOf", "oneOf"].includes(e.keyword)) continue;
      const path = e.instancePath.replace(/^\/properties/, "fields").replace(/\//g, ".");
      if (failures.some((f) => path.startsWith(f.property))) continue;
      failures.push({ property: path, reason: `is not valid JSON Schema: ${e.message}`, rule: "xdm.fieldSchema" });
    }
  }
  for (const [path, def] of definitions(fields, "fields")) {
    const types = Array.isArray(def.type) ? def.type : def.type === undefined ? [] : [def.type];
    const other = types.filter((t) => typeof t === "string" && !XDM_TYPES.includes(t) && validTypes.includes(t));
    if (other.length) {
      failures.push(
        warning(
          "xdm.fieldType",
          `${path}.type`,
          `is ${other.map((t) => JSON.stringify(t)).join(", ")}, a type XDM does not list (${XDM_TYPES.join(", ")})`,
        ),
      );
    }
  }
  return failures;
}

/** JSON Schema's own types (a type outside these is the meta-schema's refusal, not a warning). */
const validTypes = [...XDM_TYPES, "null"];
