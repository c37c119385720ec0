// Tenant schemas (`/tenant/schemas`) per sandbox: seeded by fixtures and the control plane, and written through the
// API — create (201, the full schema), PUT (200, a full replacement), PATCH (200, RFC 6902: `add /allOf/-` adds a field
// group, `add /meta:immutableTags ["union"]` enables Profile) and DELETE (204). The body is `allOf` with exactly one class
// and any field groups; the response derives `meta:class`, `meta:extends` and `refs`. Lists and lookups (by `meta:altId`
// or URL-encoded `$id`, `xed-full` resolving `allOf` into `properties`) follow tenant-resources.ts.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/tutorials/create-schema-api,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/appendix and the Accept and union errors of
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide
import { randomBytes } from "node:crypto";
import { Caller, uiCaller } from "../caller";
import { platformError, xdmError } from "../errors";
import type { SchemaFacts } from "../kinds/references";
import { TenantResourceStore } from "./tenant-resources";
import { TENANT, XdmResource, checkTenantNamespace, mintHash, nextVersion, objectBody, patched, registryFields, userPart } from "./xdm";

export { TENANT, parseAccept } from "./xdm";

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

export type StoredSchema = XdmResource;

const PROFILE = "https://ns.adobe.com/xdm/context/profile";
const EVENT = "https://ns.adobe.com/xdm/context/experienceevent";
/** The standard field group that can stand in for a primary identity descriptor (XDM-1528-400's text). */
const IDENTITY_MAP = "https://ns.adobe.com/xdm/context/identitymap";

/** A class `$id`: the two standard classes the guides use, or a tenant class (`…/classes/…`). */
const isClass = (ref: string) => ref === PROFILE || ref === EVENT || /^https:\/\/ns\.adobe\.com\/[^/]+\/classes\//.test(ref);

/** The class's behaviour, which `meta:extends` lists after it (time-series for events, record otherwise). */
const behaviourOf = (cls: string) => (cls === EVENT ? "https://ns.adobe.com/xdm/data/time-series" : "https://ns.adobe.com/xdm/data/record");

const isUnion = (s: Record<string, unknown>) => ((s["meta:immutableTags"] as unknown[]) ?? []).includes("union");

export class SchemaStore extends TenantResourceStore<StoredSchema> {
  protected readonly notFoundCode = 1012;
  protected readonly path = "/tenant/schemas";

  protected resolved(sandboxName: string, schema: StoredSchema): Record<string, unknown> {
    return this.registry().resolved(sandboxName, schema);
  }

  seed(sandboxName: string, seed: SchemaSeed, orgId: string): StoredSchema {
    this.sandbox(sandboxName);
    if (typeof seed?.title !== "string" || seed.title === "") throw platformError(400, "a schema needs a title");
    const hash = seed.hash ?? randomBytes(16).toString("hex");
    if (!/^[0-9a-f]{32}$/.test(hash)) throw platformError(400, `schema hash ${hash} is not 32 hex characters`);
    const caller = uiCaller(sandboxName, orgId);
    const cls = seed.class ?? PROFILE;
    return this.store(sandboxName, {
      ...this.derived(caller, { title: seed.title, type: "object", description: seed.description ?? "", allOf: [{ $ref: cls }] }, hash),
      version: seed.version ?? "1.0",
    });
  }

  /** The stored schema for a body whose class and field groups are known: the registry's derived keys added. */
  private derived(caller: Caller, user: Record<string, unknown>, hash: string, previous?: StoredSchema): StoredSchema {
    const refs = ((user.allOf as { $ref: string }[]) ?? []).map((e) => e.$ref);
    const cls = refs.find(isClass)!;
    const fieldGroups = refs.filter((r) => !isClass(r));
    return {
      ...user,
      $id: `https://ns.adobe.com/${TENANT}/schemas/${hash}`,
      "meta:altId": `_${TENANT}.schemas.${hash}`,
      "meta:resourceType": "schemas",
      version: previous ? nextVersion(previous.version) : "1.0",
      title: user.title as string,
      type: "object",
      description: user.description ?? "",
      allOf: (user.allOf as object[]).map((e) => ({ ...e, type: "object", "meta:xdmType": "object" })),
      refs: fieldGroups,
      "meta:class": cls,
      "meta:abstract": false,
      "meta:extensible": false,
      "meta:extends": [cls, behaviourOf(cls), ...fieldGroups],
      "meta:xdmType": "object",
      ...registryFields(caller, this.clock.now(), previous),
    };
  }

