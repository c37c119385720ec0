// Inputs shared by the benchmark programs: deterministic, valid, different per index.
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0").slice(-width);
const uuid = (kind: number, i: number) => `${hex(kind, 8)}-0000-4000-8000-${hex(i, 12)}`;

export function flowArgs(i: number) {
  return {
    name: `flow ${i}`,
    description: `benchmark flow ${i}`,
    flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" },
    sourceConnectionIds: [uuid(1, i)],
    targetConnectionIds: [uuid(2, i)],
    transformations: [{ name: "Mapping", params: { mappingId: hex(i, 32), mappingVersion: 0 } }],
    scheduleParams: { startTime: 1_893_456_000, frequency: "hour" as const, interval: 1, backfill: true },
  };
}
