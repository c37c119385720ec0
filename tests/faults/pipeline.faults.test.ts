// The pipeline's own faults, each through the real Pulumi CLI with its smallest program: a lost
// answer to a base connection's or a mapping set's create, a throttled or unavailable connection
// spec, and the provider killed while a base connection's publish is in flight. Each asserts the
// exact calls the emulator received and the exact entities it holds afterwards: one per declared
// resource, each held by the stack.
import type { JournalEntry, RunningEmulator } from "../../emulator";
import { FIXTURE_IDS } from "../../emulator";
import { AMAZON_S3 } from "../../emulator/specs";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { FLOW_SPEC, SOURCE_ID, TARGET_ID } from "../helpers/emulator";
import { configureForEmulator, leakedSecrets, programCopy, projectFor, startE2eEmulator } from "../e2e/harness";
import { providerPids, waitFor } from "./processes";

const S3 = { id: AMAZON_S3, version: "1.0" };
const XED = "application/vnd.adobe.xed-full+json;version=1";
const SANDBOX = "dev";
const ZERO = "00000000-0000-0000-0000-000000000000";
const S3_SECRET = "pipeline-faults-s3-secret-7c41";

type Kind = "BaseConnection" | "SourceConnection" | "TargetConnection" | "MappingSet" | "Dataflow";
interface Declared {
  kind: Kind;
  resource: string;
  args: Record<string, unknown>;
}

