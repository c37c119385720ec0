// A local Adobe Experience Platform for offline development, the demo and every test: the Flow
// Service (flows, base/source/target connections, specs, runs), Data Prep mapping sets, Catalog
// datasets, Schema Registry schemas and IMS, with fixtures, a journal, fault injection and behaviour switches.
import { Behaviour, DEFAULT_BEHAVIOUR, checkBehaviour } from "./behaviour";
import { uiCaller } from "./caller";
import { EmulatorClock } from "./clock";
import { EXAMPLE_FIXTURES, FIXTURE_IDS, Fixtures, NO_FIXTURES } from "./fixtures";
import { FaultInjector, FaultRule } from "./faults";
import { EmulatorClient, TokenRegistry } from "./ims";
import { Journal, JournalEntry } from "./journal";
import { SECRET_MASK, secretFingerprint } from "./kinds/base-connection";
import type { StoredFlow } from "./kinds/dataflow";
import type { ConnectionKind } from "./kinds/references";
import { Platform } from "./platform";
import { buildServer } from "./server";
import { ConnectionSpec, FlowSpec, addSpecs } from "./specs";
import type { DatasetSeed, StoredDataset } from "./store/datasets";
import type { RunSeed, StoredRun } from "./store/runs";
import type { StoredDescriptor } from "./store/descriptors";
import type { StoredFieldGroup } from "./store/field-groups";
import type { SchemaSeed, StoredSchema } from "./store/schemas";
import type { SettledState } from "./transitions";

export type {
  FaultRule,
  EmulatorClient,
  JournalEntry,
  StoredFlow,
  StoredRun,
  RunSeed,
  Behaviour,
  Fixtures,
  ConnectionKind,
  DatasetSeed,
  StoredDataset,
  SchemaSeed,
  StoredSchema,
  StoredFieldGroup,
  StoredDescriptor,
  FlowSpec,
  ConnectionSpec,
};
export { DEFAULT_BEHAVIOUR, EXAMPLE_FIXTURES, FIXTURE_IDS, NO_FIXTURES, SECRET_MASK, secretFingerprint };

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
  /**
   * What every sandbox starts with (see fixtures.ts): EXAMPLE_FIXTURES by default — the connections,
   * mapping sets, datasets and schemas the examples and tests name — or "none" for an empty emulator.
   */
  fixtures?: Fixtures | "none";
  /**
   * Flow and connection specs served besides Adobe's, while this emulator runs: for a test of something no documented
   * spec shows (an explicit `attributes.isDraftModeSupported: false`).
   */
  specs?: { flow?: FlowSpec[]; connection?: ConnectionSpec[] };
}

