// Whether a mapping set's destinations are fields of its output schema, as the Schema Registry resolves it
// (`xed-full`). Adobe's pages say the fields mapped must be the target schema's (the Data Prep UI guide's mapping
// import: "you must ensure that you are using only the fields that are provided in your source file and target
// schema"), but no page says that Data Prep refuses a mapping set that does not: the Data Prep spec answers a create or
// PUT with a bare 400 "An invalid mapping set was requested", and `POST /mappingSets/validate` reports per rule without
// saying what fails. So this is a warning (rules.ts `mapping.destination.inSchema`), never a refusal. Only destinations
// under the tenant's namespace (`_{tenantId}.…`, the fields a FieldGroup of the program declares) are judged. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/ui/mapping,
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml
import type { MappingRule, XdmResource } from "../../adobe/types";
import { UNKNOWN, containsUnknown } from "../../engine/unknown";
import { warning } from "../entity";
import type { CheckFailure } from "../kind";
import type { MappingSetInputs } from "./index";

/** How many of the schema's tenant fields a warning lists. */
const LISTED = 8;

type Field = { type?: unknown; properties?: Record<string, Field>; items?: Field; additionalProperties?: unknown };

/** A destination's names: split at dots, except `\.` (an escaped dot in a name, the troubleshooting guide's `address.street\.name`). */
function names(path: string): string[] {
  return path.split(/(?<!\\)\./).map((s) => s.replace(/(\[[^\]]*\])+$/, "").replace(/\\\./g, "."));
}

/**
 * Whether `path` (a Data Prep destination: `[n]`/`[*]` on an array, entered with or without an index) names a field of
 * `properties`; below a map (an object with `additionalProperties`) any key is one.
 * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/troubleshooting-guide
 */
export function isField(properties: Record<string, unknown>, path: string): boolean {
  let node: Field = { properties: properties as Record<string, Field> };
  for (const name of names(path)) {
    const next = node.properties?.[name];
    if (!next) return node.additionalProperties !== undefined && node.additionalProperties !== false;
    node = next.type === "array" && next.items ? next.items : next;
  }
  return true;
}

/** The leaf fields below `node` as destinations (`_acme.loyalty.tier`), for a message. */
function leafPaths(node: Record<string, Field>, prefix: string): string[] {
  return Object.entries(node).flatMap(([name, field]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const below = field?.type === "array" ? field.items?.properties : field?.properties;
    return below && Object.keys(below).length ? leafPaths(below, path) : [path];
  });
}

/** The tenant of a tenant schema's `$id` (`https://ns.adobe.com/{tenant}/schemas/…`); undefined for another. */
export function tenantOf(schemaId: string): string | undefined {
  return /^https:\/\/ns\.adobe\.com\/([^/]+)\/schemas\//.exec(schemaId)?.[1];
}

/**
 * One warning per rule whose destination, under the tenant's namespace, is not a field of `schema` (the `xed-full`
 * lookup): the property (`mappings[2].destination`), the schema by title, the tenant fields it has, and what to do.
 */
export function destinationWarnings(
  schema: Pick<XdmResource, "$id" | "title"> & { properties?: unknown },
  rules: MappingRule[],
): CheckFailure[] {
  const tenant = tenantOf(schema.$id);
  if (!tenant) return [];
  const namespace = `_${tenant}`;
  const properties = (schema.properties ?? {}) as Record<string, Field>;
  const own = properties[namespace]?.properties;
  const listed = own ? leafPaths(own, namespace) : [];
  const has = listed.length
    ? `its fields there: ${listed.slice(0, LISTED).join(", ")}${listed.length > LISTED ? `, … (${listed.length} in all)` : ""}`
    : `it has no field under ${namespace}`;
  return rules.flatMap((rule, i) => {
    const destination = rule?.destination;
    if (typeof destination !== "string" || destination === UNKNOWN || names(destination)[0] !== namespace) return [];
    if (isField(properties, destination)) return [];
    return [
      warning(
        "mapping.destination.inSchema",
        `mappings[${i}].destination`,
        `is "${destination}", which is not a field of the output schema "${schema.title}" as the Schema Registry has it now (${has}). ` +
          "Fix the path, or add the field to a field group of that schema; if this same update adds it (a FieldGroup or Schema " +
          "change in this program), the warning is about the schema before that change",
      ),
    ];
  });
}

/** The major version a content type names (`…;version=1` → "1"); "1" when it names none. */
function majorOf(contentType: unknown): string {
  return /version=(\d+)/.exec(String(contentType ?? ""))?.[1] ?? "1";
}

/** The output schema's `$id` and major version, once both are known (not a preview's unknown). */
export function outputSchemaRef(inputs: Pick<MappingSetInputs, "outputSchema">): { id: string; major: string } | undefined {
  const ref = inputs.outputSchema?.schemaRef;
  if (typeof ref?.id !== "string" || ref.id === "" || containsUnknown(ref)) return undefined;
  return { id: ref.id, major: majorOf(ref.contentType) };
}
