// A local Flow Service + IMS for offline development, the demo and every test.
import { EmulatorClock } from "./clock";
import { FaultInjector, FaultRule } from "./faults";
import { EmulatorClient, TokenRegistry } from "./ims";
import { Journal, JournalEntry } from "./journal";
import { buildServer } from "./server";
import { FlowStore, StoredFlow } from "./store";

export type { FaultRule, EmulatorClient, JournalEntry, StoredFlow };

export const DEFAULT_EMULATOR_CLIENT: EmulatorClient = {
  clientId: "emulator-client",
  clientSecret: "emulator-secret",
  orgId: "EMULATOR0000000000000000@AdobeOrg",
};
export const DEFAULT_SANDBOXES = ["prod", "dev", "stage"];

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only by default. */
  host?: string;
  /** OAuth Server-to-Server clients IMS accepts (default: DEFAULT_EMULATOR_CLIENT). */
  clients?: EmulatorClient[];
  /** Ready tokens to accept, as `aep:accessToken` would carry. */
  staticTokens?: { token: string; clientId: string }[];
  /** Sandboxes that exist (default prod, dev, stage); "any" accepts every well-formed name. */
  sandboxes?: string[] | "any";
  /** Lifetime of issued tokens (default 86399 s, as IMS). */
  tokenTtlSeconds?: number;
  /** How far the service's clock runs ahead of this machine's, in ms (negative: behind). */
  clockOffsetMs?: number;
}

export interface RunningEmulator {
  /** Base URL to use as both aep:endpoint and aep:imsEndpoint. */
  url: string;
  port: number;
  clients: EmulatorClient[];
  journal(): JournalEntry[];
  clearJournal(): void;
  flows(): StoredFlow[];
  addFault(rule: FaultRule): number;
  clearFaults(): void;
  setRateLimit(perSecond: number | undefined, retryAfter?: string): void;
  /** Edits a flow as if in the AEP UI (no etag needed); returns the flow after the edit. */
  editFlow(id: string, patch: unknown[]): StoredFlow;
  deleteFlowOutOfBand(id: string): void;
  /** Runs an action (enable, disable, publish) on a flow as if in the AEP UI; returns the flow after it. */
  flowActionOutOfBand(id: string, op: string): StoredFlow;
  /** Sets how far the service's clock runs ahead of this machine's, in ms. */
  setClockOffset(offsetMs: number): void;
  expireTokens(): void;
  setTokenTtl(seconds: number): void;
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clients = options.clients ?? [DEFAULT_EMULATOR_CLIENT];
  const sandboxes = options.sandboxes ?? DEFAULT_SANDBOXES;
  const clock = new EmulatorClock(options.clockOffsetMs ?? 0);
  const store = new FlowStore(sandboxes === "any" ? undefined : new Set(sandboxes), clock);
  const tokens = new TokenRegistry(clients, options.tokenTtlSeconds ?? 86_399);
  for (const t of options.staticTokens ?? []) tokens.addStaticToken(t.token, t.clientId);
  const journal = new Journal();
  const faults = new FaultInjector();
  const app = buildServer({ store, tokens, journal, faults, clock });
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port ?? 0;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    clients,
    journal: () => journal.list(),
    clearJournal: () => journal.clear(),
    flows: () => store.all(),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setRateLimit: (perSecond, retryAfter) => faults.setRateLimit(perSecond, retryAfter),
    editFlow: (id, patch) => store.editOutOfBand(id, patch),
    deleteFlowOutOfBand: (id) => store.deleteOutOfBand(id),
    flowActionOutOfBand: (id, op) => store.actionOutOfBand(id, op),
    setClockOffset: (offsetMs) => clock.setOffset(offsetMs),
    expireTokens: () => tokens.expireAll(),
    setTokenTtl: (seconds) => tokens.setTokenTtl(seconds),
    reset: () => {
      store.reset();
      journal.clear();
      faults.clear();
    },
    stop: () => app.close(),
  };
}