/** A connection as the control plane shows it: its credentials as fingerprints, never their values. */
export type ConnectionView = Record<string, unknown> & { id: string; sandboxName: string; state: string; etag: string };

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
  /** Every connection of a kind in every sandbox (fixtures included); secrets as fingerprints. */
  connections(kind: ConnectionKind): ConnectionView[];
  /**
   * Stores a connection through the API's checks, as if made in the AEP UI: `body` is the create body,
   * `id` a fixed id, `state` "draft", "enabled" (default) or "disabled".
   */
  seedConnection(
    kind: ConnectionKind,
    sandboxName: string,
    body: Record<string, unknown>,
    opts?: { id?: string; state?: SettledState },
  ): ConnectionView;
  /** Edits a connection as if in the AEP UI (no etag needed). `sandboxName` when the id is in several sandboxes (fixtures are). */
  editConnection(kind: ConnectionKind, id: string, patch: unknown[], sandboxName?: string): ConnectionView;
  /** Runs an action (publish) on a connection as if in the AEP UI. */
  connectionActionOutOfBand(kind: ConnectionKind, id: string, op: string, sandboxName?: string): ConnectionView;
  /** Deletes a connection at once, whatever uses it (as if gone behind Pulumi's back). */
  deleteConnectionOutOfBand(kind: ConnectionKind, id: string, sandboxName?: string): void;
  /** Every mapping set of every sandbox: its latest version in Data Prep's read shape, with its sandboxName. */
  mappingSets(): Record<string, unknown>[];
  /** Stores a mapping set through Data Prep's checks; returns the create summary (`{id, version: 0, …}`). */
  seedMappingSet(sandboxName: string, body: Record<string, unknown>, id?: string): Record<string, unknown>;
  /** Saves a new version of a mapping set as if in the AEP UI; returns its read shape. */
  updateMappingSetOutOfBand(id: string, body: Record<string, unknown>, sandboxName?: string): Record<string, unknown>;
  deleteMappingSetOutOfBand(id: string, sandboxName?: string): void;
  datasets(): StoredDataset[];
  seedDataset(sandboxName: string, dataset: DatasetSeed): StoredDataset;
  schemas(): (StoredSchema & { sandboxName: string })[];
  seedSchema(sandboxName: string, schema: SchemaSeed): StoredSchema;
  /** Every tenant field group of every sandbox, as the registry stores it. */
  fieldGroups(): (StoredFieldGroup & { sandboxName: string })[];
  /** Every descriptor of every sandbox. */
  descriptors(): (StoredDescriptor & { sandboxName: string })[];
  /** Adds a run of a flow (runs are read-only through the API). */
  seedRun(seed: RunSeed): StoredRun;
  /** Sets how far the service's clock runs ahead of this machine's, in ms. */
  setClockOffset(offsetMs: number): void;
  behaviour(): Behaviour;
  setBehaviour(update: Partial<Behaviour>): void;
  expireTokens(): void;
  setTokenTtl(seconds: number): void;
  /** Empties the emulator, seeds the fixtures again, and restores its starting behaviour and clock. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clients = options.clients ?? [DEFAULT_EMULATOR_CLIENT];
  const initial: Behaviour = { ...DEFAULT_BEHAVIOUR, ...checkBehaviour(options.behaviour ?? {}) };
  let behaviour: Behaviour = { ...initial };
  const clock = new EmulatorClock(options.clockOffsetMs ?? 0);
  const orgId = clients[0]?.orgId ?? DEFAULT_EMULATOR_CLIENT.orgId;
  const fixtures = options.fixtures === "none" ? NO_FIXTURES : (options.fixtures ?? EXAMPLE_FIXTURES);
  const platform = new Platform({
    sandboxes: options.sandboxes ?? DEFAULT_SANDBOXES,
    clock,
    behaviour: () => behaviour,
    fixtures,
    orgId,
  });
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
    journal.clear();
    faults.clear();
    behaviour = { ...initial };
    clock.setOffset(options.clockOffsetMs ?? 0);
    platform.reset();
  };
  const app = buildServer({ platform, orgId, tokens, journal, faults, clock, behaviour: behaviourControl, reset });
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const removeSpecs = addSpecs(options.specs ?? {});
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const conn = (kind: ConnectionKind) => platform.connections[kind];
  const shown = (kind: ConnectionKind, entity: unknown) => conn(kind).kind.controlView(entity as never) as ConnectionView;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    clients,
    journal: () => journal.list(),
    clearJournal: () => journal.clear(),
    flows: () => platform.flows.all(),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setRateLimit: (perSecond, retryAfter) => faults.setRateLimit(perSecond, retryAfter),
    editFlow: (id, patch) => platform.flows.editOutOfBand(id, patch),
    deleteFlowOutOfBand: (id) => platform.flows.deleteOutOfBand(id),
    flowActionOutOfBand: (id, op) => platform.flows.actionOutOfBand(id, op),
    seedFlow: (sandboxName, flow) => platform.flows.seed(sandboxName, flow),
    connections: (kind) => conn(kind).all() as ConnectionView[],
    seedConnection: (kind, sandboxName, body, opts = {}) => shown(kind, conn(kind).seedChecked(sandboxName, orgId, body, opts)),
    editConnection: (kind, id, patch, sandboxName) => shown(kind, conn(kind).editOutOfBand(id, patch, sandboxName)),
    connectionActionOutOfBand: (kind, id, op, sandboxName) => shown(kind, conn(kind).actionOutOfBand(id, op, sandboxName)),
    deleteConnectionOutOfBand: (kind, id, sandboxName) => conn(kind).deleteOutOfBand(id, sandboxName),
    mappingSets: () => platform.mappingSets.all(),
    seedMappingSet: (sandboxName, body, id) => platform.mappingSets.create(uiCaller(sandboxName, orgId), body, id),
    updateMappingSetOutOfBand: (id, body, sandboxName) => platform.mappingSets.replaceOutOfBand(id, body, sandboxName),
    deleteMappingSetOutOfBand: (id, sandboxName) => platform.mappingSets.deleteOutOfBand(id, sandboxName),
    datasets: () => platform.datasets.all(),
    seedDataset: (sandboxName, dataset) => platform.datasets.seed(sandboxName, dataset, orgId),
    schemas: () => platform.schemas.all(),
    seedSchema: (sandboxName, schema) => platform.schemas.seed(sandboxName, schema, orgId),
    fieldGroups: () => platform.registry.fieldGroups.all(),
    descriptors: () => platform.registry.descriptors.all(),
    seedRun: (seed) => platform.runs.seed(seed),
    setClockOffset: (offsetMs) => clock.setOffset(offsetMs),
    behaviour: behaviourControl.get,
    setBehaviour: behaviourControl.set,
    expireTokens: () => tokens.expireAll(),
    setTokenTtl: (seconds) => tokens.setTokenTtl(seconds),
    reset,
    stop: async () => {
      removeSpecs();
      await app.close();
    },
  };
}
