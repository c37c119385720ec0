// examples/empty-sandbox through the real CLI, in a sandbox that holds nothing (the emulator with fixtures "none"):
// one program creates field group → schema → identity descriptor → dataset → connections → mapping set → dataflow,
// drafts where Adobe has drafts; one flag publishes in order; a refresh shows no change although the registry and
// Catalog add fields nobody sent; destroy removes everything in reverse order and leaves the sandbox as it was but
// for the mapping set, which Data Prep documents no DELETE for — with the exact calls every emulated service
// received and the sandbox's contents asserted after each step.
import type { JournalEntry, RunningEmulator } from "../../emulator";
import type { PulumiProject } from "../../scripts/pulumi-cli";
import { futureStartIso } from "../helpers/dates";
import { emulator } from "../helpers/emulator";
import {
  CLOUD_STORAGE_FLOW_SPEC,
  DATA_LAKE_SPEC,
  S3_SPEC,
  callShapes,
  exampleCopy,
  inOrder,
  initForEmulator,
  leakedSecrets,
  projectFor,
  serviceCalls,
  stackResources,
} from "./harness";

const S3_SECRET = "s3-SECRET-KEY-empty-sandbox-e2e-5b2e";
const S3_ACCESS_KEY = "AKIAEMPTYSANDBOXE2E";
const PROFILE_CLASS = "https://ns.adobe.com/xdm/context/profile";
const XED = "application/vnd.adobe.xed-full+json;version=1";
/** The program's resources, by what they are, as `pulumi up` names them. */
const RESOURCES = {
  fieldGroup: "customer-fields",
  schema: "customers",
  descriptor: "customer-id",
  dataset: "customers-dataset",
  base: "crm-bucket",
  source: "crm-files",
  target: "customers-target",
  mapping: "customers-mapping",
  flow: "customers-flow",
} as const;
type Name = keyof typeof RESOURCES;

let emu: RunningEmulator;
let project: PulumiProject;
const journal: JournalEntry[] = [];
let exported = "";
/** id → what it is ({schema}, {flow}, …), from the stack after the first `up`. */
let names: Record<string, string> = {};
const ids = {} as Record<Name, string>;

/** The calls since the last step, ids named; the journal is cleared for the next one. */
function stepCalls() {
  const entries = emu.journal();
  journal.push(...entries);
  emu.clearJournal();
  return serviceCalls(entries, names);
}

/** What the sandbox holds, by kind: the emulator's stores of every service. */
function sandboxContents() {
  const inDev = <T extends { sandboxName?: string }>(items: T[]) => items.filter((i) => i.sandboxName === "dev");
  return {
    fieldGroups: inDev(emu.fieldGroups()).length,
    schemas: inDev(emu.schemas()).length,
    descriptors: inDev(emu.descriptors()).length,
    datasets: inDev(emu.datasets()).length,
    baseConnections: inDev(emu.connections("base")).length,
    sourceConnections: inDev(emu.connections("source")).length,
    targetConnections: inDev(emu.connections("target")).length,
    mappingSets: inDev(emu.mappingSets() as { sandboxName?: string }[]).length,
    flows: inDev(emu.flows()).length,
  };
}

const LOOKUPS = [
  'flowservice GET /connectionSpecs?property=name=="amazon-s3"',
  'flowservice GET /flowSpecs?property=name=="CloudStorageToAEP"',
];

beforeAll(async () => {
  emu = await emulator({ fixtures: "none" });
  project = projectFor(exampleCopy("empty-sandbox"), "dev");
  await initForEmulator(project, emu, { "aep:sandboxName": "dev", startTime: futureStartIso() });
  await project.configSet("s3AccessKey", S3_ACCESS_KEY, true);
  await project.configSet("s3SecretKey", S3_SECRET, true);
  emu.clearJournal();
});

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

