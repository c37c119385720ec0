// The exporter: naming, rendering, id maps (pure), and listing a large sandbox from the emulator.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { RunningEmulator } from "../emulator";
import { settingHint } from "../provider/adobe/errors";
import { forEnvironmentSettings, runExport } from "../provider/commands/export/cli";
import { IdKeys, resourceNames, slug } from "../provider/commands/export/naming";
import { listSandboxFlows } from "../provider/commands/export/list";
import { ExportOptions, UnmappedIdsError, adoptionSteps, collectIds, mapIds, renderProgram } from "../provider/commands/export/render";
import type { Flow } from "../provider/adobe/types";
import { futureStart } from "./helpers/dates";
import { FLOW_SPEC, SOURCE_ID, SOURCE_ID_2, TARGET_ID, clientFor, emulator, flowCalls, publishableRequest } from "./helpers/emulator";
import { runGenerated } from "./helpers/generated-program";

/** The options every render here is given but for the project and stack. */
const rendering = (project: string, generatedAt = "2026-11-28"): ExportOptions => ({
  project,
  sandboxName: "dev",
  stack: "dev",
  generatedAt,
  packageSpec: "^0.1.0",
  tools: { pulumi: "3.248.0", typescript: "5.9.3" },
});
const start = String(futureStart());

const flow = (over: Partial<Flow>): Flow => ({
  id: "11111111-1111-4111-8111-111111111111",
  etag: '"e"',
  name: "Orders",
  flowSpec: { ...FLOW_SPEC },
  sourceConnectionIds: [SOURCE_ID],
  targetConnectionIds: [TARGET_ID],
  state: "enabled",
  createdAt: 1,
  ...over,
});

describe("exported declarations", () => {
  it("declare everything a flow has, so adopting it sends nothing: options, end times, disabled state, drafts", () => {
    const mapping = [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: "3" } }];
    const flows = [
      flow({
        options: { partialIngestionEnabled: true, partialIngestionPercent: 5, errorDiagnosticsEnabled: true },
        transformations: mapping,
        scheduleParams: { startTime: start, endTime: String(futureStart(365)), frequency: "hour", interval: "1", backfill: "true" },
      }),
      flow({
        id: "22222222-2222-4222-8222-222222222222",
        state: "disabled",
        description: "off",
        transformations: mapping,
        scheduleParams: { startTime: start, frequency: "once" },
      }),
      flow({ id: "33333333-3333-4333-8333-333333333333", state: "draft", description: "" }),
    ];
    for (const f of flows) expect({ id: f.id, steps: adoptionSteps(f, "dev") }).toEqual({ id: f.id, steps: [] });
    const index = renderProgram(flows, rendering("p")).files["index.ts"];
    expect(index).toContain(
      "options: {\n    partialIngestionEnabled: true,\n    partialIngestionPercent: 5,\n    errorDiagnosticsEnabled: true\n  },",
    );
  });

  it("name what adopting would change when a flow holds something a Dataflow cannot declare", () => {
    expect(adoptionSteps(flow({ scheduleParams: { startTime: start, frequency: "hour", interval: "1.5" } }), "dev")).toEqual([
      "scheduleParams.interval: must be a whole number (given 1.5)",
    ]);
    // A frequency no documented schedule spec has is only a warning (rules.ts): it does not stop the adoption.
    expect(adoptionSteps(flow({ scheduleParams: { startTime: start, frequency: "fortnight", interval: "1" } }), "dev")).toEqual([]);
  });
});

describe("naming", () => {
  it("makes readable slugs", () => {
    expect(slug("Orders from Cloud Storage (v2)")).toBe("orders-from-cloud-storage-v2");
    expect(slug("Données clients")).toBe("donnees-clients");
    expect(slug("***")).toBe("flow");
  });

  it("keeps names unique and stable in creation order", () => {
    const names = resourceNames([
      flow({ id: "b", name: "Orders", createdAt: 2 }),
      flow({ id: "a", name: "Orders", createdAt: 1 }),
      flow({ id: "c", name: "Returns", createdAt: 3 }),
    ]);
    expect([...names.entries()].sort()).toEqual([
      ["a", "orders"],
      ["b", "orders-2"],
      ["c", "returns"],
    ]);
  });
});

