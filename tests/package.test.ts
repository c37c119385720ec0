// The package as users import it: by its name, from the built output.
import { execFileSync, spawnSync } from "node:child_process";
import { statSync } from "node:fs";

describe("package entry points", () => {
  it("the root holds the resources and the lookups only, and loads neither the HTTP client nor the emulator", () => {
    const pkg = require("pulumi-aep-dataflows");
    expect(Object.keys(pkg).sort()).toEqual([
      "BaseConnection",
      "Dataflow",
      "Dataset",
      "FieldGroup",
      "IdentityDescriptor",
      "MappingSet",
      "Schema",
      "SourceConnection",
      "TargetConnection",
      "getConnectionSpec",
      "getDataset",
      "getFlowRuns",
      "getFlowSpec",
      "getSchema",
    ]);
    expect(require.resolve("pulumi-aep-dataflows")).toMatch(/dist[\\/]sdk[\\/]nodejs[\\/]index\.js$/);
    // In a fresh Node process, as a Pulumi program loads it (jest keeps its own module registry).
    const script = "require('pulumi-aep-dataflows'); process.stdout.write(JSON.stringify(Object.keys(require.cache)))";
    const loaded: string[] = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    expect(loaded.some((f) => /[\\/]dist[\\/]sdk[\\/]nodejs[\\/]index\.js$/.test(f))).toBe(true);
    expect(loaded.filter((f) => /[\\/]dist[\\/](provider[\\/]adobe[\\/]client|emulator)[\\/.]/.test(f))).toEqual([]);
    expect(loaded.filter((f) => /[\\/]node_modules[\\/](axios|fastify|zod)[\\/]/.test(f))).toEqual([]);
  });

  it("the commands run from a checkout as from an install: the build leaves each bin target executable, and npx finds it", () => {
    const bin: Record<string, string> = require("../package.json").bin;
    for (const [name, file] of Object.entries(bin))
      expect({ name, executable: (statSync(file).mode & 0o111) === 0o111 }).toEqual({ name, executable: true });
    const help = spawnSync("npx", ["--no-install", "pulumi-aep-dataflows", "--help"], { encoding: "utf8" });
    expect({ status: help.status, usage: help.stderr.split("\n")[0] }).toEqual({
      status: 0,
      usage: "usage: pulumi-aep-dataflows <command> [options]",
    });
  });

  it("./adobe serves the client of Adobe's APIs, its error types and the settings", () => {
    const sdk = require("pulumi-aep-dataflows/adobe");
    for (const name of [
      "FlowServiceClient",
      "FlowServiceError",
      "TokenRequestError",
      "ClientCredentialsTokenProvider",
      "StaticTokenProvider",
    ]) {
      expect(typeof sdk[name]).toBe("function");
    }
    expect(Object.keys(sdk.SETTINGS)).toContain("clientSecret");
  });

  it("./runtime serves the provider, the path the serialized shim loads", () => {
    const runtime = require("pulumi-aep-dataflows/runtime");
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(typeof runtime[method]).toBe("function");
      for (const kind of [
        "Dataflow",
        "BaseConnection",
        "SourceConnection",
        "TargetConnection",
        "MappingSet",
        "Dataset",
        "FieldGroup",
        "Schema",
        "IdentityDescriptor",
      ]) {
        expect(typeof runtime.forKind(kind)[method]).toBe("function");
      }
    }
    expect(() => runtime.forKind("Nope")).toThrow(/Nope/);
  });

  it("./emulator starts the local emulator", async () => {
    const { startEmulator } = require("pulumi-aep-dataflows/emulator");
    const emu = await startEmulator();
    try {
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emu.stop();
    }
  });
});