  /**
   * The body's checks: `type`, `title` and `allOf` present (the spec also requires `description`; its absence is taken,
   * as no refusal is documented); exactly one class; tenant field groups that exist; a unique title; own fields under
   * `_{TENANT_ID}`.
   */
  private written(caller: Caller, body: unknown, previous?: StoredSchema): StoredSchema {
    const user = userPart(objectBody(body, "a schema"));
    for (const key of ["meta:class", "meta:extends", "refs"]) delete user[key];
    const missing = ["type", "title", "allOf"].filter((k) => user[k] === undefined || user[k] === "");
    if (missing.length) throw platformError(400, `A schema needs ${missing.join(", ")} (missing from the request body).`);
    if (typeof user.title !== "string") throw platformError(400, "A schema's title must be a string.");
    const allOf = user.allOf;
    if (!Array.isArray(allOf) || allOf.some((e) => typeof (e as { $ref?: unknown })?.$ref !== "string")) {
      throw platformError(400, 'allOf must be an array of {"$ref": "<class or field group $id>"}.');
    }
    const refs = (allOf as { $ref: string }[]).map((e) => e.$ref);
    const classes = refs.filter(isClass);
    if (classes.length !== 1) {
      throw platformError(
        400,
        `A schema's allOf must name exactly one class; it names ${classes.length}${classes.length ? `: ${classes.join(", ")}` : ""}.`,
      );
    }
    const registry = this.registry();
    const unknown = refs.filter(
      (r) => r.startsWith(`https://ns.adobe.com/${TENANT}/mixins/`) && !registry.fieldGroup(caller.sandboxName, r),
    );
    if (unknown.length) throw platformError(400, `allOf names field group(s) not in this sandbox: ${unknown.join(", ")}.`);
    checkTenantNamespace({ definitions: user.definitions, properties: user.properties });
    registry.checkTitle(caller.sandboxName, user.title, previous?.$id);
    return this.derived(caller, user, previous ? previous.$id.split("/").at(-1)! : mintHash(), previous);
  }

  /** `POST /tenant/schemas`: 201 with the full schema. A union tag in a create follows the PATCH rule. */
  create(caller: Caller, body: unknown): StoredSchema {
    this.sandbox(caller.sandboxName);
    const written = this.written(caller, body);
    this.checkUnion(caller, undefined, written);
    return this.store(caller.sandboxName, written);
  }

  /** `PUT /tenant/schemas/{id}`: a full replacement; 200 with the full schema. */
  replace(caller: Caller, id: string, body: unknown): StoredSchema {
    return this.update(caller, id, () => body);
  }

  /** `PATCH /tenant/schemas/{id}`: an RFC 6902 array applied to the stored schema; 200 with the result. */
  patch(caller: Caller, id: string, ops: unknown): StoredSchema {
    return this.update(caller, id, (previous) => patched(previous, ops));
  }

  private update(caller: Caller, id: string, next: (previous: StoredSchema) => unknown): StoredSchema {
    const previous = this.existing(caller, id);
    const written = this.written(caller, next(previous), previous);
    this.checkUnion(caller, previous, written);
    const registry = this.registry();
    const before = registry.resolved(caller.sandboxName, previous);
    registry.checkEvolution(caller.sandboxName, `Schema "${previous.title}"`, before, registry.resolved(caller.sandboxName, written), [
      previous,
    ]);
    return this.store(caller.sandboxName, written);
  }

  /**
   * The union tag: "To participate in a union, a schema must include an identityMap fieldgroup or a primary identity
   * descriptor" (XDM-1528-400, the troubleshooting guide). Enablement is irreversible (the Profile enablement planning
   * page): a write that drops the tag is refused with 400 in the platform's generic shape (no code is documented).
   */
  private checkUnion(caller: Caller, previous: StoredSchema | undefined, written: StoredSchema): void {
    if (previous && isUnion(previous) && !isUnion(written)) {
      throw platformError(
        400,
        `Schema "${previous.title}" is enabled for Profile: its union tag cannot be removed (Profile enablement is irreversible).`,
      );
    }
    if (!isUnion(written) || (previous && isUnion(previous))) return;
    const refs = ((written.allOf as { $ref: string }[]) ?? []).map((e) => e.$ref);
    const identityMap = refs.includes(IDENTITY_MAP) || "identityMap" in this.registry().resolved(caller.sandboxName, written);
    if (!identityMap && !this.registry().hasPrimaryIdentity(caller.sandboxName, written.$id)) {
      const detail = "To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.";
      throw xdmError(1528, 400, "Union descriptor validation error", detail);
    }
  }

  /** `DELETE /tenant/schemas/{id}`: 204. "A schema enabled for Profile cannot be deleted" (the schemas UI guide): 400. */
  delete(caller: Caller, id: string): void {
    this.remove(caller, id, (s) => {
      if (isUnion(s)) {
        throw platformError(
          400,
          `Schema "${s.title}" is enabled for Profile and cannot be deleted (Adobe's schema guides: Profile enablement is irreversible).`,
        );
      }
    });
  }

  facts(sandboxName: string, idOrAltId: string): SchemaFacts | undefined {
    const s = this.find(sandboxName, idOrAltId);
    return (
      s && { $id: s.$id, "meta:altId": s["meta:altId"], title: s.title, version: s.version, fields: () => this.resolved(sandboxName, s) }
    );
  }
}