describe("IdKeys", () => {
  it("gives short keys, longer only where ids share a prefix, never one key to two ids", () => {
    const keys = new IdKeys([
      { kind: "source", id: "0a0b0c0d-1111-4aaa-8bbb-000000000001" },
      { kind: "source", id: "0a0b0c0d-1111-4aaa-8bbb-000000000002" },
      { kind: "source", id: "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" },
      { kind: "target", id: "0a0b0c0d-1111-4aaa-8bbb-000000000001" },
    ]);
    expect(keys.key("source", "6f2f1c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f")).toBe("source-6f2f1c3e");
    expect(keys.key("source", "0a0b0c0d-1111-4aaa-8bbb-000000000001")).toBe("source-0a0b0c0d11114aaa8bbb000000000001");
    expect(keys.key("source", "0a0b0c0d-1111-4aaa-8bbb-000000000002")).toBe("source-0a0b0c0d11114aaa8bbb000000000002");
    expect(keys.key("target", "0a0b0c0d-1111-4aaa-8bbb-000000000001")).toBe("target-0a0b0c0d");
  });
});

const idKey = (kind: "source" | "target" | "mapping", id: string) => `${kind}-${id.replace(/-/g, "").slice(0, 8)}`;

describe("renderProgram", () => {
  const flows = [
    flow({
      description: "hourly",
      transformations: [{ name: "Mapping", params: { mappingId: "bf5286a9c1ad4266baca76ba3adc9366", mappingVersion: 0 } }],
      scheduleParams: { startTime: start, frequency: "hour", interval: "1", backfill: "true" },
    }),
    flow({ id: "22222222-2222-4222-8222-222222222222", name: "Returns", state: "draft", sourceConnectionIds: [SOURCE_ID_2], createdAt: 2 }),
  ];
  const rendered = renderProgram(flows, rendering("aep-dev"));

  it("declares one adopting Dataflow per flow, with sandbox ids from config", () => {
    const index = rendered.files["index.ts"];
    expect(index).toContain(`new Dataflow("orders", {
  adoptId: adopt["orders"],
  name: "Orders",
  description: "hourly",`);
    expect(index).toContain(`sourceConnectionIds: [
    connections["${idKey("source", SOURCE_ID)}"]
  ],`);
    expect(index).toContain(`mappingId: mappings["mapping-bf5286a9"],`);
    expect(index).toContain(`scheduleParams: {
    startTime: ${start},
    frequency: "hour",
    interval: 1,
    backfill: true
  },
  draft: !published["orders"],
  enabled: true`);
    expect(index).not.toContain(SOURCE_ID);
  });

  it("writes a package.json that installs anywhere: this package from where it came, the Pulumi SDK and TypeScript it is built with", () => {
    expect(JSON.parse(rendered.files["package.json"])).toEqual({
      name: "aep-dev",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": "3.248.0", "pulumi-aep-dataflows": "^0.1.0" },
      devDependencies: { typescript: "5.9.3" },
    });
  });

  it("writes the source stack config: sandbox, ids, flows to adopt, published flows", () => {
    expect(rendered.files["Pulumi.dev.yaml"]).toBe(
      [
        "config:",
        "  aep:sandboxName: dev",
        "  aep-dev:connections:",
        `    ${idKey("source", SOURCE_ID)}: ${SOURCE_ID}`,
        `    ${idKey("source", SOURCE_ID_2)}: ${SOURCE_ID_2}`,
        `    ${idKey("target", TARGET_ID)}: ${TARGET_ID}`,
        "  aep-dev:mappings:",
        "    mapping-bf5286a9: bf5286a9c1ad4266baca76ba3adc9366",
        "  aep-dev:adopt:",
        "    orders: 11111111-1111-4111-8111-111111111111",
        "    returns: 22222222-2222-4222-8222-222222222222",
        "  aep-dev:published:",
        "    orders: true",
        "",
      ].join("\n"),
    );
  });

  it("updates an existing stack file, keeping its salt and other settings", () => {
    const existing =
      "encryptionsalt: v1:salt\nconfig:\n  aep:endpoint: https://platform.adobe.io\n  aep-dev:adopt:\n    gone: 33333333-3333-4333-8333-333333333333\n";
    const again = renderProgram(flows, rendering("aep-dev"), existing);
    const text = again.files["Pulumi.dev.yaml"];
    expect(text.startsWith("encryptionsalt: v1:salt\nconfig:\n  aep:endpoint: https://platform.adobe.io\n")).toBe(true);
    expect(text).toContain("    orders: 11111111-1111-4111-8111-111111111111");
    expect(text).not.toContain("gone");
  });

  it("maps every id for a target sandbox, or lists the unmapped ones", () => {
    const ids = collectIds(flows);
    const full = Object.fromEntries(
      [SOURCE_ID, SOURCE_ID_2, TARGET_ID, "bf5286a9c1ad4266baca76ba3adc9366"].map((id, i) => [id, `target-${i}`]),
    );
    expect(mapIds(ids, full).connections[idKey("target", TARGET_ID)]).toBe("target-2");
    const partial = { [SOURCE_ID]: "x" };
    expect(() => mapIds(ids, partial)).toThrow(UnmappedIdsError);
    try {
      mapIds(ids, partial);
    } catch (err) {
      expect((err as UnmappedIdsError).unmapped).toEqual([
        `${idKey("target", TARGET_ID)} (${TARGET_ID})`,
        `${idKey("source", SOURCE_ID_2)} (${SOURCE_ID_2})`,
        `mapping-bf5286a9 (bf5286a9c1ad4266baca76ba3adc9366)`,
      ]);
    }
  });
});

