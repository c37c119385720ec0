// `recover` for every kind, through the real CLI: examples/pipeline's first `pulumi up` is killed
// (SIGKILL to the CLI's process group) while the creates of its base connection, target connection
// and mapping set are under way on the service. They land; the stack holds only their pending
// creates. `recover --yes` brings each into the stack under its resource, and the next `pulumi up`
// makes no second one. Before this, recover knew flows only: it found nothing to recover, the next
// `up` made a second "Orders bucket" and "Orders dataset", and a draft base connection holding the
// S3 credentials outlived every stack. The steps after the kill are the README's, walked as written:
// its `pgrep` line finds what the run left, the dry run says whose lock holds the stack and prints
// the commands, which are run.
import { hostname, userInfo } from "node:os";
import type { RunningEmulator } from "../../emulator";
import { liveProcessesOf, runProcessesOf, runRoleOf } from "../../provider/commands/recover/processes";
import { killGroup } from "../../scripts/pulumi-cli";
import { examplesCopy, initForEmulator, leakedSecrets, projectFor, stackResources, startE2eEmulator } from "../e2e/harness";
import {
  faultPending,
  killLanguageHosts,
  pgrepLeftovers,
  processesIn,
  recover,
  removeEmptyCheckpointAttrs,
  runPrinted,
  waitFor,
} from "./processes";

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
  const dir = project.opts.dir;
  const cli = child!.pid!;

  // What the kill left in the project (the CLI gone): every process of it is found by recover and by the README's
  // `pgrep` line. Only those seen before and after both looks count: the program exits at once.
  const seen = processesIn(dir);
  const listed = pgrepLeftovers();
  const found = runProcessesOf(dir).map((p) => p.pid);
  const stayed = [...seen.keys()].filter((pid) => processesIn(dir).has(pid));
  expect({ notListed: stayed.filter((pid) => !listed.includes(pid)), notFound: stayed.filter((pid) => !found.includes(pid)) }).toEqual({
    notListed: [],
    notFound: [],
  });
  const roles = stayed.map((pid) => runRoleOf(seen.get(pid)!));
  expect([...new Set(roles)].filter((r) => r !== "program").sort()).toEqual(["language host", "provider host"]);
  const providers = stayed.filter((_, i) => roles[i] === "provider host");
  const languageHosts = stayed.filter((_, i) => roles[i] === "language host");
  // Busy with the creates, the provider host stops recover; it says what to wait for and what to run then.
  const refused = await recover(project);
  expect(refused.code).toBe(1);
  expect(refused.output.startsWith(`pulumi-aep-dataflows: processes of a Pulumi run are still running in ${dir}: `)).toBe(true);
  expect(providers.filter((pid) => !refused.output.includes(`${pid} (`))).toEqual([]);
  expect(refused.output).toContain(
    "wait until `pgrep -af 'pulumi-(language|resource)-|@pulumi/pulumi/cmd/|plugin/main\\.js'` lists none of these, then run " +
      "`npx pulumi-aep-dataflows recover --stack dev` again.",
  );

  // The service finishes what it received: each create lands. The providers then exit by themselves; the language host stays.
  await waitFor(() => {
    const made = madeSince(before);
    return made.base.length === 1 && made.target.length === 1 && made.mapping.length === 1;
  }, "the three creates to land");
  await waitFor(() => liveProcessesOf(dir).length === 0, `the killed run's providers in ${dir} to exit by themselves`);
  removeEmptyCheckpointAttrs(project.opts.stateDir);

  // The killed CLI's lock is left: the dry run says so, names the language host left over, and prints the commands.
  const locked = await recover(project);
  expect(locked.code).toBe(0);
  const lockLine = new RegExp(
    `^lock: the stack is locked by ${userInfo().username}@${hostname()} \\(pid ${cli}\\) since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, ` +
      `no process ${cli} runs any more: the lock of a killed run$`,
  );
  expect(locked.output.split("\n").filter((l) => l.startsWith("lock: "))).toEqual([expect.stringMatching(lockLine)]);
  const leftOver = locked.output.split("\n").filter((l) => l.startsWith("left over: "));
  expect(leftOver.map((l) => Number(l.match(/^left over: (\d+) /)?.[1]))).toEqual(languageHosts);
  for (const [i, l] of leftOver.entries()) {
    expect(l).toMatch(/^left over: \d+ \(\S*pulumi-language-nodejs [\d.:]+\), the killed run's language host: it writes nothing and exits/);
    expect(l).toContain(`by itself within 5 minutes (\`kill ${languageHosts[i]}\` ends it now)`);
  }
  const stale = [
    "next:",
    `  cd ${dir}`,
    "  pulumi cancel --stack dev --yes",
    "  npx pulumi-aep-dataflows recover --stack dev --yes",
    "  pulumi up --stack dev",
  ];
  expect(locked.output.trimEnd().split("\n").slice(-6)).toEqual(["dry run: nothing was written", ...stale]);
  killLanguageHosts(dir);
  // --yes on the locked stack writes nothing (the export below still holds only the pending creates) and says what to run.
  const refusedYes = await recover(project, "--yes");
  expect(refusedYes.code).toBe(1);
  expect(refusedYes.output.trimEnd().split("\n")).toEqual([
    expect.stringMatching(/^pulumi-aep-dataflows: nothing was written: the stack is locked by /),
    ...stale,
  ]);
  expect(refusedYes.output.split("\n")[0].replace("pulumi-aep-dataflows: nothing was written: ", "lock: ")).toMatch(lockLine);
  // The printed commands, run as written.
  const cancelled = await runPrinted(project, `${stale[1].trim()} && ${stale[2].trim()}`);
  expect(cancelled).toEqual({ code: 0, output: "The currently running update for 'dev' has been canceled!\n" });

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
  expect(dry.output.split("\n").filter((l) => l.startsWith("lock: "))).toEqual(["lock: the stack is not locked"]);
  expect(dry.output.trimEnd().split("\n").slice(-5)).toEqual([
    "dry run: nothing was written",
    "next:",
    `  cd ${dir}`,
    "  npx pulumi-aep-dataflows recover --stack dev --yes",
    "  pulumi up --stack dev",
  ]);

  const done = await recover(project, "--yes");
  expect(done.code).toBe(0);
  expect(done.output.trimEnd().split("\n").slice(-4)).toEqual([
    "the stack now holds 1 more base connection(s), 1 more target connection(s), 1 more mapping set(s); run `pulumi up`: it creates only what is still missing",
    "next:",
    `  cd ${dir}`,
    "  pulumi up --stack dev",
  ]);
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
  const everything = `${project.transcript}${refused.output}${locked.output}${refusedYes.output}${dry.output}${done.output}${again.output}${text}`;
  expect({ s3Secret: everything.includes(S3_SECRET), leaked: leakedSecrets(everything) }).toEqual({ s3Secret: false, leaked: [] });
  await project.remove();
});
