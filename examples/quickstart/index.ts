import * as pulumi from "@pulumi/pulumi";
import { Dataflow } from "pulumi-aep-dataflows";

const config = new pulumi.Config();

const orders = new Dataflow("orders", {
  name: config.require("flowName"),
  description: "Hourly orders export, mapped to the Orders schema",
  flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" }, // CloudStorageToAEP
  sourceConnectionIds: [config.require("sourceConnectionId")],
  targetConnectionIds: [config.require("targetConnectionId")],
  transformations: [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }],
  scheduleParams: { startTime: "2030-01-01T00:00:00Z", frequency: "hour", interval: 1, backfill: true },
  // Flip to false (pulumi config set draft false) to publish the flow.
  draft: config.requireBoolean("draft"),
});

export const flowId = orders.id;
export const state = orders.state;
export const etag = orders.etag;
