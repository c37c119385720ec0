// A local Adobe Experience Platform for offline development, the demo and every test: the Flow
// Service (flows, specs, runs) and IMS, with a journal, fault injection and behaviour switches.
import { Behaviour, DEFAULT_BEHAVIOUR, checkBehaviour } from "./behaviour";
import { EmulatorClock } from "./clock";
import { FaultInjector, FaultRule } from "./faults";
import { EmulatorClient, TokenRegistry } from "./ims";
import { Journal, JournalEntry } from "./journal";
import { buildServer } from "./server";
import { FlowStore, StoredFlow } from "./store/flows";
import { RunSeed, RunStore, StoredRun } from "./store/runs";

export type { FaultRule, EmulatorClient, JournalEntry, StoredFlow, StoredRun, RunSeed, Behaviour };
export { DEFAULT_BEHAVIOUR };

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
  /** OAuth Server-to-Server clients IMS accepts (default: DEFAULT_EMULATOR_CLIENT), each with its role's access labels. */
  clients?: EmulatorClient[];
  /** Ready tokens to accept, as `aep:accessToken` would carry. */
  staticTokens?: { token: string; clientId: string }[];
  /** Sandboxes that exist (default prod, dev, stage); "any" accepts every well-formed name. */
  sandboxes?: string[] | "any";
  /** Lifetime of issued tokens (default 86399 s, as IMS). */
  tokenTtlSeconds?: number;
  /** How far the service's clock runs ahead of this machine's, in ms (negative: behind). */
  clockOffsetMs?: number;
  /** Behaviours Adobe's pages leave open (see behaviour.ts); the defaults are the safer choices. */
  behaviour?: Partial<Behaviour>;
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
  /** Stores a flow made elsewhere as given (e.g. a destination dataflow). */
  seedFlow(sandboxName: string, flow: Record<string, unknown>): StoredFlow;
  /** Adds a run of a flow (runs are read-only through the API). */
  seedRun(seed: RunSeed): StoredRun;
  /** Sets how far the service's clock runs ahead of this machine's, in ms. */
  setClockOffset(offsetMs: number): void;
  behaviour(): Behaviour;
  setBehaviour(update: Partial<Behaviour>): void;
  expireTokens(): void;
  setTokenTtl(seconds: number): void;
  /** Empties the emulator and restores its starting behaviour and clock. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clients = options.clients ?? [DEFAULT_EMULATOR_CLIENT];
  const sandboxes = options.sandboxes ?? DEFAULT_SANDBOXES;
  const initial: Behaviour = { ...DEFAULT_BEHAVIOUR, ...checkBehaviour(options.behaviour ?? {}) };
  let behaviour: Behaviour = { ...initial };
  const clock = new EmulatorClock(options.clockOffsetMs ?? 0);
  const store = new FlowStore(sandboxes === "any" ? undefined : new Set(sandboxes), clock, () => behaviour);
  const runs = new RunStore(clock);
  const tokens = new TokenRegistry(clients, options.tokenTtlSeconds ?? 86_399);
  for (const t of options.staticTokens ?? []) tokens.addStaticToken(t.token, t.clientId);
  const journal = new Journal();
  const faults = new FaultInjector();
  const behaviourControl = {
    get: () => ({ ...behaviour }),
    set: (update: Partial<Behaviour>) => {
      behaviour = { ...behaviour, ...checkBehaviour(update) };
    },
  };
  const reset = () => {
    store.reset();
    runs.reset();
    journal.clear();
    faults.clear();
    behaviour = { ...initial };
    clock.setOffset(options.clockOffsetMs ?? 0);
  };
  const app = buildServer({ store, runs, tokens, journal, faults, clock, behaviour: behaviourControl, reset });
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
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
    seedFlow: (sandboxName, flow) => store.seed(sandboxName, flow),
    seedRun: (seed) => runs.seed(seed),
    setClockOffset: (offsetMs) => clock.setOffset(offsetMs),
    behaviour: behaviourControl.get,
    setBehaviour: behaviourControl.set,
    expireTokens: () => tokens.expireAll(),
    setTokenTtl: (seconds) => tokens.setTokenTtl(seconds),
    reset,
    stop: () => app.close(),
  };
}
