// Shared set-up of the end-to-end suite: the real Pulumi CLI (built by scripts/get-pulumi.sh when
// needed, never skipped), the emulator in this process, and scratch copies of the examples.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { JournalEntry, RunningEmulator } from "../../emulator";
import { PulumiProject, ROOT, locatePulumi, scratchCopy } from "../../scripts/pulumi-cli";
import { SEEDED, emulator } from "../helpers/emulator";

export { SEEDED, ROOT };

export function pulumiBinDir(): string {
  // Fails the suite with the reason when no CLI can be had; CI=true or not, nothing is skipped.
  return locatePulumi();
}

export async function startE2eEmulator(): Promise<RunningEmulator> {
  return emulator();
}

/** A scratch copy of examples/<name> in .pulumi-state/e2e-<name>, fresh for each run. */
export function exampleCopy(name: string): { dir: string; stateDir: string } {
  const stateDir = path.join(ROOT, ".pulumi-state", `e2e-${name}`);
  rmSync(stateDir, { recursive: true, force: true });
  return { dir: scratchCopy(path.join(ROOT, "examples", name), stateDir), stateDir };
}

/**
 * A scratch copy of a Pulumi YAML example (examples/<name>, as `exampleCopy`) whose plugin directory is the checkout's
 * bin/: the example names it relative to itself (`path: ../../bin`), and the copy lives elsewhere.
 */
export function yamlExampleCopy(name: string): { dir: string; stateDir: string } {
  const copy = exampleCopy(name);
  const file = path.join(copy.dir, "Pulumi.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("path: ../../bin", `path: ${path.join(ROOT, "bin")}`));
  return copy;
}

/**
 * Scratch copies of several examples side by side in .pulumi-state/e2e-<label>/<name>, fresh for each
 * run, so that a project whose program is a sibling (examples/promotion: `main: ../empty-sandbox/`) finds
 * it. The project is the copy of the first.
 */
export function examplesCopy(names: [string, ...string[]], label: string): { dir: string; stateDir: string } {
  const stateDir = path.join(ROOT, ".pulumi-state", `e2e-${label}`);
  rmSync(stateDir, { recursive: true, force: true });
  for (const name of names) {
    cpSync(path.join(ROOT, "examples", name), path.join(stateDir, name), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}node_modules`),
    });
  }
  return { dir: path.join(stateDir, names[0]), stateDir };
}

/** A scratch copy of tests/programs/<name> in .pulumi-state/<label>, fresh for each run. */
export function programCopy(name: string, label: string): { dir: string; stateDir: string } {
  const stateDir = path.join(ROOT, ".pulumi-state", label);
  rmSync(stateDir, { recursive: true, force: true });
  return { dir: scratchCopy(path.join(ROOT, "tests", "programs", name), stateDir), stateDir };
}

export function projectFor(copy: { dir: string; stateDir: string }, stack: string, env: Record<string, string> = {}): PulumiProject {
  return new PulumiProject({ dir: copy.dir, stateDir: copy.stateDir, stack, binDir: pulumiBinDir(), env, passphrase: "e2e-passphrase" });
}

/** Points a stack at the emulator through config, the client secret stored as a Pulumi secret. */
export async function configureForEmulator(project: PulumiProject, emu: RunningEmulator): Promise<void> {
  await project.init({
    "aep:endpoint": emu.url,
    "aep:imsEndpoint": emu.url,
    "aep:clientId": SEEDED.clientId,
    "aep:orgId": SEEDED.orgId,
  });
  await project.configSet("aep:clientSecret", SEEDED.clientSecret, true);
}

/**
 * Creates (or selects) the stack and points it at the emulator in one `pulumi config set-all`: the
 * client secret as a Pulumi secret, `plain` as plaintext. Saves the CLI runs of one `config set` each.
 */
export async function initForEmulator(project: PulumiProject, emu: RunningEmulator, plain: Record<string, string> = {}): Promise<void> {
  await project.init();
  const settings = {
    "aep:endpoint": emu.url,
    "aep:imsEndpoint": emu.url,
    "aep:clientId": SEEDED.clientId,
    "aep:orgId": SEEDED.orgId,
    ...plain,
  };
  await project.run([
    "config",
    "set-all",
    ...Object.entries(settings).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
    "--secret",
    `aep:clientSecret=${SEEDED.clientSecret}`,
  ]);
}

/** A call to any emulated service but IMS, as tests compare it exactly. */
export interface ServiceCall {
  service: JournalEntry["service"];
  /** `METHOD /path?query`, the query decoded, each known id replaced by its `{name}`. */
  call: string;
  sandbox?: string;
  ifMatch?: string;
  /** The body as the journal keeps it (credentials redacted), known ids replaced by their `{name}`. */
  body?: unknown;
}

/** `value` with every string equal to a key of `names` replaced by `{name}`. */
function named(value: unknown, names: Record<string, string>): unknown {
  if (typeof value === "string") return value in names ? `{${names[value]}}` : value;
  if (Array.isArray(value)) return value.map((v) => named(v, names));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, named(v, names)]));
  return value;
}

/**
 * The journal's entries of every service but IMS (Flow Service, Data Prep, Catalog, Schema Registry), with
 * the ids in `ids` (id → name) shown as `{name}` in paths and bodies, so that a test can compare them exactly.
 */
export function serviceCalls(entries: JournalEntry[], ids: Record<string, string> = {}): ServiceCall[] {
  // An id not known yet ("") names nothing.
  const names = Object.fromEntries(Object.entries(ids).filter(([id]) => id !== ""));
  return entries
    .filter((e) => e.service !== "ims")
    .map((e) => {
      const query = Object.entries(e.query)
        .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${k}=${one}`))
        .join("&");
      const pathNamed = e.path
        .split("/")
        .map((part) => (part in names ? `{${names[part]}}` : part))
        .join("/");
      return {
        service: e.service,
        call: `${e.method} ${pathNamed}${query ? `?${query}` : ""}`,
        ...(e.headers.sandboxName !== undefined ? { sandbox: e.headers.sandboxName } : {}),
        ...(e.headers.ifMatch ? { ifMatch: e.headers.ifMatch } : {}),
        ...(e.body !== undefined ? { body: named(e.body, names) } : {}),
      };
    });
}

