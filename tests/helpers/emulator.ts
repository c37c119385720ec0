import { clearTokenCache } from "../../sdk/auth";
import { FlowServiceClient, FlowServiceClientOptions } from "../../sdk/client";
import { startEmulator, EmulatorOptions, RunningEmulator, JournalEntry } from "../../emulator";

/** Recognisable credentials, so tests can search every output for them. */
export const SEEDED = {
  clientId: "test-client-id",
  clientSecret: "SEEDED-CLIENT-SECRET-3f9a1c",
  orgId: "TESTORG0000000000000000@AdobeOrg",
};

export const FLOW_SPEC = { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" };
export const SOURCE_ID = "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
export const SOURCE_ID_2 = "7a3b2d4f-2b3c-4d5e-9f0a-1b2c3d4e5f60";
export const TARGET_ID = "8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071";

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  clearTokenCache();
  return startEmulator({ clients: [SEEDED], ...options });
}

export function settingsFor(emu: RunningEmulator) {
  return { endpoint: emu.url, imsEndpoint: emu.url, ...SEEDED };
}

export function clientFor(emu: RunningEmulator, extra: Partial<FlowServiceClientOptions> = {}): FlowServiceClient {
  return new FlowServiceClient({ ...settingsFor(emu), retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...extra });
}

/** The Flow Service calls the emulator received, in the shape tests compare exactly. */
export interface Call {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  ifMatch?: string;
  sandbox?: string;
  body?: unknown;
  status?: number;
}

export function flowCalls(emu: RunningEmulator, opts: { withStatus?: boolean; withSandbox?: boolean } = {}): Call[] {
  return emu
    .journal()
    .filter((e: JournalEntry) => e.service === "flowservice")
    .map((e) => {
      const call: Call = { method: e.method, path: e.path };
      if (Object.keys(e.query).length) call.query = e.query;
      if (e.headers.ifMatch) call.ifMatch = e.headers.ifMatch;
      if (opts.withSandbox) call.sandbox = e.headers.sandboxName;
      if (e.body !== undefined) call.body = e.body;
      if (opts.withStatus) call.status = e.status;
      return call;
    });
}

export function imsCalls(emu: RunningEmulator): JournalEntry[] {
  return emu.journal().filter((e) => e.service === "ims");
}

/** A Mapping transformation and a schedule: what the cloud storage flow spec needs to publish a flow. */
export const MAPPING = [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }];
export const SCHEDULE = { startTime: 4_102_444_800, frequency: "hour" as const, interval: 1, backfill: true };

/** The inputs of a flow that may be published (the spec requires a schedule and a mapping). */
export const publishable = () => ({
  ...baseInputs(),
  transformations: MAPPING.map((t) => ({ ...t, params: { ...t.params } })),
  scheduleParams: { ...SCHEDULE },
});

/** A create body the emulator takes for a published flow. */
export const publishableRequest = () => ({
  ...baseInputs(),
  transformations: MAPPING,
  scheduleParams: { startTime: "4102444800", frequency: "hour", interval: "1", backfill: true },
});

export const baseInputs = () => ({
  name: "Orders ingestion",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
});
