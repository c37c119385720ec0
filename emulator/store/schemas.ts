// Schema Registry tenant schemas per sandbox, read-only through the API (seeded by fixtures and the
// control plane). A list takes an unversioned Accept (`application/vnd.adobe.xed-id+json`), filters
// with `property=` (`title==X`, `title~regex`, `meta:extends!=…`), and pages with `orderby`,
// `limit` and `start` (a hint; `start` is the primary sort value to begin after); a lookup by
// `meta:altId` or URL-encoded `$id` needs a versioned Accept.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix and the Accept
// errors of https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide
import { randomBytes } from "node:crypto";
import { platformError, xdmError } from "../errors";
import type { SchemaFacts } from "../kinds/references";
import { Query, many, one } from "../query";
import { sandboxId } from "../sandboxes";
import { PerSandboxStore } from "./per-sandbox";

/** The tenant id of the emulator's org, as in `https://ns.adobe.com/{TENANT_ID}/schemas/…`. */
export const TENANT = "emulator";

export interface SchemaSeed {
  /** 32 hex characters (the last part of `$id`); made up when absent. */
  hash?: string;
  title: string;
  description?: string;
  /** The class, e.g. `https://ns.adobe.com/xdm/context/profile` (the default) or `…/experienceevent`. */
  class?: string;
  /** "1.0" by default. */
  version?: string;
}

export interface StoredSchema extends Record<string, unknown> {
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

const acceptRequired = () => platformError(406, "Accept header parameter is required");
const unknownMedia = (media: string) => platformError(406, `Unknown Accept media supplied: ${media}`);

export class SchemaStore extends PerSandboxStore<StoredSchema> {
  seed(sandboxName: string, seed: SchemaSeed, orgId: string): StoredSchema {
    const schemas = this.sandbox(sandboxName);
    if (typeof seed?.title !== "string" || seed.title === "") throw platformError(400, "a schema needs a title");
    const hash = seed.hash ?? randomBytes(16).toString("hex");
    if (!/^[0-9a-f]{32}$/.test(hash)) throw platformError(400, `schema hash ${hash} is not 32 hex characters`);
    const now = this.clock.now();
    const cls = seed.class ?? "https://ns.adobe.com/xdm/context/profile";
    const schema: StoredSchema = {
      $id: `https://ns.adobe.com/${TENANT}/schemas/${hash}`,
      "meta:altId": `_${TENANT}.schemas.${hash}`,
      "meta:resourceType": "schemas",
      version: seed.version ?? "1.0",
      title: seed.title,
      type: "object",
      description: seed.description ?? "",
      allOf: [{ $ref: cls, type: "object", "meta:xdmType": "object" }],
      "meta:class": cls,
      "meta:abstract": false,
      "meta:extends": [cls, "https://ns.adobe.com/xdm/data/record"],
      "meta:xdmType": "object",
      "meta:registryMetadata": {
        "repo:createdDate": now,
        "repo:lastModifiedDate": now,
        "xdm:createdClientId": "exc_app",
        "xdm:lastModifiedClientId": "exc_app",
        eTag: randomBytes(32).toString("hex"),
      },
      "meta:sandboxId": sandboxId(sandboxName),
      "meta:sandboxType": sandboxName === "prod" ? "production" : "development",
      "meta:tenantNamespace": `_${TENANT}`,
      "meta:containerId": "tenant",
      imsOrg: orgId,
    };
    schemas.set(schema.$id, schema);
    return { ...schema };
  }

  private find(sandboxName: string, idOrAltId: string): StoredSchema | undefined {
    const schemas = this.bySandbox.get(sandboxName);
    if (!schemas) return undefined;
    return schemas.get(idOrAltId) ?? [...schemas.values()].find((s) => s["meta:altId"] === idOrAltId);
  }

