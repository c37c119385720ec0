// What the Schema Registry's kinds (FieldGroup, Schema, IdentityDescriptor) share: Adobe's pages, the
// standard Profile class, the registry's additions a comparison leaves out (`meta:xdmType` on every field),
// and the evolution rule's test (a field removed or retyped). Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/composition
import { isDeepStrictEqual } from "node:util";

/** Adobe's pages, as the three kinds' docs cite them. */
export const XDM_DOCS = {
  gettingStarted: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started",
  fieldGroups: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups",
  schemas: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas",
  descriptors: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors",
  composition: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/composition",
  profilePlanning: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/profile-enablement-planning",
  tutorial: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/tutorials/create-schema-api",
  troubleshooting: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide",
};

/** The XDM Individual Profile class. */
export const PROFILE_CLASS = "https://ns.adobe.com/xdm/context/profile";

/** What the Registry offers for concurrent edits: nothing, said in every kind's docs. */
export const NO_IF_MATCH =
  "The Schema Registry takes no `If-Match` (its spec declares none, and no 412): an edit made outside Pulumi is detected by " +
  "reading `meta:registryMetadata.eTag` just before the write and comparing it with the one the stack recorded; declared " +
  "properties changed outside Pulumi are then refused, never overwritten. An edit landing between that read and the write " +
  "cannot be detected.";

/** What Adobe says of a Profile-enabled schema, for the docs, the preview and the refusals. */
export const PROFILE_IRREVERSIBLE = `a schema enabled for Profile cannot be disabled or deleted (${XDM_DOCS.profilePlanning})`;

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `remote` without what the registry adds to a field and the program did not declare at that place
 * (`meta:xdmType` on every field, the field groups guide), so that a refresh shows no change of form.
 */
export function asDeclared(remote: unknown, declared: unknown): unknown {
  if (Array.isArray(remote)) return remote.map((v, i) => asDeclared(v, Array.isArray(declared) ? declared[i] : undefined));
  if (!isObject(remote)) return remote;
  const d = isObject(declared) ? declared : {};
  return Object.fromEntries(
    Object.entries(remote)
      .filter(([k]) => k !== "meta:xdmType" || "meta:xdmType" in d)
      .map(([k, v]) => [k, asDeclared(v, d[k])]),
  );
}

/** Whether the fields read are the declared ones, once the registry's additions are left out. */
export function sameFields(remote: unknown, declared: unknown): boolean {
  return isDeepStrictEqual(asDeclared(remote ?? {}, declared ?? {}), declared ?? {});
}

/** Every field path (`/loyalty/tier`, no `properties` segments) with its type. */
function fieldTypes(properties: Node, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [name, field] of Object.entries(properties)) {
    const f = isObject(field) ? field : {};
    out.set(`${prefix}/${name}`, String(f.type ?? f.$ref ?? "object"));
    if (isObject(f.properties)) fieldTypes(f.properties, `${prefix}/${name}`, out);
  }
  return out;
}

/** The fields `after` removes or retypes from `before` (`/loyalty/tier removed`): what the composition page calls breaking. */
export function breakingChanges(before: Node, after: Node): string[] {
  const a = fieldTypes(after);
  return [...fieldTypes(before)].flatMap(([path, type]) =>
    !a.has(path) ? [`${path} removed`] : a.get(path) !== type ? [`${path} retyped from ${type} to ${a.get(path)}`] : [],
  );
}

/** A key as one JSON Pointer segment (RFC 6901: `~` and `/` escaped). */
export const segment = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * What the outputs of a field group or schema take from a read besides its own fields: its description (when it
 * has one), the eTag the next update compares, and Pulumi's own adoption inputs from `previous`.
 */
export function registryOutputs(
  remote: { description?: string; "meta:registryMetadata"?: { eTag?: string } },
  previous: { adoptId?: string; adoption?: string },
): { description?: string; etag?: string; adoptId?: string; adoption?: string } {
  const etag = remote["meta:registryMetadata"]?.eTag;
  return {
    ...(remote.description ? { description: remote.description } : {}),
    ...(etag ? { etag } : {}),
    ...(previous.adoptId !== undefined ? { adoptId: previous.adoptId } : {}),
    ...(previous.adoption !== undefined ? { adoption: previous.adoption } : {}),
  };
}
