// `pulumi import` of the data model's kinds (FieldGroup, Schema, IdentityDescriptor, Dataset) through the real CLI
// and the aep provider plugin, in a Pulumi YAML project (a TypeScript project's import is refused by design, with the
// adoption code to paste: typescript-import.e2e.test.ts). Each entity is made directly on the emulator, as in the AEP
// UI; the import only reads it, the generated code is the entity as it is, and, pasted into the program, it previews
// and refreshes with no change — with the exact calls the emulator received and the stack after each step.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import type { JournalEntry, RunningEmulator } from "../../emulator";
import { type PulumiProject, locatePulumi } from "../../scripts/pulumi-cli";
import { rawApis } from "../helpers/emulator";
import {
  ROOT,
  callShapes,
  initForEmulator,
  leakedSecrets,
  projectFor,
  stackResources,
  startE2eEmulator,
  takeCalls,
  unordered,
} from "./harness";

const PROFILE = "https://ns.adobe.com/xdm/context/profile";
const LOYALTY = { type: "object", properties: { loyaltyId: { type: "string", title: "Loyalty id" }, tier: { type: "string" } } };
const STACK = "dev";
const PROJECT = "aep-import-xdm";

/** The entities to import: Pulumi type, name in the program, how the calls name the entity. */
const KINDS = [
  { type: "aep:index:FieldGroup", name: "loyalty", call: "schemaregistry GET /tenant/fieldgroups/{loyalty}" },
  { type: "aep:index:Schema", name: "members", call: "schemaregistry GET /tenant/schemas/{members}" },
  { type: "aep:index:IdentityDescriptor", name: "loyaltyId", call: "schemaregistry GET /tenant/descriptors/{loyaltyId}" },
  { type: "aep:index:Dataset", name: "membersDataset", call: "catalog GET /dataSets/{membersDataset}" },
] as const;
type Name = (typeof KINDS)[number]["name"];

let emu: RunningEmulator;
let project: PulumiProject;
let dir: string;
const journal: JournalEntry[] = [];
let exported = "";
const ids = {} as Record<Name, string>;
/** id (and its URL-encoded form, as registry paths carry it) → name. */
let names: Record<string, string> = {};

const stepCalls = () => takeCalls(emu, journal, names);
const generatedFile = (name: string) => path.join(dir, `${name}.yaml`);

async function stack() {
  const { text, deployment } = await project.exportStack();
  exported += text;
  return stackResources(deployment);
}

