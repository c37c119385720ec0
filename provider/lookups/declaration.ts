// The lookups, declared once: each one's arguments and result with their docs. The package schema's
// functions (`aep:index:getFlowSpec`, …), the generated TypeScript result types
// (sdk/nodejs/lookup-types.ts), the Python SDK and docs/lookups.md come from here; what they read is
// in reads.ts. A result's property is optional only where the service may leave it out. Pure.
import { z } from "zod";
import { DOCS, FLOW_SERVICE } from "../kinds/entity";
import { declareFunction, objectType, prop } from "../kinds/declare";

const sandboxName = prop(z.string().optional(), {
  doc: "The sandbox to look in (`x-sandbox-name`); default the provider's `aep:sandboxName`. Specs are the same in every sandbox.",
});

const NOTE =
  "A read (cached within the run) on every `preview` and `up`, with the provider's `aep:*` settings, never a write. A name that " +
  "matches nothing, or more than one thing, fails with what was found.";

const strings = z.array(z.string());

export const AUTH_SPEC = objectType("AuthSpec", "One auth spec of a connection spec: the ways a base connection of it can authenticate.", {
  name: prop(z.string(), { doc: "The auth spec's name: a base connection's `auth.specName`." }),
  params: prop(strings, { doc: "Every param the auth spec declares." }),
  required: prop(strings, { doc: "The params it requires (a base connection without them is refused before any write)." }),
  secretParams: prop(strings, { doc: 'The params it marks `format: "password"`: give them from `pulumi config set --secret`.' }),
});

export const DATASET_SCHEMA_REF = objectType("DatasetSchemaRef", "The XDM schema a dataset follows (Catalog `schemaRef`).", {
  id: prop(z.string(), { doc: "The schema's `$id` (a URI)." }),
  contentType: prop(z.string().optional(), { doc: "The schema's media type, when Catalog gives it." }),
});

export const FLOW_RUN_ERROR = objectType("FlowRunError", "An error a flow run reports.", {
  code: prop(z.string().optional(), { doc: "The error code, when the run gives one." }),
  message: prop(z.string().optional(), { doc: "The error message, when the run gives one." }),
});

const count = (doc: string) => prop(z.number().int().optional(), { doc });

export const FLOW_RUN = objectType("FlowRun", `One run of a flow (\`GET /runs?property=flowId==…\`, ${DOCS.monitor}).`, {
  id: prop(z.string(), { doc: "The run's id (Flow Service `/runs/{id}`)." }),
  status: prop(z.string(), {
    doc:
      "`success`, `failed`, `inProgress`… (`unknown` when the run reports none). A success may still have failed records: check " +
      "`failedRecordCount`.",
  }),
  startedAt: prop(z.string().optional(), { doc: "When the run started (ISO 8601)." }),
  completedAt: prop(z.string().optional(), { doc: "When the run completed (ISO 8601); absent while it runs." }),
  inputRecordCount: count("How many records the run read (absent while unknown)."),
  outputRecordCount: count("How many records the run wrote to the dataset (absent while unknown)."),
  failedRecordCount: count("How many records failed (absent while unknown); a `success` may have some."),
  errors: prop(z.array(FLOW_RUN_ERROR), { doc: "The errors the run reports (empty when none)." }),
});

export const GET_FLOW_SPEC = declareFunction({
  name: "getFlowSpec",
  doc: `A flow spec by name (e.g. \`CloudStorageToAEP\`): \`GET ${FLOW_SERVICE}/flowSpecs?property=name=="…"\`. ${NOTE}`,
  args: { name: prop(z.string(), { doc: "The flow spec's exact name." }), sandboxName },
  resultDoc: "The flow spec.",
  result: {
    id: prop(z.string(), { doc: "The flow spec id (a UUID): a Dataflow's `flowSpec.id`." }),
    name: prop(z.string(), { doc: "The flow spec's name (what it was found by)." }),
    version: prop(z.string(), { doc: 'Its version (`"1.0"` when the spec gives none): a Dataflow\'s `flowSpec.version`.' }),
    isDraftModeSupported: prop(z.boolean(), { doc: "Whether flows of it can be drafts (`attributes.isDraftModeSupported`)." }),
    sourceConnectionSpecIds: prop(strings, { doc: "The connection specs its source connections may have." }),
    targetConnectionSpecIds: prop(strings, { doc: "The connection specs its target connections may have." }),
  },
});

