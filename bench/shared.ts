// Inputs shared by the benchmark programs: deterministic, valid, different per index. Every flow
// reads the same source connection and writes the same target connection of the emulator's
// fixtures (emulator/fixtures.ts), which exist and are published in every sandbox: the emulator
// checks references as the service does, and a publish reads them first.
import * as pulumi from "@pulumi/pulumi";

const SOURCE_ID = "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const TARGET_ID = "8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071";
const MAPPING_ID = "bf5286a9c1ad4266baca76ba3adc9366";
// Set on each stack by scripts/bench.ts, computed from the clock: the service refuses a new flow whose start has passed.
const START_TIME = new pulumi.Config().require("startTime");

export function flowArgs(i: number) {
  return {
    name: `flow ${i}`,
    description: `benchmark flow ${i}`,
    flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" },
    sourceConnectionIds: [SOURCE_ID],
    targetConnectionIds: [TARGET_ID],
    transformations: [{ name: "Mapping", params: { mappingId: MAPPING_ID, mappingVersion: 0 } }],
    scheduleParams: { startTime: START_TIME, frequency: "hour" as const, interval: 1, backfill: true },
  };
}
