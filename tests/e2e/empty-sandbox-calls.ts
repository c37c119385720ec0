// The calls the whole pipeline of examples/empty-sandbox makes in an empty sandbox, shared by its TypeScript program
// (empty-sandbox.e2e.test.ts) and its YAML one through the plugin (empty-sandbox-yaml.e2e.test.ts): one declaration,
// two languages, the same requests. Calls are `service METHOD /path?query` with each id named by what it is
// ({schema}, {flow}, …; the tests name the ids from the stack), compared as a multiset; the orders list what
// must come first (Pulumi runs independent resources in parallel).
import { CLOUD_STORAGE_FLOW_SPEC, DATA_LAKE_SPEC, S3_SPEC } from "./harness";

/** What each of the pipeline's resources is; each program names them its own way. */
export type PipelinePart = "fieldGroup" | "schema" | "descriptor" | "dataset" | "base" | "source" | "target" | "mapping" | "flow";

/** id → what it is, for `serviceCalls`: from a program's resource names (part → name) and its stack (name → id). */
export function partNames(resources: Record<PipelinePart, string>, stack: Record<string, { id?: string }>): Record<string, PipelinePart> {
  return Object.fromEntries(Object.entries(resources).map(([part, name]) => [stack[name].id!, part as PipelinePart]));
}

/** The program's lookups (connection spec and flow spec by name), on every preview and up. */
export const LOOKUPS = [
  'flowservice GET /connectionSpecs?property=name=="amazon-s3"',
  'flowservice GET /flowSpecs?property=name=="CloudStorageToAEP"',
];

/**
 * `pulumi up` into the empty sandbox, as drafts: the lookups, each spec read once (every draft is checked against
 * its spec before it is written), the tenant id once (it namespaces the field group's fields), one create each, and
 * the mapping set's output schema once (check names a destination it lacks; in the preview its id is not known yet).
 */
export const upAsDrafts = (ids: Record<PipelinePart, string>) => [...UP_AS_DRAFTS, `schemaregistry GET ${xdmPath("schemas", ids.schema)}`];

const UP_AS_DRAFTS = [
  ...LOOKUPS,
  `flowservice GET /connectionSpecs/${S3_SPEC}`,
  `flowservice GET /connectionSpecs/${DATA_LAKE_SPEC}`,
  `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
  "schemaregistry GET /stats",
  "schemaregistry POST /tenant/fieldgroups",
  "schemaregistry POST /tenant/schemas",
  "schemaregistry POST /tenant/descriptors",
  "catalog POST /dataSets",
  // Catalog answers the POST with a link only: one read gives the dataset's version and times.
  "catalog GET /dataSets/{dataset}",
  "flowservice POST /connections?mode=draft",
  "flowservice POST /sourceConnections?mode=draft",
  "flowservice POST /targetConnections?mode=draft",
  "dataprep POST /mappingSets",
  "flowservice POST /flows?mode=draft",
];
/** Each create after what it uses: the data model in its order, the dataset before its target, the schema before the mapping. */
export const UP_ORDERS = [
  [
    "POST /tenant/fieldgroups",
    "POST /tenant/schemas",
    "POST /tenant/descriptors",
    "POST /dataSets",
    "POST /targetConnections?mode=draft",
    "POST /flows?mode=draft",
  ],
  ["POST /tenant/schemas", "POST /mappingSets", "POST /flows?mode=draft"],
];

/** Publishing the drafts: one action each; the data model has no drafts, so nothing reaches the registry or Catalog. */
export const PUBLISHES = [
  "flowservice POST /connections/{base}/action?op=publish",
  "flowservice POST /sourceConnections/{source}/action?op=publish",
  "flowservice POST /targetConnections/{target}/action?op=publish",
  "flowservice POST /flows/{flow}/action?op=publish",
];
/** Adobe's publish order: the account, then the connections, then the flow. */
export const PUBLISH_ORDERS = [
  [
    "POST /connections/{base}/action?op=publish",
    "POST /sourceConnections/{source}/action?op=publish",
    "POST /flows/{flow}/action?op=publish",
  ],
  ["POST /targetConnections/{target}/action?op=publish", "POST /flows/{flow}/action?op=publish"],
];

/** A registry path names a schema or field group by its URL-encoded `$id`, which `serviceCalls` leaves as it is. */
const xdmPath = (collection: "schemas" | "fieldgroups", id: string) => `/tenant/${collection}/${encodeURIComponent(id)}`;

/** `pulumi refresh --skip-preview`: one read of each resource (the program does not run: no lookup; a preview would read them all again). */
export function refreshReads(ids: Record<PipelinePart, string>): string[] {
  return [
    `schemaregistry GET ${xdmPath("fieldgroups", ids.fieldGroup)}`,
    `schemaregistry GET ${xdmPath("schemas", ids.schema)}`,
    "schemaregistry GET /tenant/descriptors/{descriptor}",
    "catalog GET /dataSets/{dataset}",
    "flowservice GET /connections/{base}",
    "flowservice GET /sourceConnections/{source}",
    "flowservice GET /targetConnections/{target}",
    "dataprep GET /mappingSets/{mapping}",
    "flowservice GET /flows/{flow}",
  ];
}

/**
 * `pulumi destroy`: one DELETE each (Data Prep refuses the mapping set's: it documents no DELETE, and the provider says
 * so), and a read of the schema first: a schema enabled for Profile since the stack's last read is never sent a DELETE.
 */
export function destroyCalls(ids: Record<PipelinePart, string>): string[] {
  return [
    `schemaregistry GET ${xdmPath("schemas", ids.schema)}`,
    "flowservice DELETE /flows/{flow}",
    "flowservice DELETE /sourceConnections/{source}",
    "flowservice DELETE /targetConnections/{target}",
    "flowservice DELETE /connections/{base}",
    "dataprep DELETE /mappingSets/{mapping}",
    "catalog DELETE /dataSets/{dataset}",
    "schemaregistry DELETE /tenant/descriptors/{descriptor}",
    `schemaregistry DELETE ${xdmPath("schemas", ids.schema)}`,
    // Whether a schema enabled for Profile (never deleted) uses the field group: then it stays with that schema.
    `schemaregistry GET /tenant/schemas?property=meta:extends==${ids.fieldGroup}&property=meta:immutableTags==union`,
    `schemaregistry DELETE ${xdmPath("fieldgroups", ids.fieldGroup)}`,
  ];
}
/** Reverse order: what uses an entity is deleted before it. */
export function destroyOrders(ids: Record<PipelinePart, string>): string[][] {
  const schema = `DELETE ${xdmPath("schemas", ids.schema)}`;
  return [
    ["DELETE /flows/{flow}", "DELETE /targetConnections/{target}", "DELETE /dataSets/{dataset}"],
    ["DELETE /dataSets/{dataset}", `GET ${xdmPath("schemas", ids.schema)}`, schema],
    ["DELETE /tenant/descriptors/{descriptor}", schema, `DELETE ${xdmPath("fieldgroups", ids.fieldGroup)}`],
  ];
}