/**
 * The calls of one step: the journal's entries since the last step, as `serviceCalls` shows them
 * (`names`: id → name), kept in `kept` for the secret search; the journal is cleared.
 */
export function takeCalls(emu: RunningEmulator, kept: JournalEntry[], names: Record<string, string> = {}): ServiceCall[] {
  const entries = emu.journal();
  kept.push(...entries);
  emu.clearJournal();
  return serviceCalls(entries, names);
}

/** Calls as a multiset of `service METHOD /path?query`, for comparing a step's calls whatever their order. */
export const callShapes = (calls: ServiceCall[]): string[] => unordered(calls.map((c) => `${c.service} ${c.call}`));

/** JSON with the keys of every object sorted, so that two equal values give one text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Calls as a multiset: Pulumi runs independent resources in parallel, so only dependencies order them (see `inOrder`). */
export function unordered<T>(calls: T[]): T[] {
  return calls
    .map((call) => ({ call, key: canonical(call) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ call }) => call);
}

/** Each call (`METHOD /path`) happened, once, and in this order. */
export function inOrder(calls: ServiceCall[], order: string[]): void {
  for (const call of order) expect({ call, times: calls.filter((c) => c.call === call).length }).toEqual({ call, times: 1 });
  const position = (call: string) => calls.findIndex((c) => c.call === call);
  expect([...order].sort((a, b) => position(a) - position(b))).toEqual(order);
}

