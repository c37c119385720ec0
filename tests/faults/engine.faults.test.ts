// Fault matrix, bad-input table, emulator robustness and token lifecycle, through the provider as
// the Pulumi engine hosts it. Run with `npm run test:faults`.
import type * as grpc from "@grpc/grpc-js";
import type { RunningEmulator } from "../../emulator";
import { EngineHost, secret, serializeDataflow } from "../helpers/engine";
import { SEEDED, baseInputs, emulator, emulatorToken, flowCalls, imsCalls } from "../helpers/emulator";
import { BAD_INPUTS } from "./bad-inputs";
import { Scenario, recordScenarios } from "../../scripts/fault-scenarios";
import { CellResult, FAULTS, MatrixRunner, OPERATIONS, expected, leakedSecrets } from "./matrix";

let emu: RunningEmulator;
let host: EngineHost;
let serialized: string;
let runner: MatrixRunner;
const scenarios: Scenario[] = [];

const config = (emu: RunningEmulator, overrides: Record<string, unknown> = {}) => ({
  "aep:endpoint": emu.url,
  "aep:imsEndpoint": emu.url,
  "aep:clientId": SEEDED.clientId,
  "aep:clientSecret": secret(SEEDED.clientSecret),
  "aep:orgId": SEEDED.orgId,
  "aep:sandboxName": "prod",
  "aep:timeoutSeconds": "1",
  ...overrides,
});

beforeAll(async () => {
  serialized = serializeDataflow(baseInputs()).inputs.__provider as string;
  emu = await emulator();
  host = new EngineHost();
  // Debug logging on: the logs are searched for credentials too.
  await host.start({ AEP_DEBUG: "1" });
  await host.configure(config(emu));
  runner = new MatrixRunner(host, emu, serialized);
});

/** The warning line about `property` the provider printed since `from` (its stderr offset), if any. */
async function warned(property: string, reason: RegExp, from: number): Promise<string | undefined> {
  const line = new RegExp(`\\[aep\\][^\\n]*\`${property.replace(/[[\]]/g, "\\$&")}\` [^\\n]*`);
  await host.stderrMatching(line, 2000);
  const found = line.exec(host.stderr.slice(from))?.[0];
  return found && reason.test(found) ? found : undefined;
}

afterAll(async () => {
  scenarios.push({
    suite: "engine matrix",
    name: "provider debug log",
    expected: "no credential",
    observed: leakedSecrets(host?.stderr ?? "").join(", ") || "no credential",
    passed: leakedSecrets(host?.stderr ?? "").length === 0,
    secretsFound: leakedSecrets(host?.stderr ?? "").length,
  });
  recordScenarios(scenarios);
  await host?.stop();
  await emu?.stop();
});

describe("fault matrix: every operation × every fault", () => {
  const cells = OPERATIONS.flatMap((op) => FAULTS.map((fault) => [op, fault, expected(op, fault)] as const));

  it.each(cells)("%s × %s → %s", async (op, fault) => {
    const r: CellResult = await runner.run(op, fault);
    const secrets = leakedSecrets(r.transcript);
    const passed = r.observed === r.expected && !r.orphans && !r.duplicates && !r.lostEdits && !r.problems.length && !secrets.length;
    scenarios.push({
      suite: "engine matrix",
      name: `${op} × ${fault}`,
      expected: r.expected,
      observed: r.observed,
      passed,
      orphans: r.orphans,
      duplicates: r.duplicates,
      lostEdits: r.lostEdits,
      secretsFound: secrets.length,
    });
    expect({
      observed: r.observed,
      orphans: r.orphans,
      duplicates: r.duplicates,
      lostEdits: r.lostEdits,
      problems: r.problems,
      secrets,
    }).toEqual({
      observed: r.expected,
      orphans: 0,
      duplicates: 0,
      lostEdits: 0,
      problems: [],
      secrets: [],
    });
    if (r.firstError) {
      // Every error a user sees says what happened; none carries a credential (checked above).
      expect(r.firstError.length).toBeGreaterThan(20);
    }
  });
});

/** Whether `failure`, as the engine got it, names `property`: as its property, or (nested or defaulted) first in its reason. */
function names(failure: { property: string; reason: string }, property: string): boolean {
  return failure.property === property || (failure.property === "" && failure.reason.startsWith(`\`${property}\``));
}

