// What a sandbox of the emulator holds, counted by kind: the demo, the bench and the end-to-end tests compare it
// before and after a run (a whole pipeline stood up in an empty sandbox must leave it as it found it).
import type { ConnectionKind, RunningEmulator } from "../emulator";

/** Entities of one sandbox, by kind, in the order a pipeline is built: the data model, then the pipeline. */
export interface SandboxContents {
  fieldGroups: number;
  schemas: number;
  descriptors: number;
  datasets: number;
  baseConnections: number;
  sourceConnections: number;
  targetConnections: number;
  mappingSets: number;
  flows: number;
}

/** A sandbox holding nothing: what `--fixtures none` starts every sandbox with. */
export const EMPTY_SANDBOX: SandboxContents = {
  fieldGroups: 0,
  schemas: 0,
  descriptors: 0,
  datasets: 0,
  baseConnections: 0,
  sourceConnections: 0,
  targetConnections: 0,
  mappingSets: 0,
  flows: 0,
};

/** How many entities of each kind sandbox `sandboxName` of `emu` holds now (the emulator's stores, not its API). */
export function sandboxContents(emu: RunningEmulator, sandboxName: string): SandboxContents {
  const count = (items: { sandboxName?: unknown }[]) => items.filter((i) => i.sandboxName === sandboxName).length;
  const connections = (kind: ConnectionKind) => count(emu.connections(kind));
  return {
    fieldGroups: count(emu.fieldGroups()),
    schemas: count(emu.schemas()),
    descriptors: count(emu.descriptors()),
    datasets: count(emu.datasets()),
    baseConnections: connections("base"),
    sourceConnections: connections("source"),
    targetConnections: connections("target"),
    mappingSets: count(emu.mappingSets()),
    flows: count(emu.flows()),
  };
}

/** `before → after` for each kind, e.g. "schemas 0 → 1", on one line. */
export function describeContents(before: SandboxContents, after: SandboxContents): string {
  return (Object.keys(before) as (keyof SandboxContents)[]).map((kind) => `${kind} ${before[kind]} → ${after[kind]}`).join(", ");
}
