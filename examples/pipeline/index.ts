// A cloud-storage-to-dataset pipeline, declared once and stood up in any sandbox: an Amazon S3
// account (base connection), the files to read (source connection), the dataset to write (target
// connection), the field mapping (mapping set) and the flow that runs it all. The dataset and its
// schema are found by name in the stack's sandbox, so no per-sandbox id is written down.
//
// Everything starts as a draft. `pulumi config set publish true` publishes the whole pipeline in
// Adobe's order — the account, then the source and target connections, then the flow — because
// each resource uses the ids of the ones before it.
import * as pulumi from "@pulumi/pulumi";
import {
  BaseConnection,
  Dataflow,
  MappingSet,
  SourceConnection,
  TargetConnection,
  getConnectionSpec,
  getDataset,
  getFlowSpec,
  getSchema,
} from "pulumi-aep-dataflows";

const config = new pulumi.Config();
const draft = !config.requireBoolean("publish");
// The flow's first run: a stack's `startTime` (`pulumi config set startTime 2031-01-01T00:00:00Z`), or else the next
// UTC midnight after the flow is created, kept afterwards (see examples/quickstart/index.ts for why).
const configuredStart = config.get("startTime");
const nextUtcMidnight = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString();

const s3 = getConnectionSpec({ name: "amazon-s3" });
const cloudStorageToAep = getFlowSpec({ name: "CloudStorageToAEP" });
const dataset = getDataset({ name: config.require("datasetName") });
const schema = getSchema({ title: config.require("schemaTitle") });
const XED = "application/vnd.adobe.xed-full+json;version=1";

// The credentials come from `pulumi config set --secret s3AccessKey …` and `… s3SecretKey …`: secrets
// in the stack's config, and the base connection keeps its whole `auth` a secret in the state.
const account = new BaseConnection("orders-bucket", {
  name: "Orders bucket",
  connectionSpec: { id: s3.id, version: s3.version },
  auth: {
    specName: "Access Key",
    params: { s3AccessKey: config.requireSecret("s3AccessKey"), s3SecretKey: config.requireSecret("s3SecretKey") },
  },
  draft,
});

const files = new SourceConnection("orders-files", {
  name: "Orders files",
  baseConnectionId: account.id,
  connectionSpec: { id: s3.id, version: s3.version },
  data: { format: "delimited", properties: { columnDelimiter: "," } },
  params: { path: config.require("bucketPath"), recursive: false },
  draft,
});

const target = new TargetConnection("orders-dataset", {
  name: "Orders dataset",
  connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" }, // the data lake
  data: { schema: { id: schema.id, version: XED } },
  params: { dataSetId: dataset.id },
  draft,
});

const mapping = new MappingSet("orders-mapping", {
  outputSchema: { schemaRef: { id: schema.id, contentType: XED } },
  mappings: [
    { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
    { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
  ],
});

const flow = new Dataflow(
  "orders-flow",
  {
    name: "Orders from S3",
    description: "Hourly orders, mapped to the Orders schema",
    flowSpec: { id: cloudStorageToAep.id, version: cloudStorageToAep.version },
    sourceConnectionIds: [files.id],
    targetConnectionIds: [target.id],
    // A change of the rules makes a new mapping set version; the flow gets one PATCH that points at it.
    transformations: [{ name: "Mapping", params: { mappingId: mapping.id, mappingVersion: mapping.version } }],
    scheduleParams: { startTime: configuredStart ?? nextUtcMidnight, frequency: "hour", interval: 1, backfill: true },
    draft,
  },
  configuredStart ? {} : { ignoreChanges: ["scheduleParams.startTime"] },
);

export const baseConnectionId = account.id;
export const sourceConnectionId = files.id;
export const targetConnectionId = target.id;
export const mappingSetId = mapping.id;
export const mappingVersion = mapping.version;
export const flowId = flow.id;
export const state = flow.state;
