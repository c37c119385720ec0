// GitOps: the dataflows of this stack's sandbox are data, reviewed in pull requests.
// Each key of dataflows.json is a stable Pulumi resource name; its value is the Dataflow's inputs.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Dataflow, DataflowArgs } from "pulumi-aep-dataflows";

const declared = JSON.parse(readFileSync(path.join(__dirname, "dataflows.json"), "utf8")) as Record<string, DataflowArgs>;

export const flowIds = Object.fromEntries(
  Object.entries(declared).map(([resourceName, args]) => [resourceName, new Dataflow(resourceName, args).id]),
);