describe("the generated program holds any text a user can type, as text", () => {
  // Every marker the renderer ever used, and the usual ways out of a string literal.
  const nasty = fc.constantFrom(
    "⟦adopt|orders⟧",
    '"⟦adopt|orders⟧"',
    "⟦published|orders⟧",
    "⟦connections|source-6f2f1c3e⟧",
    '"); process.exit(1); ("',
    "`${process.exit(1)}`",
    "*/ throw 1; /*",
    "\u2028\u2029",
    "\\",
    "__proto__",
    "constructor",
    '"x": 1',
  );
  const text = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), nasty, fc.string({ unit: "grapheme", maxLength: 20 }));

  it("renders names, descriptions and params (keys and values) so that the program declares exactly them", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: text,
            description: text,
            params: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null))),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (specs) => {
          const flows = specs.map((sp, i) =>
            flow({
              id: `${String(i).padStart(8, "0")}-1111-4111-8111-111111111111`,
              name: sp.name,
              description: sp.description,
              createdAt: i,
              transformations: [{ name: sp.name, params: { ...sp.params, mappingId: "bf5286a9c1ad4266baca76ba3adc9366" } }],
            }),
          );
          const rendered = renderProgram(flows, rendering("aep-dev"));
          const declared = runGenerated(rendered.files, "aep-dev", "dev");
          expect(declared).toHaveLength(flows.length);
          for (const f of flows) {
            const resource = declared.find((d) => d.name === rendered.names.get(f.id))!;
            expect(resource.args.name).toBe(f.name);
            expect(resource.args.adoptId).toBe(f.id);
            if (f.description) expect(resource.args.description).toBe(f.description);
            else expect(resource.args).not.toHaveProperty("description");
            const [t] = resource.args.transformations as { name: string; params: Record<string, unknown> }[];
            expect(t.name).toBe(f.name);
            expect(Object.getPrototypeOf(t.params)).toBe(Object.getPrototypeOf(resource.args));
            expect(Object.entries(t.params)).toEqual(Object.entries(f.transformations![0].params!));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("listing a large sandbox", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(() => emu.stop());

  it("pages through 1,000 flows with continuation tokens and filters", async () => {
    const client = clientFor(emu, { sandboxName: "dev" });
    for (let i = 0; i < 1000; i++) {
      await client.createFlow({ ...publishableRequest(), name: `flow ${String(i).padStart(4, "0")}` }, { draft: i % 2 === 0 });
    }
    // Destination dataflows share /flows; a Dataflow cannot declare them, so they are left out and counted.
    emu.seedFlow("dev", {
      name: "to s3",
      flowSpec: { id: "71471eba-b620-49e4-90fd-23f1fa0174d8", version: "1.0" },
      inheritedAttributes: { properties: { isDestinationFlow: true } },
    });
    emu.clearJournal();
    const progress: [number, number][] = [];
    const { flows: all, skippedNotSource } = await listSandboxFlows(client, "dev", {}, (listed, total) => progress.push([listed, total]));
    expect(all).toHaveLength(1000);
    expect(skippedNotSource).toBe(1);
    expect(new Set(all.map((f) => f.id)).size).toBe(1000);
    const calls = flowCalls(emu);
    expect(calls[0].query).toEqual({ count: "true" });
    expect(calls[1].query).toEqual({ property: "inheritedAttributes.properties.isSourceFlow==true", count: "true" });
    expect(calls.slice(2)).toHaveLength(10);
    expect(calls[2].query).toMatchObject({
      property: "inheritedAttributes.properties.isSourceFlow==true",
      limit: "100",
      orderby: "createdAt",
    });
    // The next pages follow the continuation link, which carries the token alone.
    expect(calls[3].query).toEqual({ continuationToken: expect.any(String) });
    expect(progress[0]).toEqual([0, 1000]);
    expect(progress.at(-1)).toEqual([1000, 1000]);

    // state is filtered by the API, the name pattern here: flows 0000-0049, of which the even are drafts. Flows made in
    // the same millisecond share a createdAt, and the service orders those as it likes: compared as a set.
    const drafts = await listSandboxFlows(client, "dev", { state: "draft", name: /^flow 00[0-4]/ });
    expect(drafts.flows.map((f) => f.name).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `flow ${String(i * 2).padStart(4, "0")}`));
  });
});

