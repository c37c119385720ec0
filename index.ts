// pulumi-aep-dataflows: Adobe Experience Platform dataflows as Pulumi resources.
import type { EmulatorOptions, RunningEmulator } from "./emulator";

export * from "./provider";
export * from "./sdk";
export type { EmulatorOptions, RunningEmulator, FaultRule, JournalEntry } from "./emulator";

/** Starts the local Flow Service + IMS emulator. Loaded on demand, so programs never load the HTTP server. */
export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return (require("./emulator") as typeof import("./emulator")).startEmulator(options);
}