describe("examples/empty-sandbox: a whole pipeline into an empty sandbox", () => {
  it("the sandbox starts empty", () => {
    expect(sandboxContents()).toEqual({
      fieldGroups: 0,
      schemas: 0,
      descriptors: 0,
      datasets: 0,
      baseConnections: 0,
      sourceConnections: 0,
      targetConnections: 0,
      mappingSets: 0,
      flows: 0,
    });
  });

  it("`pulumi up` creates the data model, then the pipeline as drafts, each after what it uses: one write each", async () => {
    await project.up();
    const { text, deployment } = await project.exportStack();
    exported += text;
    const stack = stackResources(deployment);
    for (const [what, resource] of Object.entries(RESOURCES)) ids[what as Name] = stack[resource].id!;
    names = Object.fromEntries(Object.entries(ids).map(([what, id]) => [id, what]));
    const calls = stepCalls();
    expect(callShapes(calls)).toEqual(
      callShapes(
        [
          ...LOOKUPS,
          `flowservice GET /connectionSpecs/${S3_SPEC}`,
          `flowservice GET /connectionSpecs/${DATA_LAKE_SPEC}`,
          `flowservice GET /flowSpecs/${CLOUD_STORAGE_FLOW_SPEC}`,
          "schemaregistry GET /stats",
          "schemaregistry POST /tenant/fieldgroups",
          "schemaregistry POST /tenant/schemas",
          "schemaregistry POST /tenant/descriptors",
          "catalog POST /dataSets",
          // Catalog answers the POST with a link only: one read gives the dataset's version and times.
          "catalog GET /dataSets/{dataset}",
          "flowservice POST /connections?mode=draft",
          "flowservice POST /sourceConnections?mode=draft",
          "flowservice POST /targetConnections?mode=draft",
          "dataprep POST /mappingSets",
          "flowservice POST /flows?mode=draft",
        ].map((shape) => {
          const [service, ...call] = shape.split(" ");
          return { service, call: call.join(" ") } as never;
        }),
      ),
    );
    inOrder(calls, [
      "POST /tenant/fieldgroups",
      "POST /tenant/schemas",
      "POST /tenant/descriptors",
      "POST /dataSets",
      "POST /targetConnections?mode=draft",
      "POST /flows?mode=draft",
    ]);
    inOrder(calls, ["POST /tenant/schemas", "POST /mappingSets", "POST /flows?mode=draft"]);
    const body = (call: string) => calls.find((c) => c.call === call)!.body;
    expect(body("POST /tenant/schemas")).toEqual({
      type: "object",
      title: "Acme customers",
      description: "Customers, from the CRM export",
      allOf: [{ $ref: PROFILE_CLASS }, { $ref: "{fieldGroup}" }],
    });
    expect(body("POST /tenant/descriptors")).toEqual({
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": "{schema}",
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/_emulator/customerId",
      "xdm:namespace": "CRMID",
      "xdm:property": "xdm:code",
      "xdm:isPrimary": true,
    });
    expect(body("POST /dataSets")).toEqual({
      name: "Acme customers",
      description: "Customers, from the CRM export",
      schemaRef: { id: "{schema}", contentType: "application/vnd.adobe.xed+json;version=1" },
    });
    expect(body("POST /mappingSets")).toMatchObject({
      outputSchema: { schemaRef: { id: "{schema}", contentType: XED } },
      mappings: [
        { sourceType: "ATTRIBUTE", source: "customer_id", destination: "_emulator.customerId" },
        { sourceType: "EXPRESSION", source: "lower(email)", destination: "_emulator.email" },
        { sourceType: "ATTRIBUTE", source: "tier", destination: "_emulator.tier" },
      ],
    });
    expect(body("POST /targetConnections?mode=draft")).toMatchObject({
      data: { schema: { id: "{schema}", version: XED } },
      params: { dataSetId: "{dataset}" },
    });
    expect(sandboxContents()).toEqual({
      fieldGroups: 1,
      schemas: 1,
      descriptors: 1,
      datasets: 1,
      baseConnections: 1,
      sourceConnections: 1,
      targetConnections: 1,
      mappingSets: 1,
      flows: 1,
    });
    expect(Object.fromEntries(Object.entries(stack).map(([name, r]) => [name, r.type]))).toEqual({
      "customer-fields": "aep:FieldGroup",
      customers: "aep:Schema",
      "customer-id": "aep:IdentityDescriptor",
      "customers-dataset": "aep:Dataset",
      "crm-bucket": "aep:BaseConnection",
      "crm-files": "aep:SourceConnection",
      "customers-target": "aep:TargetConnection",
      "customers-mapping": "aep:MappingSet",
      "customers-flow": "aep:Dataflow",
    });
    expect(stack["customers-flow"].outputs).toMatchObject({ draft: true, state: "draft" });
    expect(stack.customers.outputs).toMatchObject({ title: "Acme customers", classId: PROFILE_CLASS, fieldGroups: [ids.fieldGroup] });
  });

  it("a preview of the unchanged stack only looks up the specs", async () => {
    const preview = await project.run(["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    expect(callShapes(stepCalls())).toEqual(
      callShapes(LOOKUPS.map((s) => ({ service: s.split(" ")[0], call: s.slice(s.indexOf(" ") + 1) }) as never)),
    );
  });

  it("`publish true` publishes the connections, then the flow, in Adobe's order", async () => {
    await project.configSet("publish", "true");
    await project.up();
    const calls = stepCalls();
    const publishes = calls.filter((c) => c.call.endsWith("?op=publish")).map((c) => c.call);
    expect(publishes.sort()).toEqual(
      [
        "POST /connections/{base}/action?op=publish",
        "POST /sourceConnections/{source}/action?op=publish",
        "POST /targetConnections/{target}/action?op=publish",
        "POST /flows/{flow}/action?op=publish",
      ].sort(),
    );
    inOrder(calls, [
      "POST /connections/{base}/action?op=publish",
      "POST /sourceConnections/{source}/action?op=publish",
      "POST /flows/{flow}/action?op=publish",
    ]);
    inOrder(calls, ["POST /targetConnections/{target}/action?op=publish", "POST /flows/{flow}/action?op=publish"]);
    // The data model has no drafts: nothing is written to the registry or Catalog.
    expect(calls.filter((c) => c.service === "schemaregistry" || c.service === "catalog")).toEqual([]);
    expect(emu.flows().find((f) => f.id === ids.flow)).toMatchObject({ state: "enabled" });
  });

  it("a refresh shows no change, although the registry and Catalog add fields nobody sent", async () => {
    await project.run(["refresh", "--yes"]);
    const reads = stepCalls();
    expect(reads.every((c) => c.call.startsWith("GET "))).toBe(true);
    const { text } = await project.exportStack();
    exported += text;
    const preview = await project.run(["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    stepCalls();
  });

  it("`pulumi destroy` deletes in reverse order and leaves the sandbox empty but for the mapping set Data Prep cannot delete", async () => {
    const destroy = await project.run(["destroy", "--yes"]);
    const calls = stepCalls();
    expect(callShapes(calls.filter((c) => c.call.startsWith("DELETE ")))).toEqual(
      callShapes(
        [
          ["flowservice", "DELETE /flows/{flow}"],
          ["flowservice", "DELETE /sourceConnections/{source}"],
          ["flowservice", "DELETE /targetConnections/{target}"],
          ["flowservice", "DELETE /connections/{base}"],
          ["dataprep", "DELETE /mappingSets/{mapping}"],
          ["catalog", "DELETE /dataSets/{dataset}"],
          ["schemaregistry", "DELETE /tenant/descriptors/{descriptor}"],
          ["schemaregistry", `DELETE /tenant/schemas/${encodeURIComponent(ids.schema)}`],
          ["schemaregistry", `DELETE /tenant/fieldgroups/${encodeURIComponent(ids.fieldGroup)}`],
        ].map(([service, call]) => ({ service, call }) as never),
      ),
    );
    inOrder(calls, ["DELETE /flows/{flow}", "DELETE /targetConnections/{target}", "DELETE /dataSets/{dataset}"]);
    inOrder(calls, ["DELETE /dataSets/{dataset}", `DELETE /tenant/schemas/${encodeURIComponent(ids.schema)}`]);
    inOrder(calls, [
      "DELETE /tenant/descriptors/{descriptor}",
      `DELETE /tenant/schemas/${encodeURIComponent(ids.schema)}`,
      `DELETE /tenant/fieldgroups/${encodeURIComponent(ids.fieldGroup)}`,
    ]);
    expect(destroy.stdout + destroy.stderr).toMatch(/Data Prep documents no DELETE for\s+mapping sets/);
    expect(sandboxContents()).toEqual({
      fieldGroups: 0,
      schemas: 0,
      descriptors: 0,
      datasets: 0,
      baseConnections: 0,
      sourceConnections: 0,
      targetConnections: 0,
      mappingSets: 1,
      flows: 0,
    });
  });

  it("no credential anywhere: stack exports, CLI output, the emulator's journal", () => {
    expect(leakedSecrets(exported)).toEqual([]);
    const everything = exported + JSON.stringify(journal);
    expect(everything).not.toContain(S3_SECRET);
  });
});
