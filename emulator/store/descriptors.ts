// Tenant descriptors (`/tenant/descriptors`): create (201, the descriptor with its `@id`), lookup (no Accept needed:
// descriptors are unversioned), PUT (a full rewrite), DELETE (204) and lists — an object keyed by `@type` for the
// `xdm-id`, `xdm-link` and `xdm` Accept forms, `{results, _page}` for the `xdm-v2` forms — filtered with
// `property=xdm:sourceSchema==…` (and `@type==…`, comma-joined or repeated).
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/tutorials/create-schema-api,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/schema-registry.yaml
import type { Caller } from "../caller";
import type { EmulatorClock } from "../clock";
import { platformError, xdmError } from "../errors";
import { Query, one } from "../query";
import { Sandboxes, sandboxId } from "../sandboxes";
import { PerSandboxStore } from "./per-sandbox";
import type { RegistryView } from "./registry";
import { acceptRequired, fieldPaths, mintHash, objectBody, parseAccept, propertyFilters } from "./xdm";

export interface StoredDescriptor extends Record<string, unknown> {
  "@id": string;
  "@type": string;
}

/** The spec's `@type` enum and the types the descriptors guide adds. */
const TYPES = new Set([
  "xdm:alternateDisplayInfo",
  "xdm:descriptorIdentity",
  "xdm:descriptorReferenceIdentity",
  "xdm:descriptorOneToOne",
  "xdm:descriptorRelationship",
  "xdm:descriptorPrimaryKey",
  "xdm:descriptorVersion",
  "xdm:descriptorTimestamp",
  "xdm:descriptorDeprecated",
]);

/** The fields every identity descriptor carries (the guide's create example; `xdm:isPrimary` is optional). */
const IDENTITY_FIELDS = ["xdm:sourceSchema", "xdm:sourceVersion", "xdm:sourceProperty", "xdm:namespace"];

const LIST_FORMS: Record<string, { v2: boolean; show: "id" | "link" | "full" }> = {
  "application/vnd.adobe.xdm-id+json": { v2: false, show: "id" },
  "application/vnd.adobe.xdm-link+json": { v2: false, show: "link" },
  "application/vnd.adobe.xdm+json": { v2: false, show: "full" },
  "application/vnd.adobe.xdm-v2-id+json": { v2: true, show: "id" },
  "application/vnd.adobe.xdm-v2-link+json": { v2: true, show: "link" },
  "application/vnd.adobe.xdm-v2+json": { v2: true, show: "full" },
};

/** "Unknown Accept format available" (406): the troubleshooting guide's answer to a descriptor Accept it does not know. */
const unknownFormat = () => platformError(406, "Unknown Accept format available ");

/** The descriptors guide's 404 for a descriptor; the guide lists the resource codes 1010…1017 without naming one (1013 is a guess). */
const descriptorNotFound = (id: string) =>
  xdmError(1013, 404, "Resource Not Found", `Requested resource ${id} with version 1 is not found`);

export class DescriptorStore extends PerSandboxStore<StoredDescriptor> {
  constructor(
    sandboxes: Sandboxes,
    clock: EmulatorClock,
    private readonly registry: () => RegistryView,
  ) {
    super(sandboxes, clock);
  }

  items(sandboxName: string): StoredDescriptor[] {
    return [...(this.bySandbox.get(sandboxName)?.values() ?? [])];
  }

  /**
   * The body's checks. `@type` must be a documented type. An identity descriptor needs its four fields. What the guide
   * states but documents no error for — one primary identity per schema, a `sourceProperty` that is a field of the
   * schema, a schema that exists — is refused only with `descriptorChecks: "refuse"` (400, the platform's generic shape).
   */
  private checked(caller: Caller, body: unknown, self?: string): Record<string, unknown> {
    const d = objectBody(body, "a descriptor");
    const { "@id": _id, ...rest } = d;
    void _id;
    if (typeof rest["@type"] !== "string" || !TYPES.has(rest["@type"])) {
      throw platformError(
        400,
        `@type ${JSON.stringify(rest["@type"])} is not a descriptor type: expected one of ${[...TYPES].join(", ")}.`,
      );
    }
    if (rest["@type"] !== "xdm:descriptorIdentity") return rest;
    const missing = IDENTITY_FIELDS.filter((k) => rest[k] === undefined || rest[k] === "");
    if (missing.length) throw platformError(400, `An identity descriptor needs ${missing.join(", ")} (missing from the request body).`);
    const registry = this.registry();
    if (registry.behaviour().descriptorChecks !== "refuse") return rest;
    const schemaId = String(rest["xdm:sourceSchema"]);
    const schema = registry.schema(caller.sandboxName, schemaId);
    if (!schema) throw platformError(400, `xdm:sourceSchema ${schemaId} is not a schema of sandbox ${caller.sandboxName}.`);
    const property = String(rest["xdm:sourceProperty"]);
    if (!fieldPaths(registry.resolved(caller.sandboxName, schema)).has(property)) {
      throw platformError(
        400,
        `xdm:sourceProperty ${property} is not a field of schema "${schema.title}" (a path such as /_tenant/field, without "properties").`,
      );
    }
    const primary =
      rest["xdm:isPrimary"] === true &&
      this.items(caller.sandboxName).find(
        (o) =>
          o["@id"] !== self && o["@type"] === "xdm:descriptorIdentity" && o["xdm:sourceSchema"] === schemaId && o["xdm:isPrimary"] === true,
      );
    if (primary) {
      throw platformError(
        400,
        `Schema "${schema.title}" already has a primary identity (descriptor ${primary["@id"]} on ${String(primary["xdm:sourceProperty"])}): a schema may have only one.`,
      );
    }
    return rest;
  }

