// `recover`, the pure parts: the window of the failed runs, which flow goes to which resource, and
// the state edit (replacements half-way, secrets). The whole command runs in test:faults (crash rows).
import { applyRecovery, recordedInputs } from "../provider/commands/recover/apply";
import { formatPlan } from "../provider/commands/recover/cli";
import { RECOVERABLE_DATAFLOW, RECOVERABLE_KINDS, recoverableOf } from "../provider/commands/recover/kinds";
import { RESOURCE_DECLARATIONS } from "../provider/kinds/declarations";
import { planRecovery } from "../provider/commands/recover/plan";
import {
  DATAFLOW_TYPE,
  Declared,
  Deployment,
  declaredAbsent,
  kindOfType,
  readStack,
  revealSecrets,
  windowStart,
} from "../provider/commands/recover/stack";
import { UNKNOWN } from "../provider/engine/unknown";
import { SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY } from "../provider/engine/wire";
import type { Flow } from "../provider/adobe/types";
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
    const plan = planRecovery(RECOVERABLE_DATAFLOW, {
      declared: [declared("a")],
      entities: [flow("old", { createdAt: 500 }), flow("held"), flow("mine")],
      held: new Set(["dev/held"]),
      since: 1_000,
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([[urn("a"), "mine"]]);
    expect(plan.unmatched).toEqual([]);
  });

  it("tells two resources that share a name apart by everything else they declare", () => {
    const hourly = declared("hourly", { description: "every hour" });
    const daily = declared("daily", { description: "every day" });
    const plan = planRecovery(RECOVERABLE_DATAFLOW, {
      declared: [hourly, daily],
      entities: [flow("f-daily", { description: "every day" }), flow("f-hourly", { description: "every hour" })],
      held: new Set(),
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.entity.id]).sort()).toEqual([
      [urn("daily"), "f-daily"],
      [urn("hourly"), "f-hourly"],
    ]);
    expect(plan.ambiguous).toEqual([]);
  });

  it("gives identical declarations identical flows, one each, and leaves a missing one to be created", () => {
    const twins = [declared("twinA", {}, "pending create"), declared("twinB", {}, "pending create")];
    const one = planRecovery(RECOVERABLE_DATAFLOW, { declared: twins, entities: [flow("f1")], held: new Set() });
    expect(one.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([[urn("twinA"), "f1"]]);
    expect(one.neverLanded.map((d) => d.urn)).toEqual([urn("twinB")]);
    const two = planRecovery(RECOVERABLE_DATAFLOW, {
      declared: twins,
      entities: [flow("f2", { createdAt: 3 }), flow("f1", { createdAt: 2 })],
      held: new Set(),
    });
    expect(two.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([
      [urn("twinA"), "f1"],
      [urn("twinB"), "f2"],
    ]);
  });

  it("decides nothing when more flows match than resources declare them", () => {
    const plan = planRecovery(RECOVERABLE_DATAFLOW, { declared: [declared("a")], entities: [flow("x"), flow("y")], held: new Set() });
    expect(plan.bringIn).toEqual([]);
    expect(plan.ambiguous.map((a) => a.candidates.map((c) => c.id))).toEqual([["x", "y"]]);
  });

  it("lists copies of what the stack holds, and drops pending creates that never landed or left the program", () => {
    const plan = planRecovery(RECOVERABLE_DATAFLOW, {
      declared: [
        declared("gone", { name: "Gone" }, "pending create"),
        { ...declared("removed", { name: "Removed" }, "pending create"), inProgram: false },
      ],
      entities: [flow("late-copy")],
      held: new Set(["dev/held"]),
      resources: [{ urn: urn("holder"), type: DATAFLOW_TYPE, id: "held", inputs: inputs() }],
    });
    expect(plan.copies.map((c) => [c.holder, c.entity.id])).toEqual([[urn("holder"), "late-copy"]]);
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
    const plan = planRecovery(RECOVERABLE_DATAFLOW, {
      declared: [d],
      entities: [flow("new-id", { transformations: [] })],
      held: new Set(["dev/old-id"]),
    });
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
    expect(recorded.description).toEqual({ [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, plaintext: '"internal note"' });
    const plan = planRecovery(RECOVERABLE_DATAFLOW, {
      declared: [d],
      entities: [flow("f", { description: "internal note" })],
      held: new Set(),
    });
    expect(plan.bringIn).toHaveLength(1);
    const after = applyRecovery({ resources: [] }, plan, new Map([[d.urn, { ...d.inputs, description: "internal note" }]]));
    const r = after.resources![0];
    expect(r.outputs!.description).toEqual({ [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, plaintext: '"internal note"' });
    expect(JSON.stringify(r.inputs)).not.toContain('"[secret]"');
  });

  it("refuses to record a secret whose value it does not have", () => {
    expect(() => recordedInputs(declared("s", { description: "[secret]" }))).toThrow(
      /input description is secret and its value is not available/,
    );
  });
});

describe("recover, resources of the aep plugin (aep:index:*)", () => {
  const stackUrn = "urn:pulumi:dev::orders::pulumi:pulumi:Stack::orders-dev";
  const aepProvider = "urn:pulumi:dev::orders::pulumi:providers:aep::default";
  const nodejsProvider = "urn:pulumi:dev::orders::pulumi:providers:pulumi-nodejs::default";
  const pluginUrn = (kind: string, name: string) => `urn:pulumi:dev::orders::aep:index:${kind}::${name}`;
  const { __provider: _shim, ...pluginInputs } = inputs();
  const held = (kind: string, name: string, id: string, provider = `${aepProvider}::a1`) => ({
    urn: pluginUrn(kind, name),
    custom: true,
    type: `aep:index:${kind}`,
    id,
    parent: stackUrn,
    provider,
    inputs: { sandboxName: "dev" },
    outputs: { sandboxName: "dev" },
  });
  const pendingFlow = (provider?: string) => ({
    type: "creating",
    resource: {
      urn: pluginUrn("Dataflow", "orders"),
      custom: true,
      type: "aep:index:Dataflow",
      parent: stackUrn,
      inputs: pluginInputs,
      ...(provider ? { provider } : {}),
    },
  });
  const yamlStack = (provider?: string): Deployment => ({
    resources: [
      { urn: stackUrn, type: "pulumi:pulumi:Stack", custom: false },
      { urn: aepProvider, type: "pulumi:providers:aep", custom: true, id: "a1" },
      held("BaseConnection", "bucket", "b1"),
      held("SourceConnection", "source", "s1"),
      held("TargetConnection", "target", "t1"),
      held("MappingSet", "mapping", "m1"),
    ],
    pending_operations: [pendingFlow(provider)],
  });

  it("reads the kind of a resource from either token family, and nothing from other types", () => {
    expect(["pulumi-nodejs:dynamic/aep:Dataflow", "aep:index:Dataflow", "pulumi:providers:aep", "aws:s3:Bucket"].map(kindOfType)).toEqual([
      "Dataflow",
      "Dataflow",
      undefined,
      undefined,
    ]);
    expect(recoverableOf("aep:index:BaseConnection")?.noun).toBe("base connection");
    expect(recoverableOf("pulumi-nodejs:dynamic/aep:BaseConnection")?.noun).toBe("base connection");
  });

  it("counts a YAML stack's entities and its pending create of aep:index:Dataflow", () => {
    const view = readStack(yamlStack(`${aepProvider}::a1`));
    expect([...view.held].sort()).toEqual(["dev/b1", "dev/m1", "dev/s1", "dev/t1"]);
    expect(view.pendingCreates.map((d) => [d.urn, d.type, d.provider])).toEqual([
      [pluginUrn("Dataflow", "orders"), "aep:index:Dataflow", `${aepProvider}::a1`],
    ]);
  });

  it("brings the flow in as aep:index:Dataflow under the pending create's aep provider, with no __provider anywhere", () => {
    const deployment = yamlStack(`${aepProvider}::a1`);
    // A stack may hold dynamic resources too: their Node.js provider is not the plugin resource's.
    deployment.resources!.push({ urn: nodejsProvider, type: "pulumi:providers:pulumi-nodejs", custom: true, id: "n1" });
    const stack = readStack(deployment);
    const plan = planRecovery(RECOVERABLE_DATAFLOW, { declared: stack.pendingCreates, entities: [flow("f1")], held: stack.held });
    expect(formatPlan(plan)[0]).toBe(
      `bring in      orders (flow, pending create) ← flow f1 "Orders" (draft, created ${new Date(2_000).toISOString()})`,
    );
    const after = applyRecovery(deployment, plan);
    expect(after.pending_operations).toEqual([]);
    const added = after.resources!.at(-1)!;
    expect(added).toMatchObject({
      urn: pluginUrn("Dataflow", "orders"),
      type: "aep:index:Dataflow",
      custom: true,
      id: "f1",
      parent: stackUrn,
      provider: `${aepProvider}::a1`,
      inputs: pluginInputs,
      outputs: { name: "Orders", etag: '"f1"', state: "draft", sandboxName: "dev" },
    });
    expect(JSON.stringify(added)).not.toContain("__provider");
  });

  it("takes the provider from the stack's other aep resources when the pending create names none", () => {
    const explicit = "urn:pulumi:dev::orders::pulumi:providers:aep::prod";
    const deployment = yamlStack();
    deployment.resources!.push({ urn: explicit, type: "pulumi:providers:aep", custom: true, id: "p9" });
    for (const r of deployment.resources!) if (r.type.startsWith("aep:index:")) r.provider = `${explicit}::p9`;
    const stack = readStack(deployment);
    const plan = planRecovery(RECOVERABLE_DATAFLOW, { declared: stack.pendingCreates, entities: [flow("f1")], held: stack.held });
    expect(applyRecovery(deployment, plan).resources!.at(-1)!.provider).toBe(`${explicit}::p9`);
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

describe("recover, the other kinds", () => {
  const S3 = { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" };
  const LAKE = { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" };
  const XED = "application/vnd.adobe.xed-full+json;version=1";
  const SCHEMA = "https://ns.adobe.com/acme/schemas/orders";
  const PROFILE = "https://ns.adobe.com/xdm/context/profile";
  const S3_SECRET = "s3-secret-never-printed";
  const kindOf = (typeName: string) => RECOVERABLE_KINDS.find((k) => k.typeName === typeName)!;
  const urnOf = (typeName: string, name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/aep:${typeName}::${name}`;
  const pending = (typeName: string, name: string, inputs: Record<string, unknown>): Declared => ({
    urn: urnOf(typeName, name),
    type: `pulumi-nodejs:dynamic/aep:${typeName}`,
    inputs: { sandboxName: "dev", __provider: "shim", ...inputs },
    source: "pending create",
    inProgram: true,
  });
  /** What `pulumi stack export` shows of a secret: the envelope and a ciphertext. */
  const encrypted = { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, ciphertext: "v1:abc" };
  const auth = { specName: "Access Key", params: { s3AccessKey: "AKIA", s3SecretKey: S3_SECRET } };
  const bucket = pending("BaseConnection", "orders-bucket", { name: "Orders bucket", connectionSpec: S3, auth: encrypted, draft: true });
  const base = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    etag: `"${id}"`,
    name: "Orders bucket",
    connectionSpec: S3,
    auth: { specName: "Access Key", params: { s3AccessKey: "AKIA" } },
    state: "draft",
    sandboxName: "dev",
    createdAt: 2_000,
    ...over,
  });

  it("brings in a base connection by its name, connection spec and auth spec, read from its secret auth", () => {
    const revealed = new Map([[bucket.urn, { ...bucket.inputs, auth }]]);
    const plan = planRecovery(kindOf("BaseConnection"), {
      declared: [bucket],
      entities: [base("other-spec", { auth: { specName: "IAM Role" } }), base("mine"), base("old", { createdAt: 500 })],
      held: new Set(),
      since: 1_000,
      revealed,
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([[bucket.urn, "mine"]]);
    expect(plan.unmatched.map((u) => u.entity.id)).toEqual(["other-spec"]);
    const lines = formatPlan(plan);
    expect(lines[0]).toBe(
      `bring in      orders-bucket (base connection, pending create) ← base connection mine "Orders bucket" (draft, created ${new Date(2_000).toISOString()})`,
    );
    expect(lines.join("\n")).not.toContain(S3_SECRET);
  });

  it("decides nothing for a base connection whose secret auth could not be read, and does not drop its pending create", () => {
    const plan = planRecovery(kindOf("BaseConnection"), { declared: [bucket], entities: [base("mine")], held: new Set() });
    expect(plan.bringIn).toEqual([]);
    expect(plan.neverLanded).toEqual([]);
    expect(plan.undecidable.map((u) => [u.declared.urn, u.why])).toEqual([
      [bucket.urn, "auth.specName is secret and could not be read: check the sandbox by hand"],
    ]);
  });

  it("records the brought-in base connection's auth as a secret, in inputs and outputs, with the credentials the run sent", () => {
    const plain = { ...bucket.inputs, auth };
    const plan = planRecovery(kindOf("BaseConnection"), {
      declared: [bucket],
      entities: [base("mine")],
      held: new Set(),
      revealed: new Map([[bucket.urn, plain]]),
    });
    const r = applyRecovery(
      { resources: [], pending_operations: [{ type: "creating", resource: { ...bucket } }] },
      plan,
      new Map([[bucket.urn, plain]]),
    ).resources![0];
    expect(r).toMatchObject({ urn: bucket.urn, id: "mine", type: bucket.type, inputs: { name: "Orders bucket", auth: encrypted } });
    expect(r.outputs).toEqual({
      name: "Orders bucket",
      connectionSpec: S3,
      auth: { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, plaintext: JSON.stringify(auth) },
      draft: true,
      sandboxName: "dev",
      etag: '"mine"',
      state: "draft",
      createdAt: new Date(2_000).toISOString(),
      __provider: "shim",
    });
  });

  it("lists every target connection that could be a resource's own when there are more than resources, and decides nothing", () => {
    const dataset = pending("TargetConnection", "orders-dataset", {
      name: "Orders dataset",
      connectionSpec: LAKE,
      data: { schema: { id: SCHEMA, version: XED } },
      params: { dataSetId: "ds1" },
      draft: true,
    });
    const target = (id: string, createdAt: number) => ({
      id,
      etag: `"${id}"`,
      name: "Orders dataset",
      connectionSpec: LAKE,
      data: { format: "parquet_xdm", schema: { id: SCHEMA, version: XED } },
      params: { dataSetId: "ds1" },
      state: "draft",
      sandboxName: "dev",
      createdAt,
    });
    const plan = planRecovery(kindOf("TargetConnection"), {
      declared: [dataset],
      entities: [target("t2", 3_000), target("t1", 2_000), target("other-stack", 2_500)],
      held: new Set(["dev/other-stack"]),
    });
    expect(plan.bringIn).toEqual([]);
    expect(plan.ambiguous.map((a) => [a.declared.urn, a.candidates.map((c) => c.id)])).toEqual([[dataset.urn, ["t1", "t2"]]]);
    expect(formatPlan(plan)[0]).toMatch(
      /^ambiguous {5}orders-dataset \(target connection, pending create\): 2 target connections could be its own: target connection t1 /,
    );
  });

  it("takes a mapping set by its schema and rules, read back in the service's form, and drops a pending create that never landed", () => {
    const rules = [
      { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
      { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
    ];
    const mapping = pending("MappingSet", "orders-mapping", {
      outputSchema: { schemaRef: { id: SCHEMA, contentType: XED } },
      mappings: rules,
    });
    const other = pending("MappingSet", "other-mapping", {
      outputSchema: { schemaRef: { id: SCHEMA, contentType: XED } },
      mappings: [rules[0]],
    });
    const readBack = (id: string, createdDate: number, mappings: Record<string, unknown>[]) => ({
      id,
      version: 0,
      outputSchema: { schemaRef: { id: SCHEMA, contentType: XED } },
      mappings: mappings.map((m, i) => ({
        ...m,
        id: `rule-${i}`,
        sourceType: m.sourceType === "ATTRIBUTE" ? "text/x.schema-path" : "text/x.aep-xl",
      })),
      createdDate,
      createdAt: createdDate,
      sandboxName: "dev",
    });
    const plan = planRecovery(kindOf("MappingSet"), {
      declared: [mapping, other],
      entities: [readBack("m-old", 500, [rules[0]]), readBack("m-mine", 2_000, rules), readBack("m-unrelated", 2_100, [rules[1]])],
      held: new Set(),
      since: 1_000,
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([[mapping.urn, "m-mine"]]);
    expect(plan.neverLanded.map((d) => d.urn)).toEqual([other.urn]);
    expect(plan.unmatched.map((u) => u.entity.id)).toEqual(["m-unrelated"]);
    const r = applyRecovery({ resources: [] }, plan).resources![0];
    expect(r.outputs).toMatchObject({ outputSchema: mapping.inputs.outputSchema, mappings: rules, version: 0, sandboxName: "dev" });
    expect(formatPlan(plan)).toEqual([
      `bring in      orders-mapping (mapping set, pending create) ← mapping set m-mine (version 0, created ${new Date(2_000).toISOString()})`,
      "never landed  other-mapping (mapping set, pending create): no mapping set found; dropped from the pending operations, `pulumi up` creates it",
      `not this stack's  mapping set m-unrelated (version 0, created ${new Date(2_100).toISOString()}): matches no resource of the program (listed only)`,
    ]);
  });

  it("takes a dataset by its exact name and schema, made after the run began, and lists one of another schema as not this stack's", () => {
    const orders = pending("Dataset", "orders-dataset", {
      name: "Orders",
      schemaId: SCHEMA,
      profileEnabled: false,
      identityEnabled: false,
    });
    const dataset = (id: string, created: number, schemaId: string) => ({
      id,
      name: "Orders",
      schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed+json;version=1" },
      tags: {},
      version: "1.0.0",
      created,
      createdAt: created,
      sandboxName: "dev",
    });
    const kind = kindOf("Dataset");
    expect(kind.filter(orders.inputs)).toBe("name==Orders");
    const plan = planRecovery(kind, {
      declared: [orders],
      entities: [dataset("d-old", 500, SCHEMA), dataset("d-mine", 2_000, SCHEMA), dataset("d-other", 2_100, `${SCHEMA}-v2`)],
      held: new Set(),
      since: 1_000,
    });
    expect(plan.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([[orders.urn, "d-mine"]]);
    expect(plan.unmatched.map((u) => u.entity.id)).toEqual(["d-other"]);
    const r = applyRecovery({ resources: [] }, plan).resources![0];
    expect(r.outputs).toEqual({
      name: "Orders",
      schemaId: SCHEMA,
      profileEnabled: false,
      identityEnabled: false,
      sandboxName: "dev",
      version: "1.0.0",
      createdAt: new Date(2_000).toISOString(),
      __provider: "shim",
    });
    expect(recoverableOf("aep:index:Dataset")).toBe(kind);
  });

  it("knows every resource kind of the package", () => {
    expect(RECOVERABLE_KINDS.map((k) => k.typeName).sort()).toEqual(RESOURCE_DECLARATIONS.map((d) => d.name).sort());
  });

  it("takes a field group or schema by its title (unique in a sandbox), and a descriptor by its schema and field", () => {
    const meta = (created: number) => ({
      "meta:registryMetadata": { "repo:createdDate": created, eTag: "e" },
      "meta:tenantNamespace": "_acme",
    });
    const fg = pending("FieldGroup", "fields", { title: "Acme fields", intendedToExtend: [PROFILE], fields: { tier: { type: "string" } } });
    const fgRemote = {
      id: "fg-1",
      $id: "fg-1",
      "meta:altId": "_acme.mixins.1",
      version: "1.0",
      title: "Acme fields",
      "meta:intendedToExtend": [PROFILE],
      definitions: {
        customFields: { properties: { _acme: { type: "object", properties: { tier: { type: "string", "meta:xdmType": "string" } } } } },
      },
      allOf: [{ $ref: "#/definitions/customFields" }],
      ...meta(2_000),
      createdAt: 2_000,
      sandboxName: "dev",
    };
    const fgPlan = planRecovery(kindOf("FieldGroup"), { declared: [fg], entities: [fgRemote], held: new Set(), since: 1_000 });
    expect(fgPlan.bringIn.map((b) => [b.declared.urn, b.entity.id])).toEqual([[fg.urn, "fg-1"]]);
    expect(applyRecovery({ resources: [] }, fgPlan).resources![0].outputs).toMatchObject({
      title: "Acme fields",
      fields: { tier: { type: "string" } },
      tenantId: "acme",
      altId: "_acme.mixins.1",
    });
    expect(kindOf("FieldGroup").filter(fg.inputs)).toBe("title==Acme fields");

    const schema = pending("Schema", "members", { title: "Members", classId: PROFILE, fieldGroups: ["fg-1"], profileEnabled: false });
    const schemaRemote = {
      id: "s-1",
      $id: "s-1",
      "meta:altId": "_acme.schemas.1",
      version: "1.0",
      title: "Members",
      allOf: [{ $ref: PROFILE }, { $ref: "fg-1" }],
      "meta:class": PROFILE,
      ...meta(2_000),
      createdAt: 2_000,
      sandboxName: "dev",
    };
    const schemaPlan = planRecovery(kindOf("Schema"), { declared: [schema], entities: [schemaRemote], held: new Set(), since: 1_000 });
    expect(schemaPlan.bringIn.map((b) => b.entity.id)).toEqual(["s-1"]);

    const descriptor = pending("IdentityDescriptor", "member-id", {
      schemaId: "s-1",
      sourceProperty: "/_acme/memberId",
      namespace: "CRMID",
      isPrimary: true,
      enableProfile: false,
    });
    const body = { "@type": "xdm:descriptorIdentity", "xdm:sourceSchema": "s-1", "xdm:namespace": "CRMID", "xdm:isPrimary": true };
    const plan = planRecovery(kindOf("IdentityDescriptor"), {
      declared: [descriptor],
      entities: [
        {
          ...body,
          "@id": "d-mine",
          id: "d-mine",
          "xdm:sourceProperty": "/_acme/memberId",
          created: 2_000,
          createdAt: 2_000,
          sandboxName: "dev",
        },
        {
          ...body,
          "@id": "d-other",
          id: "d-other",
          "xdm:sourceProperty": "/_acme/email",
          created: 2_100,
          createdAt: 2_100,
          sandboxName: "dev",
        },
      ],
      held: new Set(),
      since: 1_000,
    });
    expect(plan.bringIn.map((b) => b.entity.id)).toEqual(["d-mine"]);
    expect(plan.unmatched.map((u) => u.entity.id)).toEqual(["d-other"]);
    expect(kindOf("IdentityDescriptor").filter(descriptor.inputs)).toBe("xdm:sourceSchema==s-1");
  });

  it("calls a source connection whose base connection id is not known before `pulumi up` undecidable", () => {
    const files = {
      ...pending("SourceConnection", "orders-files", {
        name: "Orders files",
        baseConnectionId: UNKNOWN,
        connectionSpec: S3,
        data: { format: "delimited" },
        params: { path: "/in/*.csv" },
        draft: true,
      }),
      source: "planned create" as const,
    };
    const plan = planRecovery(kindOf("SourceConnection"), { declared: [files], entities: [], held: new Set() });
    expect(formatPlan(plan)).toEqual([
      "undecidable   orders-files (source connection, planned create): its inputs depend on outputs not known before `pulumi up` " +
        "(another resource's id): once that resource is in the stack, run recover again to check it, or check the sandbox by hand",
    ]);
  });

  it("reads the stack's entities of every kind as held, and a secret of `stack export --show-secrets` as its value", () => {
    const held = readStack({
      resources: [
        { urn: urnOf("BaseConnection", "b"), type: "pulumi-nodejs:dynamic/aep:BaseConnection", id: "b1", outputs: { sandboxName: "dev" } },
        { urn: urnOf("MappingSet", "m"), type: "pulumi-nodejs:dynamic/aep:MappingSet", id: "m1", inputs: { sandboxName: "prod" } },
        { urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::x", type: "aws:s3/bucket:Bucket", id: "x", outputs: { sandboxName: "dev" } },
      ],
    }).held;
    expect([...held]).toEqual(["dev/b1", "prod/m1"]);
    expect(revealSecrets({ auth: { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, plaintext: JSON.stringify(auth) }, name: "n" })).toEqual({
      auth,
      name: "n",
    });
  });
});
