// Every fault the emulator injects, on every endpoint family it serves: the Flow Service's flows,
// base, source and target connections, flow and connection specs and runs; Data Prep's mapping
// sets; Catalog's datasets; the Schema Registry's schemas. Each fault is checked on a write (where
// the family takes one) and on a read, over raw HTTP: what the client gets, what the journal
// records, and whether the write was committed (a status, a reset: not; a dropped response, a
// delay: yes).
import type { FaultRule, RunningEmulator } from "../../emulator";
import { FIXTURE_IDS } from "../../emulator";
import { AMAZON_S3, DATA_LAKE } from "../../emulator/specs";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { FLOW_SPEC, SEEDED, SOURCE_ID, TARGET_ID, emulator, emulatorToken, publishableRequest } from "../helpers/emulator";
import { waitFor } from "./processes";

const S3 = { id: AMAZON_S3, version: "1.0" };
const XED = "application/vnd.adobe.xed-full+json;version=1";
const SANDBOX = "dev";
const ORDERS_ALT_ID = `_emulator.schemas.${FIXTURE_IDS.schemas.orders.split("/").pop()}`;

type Service = NonNullable<FaultRule["service"]>;
const ROOT: Record<Exclude<Service, "ims">, string> = {
  flowservice: "/data/foundation/flowservice",
  dataprep: "/data/foundation/conversion",
  catalog: "/data/foundation/catalog",
  schemaregistry: "/data/foundation/schemaregistry",
};

interface Request {
  method: string;
  /** Below the service root. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The status the request answers without a fault. */
  status: number;
}

interface Family {
  service: Exclude<Service, "ims">;
  /** The fault rule's path pattern for this family. */
  pattern: string;
  /** A create, for families that take writes, and how many entities the family holds in the sandbox. */
  write?: Request & { stored: () => number };
  read: Request;
}

let emu: RunningEmulator;
let token: string;
const scenarios: Scenario[] = [];

const inDev = (list: { sandboxName?: unknown }[]) => list.filter((e) => e.sandboxName === SANDBOX).length;

