// examples/empty-sandbox's whole pipeline (field group, schema, primary identity, dataset, S3 account, files, target,
// mapping set, flow) for npm run bench: a copy, so that the example can change without moving the bench's figures,
// with the change the bench measures one flag away: `newField` adds a field to the field group and a mapping rule for
// it, so a schema change reaches the flow (field group PATCH → a new mapping set version → the flow's mappingVersion).
// The endpoint and credentials come from AEP_* variables; `publish` and `newField` from the stack's config.
import * as pulumi from "@pulumi/pulumi";
import {
  BaseConnection,
  Dataflow,
  Dataset,
  FieldGroup,
  IdentityDescriptor,
  MappingSet,
  Schema,
  SourceConnection,
  TargetConnection,
  getConnectionSpec,
  getFlowSpec,
} from "pulumi-aep-dataflows";

const config = new pulumi.Config();
const draft = !config.requireBoolean("publish");
const newField = config.requireBoolean("newField");
// Set on each stack by scripts/bench.ts, computed from the clock: the service refuses a new flow whose start has passed.
const startTime = config.require("startTime");

const PROFILE_CLASS = "https://ns.adobe.com/xdm/context/profile";
const XED = "application/vnd.adobe.xed-full+json;version=1";

// The tenant's own fields: the Schema Registry places them under `_{TENANT_ID}` (the field group's `tenantId`).
const customerFields = new FieldGroup("customer-fields", {
  title: "Acme customer fields",
  description: "What Acme knows of a customer",
  intendedToExtend: [PROFILE_CLASS],
  fields: {
    customerId: { type: "string", title: "Customer id" },
    email: { type: "string", title: "Email", format: "email" },
    tier: { type: "string", title: "Loyalty tier" },
    ...(newField ? { phone: { type: "string", title: "Phone" } } : {}),
  },
});
const tenant = customerFields.tenantId;

const customers = new Schema("customers", {
  title: "Acme customers",
  description: "Customers, from the CRM export",
  classId: PROFILE_CLASS,
  fieldGroups: [customerFields.id],
});

// The primary identity. Profile stays off: Adobe never lets a Profile-enabled schema be deleted, and the bench tears down.
new IdentityDescriptor("customer-id", {
  schemaId: customers.id,
  sourceProperty: pulumi.interpolate`/_${tenant}/customerId`,
  namespace: "CRMID",
  isPrimary: true,
});

const dataset = new Dataset("customers-dataset", {
  name: "Acme customers",
  description: "Customers, from the CRM export",
  schemaId: customers.id,
});

const s3 = getConnectionSpec({ name: "amazon-s3" });
const cloudStorageToAep = getFlowSpec({ name: "CloudStorageToAEP" });

const account = new BaseConnection("crm-bucket", {
  name: "CRM bucket",
  connectionSpec: { id: s3.id, version: s3.version },
  auth: {
    specName: "Access Key",
    params: { s3AccessKey: config.requireSecret("s3AccessKey"), s3SecretKey: config.requireSecret("s3SecretKey") },
  },
  draft,
});

const files = new SourceConnection("crm-files", {
  name: "CRM customer files",
  baseConnectionId: account.id,
  connectionSpec: { id: s3.id, version: s3.version },
  data: { format: "delimited", properties: { columnDelimiter: "," } },
  params: { path: "/acme-customers/in/*.csv", recursive: false },
  draft,
});

const target = new TargetConnection("customers-target", {
  name: "Acme customers dataset",
  connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" }, // the data lake
  data: { schema: { id: customers.id, version: XED } },
  params: { dataSetId: dataset.id },
  draft,
});

const mapping = new MappingSet("customers-mapping", {
  outputSchema: { schemaRef: { id: customers.id, contentType: XED } },
  mappings: [
    { sourceType: "ATTRIBUTE", source: "customer_id", destination: pulumi.interpolate`_${tenant}.customerId` },
    { sourceType: "EXPRESSION", source: "lower(email)", destination: pulumi.interpolate`_${tenant}.email` },
    { sourceType: "ATTRIBUTE", source: "tier", destination: pulumi.interpolate`_${tenant}.tier` },
    ...(newField ? [{ sourceType: "ATTRIBUTE" as const, source: "phone", destination: pulumi.interpolate`_${tenant}.phone` }] : []),
  ],
});

const flow = new Dataflow("customers-flow", {
  name: "Acme customers from S3",
  description: "Hourly CRM export, mapped to the Acme customers schema",
  flowSpec: { id: cloudStorageToAep.id, version: cloudStorageToAep.version },
  sourceConnectionIds: [files.id],
  targetConnectionIds: [target.id],
  transformations: [{ name: "Mapping", params: { mappingId: mapping.id, mappingVersion: mapping.version } }],
  scheduleParams: { startTime, frequency: "hour", interval: 1, backfill: true },
  draft,
});

export const mappingVersion = mapping.version;
export const flowId = flow.id;