/** The resources of a stack export by their name in the program (the stack and the provider left out), `__provider` left out. */
export function stackResources(deployment: {
  resources?: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
}): Record<string, { type: string; id?: string; outputs: Record<string, unknown> }> {
  return Object.fromEntries(
    (deployment.resources ?? [])
      // The dynamic resources (`pulumi-nodejs:dynamic/aep:Dataflow`, shown as `aep:Dataflow`) and the plugin's (`aep:index:Dataflow`).
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/") || r.type.startsWith("aep:"))
      .map((r) => {
        const { __provider: _, ...outputs } = r.outputs ?? {};
        return [r.urn.split("::").pop()!, { type: r.type.replace(/^pulumi-nodejs:dynamic\//, ""), id: r.id, outputs }];
      }),
  );
}

/** Flow Service calls as `METHOD /path?query` with the flow id replaced by {id}, plus sandbox and If-Match. */
export function calls(emu: RunningEmulator): { call: string; sandbox?: string; ifMatch?: string; body?: unknown }[] {
  return emu
    .journal()
    .filter((e: JournalEntry) => e.service === "flowservice")
    .map((e) => {
      const query = new URLSearchParams(e.query as Record<string, string>).toString();
      return {
        call: `${e.method} ${e.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "{id}")}${query ? `?${query}` : ""}`,
        sandbox: e.headers.sandboxName,
        ...(e.headers.ifMatch ? { ifMatch: e.headers.ifMatch } : {}),
        ...(e.body !== undefined ? { body: e.body } : {}),
      };
    });
}

export function dataflowResources(deployment: {
  resources?: { urn?: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
}) {
  return (deployment.resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/aep:Dataflow");
}

/** Every credential the suite seeded, to search CLI output and exported state for. */
export function leakedSecrets(text: string): string[] {
  const found: string[] = [];
  if (text.includes(SEEDED.clientSecret)) found.push("client secret");
  if (/emu-[A-Za-z0-9_-]{20,}/.test(text)) found.push("access token");
  return found;
}

/** The specs examples/pipeline uses: Amazon S3's connection spec, the data lake's, and the cloud storage flow spec. */
export const S3_SPEC = "ecadc60c-7455-4d87-84dc-2a0e293d997b";
export const DATA_LAKE_SPEC = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
export const CLOUD_STORAGE_FLOW_SPEC = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

/**
 * The reads the plugin pipeline (examples/yaml, examples/python) makes, as `service METHOD /path`: its
 * four lookups on every run, and each spec read once when a connection or the flow is checked.
 */
export const PIPELINE_LOOKUPS = [
  'flowservice GET /connectionSpecs?property=name=="amazon-s3"',
  'flowservice GET /flowSpecs?property=name=="CloudStorageToAEP"',
  "catalog GET /dataSets?property=name==Orders dataset&properties=name,schemaRef&limit=100",
  "schemaregistry GET /tenant/schemas?property=title==Orders",
];
export const PIPELINE_SPEC_READS = [
  `flowservice GET /connectionSpecs/${S3_SPEC}`,
  `flowservice GET /connectionSpecs/${DATA_LAKE_SPEC}`,
  `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
];

/** The Orders schema read by the mapping set's check when the set is new or its rules change (it names a destination the schema lacks). */
export const PIPELINE_OUTPUT_SCHEMA_READ = `schemaregistry GET /tenant/schemas/${encodeURIComponent("https://ns.adobe.com/emulator/schemas/5d9f1c2a7b3e4f60a1b2c3d4e5f60718")}`;

/**
 * `draft: false` on the plugin examples (examples/yaml, examples/python, whose resources share their
 * names): every call the publish run makes besides the lookups and spec reads, as `service call`.
 */
export const PLUGIN_PUBLISH_CALLS = [
  "flowservice POST /connections/{ordersBucket}/action?op=publish",
  "flowservice POST /sourceConnections/{ordersFiles}/action?op=publish",
  "flowservice POST /targetConnections/{ordersDataset}/action?op=publish",
  "flowservice POST /flows/{ordersFlow}/action?op=publish",
];
/** Adobe's publish order among them: the account, then the connection that uses it, then the flow. */
export const PLUGIN_PUBLISH_ORDER = [
  "POST /connections/{ordersBucket}/action?op=publish",
  "POST /sourceConnections/{ordersFiles}/action?op=publish",
  "POST /flows/{ordersFlow}/action?op=publish",
];
