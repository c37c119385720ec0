// `recover` for every kind, through the real CLI: examples/pipeline's first `pulumi up` is killed
// (SIGKILL to the CLI's process group) while the creates of its base connection, target connection
// and mapping set are under way on the service. They land; the stack holds only their pending
// creates. `recover --yes` brings each into the stack under its resource, and the next `pulumi up`
// makes no second one. Before this, recover knew flows only: it found nothing to recover, the next
// `up` made a second "Orders bucket" and "Orders dataset", and a draft base connection holding the
// S3 credentials outlived every stack.
import type { RunningEmulator } from "../../emulator";
import { killGroup } from "../../scripts/pulumi-cli";
import { examplesCopy, initForEmulator, leakedSecrets, projectFor, stackResources, startE2eEmulator } from "../e2e/harness";
import { faultPending, leftoversEnd, recover, removeEmptyCheckpointAttrs, waitFor } from "./processes";

const S3_SECRET = "recover-kinds-S3-secret-4f1a";
const RULES = [
  { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
  { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
];
const BASE = "pulumi-nodejs:dynamic/aep:";
type Kind = "base" | "source" | "target" | "mapping" | "flow";
const RESOURCE_OF: Record<Kind, string> = {
  base: "orders-bucket",
  source: "orders-files",
  target: "orders-dataset",
  mapping: "orders-mapping",
  flow: "orders-flow",
};

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startE2eEmulator();
});

afterAll(async () => {
  await emu?.stop();
});

/** The ids of every entity of each kind in the emulator (fixtures included), in sandbox dev. */
function entityIds(): Record<Kind, string[]> {
  const dev = (all: { id: unknown; sandboxName?: unknown }[]) =>
    all
      .filter((e) => e.sandboxName === "dev")
      .map((e) => String(e.id))
      .sort();
  return {
    base: dev(emu.connections("base")),
    source: dev(emu.connections("source")),
    target: dev(emu.connections("target")),
    mapping: dev(emu.mappingSets() as { id: unknown; sandboxName?: unknown }[]),
    flow: dev(emu.flows() as unknown as { id: unknown; sandboxName?: unknown }[]),
  };
}

/** The entities made since `before`, by kind. */
function madeSince(before: Record<Kind, string[]>): Record<Kind, string[]> {
  const now = entityIds();
  return Object.fromEntries((Object.keys(now) as Kind[]).map((k) => [k, now[k].filter((id) => !before[k].includes(id))])) as Record<
    Kind,
    string[]
  >;
}

