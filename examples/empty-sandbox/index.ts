// A whole ingestion pipeline stood up in an EMPTY sandbox by one program: the data model (a field
// group of the tenant's fields, a schema of the Individual Profile class using it, its primary
// identity, a dataset of that schema) and the pipeline that fills it (an Amazon S3 account, the
// files to read, the dataset as target, the field mapping and the flow). Nothing is looked up by
// name and no id is written down: each resource takes the ids of the ones it uses, so Pulumi
// creates them in order, and destroys them in reverse order, leaving the sandbox as it found it.
//
// Everything that has drafts starts as one; `pulumi config set publish true` publishes the
// connections and the flow in Adobe's order. `pulumi config set profile true` enables the schema
// and the dataset for Real-Time Customer Profile — which Adobe makes irreversible: a Profile-enabled
// schema can never be disabled or deleted, so `pulumi destroy` then leaves the schema and its field group in the sandbox.
// `pulumi config set customerPhone true` is a schema change: a new field (`phone`) in the field group and the rule
// that fills it in the mapping set — an additive PATCH (allowed even once Profile-enabled), a new mapping set version,
// and the flow moved to it (a PATCH of its transformation), all in one `pulumi up`.
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
const profile = config.requireBoolean("profile");
const customerPhone = config.requireBoolean("customerPhone");
// The flow's first run: a stack's `startTime`, or else the next UTC midnight after the flow is created, kept afterwards.
const configuredStart = config.get("startTime");
const nextUtcMidnight = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString();

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
    ...(customerPhone ? { phone: { type: "string", title: "Phone" } } : {}),
  },
});
const tenant = customerFields.tenantId;

const customers = new Schema("customers", {
  title: "Acme customers",
  description: "Customers, from the CRM export",
  classId: PROFILE_CLASS,
  fieldGroups: [customerFields.id],
});

// The primary identity; with `profile` it also enables the schema for Profile (a union schema needs one).
const customerId = new IdentityDescriptor("customer-id", {
  schemaId: customers.id,
  sourceProperty: pulumi.interpolate`/_${tenant}/customerId`,
  namespace: "CRMID",
  isPrimary: true,
  enableProfile: profile,
});

const dataset = new Dataset(
  "customers-dataset",
  { name: "Acme customers", description: "Customers, from the CRM export", schemaId: customers.id, profileEnabled: profile },
  // Profile is enabled on the dataset only once its schema is (the descriptor enables the schema).
  { dependsOn: [customerId] },
);

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
  params: { path: config.require("bucketPath"), recursive: false },
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
    ...(customerPhone ? [{ sourceType: "ATTRIBUTE" as const, source: "phone", destination: pulumi.interpolate`_${tenant}.phone` }] : []),
  ],
});

const flow = new Dataflow(
  "customers-flow",
  {
    name: "Acme customers from S3",
    description: "Hourly CRM export, mapped to the Acme customers schema",
    flowSpec: { id: cloudStorageToAep.id, version: cloudStorageToAep.version },
    sourceConnectionIds: [files.id],
    targetConnectionIds: [target.id],
    transformations: [{ name: "Mapping", params: { mappingId: mapping.id, mappingVersion: mapping.version } }],
    scheduleParams: { startTime: configuredStart ?? nextUtcMidnight, frequency: "hour", interval: 1, backfill: true },
    draft,
  },
  configuredStart ? {} : { ignoreChanges: ["scheduleParams.startTime"] },
);

export const tenantId = tenant;
export const fieldGroupId = customerFields.id;
export const schemaId = customers.id;
export const identityDescriptorId = customerId.id;
export const datasetId = dataset.id;
export const flowId = flow.id;
export const state = flow.state;