describe("bad inputs: refused in check (or, for a rule the service does not declare, warned about), naming the property, with nothing written", () => {
  it.each(BAD_INPUTS.map((b) => [b.what, b] as const))("%s", async (_, bad) => {
    emu.clearJournal();
    const printed = host.stderr.length;
    const { failures } = await host.check("bad", bad.olds ?? {}, { ...bad.inputs, __provider: serialized });
    // A check may read (the token, the flow spec once per run); it never writes.
    const writes = emu.journal().filter((c) => c.method !== "GET" && !c.path.startsWith("/ims/"));
    const refused = failures.find((f) => names(f, bad.property) && bad.reason.test(f.reason));
    const warning = bad.effect === "warn" ? await warned(bad.property, bad.reason, printed) : undefined;
    const judged = bad.effect === "warn" ? failures.length === 0 && warning !== undefined : refused !== undefined;
    scenarios.push({
      suite: "bad inputs",
      name: bad.what,
      expected: `${bad.effect === "warn" ? "warned" : "refused"}: ${bad.property}: ${bad.reason.source}`,
      observed:
        bad.effect === "warn" ? `failures ${JSON.stringify(failures)}; warning ${JSON.stringify(warning)}` : JSON.stringify(failures),
      passed: judged && writes.length === 0,
      judgedBeforeWrite: judged && writes.length === 0,
    });
    if (bad.effect === "warn") {
      expect(failures).toEqual([]);
      expect(warning).toMatch(new RegExp(`\`${bad.property.replace(/[[\]]/g, "\\$&")}\` .*${bad.reason.source}`));
    } else
      expect(failures.filter((f) => names(f, bad.property))).toContainEqual(
        expect.objectContaining({ reason: expect.stringMatching(bad.reason) }),
      );
    expect(writes).toEqual([]);
  });

  it("a malformed etag in state is refused before any call", async () => {
    const { inputs } = await host.check("etag", {}, { ...baseInputs(), __provider: serialized });
    const { id, outs } = await host.create("etag", inputs);
    emu.clearJournal();
    const renamed = await host.check("etag", outs, { ...baseInputs(), name: "renamed", __provider: serialized });
    const err = (await host.update("etag", id, { ...outs, etag: "not-an-etag" }, renamed.inputs).catch((e) => e)) as grpc.ServiceError;
    const passed = /no valid etag.*pulumi refresh/.test(err.details) && emu.journal().length === 0;
    scenarios.push({
      suite: "bad inputs",
      name: "malformed etag in state",
      expected: "refused, no call",
      observed: err.details,
      passed,
      judgedBeforeWrite: passed,
    });
    expect(err.details).toMatch(/no valid etag for this flow \("not-an-etag"\).*Nothing was sent.*pulumi refresh/);
    expect(emu.journal()).toEqual([]);
  });
});

