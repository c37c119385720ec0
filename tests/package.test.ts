// The package as users import it: by its name, from the built output.
describe("package root", () => {
  it("exports the resource, the client, its error type and the emulator", () => {
    const pkg = require("pulumi-aep-dataflows");
    expect(typeof pkg.Dataflow).toBe("function");
    expect(typeof pkg.FlowServiceClient).toBe("function");
    expect(typeof pkg.FlowServiceError).toBe("function");
    expect(typeof pkg.startEmulator).toBe("function");
    expect(require.resolve("pulumi-aep-dataflows")).toMatch(/dist[\\/]index\.js$/);
  });

  it("serves the provider runtime through its public export, the path the serialized shim loads", () => {
    const runtime = require("pulumi-aep-dataflows/runtime");
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(typeof runtime[method]).toBe("function");
    }
  });

  it("starts the emulator from the root export without loading it eagerly", async () => {
    const { startEmulator } = require("pulumi-aep-dataflows");
    const emu = await startEmulator();
    try {
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emu.stop();
    }
  });
});
