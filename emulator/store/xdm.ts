// What the Schema Registry's tenant resources (field groups, schemas) share: ids and registry metadata, versions, the
// Accept rules of lists and lookups, lists with `property=` filters and `orderby` paging, RFC 6902 patches, the tenant
// namespace rule, `allOf` resolution and the field paths that breaking changes and descriptors compare. Pure functions.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide
import { randomBytes } from "node:crypto";
import { applyPatch, deepClone, Operation } from "fast-json-patch";
import type { Caller } from "../caller";
import { EmulatorError, platformError, xdmError } from "../errors";
import { Query, many, one } from "../query";
import { sandboxId } from "../sandboxes";

/** The tenant id of the emulator's org, as in `https://ns.adobe.com/{TENANT_ID}/schemas/…`. */
export const TENANT = "emulator";

/** A tenant resource as stored: the body the client sent plus what the registry adds. */
export interface XdmResource extends Record<string, unknown> {
  $id: string;
  "meta:altId": string;
  title: string;
  version: string;
}

/** Lists cap at 300 items (the appendix). */
const LIST_CAP = 300;

/** The media type and version of an Accept header such as `application/vnd.adobe.xed-full+json; version=1`. */
export function parseAccept(accept: string | undefined): { media: string; version?: string } | undefined {
  // HTTP clients send `*/*` when the caller names no type: the registry cannot choose a format from it.
  if (!accept || accept.trim() === "" || accept.trim() === "*/*") return undefined;
  const [media, ...params] = accept.split(";").map((p) => p.trim());
  const version = params.map((p) => /^version=(.+)$/.exec(p)?.[1]).find((v) => v !== undefined);
  return { media: media.toLowerCase(), version };
}

const LIST_MEDIA = new Set(["application/vnd.adobe.xed-id+json", "application/vnd.adobe.xed+json"]);
const LOOKUP_MEDIA = /^application\/vnd\.adobe\.xed(-full|-notext|-full-notext|-full-desc)?\+json$/;

export const acceptRequired = () => platformError(406, "Accept header parameter is required");
export const unknownMedia = (media: string) => platformError(406, `Unknown Accept media supplied: ${media}`);

/** How a lookup renders a resource, from its Accept (the getting-started guide's table). */
export interface LookupFormat {
  /** The major version asked for. */
  major: string;
  /** `allOf` resolved into `properties` (`xed-full…`). */
  full: boolean;
  /** Titles and descriptions left out (`…-notext`). */
  notext: boolean;
}

/** A list's Accept: unversioned `xed-id` or `xed` (406 without one or for an unknown one; XDM-1006-400 with a version). */
export function checkListAccept(acceptHeader: string | undefined): { idsOnly: boolean } {
  const accept = parseAccept(acceptHeader);
  if (!accept) throw acceptRequired();
  if (!LIST_MEDIA.has(accept.media) && !LOOKUP_MEDIA.test(accept.media)) throw unknownMedia(accept.media);
  if (accept.version !== undefined || !LIST_MEDIA.has(accept.media)) {
    const detail = `The supplied Accept header is not valid: ${acceptHeader} - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json`;
    throw xdmError(1006, 400, "Accept header invalid", detail);
  }
  return { idsOnly: accept.media === "application/vnd.adobe.xed-id+json" };
}

/** A lookup's Accept: versioned (XDM-1007-400 without a version; 406 without one or for an unknown one). */
export function checkLookupAccept(acceptHeader: string | undefined): LookupFormat {
  const accept = parseAccept(acceptHeader);
  if (!accept) throw acceptRequired();
  if (!LOOKUP_MEDIA.test(accept.media) && !LIST_MEDIA.has(accept.media)) throw unknownMedia(accept.media);
  if (accept.version === undefined || !LOOKUP_MEDIA.test(accept.media)) {
    const detail = `The supplied Accept header is not valid: ${acceptHeader} - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json; version=1 (Version should be specified)`;
    throw xdmError(1007, 400, "Accept header invalid", detail);
  }
  return { major: accept.version.split(".")[0], full: accept.media.includes("-full"), notext: accept.media.includes("notext") };
}