  private stamped(caller: Caller, body: Record<string, unknown>, id: string, previous?: StoredDescriptor): StoredDescriptor {
    const now = this.clock.now();
    return {
      ...body,
      "@type": body["@type"] as string,
      "@id": id,
      "meta:containerId": "tenant",
      imsOrg: caller.orgId,
      version: "1",
      "meta:sandboxId": sandboxId(caller.sandboxName),
      "meta:sandboxType": caller.sandboxName === "prod" ? "production" : "development",
      createdUser: previous?.createdUser ?? `${caller.clientId}@AdobeID`,
      createdClient: previous?.createdClient ?? caller.clientId,
      updatedUser: `${caller.clientId}@AdobeID`,
      created: previous?.created ?? now,
      updated: now,
    };
  }

  /** `POST /tenant/descriptors`: 201 with the descriptor and its `@id` (48 hex, the newer examples). */
  create(caller: Caller, body: unknown): StoredDescriptor {
    const items = this.sandbox(caller.sandboxName);
    const stored = this.stamped(caller, this.checked(caller, body), mintHash());
    items.set(stored["@id"], stored);
    return { ...stored };
  }

  private existing(caller: Caller, id: string): StoredDescriptor {
    const found = this.sandbox(caller.sandboxName).get(id);
    if (!found) throw descriptorNotFound(id);
    return found;
  }

  /** `GET /tenant/descriptors/{@id}`. */
  get(caller: Caller, id: string): StoredDescriptor {
    return { ...this.existing(caller, id) };
  }

  /** `PUT /tenant/descriptors/{@id}`: a full rewrite with the create body. */
  replace(caller: Caller, id: string, body: unknown): StoredDescriptor {
    const previous = this.existing(caller, id);
    const stored = this.stamped(caller, this.checked(caller, body, id), id, previous);
    this.map(caller.sandboxName).set(id, stored);
    return { ...stored };
  }

  /** `DELETE /tenant/descriptors/{@id}`: 204, then a lookup's 404. */
  delete(caller: Caller, id: string): void {
    this.existing(caller, id);
    this.map(caller.sandboxName).delete(id);
  }

  /**
   * `GET /tenant/descriptors`: keyed by `@type` (types without descriptors omitted) for `xdm-id` (ids), `xdm-link`
   * (`/tenant/descriptors/{id}`) and `xdm` (full); `{results, _page}` for the `xdm-v2` forms, with `limit` (0–500) and
   * `start` (an offset here: the guide does not say what `start` counts for descriptors).
   */
  list(caller: Caller, acceptHeader: string | undefined, query: Query): Record<string, unknown> {
    const accept = parseAccept(acceptHeader);
    if (!accept) throw acceptRequired();
    const form = LIST_FORMS[accept.media];
    if (!form) throw unknownFormat();
    const filters = propertyFilters(query);
    const selected = [...this.sandbox(caller.sandboxName).values()].filter((d) => filters.every((f) => f(d)));
    const shown = (d: StoredDescriptor) =>
      form.show === "id" ? d["@id"] : form.show === "link" ? `/tenant/descriptors/${d["@id"]}` : { ...d };
    if (!form.v2) {
      const byType: Record<string, unknown[]> = {};
      for (const d of selected) (byType[d["@type"]] ??= []).push(shown(d));
      return byType;
    }
    const limit = Number(one(query.limit) ?? 500);
    const start = Number(one(query.start) ?? 0);
    if (!Number.isInteger(limit) || limit < 0 || limit > 500)
      throw platformError(400, `Invalid limit ${one(query.limit)}: an integer from 0 to 500.`);
    if (!Number.isInteger(start) || start < 0) throw platformError(400, `Invalid start ${one(query.start)}: an offset of 0 or more.`);
    const page = selected.slice(start, start + limit);
    const more = start + limit < selected.length;
    return { results: page.map(shown), _page: { count: page.length, next: more ? String(start + limit) : null } };
  }

  all(): (StoredDescriptor & { sandboxName: string })[] {
    return [...this.bySandbox.entries()].flatMap(([sandboxName, m]) => [...m.values()].map((d) => ({ ...d, sandboxName })));
  }
}
