// The MappingSet, declared once: every input and output, its shape (what `check` accepts), its docs
// and what a change of it does (a new version). The package schema, the SDKs, the generated
// TypeScript resource and the reference docs come from here. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
import { z } from "zod";
import { declareResource, enumType, objectType, prop, ref } from "../declare";
import { DATA_PREP, DOCS, XED } from "../entity";

export const MAPPING_SOURCE_TYPE = enumType("MappingSourceType", "What a mapping rule's `source` is.", {
  ATTRIBUTE: "A source field (read back by Data Prep as `text/x.schema-path`).",
  EXPRESSION: "A Data Prep function, e.g. `lower(email)`.",
  STATIC: "A constant.",
});

/** The Data Prep spec declares SourceType as this enum; a read-back media type is named for what it stands for. */
const sourceType = z.enum(["ATTRIBUTE", "EXPRESSION", "STATIC"], {
  // A read-back media type (e.g. in code `pulumi import` wrote) says which written types it can stand for.
  error: (issue) =>
    typeof issue.input === "string" && issue.input.startsWith("text/x.")
      ? `"${issue.input}" is how Data Prep reads back ${
          issue.input === "text/x.schema-path"
            ? 'a source field: write "ATTRIBUTE"'
            : 'an expression or a constant: write "EXPRESSION" (a Data Prep function) or "STATIC" (a constant)'
        }`
      : 'must be "ATTRIBUTE" (a source field), "EXPRESSION" (a Data Prep function) or "STATIC" (a constant)',
});

export const MAPPING_RULE = objectType(
  "MappingRule",
  `One Data Prep mapping rule (${DOCS.mappingSet}). Rules are compared by what they mean (kind, source, destination), not by ` +
    "the rule ids or the media types Data Prep reads them back with.",
  {
    sourceType: prop(sourceType, {
      type: ref(MAPPING_SOURCE_TYPE),
      doc:
        "`ATTRIBUTE` (a source field), `EXPRESSION` (a Data Prep function) or `STATIC` (a constant). As an output, a rule changed " +
        "outside Pulumi may show the media type Data Prep read back (e.g. `text/x.aep-xl`) when it does not say which of " +
        "`EXPRESSION` and `STATIC` it is.",
    }),
    source: prop(z.string(), { doc: "The source field, expression or constant (not empty)." }),
    destination: prop(z.string(), { doc: "The XDM path written, e.g. `personalEmail.address`; no two rules may write the same one." }),
    name: prop(z.string().optional(), { doc: "An optional name of the rule." }),
    description: prop(z.string().optional(), { doc: "An optional description of the rule." }),
  },
);

export const SCHEMA_REF = objectType("SchemaRef", "A reference to an XDM schema.", {
  id: prop(z.string(), { doc: "The schema's `$id` (a URI); look it up by title with `getSchema`." }),
  contentType: prop(z.string(), { doc: `The schema's media type, e.g. \`"${XED}"\`.` }),
});

export const OUTPUT_SCHEMA = objectType("OutputSchema", "The XDM schema a mapping set writes to (that of the target dataset).", {
  schemaRef: prop(SCHEMA_REF, { doc: "The schema: `{id: <schema $id>, contentType}`." }),
});

const newVersion =
  "A change makes a new mapping set version: one `PUT /mappingSets/{id}` (after a read that refuses to overwrite a " +
  "version saved in the AEP UI since the last run), and the output `version` moves on.";

export const MAPPING_SET_DECLARATION = declareResource({
  name: "MappingSet",
  doc:
    `A Data Prep mapping set (\`POST ${DATA_PREP}/mappingSets\`): the rules that map source fields to the XDM schema of the ` +
    "target dataset. Use `id` and `version` in a Dataflow's `Mapping` transformation.\n\n" +
    "Lifecycle: no draft and no etag (the `state` output only says `not-found` after a refresh found none): a change of `outputSchema` or `mappings` is a full `PUT` that makes a new version " +
    "(read first, so a version saved in the AEP UI is reported, not overwritten); a change of `sandboxName` replaces it. Data " +
    "Prep documents no `DELETE`: on delete the provider tries it and, if the service refuses, says the mapping set is left in " +
    `the sandbox. ${DOCS.mappingSet}`,
  inputs: {
    outputSchema: prop(OUTPUT_SCHEMA, {
      doc: `The XDM schema the rules write to: \`{schemaRef: {id: <schema $id>, contentType: "${XED}"}}\`. ${newVersion}`,
    }),
    mappings: prop(z.array(MAPPING_RULE), {
      doc: `The rules, in order (at least one; no two write the same \`destination\`). ${newVersion}`,
    }),
    sandboxName: prop(z.string().optional(), {
      local: true,
      replaces: true,
      doc:
        "The sandbox (`x-sandbox-name`) the mapping set lives in; default the provider's `aep:sandboxName`. As an output, the " +
        "effective sandbox. Changing it replaces the mapping set.",
    }),
    adoptId: prop(z.string().optional(), {
      local: true,
      doc:
        "Take over the existing mapping set with this id (32 hexadecimal digits) when the resource is created; a new version is " +
        "made if its rules differ. Only read at creation.",
    }),
  },
  outputs: {
    version: prop(z.number().int(), {
      doc:
        "The version the rules are in: 0 at creation, one more on every change. What a flow's `Mapping` transformation pins " +
        "(`mappingVersion: mapping.version`), so a rule change reaches the flow as one PATCH.",
    }),
    createdAt: prop(z.string().optional(), {
      doc: "When the mapping set was created (ISO 8601), as of the last read (absent until a refresh or an update reads it).",
    }),
    updatedAt: prop(z.string().optional(), {
      doc: "When the mapping set was last changed (ISO 8601), as of the last read (absent until a refresh or an update reads it).",
    }),
    adoption: prop(z.string().optional(), {
      doc: "For an adopted mapping set: what taking it over does (`… no change` or `… PUT (a new version)`).",
    }),
    state: prop(z.string().optional(), {
      doc: "`not-found` after a refresh found none (the next `pulumi up` creates it again); absent otherwise.",
    }),
  },
  alwaysOutput: ["outputSchema", "mappings", "sandboxName", "version"],
});