/**
 * "Requested resource … with version … is not found". The troubleshooting guide lists XDM-1010…1017-404 "depending on the
 * type of resource" without saying which type has which; the schema API spec's example is 1012 for a schema. The
 * emulator answers 1011 for a field group and 1012 for a schema (a guess for the field group).
 */
export function resourceNotFound(code: number, id: string, version: string): EmulatorError {
  return xdmError(code, 404, "Resource Not Found", `Requested resource ${id} with version ${version} is not found`);
}

/** XDM-1521-400 "Title not unique", as the troubleshooting guide prints it. */
export function titleNotUnique(owner: string): EmulatorError {
  const detail = `Object titles must be unique. An object ${owner} already exists with the same title`;
  return xdmError(1521, 400, "Title not unique", detail);
}

/** A 48-hex hash, the newer examples' length for `$id`, `meta:altId` and descriptor `@id`s. */
export const mintHash = () => randomBytes(24).toString("hex");

/** "1.3" → "1.4": the minor rises with each successful write (the create-schema tutorial: 1.0, 1.1, 1.2 …). */
export function nextVersion(version: string): string {
  const [major, minor] = version.split(".").map(Number);
  return `${major}.${(minor || 0) + 1}`;
}

/** What the registry adds to every tenant resource (the schemas guide's and tutorial's responses). */
export function registryFields(
  caller: Caller,
  now: number,
  previous?: XdmResource,
): { "meta:registryMetadata": Record<string, unknown> } & Record<string, unknown> {
  const before = previous?.["meta:registryMetadata"] as Record<string, unknown> | undefined;
  return {
    "meta:registryMetadata": {
      "repo:createdDate": before?.["repo:createdDate"] ?? now,
      "repo:lastModifiedDate": now,
      "xdm:createdClientId": before?.["xdm:createdClientId"] ?? caller.clientId,
      "xdm:lastModifiedClientId": caller.clientId,
      // No concurrency control is documented (no If-Match, no 412): the eTag is a change detector, new on every write.
      eTag: randomBytes(32).toString("hex"),
    },
    "meta:sandboxId": sandboxId(caller.sandboxName),
    "meta:sandboxType": caller.sandboxName === "prod" ? "production" : "development",
    "meta:tenantNamespace": `_${TENANT}`,
    "meta:containerId": "tenant",
    imsOrg: caller.orgId,
  };
}

/** Keys the registry owns: a client's values for them are ignored on create, PUT and PATCH. */
export const READ_ONLY = ["$id", "meta:altId", "version", "meta:registryMetadata", "meta:sandboxId", "meta:sandboxType", "imsOrg"];

/** A body without the registry's read-only keys. */
export function userPart(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !READ_ONLY.includes(k) && k !== "meta:containerId"));
}

/** A JSON body that must be an object, else 400 naming what was expected. */
export function objectBody(body: unknown, what: string): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw platformError(400, `The request body must be a JSON object (${what}).`);
  return body as Record<string, unknown>;
}

/**
 * Applies an RFC 6902 patch (`add`, `remove`, `replace`: the field groups and schemas guides) to a copy of `resource`.
 * A bad patch is a 400 in the platform's generic shape: Adobe documents no code for it.
 */
export function patched<T extends Record<string, unknown>>(resource: T, ops: unknown): T {
  if (!Array.isArray(ops)) throw platformError(400, "A PATCH body must be a JSON Patch array (RFC 6902).");
  const next = deepClone(resource) as T;
  try {
    applyPatch(next, ops as Operation[], true, true);
  } catch (err) {
    // The library's first line names the operation and path, never a value.
    throw platformError(400, `The JSON Patch cannot be applied: ${(err as Error).message.split("\n")[0]}`);
  }
  return next;
}