const FAMILIES: Record<string, Family> = {
  flows: {
    service: "flowservice",
    pattern: "^/flows",
    write: { method: "POST", path: "/flows", body: publishableRequest(), status: 201, stored: () => inDev(emu.flows()) },
    read: { method: "GET", path: "/flows?limit=5", status: 200 },
  },
  "base connections": {
    service: "flowservice",
    pattern: "^/connections",
    write: {
      method: "POST",
      path: "/connections",
      body: {
        name: "Faults bucket",
        auth: { specName: "Access Key", params: { s3AccessKey: "AKIAFAULTS", s3SecretKey: "faults-s3-secret" } },
        connectionSpec: S3,
      },
      status: 201,
      stored: () => inDev(emu.connections("base")),
    },
    read: { method: "GET", path: `/connections/${FIXTURE_IDS.baseConnections.s3}`, status: 200 },
  },
  "source connections": {
    service: "flowservice",
    pattern: "^/sourceConnections",
    write: {
      method: "POST",
      path: "/sourceConnections",
      body: {
        name: "Faults files",
        baseConnectionId: FIXTURE_IDS.baseConnections.s3,
        data: { format: "delimited" },
        params: { path: "/faults/in/*.csv", type: "folder" },
        connectionSpec: S3,
      },
      status: 201,
      stored: () => inDev(emu.connections("source")),
    },
    read: { method: "GET", path: `/sourceConnections/${SOURCE_ID}`, status: 200 },
  },
  "target connections": {
    service: "flowservice",
    pattern: "^/targetConnections",
    write: {
      method: "POST",
      path: "/targetConnections",
      body: {
        name: "Faults dataset",
        data: { schema: { id: FIXTURE_IDS.schemas.orders, version: XED } },
        params: { dataSetId: FIXTURE_IDS.datasets.orders },
        connectionSpec: { id: DATA_LAKE, version: "1.0" },
      },
      status: 201,
      stored: () => inDev(emu.connections("target")),
    },
    read: { method: "GET", path: `/targetConnections/${TARGET_ID}`, status: 200 },
  },
  "connection specs": {
    service: "flowservice",
    pattern: "^/connectionSpecs",
    read: { method: "GET", path: `/connectionSpecs/${AMAZON_S3}`, status: 200 },
  },
  "flow specs": {
    service: "flowservice",
    pattern: "^/flowSpecs",
    read: { method: "GET", path: `/flowSpecs/${FLOW_SPEC.id}`, status: 200 },
  },
  runs: { service: "flowservice", pattern: "^/runs", read: { method: "GET", path: `/runs?property=flowId==${SOURCE_ID}`, status: 200 } },
  "mapping sets": {
    service: "dataprep",
    pattern: "^/mappingSets",
    write: {
      method: "POST",
      path: "/mappingSets",
      body: {
        outputSchema: { schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: XED } },
        mappings: [{ sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" }],
      },
      // Data Prep answers a create with 200, not 201.
      status: 200,
      stored: () => inDev(emu.mappingSets()),
    },
    read: { method: "GET", path: `/mappingSets/${FIXTURE_IDS.ordersMappings[0]}`, status: 200 },
  },
  "datasets (Catalog)": {
    service: "catalog",
    pattern: "^/dataSets",
    read: { method: "GET", path: `/dataSets/${FIXTURE_IDS.datasets.orders}`, status: 200 },
  },
  "schemas (Schema Registry)": {
    service: "schemaregistry",
    pattern: "^/tenant/schemas",
    read: { method: "GET", path: `/tenant/schemas/${ORDERS_ALT_ID}`, headers: { Accept: `${XED}` }, status: 200 },
  },
};

/** The fault, and what the client and the store must show for it. */
const FAULTS: Record<
  string,
  { rule: Omit<FaultRule, "service" | "method" | "path">; journaled: string; answered: boolean; commits: boolean }
> = {
  "429 + Retry-After": { rule: { status: 429, retryAfter: "7" }, journaled: "status 429", answered: true, commits: false },
  "500": { rule: { status: 500 }, journaled: "status 500", answered: true, commits: false },
  "503": { rule: { status: 503 }, journaled: "status 503", answered: true, commits: false },
  "connection reset": { rule: { reset: true }, journaled: "reset", answered: false, commits: false },
  "response dropped after commit": { rule: { dropResponse: true }, journaled: "dropResponse", answered: false, commits: true },
  // Longer than the client waits: the client gives up, the emulator still processes the request.
  "delay (client timeout)": { rule: { delayMs: 1000 }, journaled: "delay 1000 ms", answered: false, commits: true },
};

async function send(
  family: Family,
  req: Request,
  signal?: AbortSignal,
): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const res = await fetch(`${emu.url}${ROOT[family.service]}${req.path}`, {
    method: req.method,
    headers: {
      Authorization: `Bearer ${token}`,
      "x-api-key": SEEDED.clientId,
      "x-gw-ims-org-id": SEEDED.orgId,
      "x-sandbox-name": SANDBOX,
      ...(req.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...req.headers,
    },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, retryAfter: res.headers.get("retry-after") };
}

/** The error body shapes Adobe's services answer with: the gateway's, the Flow Service's, the platform's. */
function isAdobeShaped(body: unknown): boolean {
  const b = (body ?? {}) as Record<string, unknown>;
  return typeof b.error_code === "string" || (typeof b.type === "string" && typeof b.title === "string") || typeof b.title === "string";
}

beforeAll(async () => {
  emu = await emulator();
  token = await emulatorToken(emu);
});

afterAll(async () => {
  recordScenarios(scenarios);
  await emu?.stop();
});

const cases = Object.keys(FAMILIES).flatMap((family) =>
  Object.keys(FAULTS).flatMap((fault) => [
    ...(FAMILIES[family].write ? [[family, fault, "write"] as const] : []),
    [family, fault, "read"] as const,
  ]),
);

describe("every fault on every endpoint family", () => {
  it.each(cases)("%s × %s (%s)", async (name, faultName, side) => {
    emu.reset();
    const family = FAMILIES[name];
    const fault = FAULTS[faultName];
    const req = side === "write" ? family.write! : family.read;
    const before = family.write?.stored();
    emu.addFault({ service: family.service, method: req.method, path: family.pattern, ...fault.rule });

    let answer: Awaited<ReturnType<typeof send>> | undefined;
    let failure: string | undefined;
    try {
      answer = await send(family, req, faultName.startsWith("delay") ? AbortSignal.timeout(100) : undefined);
    } catch (err) {
      failure = (err as Error).name;
    }
    // A delayed request is journaled once the emulator has processed it, after the client gave up.
    if (!fault.answered && faultName.startsWith("delay"))
      await waitFor(() => emu.journal().length === 1, "the delayed request to be processed");
    const journal = emu.journal().map((e) => ({ service: e.service, method: e.method, fault: e.fault, status: e.status }));
    const after = family.write?.stored();

    const observed = {
      answered: answer !== undefined,
      status: answer?.status,
      shaped: answer && answer.status >= 400 ? isAdobeShaped(answer.body) : undefined,
      retryAfter: answer?.retryAfter ?? undefined,
      journal,
      committed: side === "write" ? after! - before! : undefined,
    };
    const expected = {
      answered: fault.answered,
      status: fault.answered ? fault.rule.status : undefined,
      shaped: fault.answered ? true : undefined,
      retryAfter: fault.rule.retryAfter,
      journal: [
        {
          service: family.service,
          method: req.method,
          fault: fault.journaled,
          // A reset answers nothing and processes nothing; the others journal what the request was answered (or would have been).
          status: fault.rule.reset ? undefined : (fault.rule.status ?? req.status),
        },
      ],
      committed: side === "write" ? (fault.commits ? 1 : 0) : undefined,
    };
    scenarios.push({
      suite: "endpoint faults",
      name: `${name} × ${faultName} (${side})`,
      expected: JSON.stringify(expected),
      observed: JSON.stringify(observed),
      passed: JSON.stringify(observed) === JSON.stringify(expected),
    });
    expect(observed).toEqual(expected);
    // Without an answer, the client saw the connection end (or its own timeout), never a made-up response.
    if (!fault.answered) expect(failure).toBe(faultName.startsWith("delay") ? "TimeoutError" : "TypeError");
  });

  it("a rule naming no service the emulator serves is refused when it is added, not silently never matched", async () => {
    const res = await fetch(`${emu.url}/__emulator/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ service: "flow-service", status: 503 }),
    });
    const body = (await res.json()) as { message: string };
    scenarios.push({
      suite: "endpoint faults",
      name: "unknown service in a fault rule",
      expected: "400",
      observed: String(res.status),
      passed: res.status === 400,
    });
    expect({ status: res.status, message: body.message }).toEqual({
      status: 400,
      message: 'fault rule: unknown service "flow-service"; expected one of flowservice, ims, dataprep, catalog, schemaregistry',
    });
    expect(await (await fetch(`${emu.url}/__emulator/faults`)).json()).toEqual([]);
  });
});
