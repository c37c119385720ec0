// The Schema, declared once: every input and output, its shape, its docs and what a change of it does. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
import { z } from "zod";
import { declareResource, prop } from "../declare";
import { tagged } from "../entity";
import { NO_IF_MATCH, PROFILE_IRREVERSIBLE, XDM_DOCS } from "../xdm";

const patched = "Changed in place: one `PATCH /tenant/schemas/{$id}` (RFC 6902).";

export const SCHEMA_DECLARATION = declareResource({
  name: "Schema",
  doc:
    "An XDM schema of the Schema Registry's tenant container (`POST https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas`): one class and field groups. Use its `id` " +
    "as a Dataset's `schemaId`, an IdentityDescriptor's `schemaId`, or a TargetConnection's and MappingSet's schema.\n\n" +
    'Lifecycle: created with one POST whose `allOf` is `[{"$ref": classId}, {"$ref": fieldGroup}…]`; `title`, `description`, ' +
    "`fieldGroups` and `profileEnabled` change in place with one JSON Patch (a field group added is `add /allOf/-`, one removed " +
    "a `remove`); `classId` and `sandboxName` replace it (a class change that keeps the title deletes the old schema first: titles are unique in a sandbox, XDM-1521). Titles are unique in a sandbox: after a create whose answer was lost, " +
    "the title is looked up and the schema the create made is kept, never made twice; to take over an existing one, use `adoptId`. " +
    "What the registry adds (`meta:*`, `version`, `refs`, `type`/`meta:xdmType` on `allOf` entries) never shows as a change. " +
    `${NO_IF_MATCH}\n\n` +
    '**Profile:** enabling a schema for Profile is the union tag (`meta:immutableTags: ["union"]`), which needs a primary ' +
    "identity (XDM-1528-400 otherwise). The schema is created first and the identity descriptor needs its `$id`, so in one " +
    "program the tag is added by the primary `IdentityDescriptor` with `enableProfile: true`, right after the descriptor exists " +
    "(calls: schema POST, descriptor POST, schema PATCH). `profileEnabled: true` here adds the tag from the Schema itself: for a " +
    "schema with the identityMap field group, or once its primary identity already exists. " +
    `**Warning:** ${PROFILE_IRREVERSIBLE}: \`profileEnabled\` true → false, removing a field group from a Profile-enabled ` +
    "schema and replacing it (a change of `classId` or `sandboxName`) are refused before any write — judged on what the " +
    "registry holds, so also when a descriptor enabled it; deleting one (a destroy) sends no DELETE: it leaves the " +
    "stack and stays in the sandbox, said, with its title still taken there. Pulumi deletes " +
    "what uses the schema first, so before destroying a Profile stack, mark the datasets whose data you keep with `protect: true`. " +
    XDM_DOCS.schemas,
  inputs: {
    title: prop(
      z.string().refine((s) => s.trim().length > 0, tagged("title.present", "must be a non-empty string")),
      { doc: `The schema's title, unique among the field groups and schemas of the sandbox (XDM-1521 otherwise). ${patched}`, patch: true },
    ),
    description: prop(z.string().optional(), {
      patch: true,
      doc: `A description (sent as \`""\` when absent: the registry's spec requires one). ${patched}`,
    }),
    classId: prop(z.string(), {
      replaces: true,
      doc:
        "The `$id` of the schema's class, e.g. `https://ns.adobe.com/xdm/context/profile` (XDM Individual Profile) or " +
        "`https://ns.adobe.com/xdm/context/experienceevent`: the first `allOf` entry. A schema's class cannot change once it " +
        "is in use: changing it replaces the schema — deleting the old one first when the title stays (titles are unique), " +
        "which replaces what takes its id in a replacing property first (datasets, identity descriptors). Refused for a schema " +
        "enabled for Profile (Adobe can never delete it).",
    }),
    fieldGroups: prop(z.array(z.string()).default([]), {
      patch: true,
      doc:
        "The `$id`s of its field groups: a `FieldGroup` resource's `id`, or a standard one's `$id`. One added is `add /allOf/-`, " +
        "one removed a `remove /allOf/{index}`, in one PATCH; removing one from a Profile-enabled schema is refused (breaking).",
    }),
    profileEnabled: prop(z.boolean().default(false), {
      patch: true,
      doc:
        '`true` adds the union tag from this resource (`add /meta:immutableTags ["union"]`: a PATCH after the POST, or in the ' +
        "update's PATCH). It needs a primary identity: in one program with an `IdentityDescriptor`, leave this `false` and set that " +
        "descriptor's `enableProfile: true` instead. `false` leaves the tag as it is. " +
        `**true → false is refused: ${PROFILE_IRREVERSIBLE}.**`,
    }),
    sandboxName: prop(z.string().optional(), {
      local: true,
      replaces: true,
      doc: "The sandbox (`x-sandbox-name`); default the provider's `aep:sandboxName`. Changing it replaces the schema.",
    }),
    adoptId: prop(z.string().optional(), {
      local: true,
      doc:
        "Take over the existing tenant schema with this `$id` when the resource is created, instead of creating one: it must " +
        "have the declared class; title, description, field groups and the union tag are then brought to the declared ones with " +
        "at most one JSON Patch. Only read at creation.",
    }),
  },
  outputs: {
    altId: prop(z.string().optional(), { doc: "The schema's `meta:altId` (`_{TENANT_ID}.schemas.{hash}`)." }),
    version: prop(z.string().optional(), { doc: 'The registry\'s version ("1.2"), as of the last write or read.' }),
    etag: prop(z.string().optional(), { doc: "`meta:registryMetadata.eTag` as of the last write or read: what the next update compares." }),
    adoption: prop(z.string().optional(), { doc: "For an adopted schema: what taking it over did." }),
    state: prop(z.string().optional(), {
      doc: "`not-found` after a refresh found none (the next `pulumi up` creates it again); absent otherwise.",
    }),
  },
  alwaysOutput: ["title", "classId", "fieldGroups", "profileEnabled", "sandboxName", "altId", "version"],
});