describe("the export command's errors", () => {
  it.each([
    [["export"], /--sandbox is required/],
    [["export", "--sandbox", "dev", "--state", "running"], /--state: "running" is not draft, enabled or disabled/],
    [["export", "--sandbox", "dev", "--name", "(["], /--name: Invalid regular expression/],
    [["export", "--sandbox", "dev", "--map", "ids.json"], /--map needs --target-sandbox/],
    [["import", "--sandbox", "dev"], /unknown command "import"/],
  ])("%j → %s", async (argv, message) => {
    await expect(runExport(argv as string[], {})).rejects.toThrow(message);
  });

  it("refuses a non-empty output directory without --force, and names the missing credential", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "export-"));
    fs.writeFileSync(path.join(out, "index.ts"), "// mine");
    await expect(runExport(["export", "--sandbox", "dev", "--out", out], {})).rejects.toThrow(/is not empty; use --force/);
    await expect(runExport(["export", "--sandbox", "dev", "--out", out, "--force"], {})).rejects.toThrow(
      "AEP setting AEP_CLIENT_ID: is required (it is also sent as x-api-key); set it with `export AEP_CLIENT_ID=<id>`",
    );
    expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toBe("// mine");
  });

  it("says a setting as the environment variable it reads, and a sandbox as --sandbox, without a stack's advice", () => {
    expect(
      forEnvironmentSettings(
        "AEP setting aep:clientSecret / AEP_CLIENT_SECRET: is required unless aep:accessToken is set; set it with `pulumi config set --secret aep:clientSecret <secret>`",
      ),
    ).toBe("AEP setting AEP_CLIENT_SECRET: is required unless AEP_ACCESS_TOKEN is set; set it with `export AEP_CLIENT_SECRET=<secret>`");
    expect(forEnvironmentSettings(`GET /flows failed with HTTP 404 FLOW-2100-404: no such sandbox (${settingHint("FLOW-2100-404")})`)).toBe(
      "GET /flows failed with HTTP 404 FLOW-2100-404: no such sandbox (the sandbox does not exist: check --sandbox)",
    );
  });
});
