import * as pulumi from "@pulumi/pulumi";
import { Dataflow } from "pulumi-aep-dataflows";

const config = new pulumi.Config();

// The first run. The service refuses a new flow whose start time has passed, so no date written here would
// do for ever: set one per stack (`pulumi config set startTime 2031-01-01T00:00:00Z`), or leave it out and
// the flow starts at the next UTC midnight after it is created. That default is kept afterwards
// (ignoreChanges): recomputed on every run, it would be a change on every `pulumi up`.
const configuredStart = config.get("startTime");
const nextUtcMidnight = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString();

const orders = new Dataflow(
  "orders",
  {
    name: config.require("flowName"),
    description: "Hourly orders export, mapped to the Orders schema",
    flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" }, // CloudStorageToAEP
    sourceConnectionIds: [config.require("sourceConnectionId")],
    targetConnectionIds: [config.require("targetConnectionId")],
    transformations: [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }],
    scheduleParams: { startTime: configuredStart ?? nextUtcMidnight, frequency: "hour", interval: 1, backfill: true },
    // Flip to false (pulumi config set draft false) to publish the flow.
    draft: config.requireBoolean("draft"),
  },
  configuredStart ? {} : { ignoreChanges: ["scheduleParams.startTime"] },
);

export const flowId = orders.id;
export const state = orders.state;
export const etag = orders.etag;
