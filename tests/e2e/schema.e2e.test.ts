// The `aep` package schema through Pulumi's own code generators, as `pulumi package gen-sdk` runs
// them: scripts/gen-sdk.sh binds the schema without a diagnostic and makes a Python and a Node.js SDK
// with every resource, the replace-on-change paths and the secrets. Needs the Pulumi CLI and Go (never
// skipped).
//
// `pulumi package gen-sdk` hands generation to the language host (`GeneratePackage`). The hosts this
// repository can build (pulumi-language-nodejs and -python from sdk/v3 v3.68.0, see
// scripts/get-pulumi.sh) predate that call and answer "method GeneratePackage not implemented", so
// scripts/gen-sdk.sh runs the generators newer hosts call (github.com/pulumi/pulumi/pkg/v3
// codegen/python and codegen/nodejs, at the CLI's own version) through scripts/sdkgen/main.go. The
// last test holds the CLI to that: either that one answer, or the same files as the script's. The
// Python SDK is also committed (sdk/python): one test holds it to what the schema gives.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { packageSchema } from "../../provider/plugin/schema";
import { ROOT, pulumiBinDir } from "./harness";

const HOST_TOO_OLD = "method GeneratePackage not implemented";
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The files under `dir`, relative and sorted. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, { env: opts.env ?? process.env, encoding: "utf8", timeout: 600_000 });
  return { status: r.status, stdout: r.stdout ?? "", output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

describe("the aep package schema through Pulumi's code generators", () => {
  let work: string;
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" };

  beforeAll(() => {
    const bin = pulumiBinDir();
    env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    work = mkdtempSync(path.join(tmpdir(), "aep-schema-"));
    env.PULUMI_HOME = path.join(work, "pulumi-home");
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The SDK of `language`, as scripts/gen-sdk.sh writes it (the directory it prints last). */
  function generate(language: "python" | "nodejs", into: string = language): string {
    const r = run("bash", [path.join(ROOT, "scripts", "gen-sdk.sh"), "--language", language, "--out", path.join(work, into)], { env });
    expect({ language, status: r.status, output: r.output }).toMatchObject({ status: 0 });
    return r.stdout.trim().split("\n").pop()!;
  }

  it("makes a Python SDK with every resource, lookup, replace-on-change path and secret", () => {
    const sdk = path.join(generate("python"), "pulumi_aep");
    const read = (file: string) => readFileSync(path.join(sdk, file), "utf8");
    for (const [file, cls] of [
      ["dataflow.py", "Dataflow"],
      ["base_connection.py", "BaseConnection"],
      ["source_connection.py", "SourceConnection"],
      ["target_connection.py", "TargetConnection"],
      ["mapping_set.py", "MappingSet"],
      ["provider.py", "Provider"],
    ]) {
      expect(read(file)).toContain(`class ${cls}(pulumi.`);
    }
    for (const fn of ["get_flow_spec", "get_connection_spec", "get_dataset", "get_schema", "get_flow_runs"]) {
      expect(read(`${fn}.py`)).toContain(`def ${fn}(`);
    }
    expect(read("base_connection.py")).toContain('replace_on_changes=["auth.specName", "connectionSpec", "sandboxName"]');
    expect(read("base_connection.py")).toContain('additional_secret_outputs=["auth"]');
    expect(read("provider.py")).toContain("pulumi.Output.secret(client_secret)");
    expect(read("mapping_set.py")).toContain('replace_on_changes=["sandboxName"]');
    expect(read("config/vars.py")).toContain("AEP_SETTLE_TIMEOUT_SECONDS");
    expect(read("_inputs.py")).toContain("start_time: pulumi.Input[Union[_builtins.int, _builtins.str]]");
    // The package's version, not codegen's "0.0.0": the engine asks for the plugin at that version.
    expect(JSON.parse(read("pulumi-plugin.json"))).toEqual({ resource: true, name: "aep", version: VERSION });
    expect(readFileSync(path.join(sdk, "..", "pyproject.toml"), "utf8")).toContain(`version = "${VERSION}"`);
  }, 600_000);

  it("the committed Python SDK (sdk/python) is what the schema gives, file for file (else: npm run gen:python)", () => {
    const fresh = generate("python", "python-committed-check");
    const committed = path.join(ROOT, "sdk", "python");
    // What pip leaves behind when it builds in place is not part of the SDK (sdk/python/.gitignore).
    const sdkFiles = (dir: string) => files(dir).filter((f) => !/(^|\/)(build|dist|__pycache__)\/|\.egg-info\//.test(f));
    expect(sdkFiles(committed)).toEqual(sdkFiles(fresh));
    const stale = sdkFiles(fresh).filter(
      (f) => readFileSync(path.join(fresh, f), "utf8") !== readFileSync(path.join(committed, f), "utf8"),
    );
    expect(stale).toEqual([]);
  }, 600_000);

  it("makes a Node.js SDK with every resource and lookup", () => {
    const sdk = generate("nodejs");
    const read = (file: string) => readFileSync(path.join(sdk, file), "utf8");
    for (const [file, cls] of [
      ["dataflow.ts", "Dataflow"],
      ["baseConnection.ts", "BaseConnection"],
      ["sourceConnection.ts", "SourceConnection"],
      ["targetConnection.ts", "TargetConnection"],
      ["mappingSet.ts", "MappingSet"],
    ]) {
      expect(read(file)).toContain(`export class ${cls} extends pulumi.CustomResource`);
      expect(read(file)).toContain(`aep:index:${cls}`);
    }
    for (const fn of ["getFlowSpec", "getConnectionSpec", "getDataset", "getSchema", "getFlowRuns"]) {
      expect(read(`${fn}.ts`)).toContain(`export function ${fn}(`);
    }
    expect(JSON.parse(read("package.json")).name).toBe("@pulumi-aep/aep");
  }, 600_000);

  it("pulumi package gen-sdk, with the hosts built here, answers the known limit or makes the same files", () => {
    const schemaFile = path.join(work, "schema.json");
    writeFileSync(schemaFile, JSON.stringify(packageSchema(VERSION), null, 2));
    const out = path.join(work, "via-cli");
    const viaCli = run("pulumi", ["package", "gen-sdk", schemaFile, "--language", "python", "--out", out], { env });
    if (viaCli.status === 0) {
      expect(files(path.join(out, "python"))).toEqual(files(generate("python", "python-again")));
    } else {
      expect({ status: viaCli.status, output: viaCli.output }).toMatchObject({ output: expect.stringContaining(HOST_TOO_OLD) });
    }
  });
});
