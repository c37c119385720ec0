// The FieldGroup, declared once: every input and output, its shape, its docs and what a change of it
// does (one JSON Patch, or a replace). The package schema, the SDKs and the reference docs come from here. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups
import { z } from "zod";
import { declareResource, prop } from "../declare";
import { tagged } from "../entity";
import { NO_IF_MATCH, PROFILE_CLASS, XDM_DOCS } from "../xdm";

const patched = "Changed in place: one `PATCH /tenant/fieldgroups/{$id}` (RFC 6902) of what changed.";

export const FIELD_GROUP_DECLARATION = declareResource({
  name: "FieldGroup",
  doc:
    "A custom XDM field group of the Schema Registry's tenant container (`POST https://platform.adobe.io/data/foundation/schemaregistry/tenant/fieldgroups`): fields a schema takes " +
    "in by naming the field group's `id` in `fieldGroups`.\n\n" +
    "Lifecycle: created with one POST (the tenant id, which namespaces custom fields as `_{TENANT_ID}`, is read once per run " +
    "from `GET /stats`); `title`, `description`, `intendedToExtend` and `fields` change in place with one JSON Patch of what " +
    "changed; `sandboxName` replaces it. Titles are unique in a sandbox: after a create whose answer was lost, the title is " +
    "looked up and the field group the create made is kept, never made twice; to take over an existing one, use `adoptId`. " +
    "What the registry adds (`meta:*`, `version`, `meta:xdmType` on every field) never shows as a change. " +
    `${NO_IF_MATCH}\n\n` +
    "**Evolution rule:** once a schema using the field group is enabled for Profile, only additive changes are allowed " +
    `(Adobe's composition page, ${XDM_DOCS.composition}): removing or retyping a field is refused before any write — by ` +
    "`pulumi preview` too — naming the field and the schemas; add a new field beside it instead (here, or in a new FieldGroup " +
    "added to the schema). A field group a Profile-enabled schema uses is never sent a DELETE: a destroy leaves it in the " +
    "sandbox with that schema (which Adobe can never delete), said. `fields` must be JSON Schema (refused otherwise, naming " +
    `the field). ${XDM_DOCS.fieldGroups}`,
  inputs: {
    title: prop(
      z.string().refine((s) => s.trim().length > 0, tagged("title.present", "must be a non-empty string")),
      {
        doc: `The field group's title, unique among the field groups and schemas of the sandbox (XDM-1521 otherwise). ${patched}`,
        patch: true,
      },
    ),
    description: prop(z.string().optional(), { doc: `A description. ${patched}`, patch: true }),
    intendedToExtend: prop(z.array(z.string()).default([PROFILE_CLASS]), {
      patch: true,
      doc: `The \`$id\`s of the classes the field group can be used with (\`meta:intendedToExtend\`); default the XDM Individual Profile class. ${patched}`,
    }),
    fields: prop(z.record(z.string(), z.unknown()), {
      patch: true,
      doc:
        "The tenant's fields, as JSON Schema properties (name → `{type, title, …}`, objects with their own `properties`), placed " +
        "under `_{TENANT_ID}` in the field group (`definitions.customFields.properties._{TENANT_ID}.properties`). A field added " +
        "is an `add`, a field changed a `replace`, a field removed a `remove` in the PATCH; removing or retyping a field is " +
        "refused while a Profile-enabled schema uses the field group.",
    }),
    sandboxName: prop(z.string().optional(), {
      local: true,
      replaces: true,
      doc: "The sandbox (`x-sandbox-name`); default the provider's `aep:sandboxName`. Changing it replaces the field group.",
    }),
    adoptId: prop(z.string().optional(), {
      local: true,
      doc:
        "Take over the existing tenant field group with this `$id` when the resource is created, instead of creating one; its " +
        "title, description, classes and fields are then brought to the declared ones with at most one JSON Patch. Only read at creation.",
    }),
  },
  outputs: {
    altId: prop(z.string().optional(), { doc: "The field group's `meta:altId` (`_{TENANT_ID}.mixins.{hash}`)." }),
    version: prop(z.string().optional(), { doc: 'The registry\'s version ("1.3"), as of the last write or read.' }),
    tenantId: prop(z.string().optional(), { doc: "The tenant id its fields are namespaced under (`_{TENANT_ID}`)." }),
    etag: prop(z.string().optional(), { doc: "`meta:registryMetadata.eTag` as of the last write or read: what the next update compares." }),
    adoption: prop(z.string().optional(), { doc: "For an adopted field group: what taking it over did." }),
    state: prop(z.string().optional(), {
      doc: "`not-found` after a refresh found none (the next `pulumi up` creates it again); absent otherwise.",
    }),
  },
  alwaysOutput: ["title", "intendedToExtend", "fields", "sandboxName", "altId", "version", "tenantId"],
});