/** An Amazon S3 account; the program's source connection and flow name it by "ref:bucket". */
const bucket = (extra: Record<string, unknown> = {}): Declared => ({
  kind: "BaseConnection",
  resource: "bucket",
  args: {
    name: "Pipeline bucket",
    connectionSpec: S3,
    auth: { specName: "Access Key", params: { s3AccessKey: "AKIAPIPELINEFAULTS", s3SecretKey: S3_SECRET } },
    draft: true,
    ...extra,
  },
});
const files = (extra: Record<string, unknown> = {}): Declared => ({
  kind: "SourceConnection",
  resource: "files",
  args: {
    name: "Pipeline files",
    baseConnectionId: "ref:bucket",
    connectionSpec: S3,
    data: { format: "delimited" },
    params: { path: "/pipeline/in/*.csv", type: "folder" },
    draft: true,
    ...extra,
  },
});
const mapping = (): Declared => ({
  kind: "MappingSet",
  resource: "mapping",
  args: {
    outputSchema: { schemaRef: { id: FIXTURE_IDS.schemas.orders, contentType: XED } },
    mappings: [{ sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" }],
  },
});
/** A draft flow on the fixtures' connections, mapped by the program's mapping set. */
const flow = (): Declared => ({
  kind: "Dataflow",
  resource: "flow",
  args: {
    name: "Pipeline flow",
    flowSpec: FLOW_SPEC,
    sourceConnectionIds: [SOURCE_ID],
    targetConnectionIds: [TARGET_ID],
    transformations: [{ name: "Mapping", params: { mappingId: "ref:mapping", mappingVersion: "version:mapping" } }],
    draft: true,
  },
});

let emu: RunningEmulator;
let project: PulumiProject;
let transcript = "";
const scenarios: Scenario[] = [];

async function declare(resources: Declared[]): Promise<void> {
  await project.configSet("resources", JSON.stringify(resources));
}

async function up(allowFailure = false) {
  const r = await project.run(["up", "--yes", "--skip-preview"], { allowFailure, timeoutMs: 120_000 });
  transcript += r.stdout + r.stderr;
  return r;
}

/** Ids that read as what they are in an expected call; every other id is `{id}`. */
const NAMED: Record<string, string> = { [AMAZON_S3]: "{S3}", [FLOW_SPEC.id]: "{CloudStorageToAEP}", [ZERO]: "{zero}" };
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{32}\b/g;

/**
 * Flow Service and Data Prep calls as `METHOD /path?query → status`, with ` [fault]` when one was
 * injected ("no answer" when none was given), ids shown as {id} or by name.
 */
function calls(): string[] {
  return emu
    .journal()
    .filter((e: JournalEntry) => e.service === "flowservice" || e.service === "dataprep")
    .map((e) => {
      const query = Object.entries(e.query)
        .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`))
        .join("&");
      const call = `${e.method} ${e.path}${query ? `?${query}` : ""}`.replace(ID, (id) => NAMED[id] ?? "{id}");
      return `${call} → ${e.status ?? "no answer"}${e.fault ? ` [${e.fault}]` : ""}`;
    });
}

/** The paths of the calls, ids as sent: to tell which entity a call was about. */
function paths(): string[] {
  return emu
    .journal()
    .filter((e) => e.service === "flowservice" || e.service === "dataprep")
    .map((e) => `${e.method} ${e.path}`);
}

function fixtureIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (v: unknown) => (typeof v === "string" ? ids.add(v) : Object.values(v as object).forEach(walk));
  walk(FIXTURE_IDS);
  return ids;
}

/** What the emulator holds in the sandbox beyond the fixtures, per resource kind. */
function stored(): Record<Kind, Record<string, unknown>[]> {
  const fixtures = fixtureIds();
  const mine = (list: Record<string, unknown>[]) => list.filter((e) => e.sandboxName === SANDBOX && !fixtures.has(String(e.id)));
  return {
    BaseConnection: mine(emu.connections("base")),
    SourceConnection: mine(emu.connections("source")),
    TargetConnection: mine(emu.connections("target")),
    MappingSet: mine(emu.mappingSets()),
    Dataflow: mine(emu.flows() as unknown as Record<string, unknown>[]),
  };
}

/** The stack's resources of each kind: id and outputs. */
async function held(): Promise<Record<Kind, { id: string; outputs: Record<string, unknown> }[]>> {
  const resources = (await project.exportStack()).deployment.resources ?? [];
  const of = (kind: Kind) =>
    resources.filter((r) => r.type === `pulumi-nodejs:dynamic/aep:${kind}`).map((r) => ({ id: r.id!, outputs: r.outputs ?? {} }));
  return {
    BaseConnection: of("BaseConnection"),
    SourceConnection: of("SourceConnection"),
    TargetConnection: of("TargetConnection"),
    MappingSet: of("MappingSet"),
    Dataflow: of("Dataflow"),
  };
}

/** Entities the stack does not hold, and entities made twice (same name, or a mapping set's same rules). */
async function invariants(): Promise<{ orphans: number; duplicates: number }> {
  const mine = stored();
  const stack = await held();
  let orphans = 0;
  let duplicates = 0;
  for (const kind of Object.keys(mine) as Kind[]) {
    const ids = new Set(stack[kind].map((r) => r.id));
    orphans += mine[kind].filter((e) => !ids.has(String(e.id))).length;
    const identity = (e: Record<string, unknown>) => (kind === "MappingSet" ? JSON.stringify(e.mappings) : String(e.name));
    duplicates += mine[kind].length - new Set(mine[kind].map(identity)).size;
  }
  return { orphans, duplicates };
}

async function scenario(name: string, body: () => Promise<void>): Promise<void> {
  let observed = "holds";
  try {
    await body();
  } catch (err) {
    observed = `failed: ${(err as Error).message.split("\n")[0]}`;
    throw err;
  } finally {
    const inv = await invariants();
    scenarios.push({
      suite: "pipeline",
      name,
      expected: "holds",
      observed,
      passed: observed === "holds" && inv.orphans === 0 && inv.duplicates === 0,
      ...inv,
      lostEdits: 0,
      secretsFound: 0,
    });
  }
  expect(await invariants()).toEqual({ orphans: 0, duplicates: 0 });
}

/** The fault rules not yet used up (a rule with `times: 1` is gone once a request took it). */
async function activeFaults(): Promise<unknown[]> {
  return (await (await fetch(`${emu.url}/__emulator/faults`)).json()) as unknown[];
}

beforeAll(async () => {
  emu = await startE2eEmulator();
  project = projectFor(programCopy("pipeline", "faults-pipeline"), SANDBOX);
  await configureForEmulator(project, emu);
  await project.configSet("aep:sandboxName", SANDBOX);
  await project.configSet("aep:timeoutSeconds", "2");
});

beforeEach(async () => {
  emu.clearFaults();
  await declare([]);
  await up();
  emu.reset();
});

afterAll(async () => {
  // The program's own S3 secret too: a base connection's credentials never show in Pulumi's output.
  const leaks = [...leakedSecrets(transcript), ...(transcript.includes(S3_SECRET) ? ["S3 secret key"] : [])];
  scenarios.push({
    suite: "pipeline",
    name: "pipeline: CLI output",
    expected: "no credential",
    observed: leaks.join(", ") || "no credential",
    passed: !leaks.length,
    secretsFound: leaks.length,
  });
  recordScenarios(scenarios);
  await project?.remove();
  await emu?.stop();
});

describe("the pipeline through the Pulumi CLI", () => {
  it("base connection × answer lost after commit (POST /connections processed, then the connection reset): the one it made is kept; `up` again sends nothing", async () => {
    await scenario("base connection create × response dropped after commit", async () => {
      await declare([bucket(), files()]);
      emu.addFault({ method: "POST", path: "^/connections$", dropResponse: true });
      await up();
      // No second POST: the sandbox is searched, the service's clock narrowed, and the one found kept.
      expect(calls()).toEqual([
        "GET /connectionSpecs/{S3} → 200",
        "POST /connections?mode=draft → 201 [dropResponse]",
        "GET /connections?property=connectionSpec.id=={S3} → 200",
        ...Array(4).fill("GET /flows?property=id=={zero}&count=true → 200"),
        "POST /sourceConnections?mode=draft → 201",
      ]);
      const [base] = stored().BaseConnection;
      const stack = await held();
      expect(stored().BaseConnection).toEqual([expect.objectContaining({ name: "Pipeline bucket", state: "draft" })]);
      expect(stack.BaseConnection).toEqual([{ id: base.id, outputs: expect.objectContaining({ state: "draft", etag: base.etag }) }]);
      expect(stored().SourceConnection).toEqual([expect.objectContaining({ name: "Pipeline files", baseConnectionId: base.id })]);

      emu.clearJournal();
      await up();
      expect(calls()).toEqual([]);
      expect(stored().BaseConnection.map((c) => c.id)).toEqual([base.id]);
    });
  });

  it("base connection × connection reset before processing: nothing was made, so the create is sent once more", async () => {
    await scenario("base connection create × connection reset", async () => {
      await declare([bucket(), files()]);
      emu.addFault({ method: "POST", path: "^/connections$", reset: true });
      await up();
      // The search finds only the fixtures' S3 account (another name): no clock probes, one more POST.
      expect(calls()).toEqual([
        "GET /connectionSpecs/{S3} → 200",
        "POST /connections?mode=draft → no answer [reset]",
        "GET /connections?property=connectionSpec.id=={S3} → 200",
        "POST /connections?mode=draft → 201",
        "POST /sourceConnections?mode=draft → 201",
      ]);
      const [base] = stored().BaseConnection;
      expect(stored().BaseConnection).toEqual([expect.objectContaining({ name: "Pipeline bucket", state: "draft" })]);
      expect((await held()).BaseConnection.map((r) => r.id)).toEqual([base.id]);
      expect(stored().SourceConnection).toEqual([expect.objectContaining({ baseConnectionId: base.id })]);
    });
  });

  it("mapping set × answer lost after commit: the one it made is kept and the flow maps with it; `up` again sends nothing", async () => {
    await scenario("mapping set create × response dropped after commit", async () => {
      await declare([mapping(), flow()]);
      emu.addFault({ service: "dataprep", method: "POST", path: "^/mappingSets$", dropResponse: true });
      await up();
      expect(calls()).toEqual([
        "POST /mappingSets → 200 [dropResponse]",
        "GET /mappingSets?limit=100&start=0&orderBy=-createdDate → 200",
        ...Array(4).fill("GET /flows?property=id=={zero}&count=true → 200"),
        "GET /flowSpecs/{CloudStorageToAEP} → 200",
        "POST /flows?mode=draft → 201",
      ]);
      const [set] = stored().MappingSet;
      expect(stored().MappingSet).toEqual([
        expect.objectContaining({
          version: 0,
          outputSchema: expect.objectContaining(mapping().args.outputSchema as object),
          mappings: [expect.objectContaining({ source: "order_id", destination: "_id" })],
        }),
      ]);
      expect((await held()).MappingSet).toEqual([{ id: set.id, outputs: expect.objectContaining({ version: 0 }) }]);
      expect(stored().Dataflow).toEqual([
        expect.objectContaining({
          name: "Pipeline flow",
          transformations: [{ name: "Mapping", params: { mappingId: set.id, mappingVersion: "0" } }],
        }),
      ]);

      emu.clearJournal();
      await up();
      expect(calls()).toEqual([]);
      expect(stored().MappingSet.map((m) => m.id)).toEqual([set.id]);
    });
  });

  it("mapping set × connection reset before processing: nothing was made, so the create is sent once more", async () => {
    await scenario("mapping set create × connection reset", async () => {
      await declare([mapping()]);
      emu.addFault({ service: "dataprep", method: "POST", path: "^/mappingSets$", reset: true });
      await up();
      // Only the fixtures' mapping sets are there, none with these rules: no clock probes, one more POST.
      expect(calls()).toEqual([
        "POST /mappingSets → no answer [reset]",
        "GET /mappingSets?limit=100&start=0&orderBy=-createdDate → 200",
        "POST /mappingSets → 200",
      ]);
      const [set] = stored().MappingSet;
      expect(stored().MappingSet).toEqual([expect.objectContaining({ version: 0 })]);
      expect((await held()).MappingSet.map((r) => r.id)).toEqual([set.id]);
    });
  });

  it("connection spec read × 429 with Retry-After, then 503: retried, and the create goes ahead", async () => {
    await scenario("connection spec read × 429 then 503", async () => {
      await declare([bucket()]);
      emu.addFault({ method: "GET", path: "^/connectionSpecs/", status: 429, retryAfter: "1" });
      emu.addFault({ method: "GET", path: "^/connectionSpecs/", status: 503 });
      await up();
      expect(calls()).toEqual([
        "GET /connectionSpecs/{S3} → 429 [status 429]",
        "GET /connectionSpecs/{S3} → 503 [status 503]",
        "GET /connectionSpecs/{S3} → 200",
        "POST /connections?mode=draft → 201",
      ]);
      expect(stored().BaseConnection).toEqual([expect.objectContaining({ name: "Pipeline bucket", state: "draft" })]);
    });
  });

  it("the provider killed while a base connection's publish is in flight: the publish lands, and the next `up` finds it done and publishes the rest", async () => {
    await scenario("provider killed between a base connection's create and its publish", async () => {
      await declare([bucket(), files()]);
      await up();
      const [base] = stored().BaseConnection;
      const [source] = stored().SourceConnection;
      await declare([bucket({ draft: false }), files({ draft: false })]);
      emu.clearJournal();
      // The publish waits 3 s in the emulator before it is processed; the provider is killed meanwhile.
      emu.addFault({ method: "POST", path: "^/connections/[^/]+/action$", op: "publish", delayMs: 3000 });
      const killedRun = project.run(["up", "--yes", "--skip-preview"], { allowFailure: true, timeoutMs: 120_000 });
      await waitFor(async () => (await activeFaults()).length === 0, "the base connection's publish to reach the emulator");
      const pids = providerPids(project.opts.dir);
      expect(pids).not.toEqual([]);
      for (const pid of pids) process.kill(pid, "SIGKILL");
      const killed = await killedRun;
      transcript += killed.stdout + killed.stderr;
      expect(killed.code).not.toBe(0);
      // Requests already received still land after the client is gone.
      await waitFor(() => paths().includes(`POST /connections/${base.id}/action`), "the publish to land after the kill");
      expect(calls()).toEqual(["GET /connectionSpecs/{S3} → 200", "POST /connections/{id}/action?op=publish → 200 [delay 3000 ms]"]);
      expect(stored().BaseConnection).toEqual([expect.objectContaining({ id: base.id, state: "enabled" })]);
      // The stack still says what it knew before the kill: both drafts.
      const before = await held();
      expect(before.BaseConnection).toEqual([{ id: base.id, outputs: expect.objectContaining({ state: "draft" }) }]);
      expect(before.SourceConnection).toEqual([{ id: source.id, outputs: expect.objectContaining({ state: "draft" }) }]);

      emu.clearJournal();
      await up();
      // The publish is refused as done (1444), the connection read and found enabled: nothing sent again.
      // Then the source connection's publish, sent straight away: the publish order is the service's to
      // enforce, read only to explain a refusal.
      expect(calls()).toEqual([
        "GET /connectionSpecs/{S3} → 200",
        "POST /connections/{id}/action?op=publish → 400",
        "GET /connections/{id} → 200",
        "POST /sourceConnections/{id}/action?op=publish → 200",
      ]);
      expect(paths().slice(1)).toEqual([
        `POST /connections/${base.id}/action`,
        `GET /connections/${base.id}`,
        `POST /sourceConnections/${source.id}/action`,
      ]);
      expect(stored().BaseConnection).toEqual([expect.objectContaining({ id: base.id, state: "enabled" })]);
      expect(stored().SourceConnection).toEqual([expect.objectContaining({ id: source.id, state: "enabled" })]);
      const after = await held();
      expect(after.BaseConnection).toEqual([
        { id: base.id, outputs: expect.objectContaining({ state: "enabled", draft: false, etag: stored().BaseConnection[0].etag }) },
      ]);
      expect(after.SourceConnection).toEqual([
        { id: source.id, outputs: expect.objectContaining({ state: "enabled", draft: false, etag: stored().SourceConnection[0].etag }) },
      ]);
    });
  });
});
