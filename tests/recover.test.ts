// `recover`, the pure parts: the window of the failed runs, which flow goes to which resource, and
// the state edit (replacements half-way, secrets). The whole command runs in test:faults (crash rows).
import { applyRecovery, recordedInputs } from "../provider/recover/apply";
import { planRecovery } from "../provider/recover/plan";
import { DATAFLOW_TYPE, Declared, Deployment, SECRET_SIG, SECRET_VALUE, declaredAbsent, windowStart } from "../provider/recover/stack";
import type { Flow } from "../sdk/types";
import { FLOW_SPEC, SOURCE_ID, TARGET_ID } from "./helpers/emulator";

const urn = (name: string) => `urn:pulumi:dev::p::${DATAFLOW_TYPE}::${name}`;
const inputs = (over: Record<string, unknown> = {}) => ({
  name: "Orders",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
  draft: true,
  enabled: true,
  sandboxName: "dev",
  __provider: "shim",
  ...over,
});
const declared = (name: string, over: Record<string, unknown> = {}, source: Declared["source"] = "planned create"): Declared => ({
  urn: urn(name),
  type: DATAFLOW_TYPE,
  inputs: inputs(over),
  source,
  inProgram: true,
});
const flow = (id: string, over: Partial<Flow> = {}): Flow => ({
  id,
  etag: `"${id}"`,
  name: "Orders",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
  state: "draft",
  sandboxName: "dev",
  createdAt: 2_000,
  ...over,
});

describe("windowStart", () => {
  const entry = (result: string, startTime: string, endTime: string, kind = "update") => ({ kind, result, startTime, endTime });
  it("starts at the end of the last update that succeeded: a killed run after it left no entry, a failed one came later", () => {
    const history = [
      entry("failed", "2026-11-29T10:05:00Z", "2026-11-29T10:06:00Z"),
      entry("succeeded", "2026-11-29T10:00:00Z", "2026-11-29T10:01:00Z", "refresh"),
      entry("succeeded", "2026-11-29T09:00:00Z", "2026-11-29T09:01:00Z"),
    ];
    expect(windowStart(history)).toBe(Date.parse("2026-11-29T09:01:00Z"));
  });
  it("with no successful update, is unknown: a killed first run may predate every entry", () => {
    expect(windowStart([entry("failed", "2026-11-29T10:05:00Z", "x"), entry("failed", "2026-11-29T10:00:00Z", "y")])).toBeUndefined();
    expect(windowStart([])).toBeUndefined();
  });
});

describe("planRecovery", () => {
  it("brings in the one flow of the window that no stack holds and that matches", () => {
    const plan = planRecovery({
      declared: [declared("a")],
      flows: [flow("old", { createdAt: 500 }), flow("held"), flow("mine")],
      held: new Set(["dev/held"]),
      since: 1_000,
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.flow.id])).toEqual([[urn("a"), "mine"]]);
    expect(plan.unmatched).toEqual([]);
  });

  it("tells two resources that share a name apart by everything else they declare", () => {
    const hourly = declared("hourly", { description: "every hour" });
    const daily = declared("daily", { description: "every day" });
    const plan = planRecovery({
      declared: [hourly, daily],
      flows: [flow("f-daily", { description: "every day" }), flow("f-hourly", { description: "every hour" })],
      held: new Set(),
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.flow.id]).sort()).toEqual([
      [urn("daily"), "f-daily"],
      [urn("hourly"), "f-hourly"],
    ]);
    expect(plan.ambiguous).toEqual([]);
  });

  it("gives identical declarations identical flows, one each, and leaves a missing one to be created", () => {
    const twins = [declared("twinA", {}, "pending create"), declared("twinB", {}, "pending create")];
    const one = planRecovery({ declared: twins, flows: [flow("f1")], held: new Set() });
    expect(one.bringIn.map((b) => [b.declared.urn, b.flow.id])).toEqual([[urn("twinA"), "f1"]]);
    expect(one.neverLanded.map((d) => d.urn)).toEqual([urn("twinB")]);
    const two = planRecovery({ declared: twins, flows: [flow("f2", { createdAt: 3 }), flow("f1", { createdAt: 2 })], held: new Set() });
    expect(two.bringIn.map((b) => [b.declared.urn, b.flow.id])).toEqual([
      [urn("twinA"), "f1"],
      [urn("twinB"), "f2"],
    ]);
  });

  it("decides nothing when more flows match than resources declare them", () => {
    const plan = planRecovery({ declared: [declared("a")], flows: [flow("x"), flow("y")], held: new Set() });
    expect(plan.bringIn).toEqual([]);
    expect(plan.ambiguous.map((a) => a.candidates.map((c) => c.id))).toEqual([["x", "y"]]);
  });

  it("lists copies of what the stack holds, and drops pending creates that never landed or left the program", () => {
    const plan = planRecovery({
      declared: [
        declared("gone", { name: "Gone" }, "pending create"),
        { ...declared("removed", { name: "Removed" }, "pending create"), inProgram: false },
      ],
      flows: [flow("late-copy")],
      held: new Set(["dev/held"]),
      resources: [{ urn: urn("holder"), type: DATAFLOW_TYPE, id: "held", inputs: inputs() }],
    });
    expect(plan.copies.map((c) => [c.holder, c.flow.id])).toEqual([[urn("holder"), "late-copy"]]);
    expect(plan.neverLanded.map((d) => [d.urn, d.inProgram])).toEqual([
      [urn("gone"), true],
      [urn("removed"), false],
    ]);
  });
});

