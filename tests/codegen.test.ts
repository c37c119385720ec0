// The TypeScript resources and the reference pages are generated from the declarations, through the
// package schema: what is committed is what they give, and a description written once in a
// declaration reaches every place it is shown.
import { packageSchema } from "../provider/plugin/schema";
import { generateDocs } from "../scripts/codegen/docs";
import { generateFiles, jsdoc, tsType } from "../scripts/codegen/resources";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ctx = {
  schema: packageSchema("0.0.0"),
  ref: (name: string, position: "input" | "output") => (position === "input" ? `${name}Args` : name),
};

describe("generated resources", () => {
  // The check runs compiled (npm test builds first): prettier cannot be loaded inside jest.
  const GEN = path.join(__dirname, "..", "dist", "scripts", "gen-resources.js");

  it("the committed files are what the declarations give (else: npm run gen)", () => {
    expect(execFileSync(process.execPath, [GEN, "--check"], { encoding: "utf8" })).toBe("");
  });

  it("the check fails, naming the file, when a generated file was edited by hand", () => {
    const root = mkdtempSync(path.join(tmpdir(), "gen-check-"));
    try {
      const repo = path.join(__dirname, "..");
      const schema = packageSchema("0.0.0");
      const generated = [...generateFiles(schema), ...generateDocs(schema)].map((g) => g.path);
      for (const f of [...generated, "docs/pre-write-rules.md", "docs/installation-configuration.md"])
        cpSync(path.join(repo, f), path.join(root, f), { recursive: true });
      cpSync(path.join(repo, ".prettierrc.json"), path.join(root, ".prettierrc.json"));
      const edited = path.join(root, "sdk/nodejs/resources/dataflow.ts");
      writeFileSync(edited, readFileSync(edited, "utf8").replace("The flow's name", "The flow's title"));
      const r = spawnSync(process.execPath, [GEN, "--check", "--root", root], { encoding: "utf8" });
      expect({ status: r.status, stderr: r.stderr }).toEqual({
        status: 1,
        stderr:
          "gen: not what the declarations and provider/rules.ts give: sdk/nodejs/resources/dataflow.ts; run `npm run gen`, and commit the result\n",
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("the package root exports every generated type by name (a type it does not export cannot be named by a user's .d.ts)", () => {
    const index = readFileSync(path.join(__dirname, "..", "sdk", "nodejs", "index.ts"), "utf8");
    const exported = new Set([...index.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((n) => n.trim())));
    const generated = generateFiles(packageSchema("0.0.0")).flatMap((f) =>
      [...f.text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]),
    );
    expect(generated.filter((name) => !exported.has(name!))).toEqual([]);
    expect(index).not.toMatch(/^export type \*/m);
  });

  it("an output holds what the provider gives back: times in the form the program wrote them (epoch seconds or ISO 8601), the frequency as its enum", () => {
    const types = generateFiles(packageSchema("0.0.0")).find((f) => f.path === "sdk/nodejs/types.ts")!.text;
    const output = types.slice(types.indexOf("export interface ScheduleParams {"));
    expect(output).toMatch(/^ {2}startTime: number \| string;$/m);
    expect(output).toMatch(/^ {2}frequency: Frequency;$/m);
    expect(output).toMatch(/^ {2}endTime\?: number \| string;$/m);
    const rule = types.slice(types.indexOf("export interface MappingRule {"));
    expect(rule).toMatch(/^ {2}sourceType: string;$/m);
  });

  it("writes the nine resources, their object types and the lookups' types", () => {
    expect(generateFiles(packageSchema("0.0.0")).map((f) => f.path)).toEqual([
      "sdk/nodejs/types.ts",
      "sdk/nodejs/resources/dataflow.ts",
      "sdk/nodejs/resources/base-connection.ts",
      "sdk/nodejs/resources/source-connection.ts",
      "sdk/nodejs/resources/target-connection.ts",
      "sdk/nodejs/resources/mapping-set.ts",
      "sdk/nodejs/resources/dataset.ts",
      "sdk/nodejs/resources/field-group.ts",
      "sdk/nodejs/resources/schema.ts",
      "sdk/nodejs/resources/identity-descriptor.ts",
      "sdk/nodejs/lookup-types.ts",
    ]);
  });

  it("a property's description, changed in the schema, is the doc of its argument and of its output", () => {
    const schema = packageSchema("0.0.0");
    schema.resources["aep:index:Dataflow"]!.inputProperties.name!.description = "The one place this sentence lives.";
    schema.resources["aep:index:Dataflow"]!.properties!.name!.description = "The one place this sentence lives.";
    const dataflow = generateFiles(schema).find((f) => f.path === "sdk/nodejs/resources/dataflow.ts")!.text;
    expect(dataflow).toContain("  /**\n   * The one place this sentence lives.\n   */\n  name: pulumi.Input<string>;\n");
    expect(dataflow).toContain("  /**\n   * The one place this sentence lives.\n   */\n  declare readonly name: pulumi.Output<string>;\n");
  });

  it("a secret input is made a secret whatever the program passes, and kept one in the outputs", () => {
    const files = generateFiles(packageSchema("0.0.0"));
    const base = files.find((f) => f.path === "sdk/nodejs/resources/base-connection.ts")!.text;
    expect(base).toContain("        auth: pulumi.secret(args.auth),\n");
    expect(base).toContain('{ ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "auth"] }');
    const flow = files.find((f) => f.path === "sdk/nodejs/resources/dataflow.ts")!.text;
    expect(flow).not.toContain("pulumi.secret(");
    expect(flow).toContain(
      'super(shim, name, withOutputs(args, ["description","draft","sandboxName","adoptId","transformations","scheduleParams",' +
        '"options","enabled","etag","state","createdAt","updatedAt","adoption"]), opts, "aep", "Dataflow");',
    );
  });

  it("spells each schema type as Pulumi's Node.js codegen does: Input at every level of an argument, plain in an output", () => {
    const cases: [object, string, string][] = [
      [{ type: "string" }, "string", "string"],
      [{ type: "integer" }, "number", "number"],
      [{ type: "boolean" }, "boolean", "boolean"],
      [{ type: "array", items: { type: "string" } }, "pulumi.Input<string>[]", "string[]"],
      [
        { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } },
        "Record<string, pulumi.Input<unknown>>",
        "Record<string, unknown>",
      ],
      [{ oneOf: [{ type: "integer" }, { type: "string" }] }, "number | string", "number | string"],
      [
        { type: "array", items: { oneOf: [{ type: "integer" }, { type: "string" }] } },
        "pulumi.Input<number | string>[]",
        "(number | string)[]",
      ],
      [{ $ref: "#/types/aep:index:FlowSpecRef" }, "FlowSpecRefArgs", "FlowSpecRef"],
    ];
    for (const [spec, input, output] of cases) {
      expect([tsType(spec, ctx, "input"), tsType(spec, ctx, "output")]).toEqual([input, output]);
    }
    expect(() => tsType({ type: "bogus" } as never, ctx, "input")).toThrow('codegen: no TypeScript type for {"type":"bogus"}');
  });

  it("wraps docs at 120 columns, keeps paragraphs, and cannot be closed by the text", () => {
    expect(jsdoc("a */ b\n\nsecond paragraph", "  ")).toBe("  /**\n   * a *\\/ b\n   *\n   * second paragraph\n   */\n");
    const long = jsdoc(Array.from({ length: 40 }, (_, i) => `word${i}`).join(" "));
    expect(long.split("\n").every((line) => line.length <= 120)).toBe(true);
    expect(long.split("\n").length).toBe(6);
  });
});