export const GET_CONNECTION_SPEC = declareFunction({
  name: "getConnectionSpec",
  doc:
    `A connection spec by name (e.g. \`amazon-s3\`): \`GET ${FLOW_SERVICE}/connectionSpecs?property=name=="…"\`, with its ` +
    `auth specs and which of their params are credentials. ${NOTE}`,
  args: { name: prop(z.string(), { doc: "The connection spec's exact name." }), sandboxName },
  resultDoc: "The connection spec.",
  result: {
    id: prop(z.string(), { doc: "The connection spec id (a UUID): a connection's `connectionSpec.id`." }),
    name: prop(z.string(), { doc: "The connection spec's name (what it was found by)." }),
    version: prop(z.string(), { doc: 'Its version (`"1.0"` when the spec gives none).' }),
    isDraftModeSupported: prop(z.boolean(), { doc: "Whether connections of it can be drafts (`attributes.isDraftModeSupported`)." }),
    authSpecs: prop(z.array(AUTH_SPEC), { doc: "Its auth specs: a base connection's `auth.specName` and params." }),
  },
});

export const GET_DATASET = declareFunction({
  name: "getDataset",
  doc:
    `The dataset named exactly \`name\` in the sandbox (Catalog, \`GET https://platform.adobe.io/data/foundation/catalog/dataSets\`; ` +
    `names are not unique, so more than one match fails). ${NOTE}`,
  args: { name: prop(z.string(), { doc: "The dataset's exact name." }), sandboxName },
  resultDoc: "The dataset.",
  result: {
    id: prop(z.string(), { doc: "The dataset id: a data lake target connection's `params.dataSetId`." }),
    name: prop(z.string(), { doc: "The dataset's name (what it was found by)." }),
    schemaRef: prop(DATASET_SCHEMA_REF, {
      doc:
        "The XDM schema it follows (what a mapping set's `outputSchema` and a target connection's `data.schema` reference). A " +
        "dataset Catalog gives no `schemaRef` for fails the lookup: no dataflow can write to it.",
    }),
  },
});

export const GET_SCHEMA = declareFunction({
  name: "getSchema",
  doc:
    "The tenant schema titled exactly `title` in the sandbox (Schema Registry, " +
    `\`GET https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas\`). ${NOTE}`,
  args: { title: prop(z.string(), { doc: "The schema's exact title." }), sandboxName },
  resultDoc: "The schema.",
  result: {
    id: prop(z.string(), { doc: "The schema's `$id` (a URI): what mapping sets and target connections reference." }),
    altId: prop(z.string(), { doc: "The schema's `meta:altId` (the Schema Registry's dotted id)." }),
    title: prop(z.string(), { doc: "The schema's title (what it was found by)." }),
    version: prop(z.string(), { doc: 'The schema\'s version (e.g. `"1.0"`), as the Schema Registry gives it.' }),
  },
});

export const GET_FLOW_RUNS = declareFunction({
  name: "getFlowRuns",
  doc:
    `A flow's latest runs, newest first (\`GET ${FLOW_SERVICE}/runs?property=flowId==…\`): whether a published flow is healthy, ` +
    "e.g. in a CI step. Adobe reports a run with failed records as a success: check `failedRecordCount`. A read (cached within " +
    `the run per flow and limit), never a write. ${DOCS.monitor}`,
  args: {
    flowId: prop(z.string(), { doc: "The flow's id (a UUID), e.g. a Dataflow's `id`." }),
    limit: prop(z.number().int().default(10), { doc: "How many runs at most (default 10)." }),
    sandboxName,
  },
  resultDoc: "The runs.",
  result: { runs: prop(z.array(FLOW_RUN), { doc: "The runs, newest first (empty when the flow has not run)." }) },
});

/** Every lookup, in the order the package schema lists them. */
export const LOOKUPS = [GET_FLOW_SPEC, GET_CONNECTION_SPEC, GET_DATASET, GET_SCHEMA, GET_FLOW_RUNS] as const;

/** What a lookup gives. */
export type ResultOf<F extends { result: z.ZodRawShape }> = z.output<z.ZodObject<F["result"]>>;
