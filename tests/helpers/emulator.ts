import { clearTokenCache } from "../../provider/adobe/auth";
import { FlowServiceClient, FlowServiceClientOptions } from "../../provider/adobe/client";
import {
  ConnectionSpec,
  EXAMPLE_FIXTURES,
  EmulatorOptions,
  FIXTURE_IDS,
  FlowSpec,
  JournalEntry,
  RunningEmulator,
  startEmulator,
} from "../../emulator";
import { futureStart } from "./dates";

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
/** An HTTP API streaming source connection of the fixtures, for the streaming flow specs. */
export const STREAMING_SOURCE_ID = FIXTURE_IDS.httpStreamingSource;

/**
 * Specs no Adobe page shows: a flow spec and a connection spec that declare `attributes.isDraftModeSupported: false`
 * (copies of the HTTP API streaming ones), for tests of what the service declares. Pass as `emulator({ specs: NO_DRAFT_SPECS })`.
 */
export const NO_DRAFT_SPECS: { flow: FlowSpec[]; connection: ConnectionSpec[] } = {
  flow: [
    {
      id: "0d0d0d0d-0000-4000-8000-00000000f10a",
      name: "test: no drafts (flow spec)",
      providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
      version: "1.0",
      sourceConnectionSpecIds: ["bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"],
      targetConnectionSpecIds: ["c604ff05-7f1a-43c0-8e18-33bf874cb11c"],
      attributes: { isDraftModeSupported: false },
    },
  ],
  connection: [
    {
      id: "0d0d0d0d-0000-4000-8000-00000000c0aa",
      name: "test: no drafts (connection spec)",
      providerId: "521eee4d-8cbe-4906-bb48-fb6bd4450033",
      version: "1.0",
      authSpec: [
        {
          name: "Streaming Connection",
          type: "Streaming Connection",
          spec: { type: "object", properties: { dataType: { type: "string" }, name: { type: "string" } }, required: ["dataType", "name"] },
        },
      ],
      attributes: { category: "Streaming", isSource: true, isDraftModeSupported: false },
    },
  ],
};

/**
 * A flow spec no Adobe page shows: a cloud storage flow spec whose scheduleSpec and optionSpec declare only types (no
 * frequency enum, no interval minimum, no other key refused), for tests where the spec, not a guess, decides.
 */
export const PERMISSIVE_FLOW_SPEC: FlowSpec = {
  id: "0d0d0d0d-0000-4000-8000-00000000f10b",
  name: "test: types only",
  providerId: "0ed90a81-07f4-4586-8190-b40eccef1c5a",
  version: "1.0",
  sourceConnectionSpecIds: ["ecadc60c-7455-4d87-84dc-2a0e293d997b"],
  targetConnectionSpecIds: ["c604ff05-7f1a-43c0-8e18-33bf874cb11c"],
  transformationSpecs: [{ name: "Mapping", spec: { type: "object", properties: { mappingId: { type: "string" } } } }],
  scheduleSpec: {
    name: "PeriodicSchedule",
    type: "Periodic",
    spec: { type: "object", properties: { startTime: { type: "integer" }, interval: { type: "integer" }, frequency: { type: "string" } } },
  },
  optionSpec: { name: "OptionSpec", spec: { type: "object", properties: { partialIngestionPercent: { type: "integer" } } } },
  attributes: { isSourceFlow: true },
};

/** An emulator with the example fixtures in every sandbox (the ids above exist) and every reference checked. */
export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  clearTokenCache();
  return startEmulator({ clients: [SEEDED], fixtures: EXAMPLE_FIXTURES, ...options });
}

/** The stack's `aep:*` config for the emulator's seeded client, in sandbox dev (as `pulumi config set` would hold it). */
export function stackConfig(emu: RunningEmulator): Record<string, string> {
  return {
    "aep:endpoint": emu.url,
    "aep:imsEndpoint": emu.url,
    "aep:clientId": SEEDED.clientId,
    "aep:clientSecret": SEEDED.clientSecret,
    "aep:orgId": SEEDED.orgId,
    "aep:sandboxName": "dev",
  };
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
  return serviceCalls(emu, "flowservice", opts);
}