beforeAll(async () => {
  // The YAML language host is built by `scripts/get-pulumi.sh --yaml`; without it the suite fails, saying so.
  locatePulumi(["yaml"]);
  emu = await startE2eEmulator();
  const stateDir = path.join(ROOT, ".pulumi-state", "e2e-import-xdm");
  rmSync(stateDir, { recursive: true, force: true });
  dir = path.join(stateDir, "project");
  mkdirSync(dir, { recursive: true });
  // A program that declares nothing yet: the imports' generated code is pasted into it.
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${PROJECT}\nruntime: yaml\nplugins:\n  providers:\n    - name: aep\n      path: ${path.join(ROOT, "bin")}\nresources: {}\n`,
  );
  project = projectFor({ dir, stateDir }, STACK);
  await initForEmulator(project, emu, { "aep:sandboxName": "dev" });

  // The data model of a pipeline, made in the AEP UI: a field group, a Profile-enabled schema with its primary identity,
  // and a dataset of it enabled for Profile.
  const api = await rawApis(emu, "dev");
  const fieldGroup = await api.schemas("POST", "/tenant/fieldgroups", {
    body: {
      title: "Loyalty",
      description: "Loyalty fields",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: { customFields: { properties: { _emulator: LOYALTY } } },
      allOf: [{ $ref: "#/definitions/customFields" }],
    },
  });
  ids.loyalty = fieldGroup.body.$id;
  const schema = await api.schemas("POST", "/tenant/schemas", {
    body: { type: "object", title: "Loyalty members", description: "", allOf: [{ $ref: PROFILE }, { $ref: ids.loyalty }] },
  });
  ids.members = schema.body.$id;
  const descriptor = await api.schemas("POST", "/tenant/descriptors", {
    body: {
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": ids.members,
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/_emulator/loyaltyId",
      "xdm:namespace": "Email",
      "xdm:property": "xdm:code",
      "xdm:isPrimary": true,
    },
  });
  ids.loyaltyId = descriptor.body["@id"];
  await api.schemas("PATCH", `/tenant/schemas/${encodeURIComponent(ids.members)}`, {
    body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }],
  });
  const dataset = await api.catalog("POST", "/dataSets", {
    body: {
      name: "Loyalty members",
      description: "From the loyalty app",
      schemaRef: { id: ids.members, contentType: "application/vnd.adobe.xed+json;version=1" },
      tags: { unifiedProfile: ["enabled:true"], team: ["crm"] },
    },
  });
  ids.membersDataset = String(dataset.body[0]).replace("@/dataSets/", "");
  names = Object.fromEntries(
    Object.entries(ids).flatMap(([name, id]) => [
      [id, name],
      [encodeURIComponent(id), name],
    ]),
  );
  for (const [name, id] of Object.entries(ids)) expect({ name, id }).toEqual({ name, id: expect.stringMatching(/\S/) });
  expect(await stack()).toEqual({});
  emu.clearJournal();
}, 180_000);

afterAll(async () => {
  try {
    await project?.remove();
  } finally {
    await emu?.stop();
  }
});

describe("pulumi import of FieldGroup, Schema, IdentityDescriptor and Dataset in a YAML project", () => {
  const generated: Record<string, { type: string; properties: Record<string, unknown> }> = {};

  it.each(KINDS.map((k) => [k.type, k] as const))("pulumi import %s only reads the entity", async (_, kind) => {
    const result = await project.run([
      "import",
      kind.type,
      kind.name,
      ids[kind.name],
      "--yes",
      "--protect=false",
      "--out",
      generatedFile(kind.name),
    ]);
    // Pulumi checks the inputs the read returned; a failure would print "failed to validate" or "has a problem".
    expect(result.stdout + result.stderr).not.toMatch(/failed to validate|has a problem|warning/);
    // The import's preview and the import itself each read the entity once; nothing is written. A field group's check
    // also reads the tenant id once per run (it carries it in the inputs, so a later preview shows what is built from it).
    const tenant = kind.type === "aep:index:FieldGroup" ? ["schemaregistry GET /stats", "schemaregistry GET /stats"] : [];
    expect(unordered(callShapes(stepCalls()))).toEqual(unordered([...tenant, kind.call, kind.call]));
    const program = parseDocument(readFileSync(generatedFile(kind.name), "utf8")).toJS() as { resources: typeof generated };
    expect(Object.keys(program.resources)).toEqual([kind.name]);
    generated[kind.name] = program.resources[kind.name];
    const resources = await stack();
    // The state holds what the generated code declares, and what the read gave besides (versions, times, eTags).
    expect(resources[kind.name]).toMatchObject({ type: kind.type, id: ids[kind.name], outputs: generated[kind.name].properties });
  });

  it("the generated code is each entity as it is, in the inputs its resource declares", () => {
    expect(generated).toEqual({
      loyalty: {
        type: "aep:FieldGroup",
        properties: {
          title: "Loyalty",
          description: "Loyalty fields",
          intendedToExtend: [PROFILE],
          fields: LOYALTY.properties,
          sandboxName: "dev",
        },
      },
      members: {
        type: "aep:Schema",
        properties: { title: "Loyalty members", classId: PROFILE, fieldGroups: [ids.loyalty], profileEnabled: true, sandboxName: "dev" },
      },
      loyaltyId: {
        type: "aep:IdentityDescriptor",
        properties: {
          schemaId: ids.members,
          sourceProperty: "/_emulator/loyaltyId",
          namespace: "Email",
          isPrimary: true,
          enableProfile: false,
          sandboxName: "dev",
        },
      },
      membersDataset: {
        type: "aep:Dataset",
        properties: {
          name: "Loyalty members",
          description: "From the loyalty app",
          schemaId: ids.members,
          profileEnabled: true,
          identityEnabled: false,
          sandboxName: "dev",
        },
      },
    });
  });

  it("the generated code, pasted into the program, previews and refreshes with no change and no write", async () => {
    const file = path.join(dir, "Pulumi.yaml");
    const program = parseDocument(readFileSync(file, "utf8"));
    for (const [name, resource] of Object.entries(generated)) program.setIn(["resources", name], program.createNode(resource));
    writeFileSync(file, program.toString());

    const preview = await project.preview();
    expect(preview.stdout).toMatch(/5 unchanged/);
    expect(preview.stdout).not.toMatch(/to create|to update|to replace|to delete/);
    // No entity is read; the field group's check reads the tenant id once (an import records the read's inputs, which
    // leave it out: they become the program's code), until the next \`pulumi up\` records it.
    expect(callShapes(stepCalls())).toEqual(["schemaregistry GET /stats"]);

    const before = await stack();
    const refresh = await project.refresh(["--expect-no-changes"]);
    expect(refresh.stdout).not.toMatch(/~ +\d+ to update|updated/);
    // A refresh reads each entity once.
    expect(callShapes(stepCalls())).toEqual(unordered(KINDS.map((k) => k.call)));
    expect(await stack()).toEqual(before);
  });

  it("the emulator holds each entity as it was made; no credential is in the output, the stack or the journal", () => {
    expect(
      emu
        .fieldGroups()
        .filter((f) => f.sandboxName === "dev")
        .map((f) => f.$id),
    ).toEqual([ids.loyalty]);
    expect(emu.schemas().filter((s) => s.sandboxName === "dev" && s.$id === ids.members)).toEqual([
      expect.objectContaining({ title: "Loyalty members", "meta:immutableTags": ["union"] }),
    ]);
    expect(
      emu
        .descriptors()
        .filter((d) => d.sandboxName === "dev")
        .map((d) => d["@id"]),
    ).toEqual([ids.loyaltyId]);
    expect(
      emu
        .datasets()
        .filter((d) => d.sandboxName === "dev" && d.name === "Loyalty members")
        .map((d) => d.id),
    ).toEqual([ids.membersDataset]);
    for (const text of [exported, project.transcript, JSON.stringify(journal)]) expect(leakedSecrets(text)).toEqual([]);
  });
});
