// Tenant field groups (`/tenant/fieldgroups`): create (201, the full field group), lookup, list, PUT (200, a full
// replacement), PATCH (200, RFC 6902) and DELETE (204). The body needs `type`, `title` and `meta:intendedToExtend` (the
// spec's `required`); custom fields sit under `_{TENANT_ID}`. The registry adds the `$id` (still under `/mixins/`),
// `meta:altId`, `version` "1.0" (minor +1 per write), `meta:resourceType: "mixins"`, `meta:extensible`, `meta:abstract`,
// `meta:xdmType` on every field and `type`/`meta:xdmType` on each `allOf` entry.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/schema-registry.yaml
import type { Caller } from "../caller";
import { platformError } from "../errors";
import { TenantResourceStore } from "./tenant-resources";
import {
  TENANT,
  XdmResource,
  checkTenantNamespace,
  mintHash,
  nextVersion,
  objectBody,
  ownProperties,
  patched,
  registryFields,
  userPart,
  withXdmTypes,
} from "./xdm";

export type StoredFieldGroup = XdmResource;

export class FieldGroupStore extends TenantResourceStore<StoredFieldGroup> {
  protected readonly notFoundCode = 1011;
  protected readonly path = "/tenant/fieldgroups";

  protected resolved(_sandboxName: string, fg: StoredFieldGroup): Record<string, unknown> {
    return ownProperties(fg);
  }

  /** The stored field group for `body`, checked: a new one, or the next version of `previous`. */
  private written(caller: Caller, body: unknown, previous?: StoredFieldGroup): StoredFieldGroup {
    const user = userPart(objectBody(body, "a field group"));
    // `required: [type, title, meta:intendedToExtend]` (the spec's field group definition).
    const missing = ["type", "title", "meta:intendedToExtend"].filter((k) => user[k] === undefined || user[k] === "");
    if (missing.length) throw platformError(400, `A field group needs ${missing.join(", ")} (missing from the request body).`);
    if (typeof user.title !== "string") throw platformError(400, "A field group's title must be a string.");
    if (!Array.isArray(user["meta:intendedToExtend"])) throw platformError(400, "meta:intendedToExtend must be an array of class $ids.");
    checkTenantNamespace(user);
    const registry = this.registry();
    registry.checkTitle(caller.sandboxName, user.title, previous?.$id);
    const hash = previous ? previous.$id.split("/").at(-1)! : mintHash();
    const definitions = Object.fromEntries(
      Object.entries((user.definitions as Record<string, Record<string, unknown>>) ?? {}).map(([k, d]) => [
        k,
        d?.properties ? { ...d, properties: withXdmTypes(d.properties as Record<string, unknown>) } : d,
      ]),
    );
    return {
      ...user,
      ...(user.definitions ? { definitions } : {}),
      ...(Array.isArray(user.allOf) ? { allOf: user.allOf.map((e: object) => ({ ...e, type: "object", "meta:xdmType": "object" })) } : {}),
      $id: `https://ns.adobe.com/${TENANT}/mixins/${hash}`,
      "meta:altId": `_${TENANT}.mixins.${hash}`,
      "meta:resourceType": "mixins",
      version: previous ? nextVersion(previous.version) : "1.0",
      title: user.title,
      "meta:extensible": true,
      "meta:abstract": true,
      "meta:xdmType": "object",
      ...registryFields(caller, this.clock.now(), previous),
    };
  }

  /** `POST /tenant/fieldgroups`: 201 with the full field group. */
  create(caller: Caller, body: unknown): StoredFieldGroup {
    this.sandbox(caller.sandboxName);
    return this.store(caller.sandboxName, this.written(caller, body));
  }

  /** `PUT /tenant/fieldgroups/{id}`: the body holds everything a create needs; 200 with the full field group. */
  replace(caller: Caller, id: string, body: unknown): StoredFieldGroup {
    return this.update(caller, id, () => body);
  }

  /** `PATCH /tenant/fieldgroups/{id}`: an RFC 6902 array applied to the stored field group; 200 with the result. */
  patch(caller: Caller, id: string, ops: unknown): StoredFieldGroup {
    return this.update(caller, id, (previous) => patched(previous, ops));
  }

  private update(caller: Caller, id: string, next: (previous: StoredFieldGroup) => unknown): StoredFieldGroup {
    const previous = this.existing(caller, id);
    const written = this.written(caller, next(previous), previous);
    const registry = this.registry();
    const users = registry.schemasUsing(caller.sandboxName, previous.$id);
    registry.checkEvolution(caller.sandboxName, `Field group "${previous.title}"`, ownProperties(previous), ownProperties(written), users);
    return this.store(caller.sandboxName, written);
  }
}
