// GitOps: the dataflows of this stack's sandbox are data, reviewed in pull requests.
// Each key of dataflows.json is a stable Pulumi resource name; its value is the Dataflow's inputs.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Dataflow, DataflowArgs, ScheduleParamsArgs } from "pulumi-aep-dataflows";

/** An entry of dataflows.json: a Dataflow's inputs, whose schedule may leave out startTime. */
type Declared = Omit<DataflowArgs, "scheduleParams"> & { scheduleParams?: Omit<ScheduleParamsArgs, "startTime"> & { startTime?: string } };

const declared = JSON.parse(readFileSync(path.join(__dirname, "dataflows.json"), "utf8")) as Record<string, Declared>;

// The service refuses a new flow whose start time has passed, so a date written in dataflows.json only does for a
// flow created before it. A schedule without startTime starts at the next UTC midnight after the flow is created and
// keeps that start afterwards (ignoreChanges): recomputed on every run, it would be a change in every preview.
const nextUtcMidnight = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString();

export const flowIds = Object.fromEntries(
  Object.entries(declared).map(([resourceName, { scheduleParams: schedule, ...args }]) => {
    const startTime = schedule?.startTime ?? nextUtcMidnight;
    const flow = new Dataflow(
      resourceName,
      { ...args, ...(schedule ? { scheduleParams: { ...schedule, startTime } } : {}) },
      schedule && schedule.startTime === undefined ? { ignoreChanges: ["scheduleParams.startTime"] } : {},
    );
    return [resourceName, flow.id];
  }),
);
