// The Dataset, declared once: every input and output, its shape (what `check` accepts), its docs and
// what a change of it does (one JSON Patch, or a replace). The package schema, the SDKs, the
// generated TypeScript resource and the reference docs come from here. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset
import { z } from "zod";
import { declareResource, prop } from "../declare";
import { tagged } from "../entity";

export const CATALOG = "https://platform.adobe.io/data/foundation/catalog";

/** Adobe's pages, as the Dataset's docs cite them. */
export const DATASET_DOCS = {
  create: "https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset",
  update: "https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/update-object",
  delete: "https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/delete-object",
  appendix: "https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/appendix",
  profile: "https://experienceleague.adobe.com/en/docs/experience-platform/catalog/datasets/enable-for-profile",
  deleteData: "https://experienceleague.adobe.com/en/docs/platform-learn/tutorials/data-hygiene/delete-datasets-and-batches",
  profilePlanning: "https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/profile-enablement-planning",
};

/** What deleting a dataset does to its data, in Adobe's words: the docs' warning, also said by `pulumi preview` before a replace. */
export const DATASET_DELETE_WARNING =
  "deleting a dataset cannot be undone: it deletes the data ingested into it from the data lake, the identity graph and the " +
  `Profile store (${DATASET_DOCS.delete}, ${DATASET_DOCS.deleteData})`;

/** What disabling Profile on a dataset does, said in the docs and by `pulumi preview` before the PATCH. */
export const PROFILE_DISABLE_WARNING = `disabling Profile on a dataset deletes the profile data ingested from it from the Profile store (${DATASET_DOCS.profilePlanning})`;

const patched =
  "Changed in place: one `PATCH /dataSets/{id}` (a JSON Patch, `Content-Type: application/json-patch+json`) guarded by " +
  "`If-Match` with the `E-Tag` of a read just before (a 412 means someone changed the dataset meanwhile: nothing is overwritten).";

const tagNote = (tag: string, what: string) =>
  `Whether the dataset is enabled for ${what} (the \`${tag}\` tag: \`["enabled:true"]\`; default \`false\`). Set at creation ` +
  `in the POST's tags; a change is a JSON Patch of \`/tags/${tag}\` (\`add\` to enable, \`replace\` with \`["enabled:false"]\` ` +
  `to disable) in the same guarded PATCH (${DATASET_DOCS.profile}).`;

export const DATASET_DECLARATION = declareResource({
  name: "Dataset",
  doc:
    `A Catalog dataset (\`POST ${CATALOG}/dataSets\`): where ingested data is stored, in the shape of an XDM schema. Use its ` +
    "`id` as a TargetConnection's `params.dataSetId`.\n\n" +
    'Lifecycle: created with one POST (its answer is only `["@/dataSets/{id}"]`, so one GET after it reads the version and ' +
    `times Catalog set); \`name\`, \`description\`, \`tags\`, \`profileEnabled\` and \`identityEnabled\` change in place ` +
    "with one JSON Patch guarded by `If-Match` (Catalog's conditional writes: the E-Tag of a read made just before; a 412 is " +
    "someone else's edit, never overwritten), then one GET (its answer too is only the link); a change of `schemaId` or `sandboxName` replaces the dataset (Catalog cannot " +
    "change a dataset's schema). Dataset names are not unique at Adobe: after a create whose answer was lost, the dataset of " +
    "that name and schema made meanwhile is looked for and kept, never made twice; to take over an existing one, use " +
    "`adoptId`. What Catalog adds (version, created, viewId, files, its own tags…) never shows as a change.\n\n" +
    `**Warning:** ${DATASET_DELETE_WARNING}. A replace deletes the old dataset and its data; \`pulumi preview\` says so ` +
    `under the resource. Also, ${PROFILE_DISABLE_WARNING}. ${DATASET_DOCS.create}`,
  inputs: {
    name: prop(
      z.string().refine((s) => s.trim().length > 0, tagged("name.present", "must be a non-empty string")),
      { doc: `The dataset's name, as the AEP UI shows it (not blank; Adobe does not require names to be unique). ${patched}`, patch: true },
    ),
    description: prop(z.string().optional(), { doc: `A description of the dataset. ${patched}`, patch: true }),
    schemaId: prop(z.string(), {
      replaces: true,
      doc:
        "The `$id` of the dataset's XDM schema (a URI, e.g. `https://ns.adobe.com/{TENANT_ID}/schemas/{hash}`; look one up by " +
        'title with `getSchema`), sent as `schemaRef: {id, contentType: "application/vnd.adobe.xed+json;version=1"}`. Catalog ' +
        "cannot change a dataset's schema: changing it replaces the dataset (a new one, then the old one and its data deleted).",
    }),
    profileEnabled: prop(z.boolean().default(false), {
      patch: true,
      doc:
        `${tagNote("unifiedProfile", "Real-Time Customer Profile")} Its schema must be enabled for Profile first. ` +
        `**Setting it back to \`false\`: ${PROFILE_DISABLE_WARNING}.**`,
    }),
    identityEnabled: prop(z.boolean().default(false), {
      patch: true,
      doc: tagNote("unifiedIdentity", "Identity Service"),
    }),
    tags: prop(z.record(z.string(), z.array(z.string())).optional(), {
      patch: true,
      doc:
        "Custom Catalog tags: tag name → values. Only the tags named here are managed (tags Catalog or others add are left " +
        "alone); a tag removed from the program is removed from the dataset. `unifiedProfile` and `unifiedIdentity` are " +
        "`profileEnabled` and `identityEnabled`, not tags here; Adobe asks that custom tags not start with `adobe`. " +
        `Changed in place in the same guarded JSON Patch (\`/tags/{name}\`).`,
    }),
    sandboxName: prop(z.string().optional(), {
      local: true,
      replaces: true,
      doc:
        "The sandbox (`x-sandbox-name`) the dataset lives in; default the provider's `aep:sandboxName`. As an output, the " +
        "effective sandbox. Changing it replaces the dataset (a new one in the new sandbox, then the old one and its data deleted).",
    }),
    adoptId: prop(z.string().optional(), {
      local: true,
      doc:
        "Take over the existing dataset with this id (24 hexadecimal digits) when the resource is created, instead of creating " +
        "one: it must have the declared schema; its name, description, tags and enablement are then brought to the declared " +
        "ones with at most one guarded JSON Patch. Only read at creation.",
    }),
  },
  outputs: {
    version: prop(z.string().optional(), {
      doc: 'Catalog\'s version of the dataset (e.g. "1.0.3"), as of the last read (a create or a change reads it right after its write).',
    }),
    createdAt: prop(z.string().optional(), { doc: "When the dataset was created (ISO 8601), as of the last read." }),
    updatedAt: prop(z.string().optional(), {
      doc: "When the dataset was last changed (ISO 8601), as of the last read (a create or a change reads it right after its write).",
    }),
    adoption: prop(z.string().optional(), {
      doc: "For an adopted dataset: what taking it over does (`… no change` or `… PATCH <paths>`).",
    }),
    state: prop(z.string().optional(), {
      doc: "`not-found` after a refresh found none (the next `pulumi up` creates it again); absent otherwise.",
    }),
  },
  alwaysOutput: ["name", "schemaId", "profileEnabled", "identityEnabled", "sandboxName"],
});
