// The aep provider plugin's side of the boundary, in process: secrets carried across, the
// configuration as Configure sends it, type tokens, an import of a missing id, an import in a
// TypeScript project (refused with the code to adopt), invokes.
import * as path from "node:path";
import { FIXTURE_IDS, RunningEmulator } from "../emulator";
import { SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY } from "../provider/engine/wire";
import { typeOfUrn, unwrapSecrets, wrapSecrets } from "../provider/plugin/secrets";
import { aepProvider, configFromRequest } from "../provider/plugin/main";
import { adoptionCode, projectRuntime, runtimeOf, typescriptImportRefusal } from "../provider/plugin/typescript-import";
import { run } from "../provider/runtime";
import { SEEDED, baseInputs, clientFor, emulator } from "./helpers/emulator";

const secret = (value: unknown) => ({ [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value });

describe("values across the engine boundary", () => {
  it("unwraps nested secrets, remembers their top-level property, and wraps them back", () => {
    const { plain, secretKeys } = unwrapSecrets({ name: "n", auth: { specName: "Access Key", params: { key: secret("K") } } });
    expect(plain).toEqual({ name: "n", auth: { specName: "Access Key", params: { key: "K" } } });
    expect([...secretKeys]).toEqual(["auth"]);
    expect(wrapSecrets(plain, secretKeys)).toEqual({ name: "n", auth: secret({ specName: "Access Key", params: { key: "K" } }) });
    expect(wrapSecrets({ name: "n" }, ["auth"])).toEqual({ name: "n" });
  });

  it("takes the type token from a URN, also under a parent", () => {
    expect(typeOfUrn("urn:pulumi:dev::proj::aep:index:Dataflow::orders")).toBe("aep:index:Dataflow");
    expect(typeOfUrn("urn:pulumi:dev::proj::my:Component$aep:index:MappingSet::m")).toBe("aep:index:MappingSet");
  });

  it("reads the configuration from the provider's inputs first, then the stack's variables", () => {
    const config = configFromRequest(
      { endpoint: "https://a.example", clientSecret: secret("S"), timeoutSeconds: 12 },
      new Map([
        ["aep:config:endpoint", "https://ignored.example"],
        ["aep:config:orgId", "ORG@AdobeOrg"],
      ]),
    );
    expect(["aep:endpoint", "aep:clientSecret", "aep:timeoutSeconds", "aep:orgId", "aep:clientId"].map((k) => config.get(k))).toEqual([
      "https://a.example",
      "S",
      "12",
      "ORG@AdobeOrg",
      undefined,
    ]);
  });
});

describe("which project the plugin runs for", () => {
  it("reads a project file's name and runtime, written as a string or as { name, options }", () => {
    expect(runtimeOf("name: shop\nruntime: nodejs\n")).toEqual({ project: "shop", runtime: "nodejs" });
    expect(runtimeOf("name: shop\nruntime:\n  name: python\n  options: { toolchain: pip }\n")).toEqual({
      project: "shop",
      runtime: "python",
    });
    expect(runtimeOf("runtime: [nodejs")).toEqual({});
    expect(runtimeOf("just text")).toEqual({});
  });

  it("takes the nearest project file above the program's directory that has the project's name, else the nearest one", () => {
    // A project whose `main` is a sibling's program: Pulumi starts the plugin in that program's directory.
    const files: Record<string, string> = {
      [path.resolve("/w/shop/Pulumi.yaml")]: "name: shop\nruntime: yaml\n",
      [path.resolve("/w/shop/app/Pulumi.yml")]: "name: app\nruntime: nodejs\n",
    };
    const read = (file: string) => files[file];
    expect(projectRuntime("/w/shop/app/src", "shop", read)).toBe("yaml");
    expect(projectRuntime("/w/shop/app/src", "app", read)).toBe("nodejs");
    expect(projectRuntime("/w/shop/app/src", "other", read)).toBe("nodejs");
    expect(projectRuntime("/w/shop/app/src", undefined, read)).toBe("nodejs");
    expect(projectRuntime("/elsewhere", "shop", read)).toBeUndefined();
  });
});

describe("the code a refused TypeScript import prints", () => {
  const flow = {
    kind: "Dataflow",
    name: "made-in-ui",
    id: "0a0b0c0d-1111-4aaa-8bbb-000000000001",
    sandboxName: "dev",
    inputs: {
      name: 'Orders "EU" ${process.exit()}',
      flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" },
      sourceConnectionIds: ["6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"],
      targetConnectionIds: [],
      draft: true,
      sandboxName: "dev",
    },
  };

  it("declares the package's resource with adoptId first, values quoted from the data, sandboxName left to the stack", () => {
    expect(adoptionCode(flow)).toBe(`import { Dataflow } from "pulumi-aep-dataflows";

new Dataflow("made-in-ui", {
  adoptId: "0a0b0c0d-1111-4aaa-8bbb-000000000001",
  name: "Orders \\"EU\\" \${process.exit()}",
  flowSpec: {
    id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876",
    version: "1.0"
  },
  sourceConnectionIds: [
    "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
  ],
  targetConnectionIds: [],
  draft: true
});`);
  });

  it("says what to do next; only a base connection's says where its credentials go", () => {
    const message = typescriptImportRefusal(flow, "aep:index:Dataflow");
    expect(message.split("\n")[0]).toBe(
      'aep:index:Dataflow "made-in-ui" (0a0b0c0d-1111-4aaa-8bbb-000000000001, sandbox dev) was not imported, and nothing of it was ' +
        "written to the stack: this is a TypeScript/JavaScript project (Pulumi.yaml runtime: nodejs), whose programs declare the " +
        "package's own Dataflow class, not the plugin's aep:index:Dataflow, so an imported one would stay in the state, protected, " +
        "declared by no program. To bring it under this stack, paste this into the program (read from the sandbox just now):",
    );
    expect(message).toContain(
      `\n\n${adoptionCode(flow)}\n\nThen \`pulumi up\` adopts it (\`adoptId\`), writing nothing when it already matches;`,
    );
    expect(message).toContain("`npx pulumi-aep-dataflows export --sandbox dev --out <dir>`");
    expect(message).not.toContain("credentials cannot be read back");
    const base = typescriptImportRefusal({ ...flow, kind: "BaseConnection", inputs: {} }, "aep:index:BaseConnection");
    expect(base).toContain("Its credentials cannot be read back (Adobe never returns them)");
  });
});

describe("the provider against the emulator", () => {
  let emu: RunningEmulator;
  const provider = aepProvider("0.0.0-test");

  beforeAll(async () => {
    emu = await emulator();
    run.configure(
      configFromRequest(
        {
          endpoint: emu.url,
          imsEndpoint: emu.url,
          clientId: SEEDED.clientId,
          clientSecret: secret(SEEDED.clientSecret),
          orgId: SEEDED.orgId,
        },
        new Map([["aep:config:sandboxName", "dev"]]),
      ),
    );
  });
  afterAll(async () => emu?.stop());

  it("an import of an id that does not exist answers an empty id (the engine then says it does not exist)", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await provider.read!(missing, "urn:pulumi:dev::p::aep:index:Dataflow::x", {})).toEqual({ id: "", props: {} });
    expect(
      emu
        .journal()
        .filter((e) => e.service === "flowservice")
        .map((e) => `${e.method} ${e.path} ${e.status}`),
    ).toEqual([`GET /flows/${missing} 404`]);
  });

  it("in a TypeScript project, an import is refused with the code that adopts the flow; the flow is only read", async () => {
    const made = await clientFor(emu, { sandboxName: "dev" }).createFlow({ ...baseInputs(), name: "Made in the UI" }, { draft: true });
    emu.clearJournal();
    const typescript = aepProvider("0.0.0-test", { projectRuntime: () => "nodejs" });
    const refused = await typescript.read!(made.id, "urn:pulumi:dev::p::aep:index:Dataflow::madeInUi", {}).catch((e: Error) => e);
    expect((refused as Error).message).toContain(`import { Dataflow } from "pulumi-aep-dataflows";

new Dataflow("madeInUi", {
  adoptId: "${made.id}",
  name: "Made in the UI",
  flowSpec: {
    id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876",
    version: "1.0"
  },
  sourceConnectionIds: [
    "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
  ],
  targetConnectionIds: [
    "8b4c3e5a-3c4d-4e6f-8a1b-2c3d4e5f6071"
  ],
  draft: true,
  enabled: true
});
`);
    // A refresh (with state) is not an import: it reads as before, in a TypeScript project too.
    const refreshed = await typescript.read!(made.id, "urn:pulumi:dev::p::aep:index:Dataflow::madeInUi", {
      name: "Made in the UI",
      sandboxName: "dev",
    });
    expect(refreshed).toMatchObject({ id: made.id, props: { name: "Made in the UI", state: "draft" } });
    // In a YAML project the import read answers the inputs the engine generates code from, as before.
    const yaml = aepProvider("0.0.0-test", { projectRuntime: () => "yaml" });
    const imported = await yaml.read!(made.id, "urn:pulumi:dev::p::aep:index:Dataflow::madeInUi", {});
    expect(imported.inputs).toEqual({ ...baseInputs(), name: "Made in the UI", draft: true, enabled: true, sandboxName: "dev" });
    expect(
      emu
        .journal()
        .filter((e) => e.service === "flowservice")
        .map((e) => `${e.method} ${e.path} ${e.status}`),
    ).toEqual([`GET /flows/${made.id} 200`, `GET /flows/${made.id} 200`, `GET /flows/${made.id} 200`]);
  });

  it("a refused import of a base connection prints none of its credentials and says where they go", async () => {
    const typescript = aepProvider("0.0.0-test", { projectRuntime: () => "nodejs" });
    const id = FIXTURE_IDS.baseConnections.s3;
    const refused = (await typescript.read!(id, "urn:pulumi:dev::p::aep:index:BaseConnection::bucket", {}).catch((e: Error) => e)) as Error;
    expect(refused.message).toContain(`new BaseConnection("bucket", {\n  adoptId: "${id}",`);
    expect(refused.message).toContain('auth: {\n    specName: "Access Key",\n    params: {}\n  },');
    expect(refused.message).toContain("Its credentials cannot be read back");
    // The fixture's credentials (emulator/fixtures.ts): the access key, and the secret key the emulator masks.
    expect(refused.message).not.toMatch(/AKIAEMULATORFIXTURE|emulator-fixture-s3-secret/);
  });

  it("a refused import of the other kinds declares each with its own class and adoptId, in the stack's sandbox", async () => {
    const typescript = aepProvider("0.0.0-test", { projectRuntime: () => "nodejs" });
    const fixtures: [string, string][] = [
      ["SourceConnection", FIXTURE_IDS.s3Sources[0]],
      ["TargetConnection", FIXTURE_IDS.ordersTargets[0]],
      ["MappingSet", FIXTURE_IDS.ordersMappings[0]],
    ];
    for (const [kind, id] of fixtures) {
      const refused = (await typescript.read!(id, `urn:pulumi:dev::p::aep:index:${kind}::imported`, {}).catch((e: Error) => e)) as Error;
      expect(refused.message).toContain(
        `import { ${kind} } from "pulumi-aep-dataflows";\n\nnew ${kind}("imported", {\n  adoptId: "${id}",\n`,
      );
      expect(refused.message).not.toMatch(/sandboxName:|credentials cannot be read back/);
    }
  });

  it("serves the lookups as invokes, a list under `runs`, and names an unknown function", async () => {
    const spec = await provider.invoke!("aep:index:getFlowSpec", { name: "CloudStorageToAEP" });
    expect(spec.outputs).toMatchObject({ id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" });
    const runs = await provider.invoke!("aep:index:getFlowRuns", { flowId: "00000000-0000-4000-8000-000000000001" });
    expect(runs.outputs).toEqual({ runs: [] });
    await expect(provider.invoke!("aep:index:getNothing", {})).rejects.toThrow(
      /no function "aep:index:getNothing" \(it has aep:index:getFlowSpec/,
    );
  });

  it("names an unknown resource type", async () => {
    await expect(provider.check!("urn:pulumi:dev::p::aep:index:Nope::x", {}, {})).rejects.toThrow(
      /the aep provider has no resource type "aep:index:Nope" \(it has aep:index:Dataflow/,
    );
  });
});