/**
 * A field group's (or schema's) own fields must sit under `_{TENANT_ID}`: "All custom fields must be defined under a
 * top-level field named {TENANT_ID}" (XDM-1020…1024-400 "Namespace validation error", the troubleshooting guide; the
 * guide's example is 1021). Checked on each `definitions` entry's and the top-level `properties`.
 */
export function checkTenantNamespace(resource: Record<string, unknown>): void {
  const tops = [
    ...Object.values((resource.definitions as Record<string, { properties?: object }>) ?? {}).map((d) => d?.properties ?? {}),
    (resource.properties as object) ?? {},
  ];
  const outside = tops.flatMap((p) => Object.keys(p)).filter((k) => k !== `_${TENANT}`);
  if (outside.length) {
    const detail = `A custom field is defined under an invalid namespace. All custom fields must be defined under a top-level field named _${TENANT}. Outside it: ${outside.join(", ")}.`;
    throw xdmError(1021, 400, "Namespace validation error", detail);
  }
}

type Node = Record<string, unknown>;

/** Merges `b`'s properties into `a`'s: an object field both define gets the fields of both. */
export function mergeProperties(a: Node, b: Node): Node {
  const out: Node = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k] as Node | undefined;
    const pp = prev?.properties as Node | undefined;
    const vp = (v as Node)?.properties as Node | undefined;
    out[k] = pp && vp ? { ...prev, ...(v as Node), properties: mergeProperties(pp, vp) } : v;
  }
  return out;
}

/** A resource's own fields: the `definitions` its `allOf` names (`#/definitions/x`) and its top-level `properties`. */
export function ownProperties(resource: Node): Node {
  const definitions = (resource.definitions as Record<string, Node>) ?? {};
  let props: Node = {};
  for (const entry of (resource.allOf as { $ref?: string }[]) ?? []) {
    const m = /^#\/definitions\/(.+)$/.exec(entry?.$ref ?? "");
    if (m && definitions[m[1]]) props = mergeProperties(props, (definitions[m[1]].properties as Node) ?? {});
  }
  return mergeProperties(props, (resource.properties as Node) ?? {});
}

/** The path of every field (`/_emulator/loyalty/tier`, without `properties` segments, as descriptors name them) and its type. */
export function fieldPaths(properties: Node, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, field] of Object.entries(properties)) {
    const f = (field ?? {}) as Node;
    const path = `${prefix}/${name}`;
    out.set(path, String(f.type ?? f.$ref ?? "object"));
    for (const [p, t] of fieldPaths((f.properties as Node) ?? {}, path)) out.set(p, t);
  }
  return out;
}

/** The fields `after` removes or retypes from `before`: what the composition page calls breaking. */
export function breakingChanges(before: Node, after: Node): string[] {
  const a = fieldPaths(after);
  return [...fieldPaths(before)].flatMap(([path, type]) =>
    !a.has(path) ? [`${path} removed`] : a.get(path) !== type ? [`${path} retyped from ${type} to ${a.get(path)}`] : [],
  );
}

const XDM_TYPES: Record<string, string> = { integer: "int" };

/** Adds `meta:xdmType` to every field, as the registry's responses show (the field groups guide). */
export function withXdmTypes(properties: Node): Node {
  return Object.fromEntries(
    Object.entries(properties).map(([name, field]) => {
      const f = { ...((field ?? {}) as Node) };
      const format = f.format === "date-time" || f.format === "date" ? f.format : undefined;
      if (typeof f.type === "string" && f["meta:xdmType"] === undefined) f["meta:xdmType"] = format ?? XDM_TYPES[f.type] ?? f.type;
      if (f.properties) f.properties = withXdmTypes(f.properties as Node);
      return [name, f];
    }),
  );
}

/** Leaves out `title` and `description` of the resource and every field (the `…-notext` Accept forms). */
export function withoutText(node: Node): Node {
  const { title: _t, description: _d, ...rest } = node;
  void _t;
  void _d;
  const fields = (m: unknown) =>
    m && typeof m === "object" ? Object.fromEntries(Object.entries(m as Node).map(([k, v]) => [k, withoutText((v ?? {}) as Node)])) : m;
  return {
    ...rest,
    ...(rest.properties ? { properties: fields(rest.properties) } : {}),
    ...(rest.definitions ? { definitions: fields(rest.definitions) } : {}),
  };
}