/** The calls one service (the Flow Service, Data Prep, …) received, in the shape tests compare exactly. */
export function serviceCalls(
  emu: RunningEmulator,
  service: JournalEntry["service"],
  opts: { withStatus?: boolean; withSandbox?: boolean } = {},
): Call[] {
  return emu
    .journal()
    .filter((e: JournalEntry) => e.service === service)
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
export const SCHEDULE = { startTime: futureStart(), frequency: "hour" as const, interval: 1, backfill: true };

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
  scheduleParams: { startTime: String(futureStart()), frequency: "hour", interval: "1", backfill: true },
});

export const baseInputs = () => ({
  name: "Orders ingestion",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
});

/** An answer over raw HTTP: status, parsed body (undefined when empty), headers. */
export interface RawAnswer {
  status: number;
  // Tests read into Adobe's bodies freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export interface RawOptions {
  body?: unknown;
  /** A body sent as is (with the JSON content type unless headers say otherwise). */
  raw?: string;
  /** Extra or replaced headers; undefined removes one (e.g. x-sandbox-name). */
  headers?: Record<string, string | undefined>;
}

export type RawApi = (method: string, path: string, opts?: RawOptions) => Promise<RawAnswer>;

const ROOTS = {
  flow: "/data/foundation/flowservice",
  dataprep: "/data/foundation/conversion",
  catalog: "/data/foundation/catalog",
  schemas: "/data/foundation/schemaregistry",
} as const;

/** An access token from the emulator's IMS for the seeded client (client credentials grant). */
export async function emulatorToken(emu: RunningEmulator): Promise<string> {
  const res = await fetch(`${emu.url}/ims/token/v3`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: SEEDED.clientId,
      client_secret: SEEDED.clientSecret,
      scope: "openid",
    }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * Raw HTTP clients for each emulated service, with a token from the emulator's IMS and the
 * gateway's headers for `sandbox` (default prod): `api.flow("GET", "/connections")`.
 */
export async function rawApis(emu: RunningEmulator, sandbox = "prod"): Promise<Record<keyof typeof ROOTS, RawApi> & { token: string }> {
  const token = await emulatorToken(emu);
  const client =
    (root: string): RawApi =>
    async (method, path, opts = {}) => {
      const headers: Record<string, string | undefined> = {
        Authorization: `Bearer ${token}`,
        "x-api-key": SEEDED.clientId,
        "x-gw-ims-org-id": SEEDED.orgId,
        "x-sandbox-name": sandbox,
        ...(opts.body !== undefined || opts.raw !== undefined ? { "Content-Type": "application/json" } : {}),
        ...opts.headers,
      };
      const answer = await fetch(`${emu.url}${root}${path}`, {
        method,
        headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>,
        body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      });
      const text = await answer.text();
      return { status: answer.status, body: text ? JSON.parse(text) : undefined, headers: answer.headers };
    };
  return {
    flow: client(ROOTS.flow),
    dataprep: client(ROOTS.dataprep),
    catalog: client(ROOTS.catalog),
    schemas: client(ROOTS.schemas),
    token,
  };
}

/**
 * A field group "Acme Loyalty" with `fields` under the tenant's namespace (`_emulator`) and a Profile schema "Loyalty
 * members" using it, created through the Schema Registry API; answers the schema's `$id`.
 */
export async function loyaltySchema(schemas: RawApi, fields: Record<string, unknown>): Promise<string> {
  const profile = "https://ns.adobe.com/xdm/context/profile";
  const fieldGroup = {
    title: "Acme Loyalty",
    type: "object",
    "meta:intendedToExtend": [profile],
    definitions: { loyalty: { properties: { _emulator: { type: "object", properties: fields } } } },
    allOf: [{ $ref: "#/definitions/loyalty" }],
  };
  const fg = (await schemas("POST", "/tenant/fieldgroups", { body: fieldGroup })).body;
  const schema = { type: "object", title: "Loyalty members", allOf: [{ $ref: profile }, { $ref: fg.$id }] };
  return (await schemas("POST", "/tenant/schemas", { body: schema })).body.$id as string;
}