  /** `GET /tenant/schemas`: needs an Accept without a version (XDM-1006-400 otherwise). */
  list(sandboxName: string, acceptHeader: string | undefined, query: Query): Record<string, unknown> {
    const accept = parseAccept(acceptHeader);
    if (!accept) throw acceptRequired();
    if (!LIST_MEDIA.has(accept.media) && !LOOKUP_MEDIA.test(accept.media)) throw unknownMedia(accept.media);
    if (accept.version !== undefined || !LIST_MEDIA.has(accept.media)) {
      const detail = `The supplied Accept header is not valid: ${acceptHeader} - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json`;
      throw xdmError(1006, 400, "Accept header invalid", detail);
    }
    const filters = many(query.property).map(schemaFilter);
    let selected = [...this.map(sandboxName).values()].filter((s) => filters.every((f) => f(s)));
    const orderby = one(query.orderby);
    let next: string | null = null;
    if (orderby) {
      const descending = orderby.startsWith("-");
      const key = orderby.replace(/^[+-]/, "").split(",")[0];
      const value = (s: StoredSchema) =>
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
      // `limit` and `start` work only with `orderby` (the spec); without it the list is capped.
      selected = selected.slice(0, LIST_CAP);
    }
    const results =
      accept.media === "application/vnd.adobe.xed-id+json"
        ? selected.map((s) => ({ $id: s.$id, "meta:altId": s["meta:altId"], version: s.version, title: s.title }))
        : selected.map((s) => ({ ...s }));
    const nextHref =
      next === null
        ? null
        : `/tenant/schemas?orderby=${encodeURIComponent(orderby!)}&start=${encodeURIComponent(next)}${one(query.limit) ? `&limit=${one(query.limit)}` : ""}`;
    return {
      results,
      _page: { orderby: orderby ?? "updated", next, count: results.length },
      _links: { next: nextHref === null ? null : { href: nextHref } },
    };
  }

  /** `GET /tenant/schemas/{meta:altId | URL-encoded $id}`: needs a versioned Accept (XDM-1007-400 otherwise). */
  lookup(sandboxName: string, idOrAltId: string, acceptHeader: string | undefined): Record<string, unknown> {
    const accept = parseAccept(acceptHeader);
    if (!accept) throw acceptRequired();
    if (!LOOKUP_MEDIA.test(accept.media) && !LIST_MEDIA.has(accept.media)) throw unknownMedia(accept.media);
    if (accept.version === undefined || !LOOKUP_MEDIA.test(accept.media)) {
      const detail = `The supplied Accept header is not valid: ${acceptHeader} - A valid Accept value should look like application/vnd.adobe.'{xed|xdm'}+json; version=1 (Version should be specified)`;
      throw xdmError(1007, 400, "Accept header invalid", detail);
    }
    const schema = this.find(sandboxName, idOrAltId);
    // The Accept version names the schema's major version (the schemas guide's `version=1`); a schema of another major
    // version is answered as not found (1012-404), which Adobe does not document for this case.
    if (!schema || schema.version.split(".")[0] !== accept.version.split(".")[0]) {
      const detail = `Requested resource ${idOrAltId} with version ${accept.version} is not found`;
      throw xdmError(1012, 404, "Resource Not Found", detail);
    }
    return { ...schema };
  }

  facts(sandboxName: string, idOrAltId: string): SchemaFacts | undefined {
    const s = this.find(sandboxName, idOrAltId);
    return s && { $id: s.$id, "meta:altId": s["meta:altId"], title: s.title, version: s.version };
  }

  all(): (StoredSchema & { sandboxName: string })[] {
    return [...this.bySandbox.entries()].flatMap(([sandboxName, m]) => [...m.values()].map((s) => ({ ...s, sandboxName })));
  }
}

/** A `property=` condition on a schema's top-level property: `==`, `!=`, `~` (regex); arrays match any element. */
function schemaFilter(expr: string): (s: StoredSchema) => boolean {
  const m = /^([\w:]+)(==|!=|~)(.*)$/.exec(expr);
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