it("a pipeline's first `pulumi up` killed during the creates of a base connection, a target connection and a mapping set: recover brings them in, the next `up` makes no second one", async () => {
  emu.reset();
  const copy = examplesCopy(["pipeline"], "recover-kinds");
  const project = projectFor(copy, "dev");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev", s3AccessKey: "AKIARECOVERKINDS" });
  await project.configSet("s3SecretKey", S3_SECRET, true);
  const before = entityIds();

  // The three creates that need no other resource's id are held 8 s by the service; the CLI is killed once all three arrived.
  const fault = emu.addFault({ method: "POST", path: "^/(connections|targetConnections|mappingSets)$", delayMs: 8000, times: 3 });
  let child: Parameters<typeof killGroup>[0] | undefined;
  const run = project.run(["up", "--yes", "--skip-preview"], { allowFailure: true, timeoutMs: 180_000, onStart: (c) => (child = c) });
  await waitFor(async () => !(await faultPending(emu.url, fault)), "the three creates to reach the service", 120_000);
  killGroup(child!);
  expect((await run).code).not.toBe(0);
  // The service finishes what it received: each create lands.
  await waitFor(() => {
    const made = madeSince(before);
    return made.base.length === 1 && made.target.length === 1 && made.mapping.length === 1;
  }, "the three creates to land");
  await leftoversEnd(project.opts.dir);
  removeEmptyCheckpointAttrs(project.opts.stateDir);
  await project.run(["cancel", "--yes"], { allowFailure: true });

  const crashed = JSON.parse((await project.run(["stack", "export"])).stdout).deployment as {
    resources?: { type: string }[];
    pending_operations?: { type: string; resource: { urn: string } }[];
  };
  expect((crashed.pending_operations ?? []).map((op) => [op.type, op.resource.urn.split("::").pop()]).sort()).toEqual([
    ["creating", "orders-bucket"],
    ["creating", "orders-dataset"],
    ["creating", "orders-mapping"],
  ]);
  expect((crashed.resources ?? []).filter((r) => r.type.startsWith(BASE))).toEqual([]);
  const landed = madeSince(before);
  expect(landed).toEqual({ base: [expect.any(String)], source: [], target: [expect.any(String)], mapping: [expect.any(String)], flow: [] });

  // The dry run names each entity, by kind, and the resource it goes to; it writes nothing.
  const dry = await recover(project);
  expect(dry.code).toBe(0);
  const planned = dry.output.split("\n").filter((l) => /^(bring in|undecidable|never landed|ambiguous)/.test(l));
  expect(planned.map((l) => l.replace(/ \(created [^)]*\)|, created [^)]*\)/g, ")"))).toEqual([
    `bring in      orders-bucket (base connection, pending create) ← base connection ${landed.base[0]} "Orders bucket" (draft)`,
    `bring in      orders-dataset (target connection, pending create) ← target connection ${landed.target[0]} "Orders dataset" (draft)`,
    `bring in      orders-mapping (mapping set, pending create) ← mapping set ${landed.mapping[0]} (version 0)`,
    "undecidable   orders-files (source connection, planned create): its inputs depend on outputs not known before `pulumi up` " +
      "(another resource's id): once that resource is in the stack, run recover again to check it, or check the sandbox by hand",
    "undecidable   orders-flow (flow, planned create): its inputs depend on outputs not known before `pulumi up` " +
      "(another resource's id): once that resource is in the stack, run recover again to check it, or check the sandbox by hand",
  ]);
  expect(dry.output).toContain("dry run: nothing was written");

  const done = await recover(project, "--yes");
  expect(done.code).toBe(0);
  expect(done.output).toContain(
    "the stack now holds 1 more base connection(s), 1 more target connection(s), 1 more mapping set(s); run `pulumi up`: it creates only what is still missing",
  );
  // Run again once the base connection is in the stack: the source connection is checked, and nothing is left to do.
  const again = await recover(project);
  expect(again.output.split("\n").filter((l) => /^(bring in|never landed|ambiguous|undecidable {3}orders-files)/.test(l))).toEqual([]);
  expect(again.output).toContain("nothing to recover");

  await project.run(["up", "--yes", "--skip-preview"], { timeoutMs: 180_000 });
  const made = madeSince(before);
  expect(made).toEqual({
    base: landed.base,
    source: [expect.any(String)],
    target: landed.target,
    mapping: landed.mapping,
    flow: [expect.any(String)],
  });
  const { text, deployment } = await project.exportStack();
  const held = stackResources(deployment);
  expect(Object.fromEntries(Object.entries(held).map(([name, r]) => [name, [r.type, r.id]]))).toEqual({
    [RESOURCE_OF.base]: ["aep:BaseConnection", made.base[0]],
    [RESOURCE_OF.source]: ["aep:SourceConnection", made.source[0]],
    [RESOURCE_OF.target]: ["aep:TargetConnection", made.target[0]],
    [RESOURCE_OF.mapping]: ["aep:MappingSet", made.mapping[0]],
    [RESOURCE_OF.flow]: ["aep:Dataflow", made.flow[0]],
  });
  expect(held[RESOURCE_OF.mapping].outputs).toMatchObject({ mappings: RULES, version: 0 });
  expect(JSON.parse(text).deployment.pending_operations ?? []).toEqual([]);
  // A fresh preview finds nothing to change: what recover recorded is what a create records.
  const preview = await project.run(["preview", "--expect-no-changes"], { allowFailure: true });
  expect(preview.code).toBe(0);

  // Destroyed, nothing the run made is left but the mapping set (Data Prep documents no DELETE; the provider says so).
  await project.destroy();
  expect(madeSince(before)).toEqual({ base: [], source: [], target: [], mapping: landed.mapping, flow: [] });
  const everything = `${project.transcript}${dry.output}${done.output}${again.output}${text}`;
  expect({ s3Secret: everything.includes(S3_SECRET), leaked: leakedSecrets(everything) }).toEqual({ s3Secret: false, leaked: [] });
  await project.remove();
});