describe("applyRecovery", () => {
  const stackUrn = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
  const providerUrn = "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default";

  it("adds the resource as a create would have, drops its pending create, and marks a half-replaced old one for deletion", () => {
    const old = { urn: urn("r0"), custom: true, type: DATAFLOW_TYPE, id: "old-id", inputs: inputs(), outputs: {} };
    const deployment: Deployment = {
      resources: [
        { urn: stackUrn, type: "pulumi:pulumi:Stack" },
        { urn: providerUrn, type: "pulumi:providers:pulumi-nodejs", id: "p1", custom: true },
        old,
      ],
      pending_operations: [{ type: "creating", resource: { urn: urn("r0"), type: DATAFLOW_TYPE, inputs: inputs() } }],
    };
    const d = { ...declared("r0", {}, "pending create"), parent: stackUrn };
    const plan = planRecovery({ declared: [d], flows: [flow("new-id", { transformations: [] })], held: new Set(["dev/old-id"]) });
    const after = applyRecovery(deployment, plan);
    expect(after.pending_operations).toEqual([]);
    expect(after.resources!.find((r) => r.id === "old-id")).toMatchObject({ delete: true });
    expect(after.resources!.at(-1)).toMatchObject({
      urn: urn("r0"),
      id: "new-id",
      parent: stackUrn,
      provider: `${providerUrn}::p1`,
      outputs: { name: "Orders", etag: '"new-id"', state: "draft", __provider: "shim" },
    });
  });

  it("records a secret input, from the preview shown with --show-secrets, as a secret the import encrypts, in inputs and outputs", () => {
    const d = declared("s", { description: "[secret]" });
    const { inputs: recorded, secret } = recordedInputs(d, { ...d.inputs, description: "internal note" });
    expect([...secret]).toEqual(["description"]);
    expect(recorded.description).toEqual({ [SECRET_SIG]: SECRET_VALUE, plaintext: '"internal note"' });
    const plan = planRecovery({ declared: [d], flows: [flow("f", { description: "internal note" })], held: new Set() });
    expect(plan.bringIn).toHaveLength(1);
    const after = applyRecovery({ resources: [] }, plan, new Map([[d.urn, { ...d.inputs, description: "internal note" }]]));
    const r = after.resources![0];
    expect(r.outputs!.description).toEqual({ [SECRET_SIG]: SECRET_VALUE, plaintext: '"internal note"' });
    expect(JSON.stringify(r.inputs)).not.toContain('"[secret]"');
  });

  it("refuses to record a secret whose value it does not have", () => {
    expect(() => recordedInputs(declared("s", { description: "[secret]" }))).toThrow(
      /input description is secret and its value is not available/,
    );
  });
});

describe("declaredAbsent", () => {
  it("marks a pending create the preview no longer plans as gone from the program", () => {
    const pending = [declared("kept", {}, "pending create"), declared("removed", {}, "pending create")];
    const planned = [declared("kept"), declared("new")];
    expect(declaredAbsent(pending, planned).map((d) => [d.urn.split("::").pop(), d.source, d.inProgram])).toEqual([
      ["kept", "pending create", true],
      ["removed", "pending create", false],
      ["new", "planned create", true],
    ]);
  });
});
