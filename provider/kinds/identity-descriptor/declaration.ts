// The IdentityDescriptor, declared once: every input and output, its shape, its docs and what a change of it does. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors
import { z } from "zod";
import { declareResource, prop } from "../declare";
import { PROFILE_IRREVERSIBLE, XDM_DOCS } from "../xdm";

const put = "Changed in place: one `PUT /tenant/descriptors/{@id}` with the whole descriptor.";

export const IDENTITY_DESCRIPTOR_DECLARATION = declareResource({
  name: "IdentityDescriptor",
  doc:
    "An identity descriptor of a schema (`POST https://platform.adobe.io/data/foundation/schemaregistry/tenant/descriptors`, `@type: xdm:descriptorIdentity`): marks a field of the " +
    "schema as an identity of a namespace, and, with `isPrimary`, as the schema's primary identity (what Profile needs).\n\n" +
    "Lifecycle: created with one POST (`xdm:sourceVersion` 1, `xdm:property` `xdm:code`); `sourceProperty`, `namespace` and " +
    "`isPrimary` change with one PUT of the whole descriptor; `schemaId` and `sandboxName` replace it; delete is one DELETE. " +
    "After a create whose answer was lost, the schema's descriptors are listed and the one the create made is kept, never made " +
    "twice; to take over an existing one, use `adoptId`. The Registry takes no `If-Match`: a PUT overwrites what it replaces.\n\n" +
    "**Profile in one program:** `enableProfile: true` (with `isPrimary: true`) adds the schema's union tag " +
    '(`PATCH /tenant/schemas/{$id}` `add /meta:immutableTags ["union"]`) right after the descriptor is created: the order ' +
    "Adobe requires (XDM-1528-400 without a primary identity), with no cycle between the Schema and its descriptor. " +
    `**Warning:** ${PROFILE_IRREVERSIBLE}; \`enableProfile\` true → false is refused. ${XDM_DOCS.descriptors}`,
  inputs: {
    schemaId: prop(z.string(), {
      replaces: true,
      doc: "The `$id` of the schema (`xdm:sourceSchema`), e.g. a `Schema` resource's `id`. Changing it replaces the descriptor.",
    }),
    sourceProperty: prop(z.string().regex(/^\/.*[^/]$/, "must start with / and not end with /"), {
      doc: `The field's path in the schema (\`xdm:sourceProperty\`), without \`properties\` segments, e.g. \`/_acme/loyaltyId\`. ${put}`,
    }),
    namespace: prop(z.string(), {
      doc: `The identity namespace's code (\`xdm:namespace\`), e.g. \`Email\`, \`ECID\` or a custom code. ${put}`,
    }),
    isPrimary: prop(z.boolean().default(false), {
      doc: `Whether it is the schema's primary identity (\`xdm:isPrimary\`; a schema has at most one). ${put}`,
    }),
    enableProfile: prop(z.boolean().default(false), {
      doc:
        "Enable the schema for Profile once this (primary) descriptor exists: one `PATCH` of the schema's union tag after the " +
        "descriptor's POST (or, set later, in the update). Only `true` does something; the tag is never removed. " +
        `**true → false is refused: ${PROFILE_IRREVERSIBLE}.**`,
    }),
    sandboxName: prop(z.string().optional(), {
      local: true,
      replaces: true,
      doc: "The sandbox (`x-sandbox-name`); default the provider's `aep:sandboxName`. Changing it replaces the descriptor.",
    }),
    adoptId: prop(z.string().optional(), {
      local: true,
      doc:
        "Take over the existing descriptor with this `@id` when the resource is created: it must be an identity descriptor of " +
        "`schemaId`; the rest is brought to the declared values with at most one PUT. Only read at creation.",
    }),
  },
  outputs: {
    adoption: prop(z.string().optional(), { doc: "For an adopted descriptor: what taking it over did." }),
    state: prop(z.string().optional(), {
      doc: "`not-found` after a refresh found none (the next `pulumi up` creates it again); absent otherwise.",
    }),
  },
  alwaysOutput: ["schemaId", "sourceProperty", "namespace", "isPrimary", "enableProfile", "sandboxName"],
});