/** A resource as a lookup with `format` renders it: `allOf` resolved into `properties` (full), text left out (notext). */
export function rendered(resource: XdmResource, resolved: () => Node, format: LookupFormat): Record<string, unknown> {
  let out: Node = { ...resource };
  if (format.full) {
    const { allOf: _a, definitions: _d, ...rest } = out;
    void _a;
    void _d;
    out = { ...rest, properties: resolved() };
  }
  return format.notext ? withoutText(out) : out;
}

/** A `property=` condition on a top-level property: `==`, `!=`, `~` (regex); arrays match any element. */
function propertyFilter(expr: string): (s: Record<string, unknown>) => boolean {
  const m = /^([\w:@]+)(==|!=|~)(.*)$/.exec(expr);
  if (!m) throw platformError(400, `Invalid property filter: ${expr}`);
  const [, key, op, expected] = m;
  return (s) => {
    const actual = s[key];
    const values = Array.isArray(actual) ? actual.map(String) : actual === undefined ? [] : [String(actual)];
    if (op === "==") return values.includes(expected);
    if (op === "!=") return !values.includes(expected);
    return values.some((v) => new RegExp(expected).test(v));
  };
}

/** Every `property=` condition of a query (repeated parameters, comma-separated values: all ANDed). */
export function propertyFilters(query: Query): ((s: Record<string, unknown>) => boolean)[] {
  return many(query.property)
    .flatMap((p) => p.split(/,(?=[\w:@]+(?:==|!=|~))/))
    .map(propertyFilter);
}

/**
 * A tenant list (`GET /tenant/schemas`, `/tenant/fieldgroups`): `{results, _page, _links}`, filtered with `property=`
 * and paged with `orderby`, `limit` and `start` (a hint; `start` is the primary sort value to begin after). `limit` and
 * `start` work only with `orderby` (the spec); without it the list is capped at 300.
 */
export function registryList(items: XdmResource[], path: string, acceptHeader: string | undefined, query: Query): Record<string, unknown> {
  const { idsOnly } = checkListAccept(acceptHeader);
  const filters = propertyFilters(query);
  let selected = items.filter((s) => filters.every((f) => f(s)));
  const orderby = one(query.orderby);
  let next: string | null = null;
  if (orderby) {
    const descending = orderby.startsWith("-");
    const key = orderby.replace(/^[+-]/, "").split(",")[0];
    const value = (s: XdmResource) =>
      String(
        key === "updated" ? (s["meta:registryMetadata"] as { "repo:lastModifiedDate": number })["repo:lastModifiedDate"] : (s[key] ?? ""),
      );
    selected.sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (descending ? -1 : 1));
    const start = one(query.start);
    if (start !== undefined) selected = selected.filter((s) => (descending ? value(s) < start : value(s) > start));
    const limit = Math.min(Number(one(query.limit) ?? LIST_CAP) || LIST_CAP, LIST_CAP);
    if (selected.length > limit) {
      selected = selected.slice(0, limit);
      next = value(selected[selected.length - 1]);
    }
  } else {
    selected = selected.slice(0, LIST_CAP);
  }
  const results = idsOnly
    ? selected.map((s) => ({ $id: s.$id, "meta:altId": s["meta:altId"], version: s.version, title: s.title }))
    : selected.map((s) => ({ ...s }));
  const nextHref =
    next === null
      ? null
      : `${path}?orderby=${encodeURIComponent(orderby!)}&start=${encodeURIComponent(next)}${one(query.limit) ? `&limit=${one(query.limit)}` : ""}`;
  return {
    results,
    _page: { orderby: orderby ?? "updated", next, count: results.length },
    _links: { next: nextHref === null ? null : { href: nextHref } },
  };
}