describe("the emulator answers malformed requests with AEP errors and keeps its store intact", () => {
  const cases: [string, string, string, Record<string, string>, string | undefined, number][] = [
    ["bad JSON", "POST", "/flows", { "Content-Type": "application/json" }, "{oops", 400],
    ["JSON array as a flow", "POST", "/flows", { "Content-Type": "application/json" }, "[1,2]", 400],
    ["wrong content type", "POST", "/flows", { "Content-Type": "text/xml" }, "<flow/>", 400],
    ["patch not an array", "PATCH", "/flows/{id}", { "Content-Type": "application/json", "If-Match": "{etag}" }, '{"op":"replace"}', 400],
    [
      "patch op move",
      "PATCH",
      "/flows/{id}",
      { "Content-Type": "application/json", "If-Match": "{etag}" },
      '[{"op":"move","from":"/name","path":"/description"}]',
      400,
    ],
    [
      "patch of the id",
      "PATCH",
      "/flows/{id}",
      { "Content-Type": "application/json", "If-Match": "{etag}" },
      '[{"op":"replace","path":"/id","value":"x"}]',
      400,
    ],
    [
      "patch removing the name",
      "PATCH",
      "/flows/{id}",
      { "Content-Type": "application/json", "If-Match": "{etag}" },
      '[{"op":"remove","path":"/name"}]',
      400,
    ],
    [
      "patch of a missing path",
      "PATCH",
      "/flows/{id}",
      { "Content-Type": "application/json", "If-Match": "{etag}" },
      '[{"op":"replace","path":"/scheduleParams/interval","value":"1"}]',
      400,
    ],
    ["unknown flow id", "GET", "/flows/00000000-0000-4000-8000-000000000000", {}, undefined, 404],
    ["unknown action", "POST", "/flows/{id}/action?op=explode", {}, undefined, 400],
    ["huge body", "POST", "/flows", { "Content-Type": "application/json" }, JSON.stringify({ name: "x".repeat(6 * 1024 * 1024) }), 413],
    ["bad continuation token", "GET", "/flows?continuationToken=%%%", {}, undefined, 400],
    ["unknown sandbox", "GET", "/flows", { "x-sandbox-name": "nosuch" }, undefined, 404],
    ["unknown operator in a filter", "GET", `/flows?property=${encodeURIComponent("name!>x")}`, {}, undefined, 400],
    ["unknown route", "GET", "/flowz", {}, undefined, 404],
  ];

  it.each(cases)("%s", async (_, method, rawPath, headers, body, status) => {
    emu.reset();
    const { inputs } = await host.check("robust", {}, { ...baseInputs(), __provider: serialized });
    const { id, outs } = await host.create("robust", inputs);
    const before = JSON.stringify(emu.flows());
    const token = { access_token: await emulatorToken(emu) };
    const fill = (s: string) => s.replace("{id}", id).replace("{etag}", String(outs.etag));
    const res = await fetch(`${emu.url}/data/foundation/flowservice${fill(rawPath)}`, {
      method,
      headers: {
        Authorization: `Bearer ${(token as { access_token: string }).access_token}`,
        "x-api-key": SEEDED.clientId,
        "x-gw-ims-org-id": SEEDED.orgId,
        "x-sandbox-name": String(outs.sandboxName),
        ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, fill(v)])),
      },
      body,
    });
    const json = (await res.json()) as Record<string, unknown>;
    const shaped = typeof json.type === "string" || typeof json.error_code === "string" || typeof json.title === "string";
    const intact = JSON.stringify(emu.flows()) === before;
    const alive = (await fetch(`${emu.url}/__emulator/flows`)).status === 200;
    scenarios.push({
      suite: "emulator",
      name: _,
      expected: `${status}, AEP-shaped, store intact`,
      observed: `${res.status}`,
      passed: res.status === status && shaped && intact && alive,
    });
    expect({ status: res.status, shaped, intact, alive }).toEqual({ status, shaped: true, intact: true, alive: true });
  });
});

describe("token lifecycle", () => {
  it("concurrent operations after an expiry share one renewal", async () => {
    emu.reset();
    const made = [];
    for (let i = 0; i < 5; i++) {
      const { inputs } = await host.check(`c${i}`, {}, { ...baseInputs(), name: `c${i}`, __provider: serialized });
      made.push(await host.create(`c${i}`, inputs));
    }
    emu.expireTokens();
    emu.clearJournal();
    const reads = await Promise.all(made.map((m, i) => host.read(`c${i}`, m.id, m.outs)));
    const ims = imsCalls(emu).length;
    const statuses = flowCalls(emu, { withStatus: true }).map((c) => c.status);
    scenarios.push({
      suite: "tokens",
      name: "5 concurrent reads after expiry",
      expected: "1 renewal",
      observed: `${ims} renewal(s)`,
      passed: ims === 1 && reads.every((r) => r.id),
    });
    expect(reads.every((r) => r.id)).toBe(true);
    expect(ims).toBe(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
  });

  it("bad credentials fail fast, naming the setting, without the secret", async () => {
    const wrong = new EngineHost();
    await wrong.start();
    try {
      await wrong.configure(config(emu, { "aep:clientSecret": secret("WRONG-SECRET-VALUE-77") }));
      emu.clearJournal();
      // check reads the flow spec, so the refusal comes there, before anything could be written.
      const err = (await wrong.check("w", {}, { ...baseInputs(), __provider: serialized }).catch((e) => e)) as grpc.ServiceError;
      const passed = /aep:clientSecret/.test(err.details) && !err.details.includes("WRONG-SECRET-VALUE-77") && flowCalls(emu).length === 0;
      scenarios.push({
        suite: "tokens",
        name: "wrong client secret",
        expected: "fails fast, names aep:clientSecret",
        observed: err.details,
        passed,
      });
      expect(err.details).toMatch(/IMS refused the client credentials: check aep:clientId, aep:clientSecret and aep:scopes/);
      expect(err.details).not.toContain("WRONG-SECRET-VALUE-77");
      expect(wrong.stderr).not.toContain("WRONG-SECRET-VALUE-77");
      expect(imsCalls(emu)).toHaveLength(1);
      // Fails fast: one IMS request, not retried, and no Flow Service call at all.
      expect(flowCalls(emu)).toEqual([]);
    } finally {
      await wrong.stop();
    }
  });
});
