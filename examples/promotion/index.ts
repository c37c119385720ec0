// One program, one stack per AEP sandbox. Everything that differs between sandboxes (the sandbox
// itself, connection and mapping ids, whether the flow is published) is stack config:
// Pulumi.dev.yaml and Pulumi.prod.yaml. Promotion is a reviewed change to Pulumi.prod.yaml.
import * as pulumi from "@pulumi/pulumi";
import { Dataflow } from "pulumi-aep-dataflows";

const config = new pulumi.Config();

const customers = new Dataflow("customers-crm", {
  name: "Customers from CRM",
  description: "Daily customer profile sync",
  flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" }, // CRMToAEP
  sourceConnectionIds: [config.require("sourceConnectionId")],
  targetConnectionIds: [config.require("targetConnectionId")],
  transformations: [{ name: "Mapping", params: { mappingId: config.require("mappingId"), mappingVersion: 0 } }],
  scheduleParams: { startTime: "2030-01-01T06:00:00Z", frequency: "day", interval: 1, backfill: true },
  // A draft until this stack's `publish` is set to true.
  draft: !config.requireBoolean("publish"),
});

export const flowId = customers.id;
export const sandbox = customers.sandboxName;
export const state = customers.state;
