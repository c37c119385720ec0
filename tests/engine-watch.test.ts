// The engine watchdog: writes refused once the engine is gone, and the process ends once idle.
import { spawn } from "node:child_process";
import { Server, createServer } from "node:net";
import * as path from "node:path";
import { EngineGoneError, engineAddress, requireEngine, watchEngine } from "../provider/engine/watchdog";

let server: Server;
let port: number;

beforeEach(async () => {
  server = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterEach(async () => {
  if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
});

const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("engineAddress", () => {
  it("is the last argument when this process is Pulumi's dynamic-provider host, and nothing otherwise", () => {
    expect(engineAddress(["node", "/x/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:40123"])).toEqual({
      host: "127.0.0.1",
      port: 40123,
    });
    expect(engineAddress(["node", "/x/cmd/dynamic-provider", "[::1]:5"])).toEqual({ host: "::1", port: 5 });
    expect(engineAddress(["node", "/x/jest.js", "127.0.0.1:40123"])).toBeUndefined();
    expect(engineAddress(["node", "/x/cmd/dynamic-provider", "--flag"])).toBeUndefined();
  });

  it("is the last argument of the aep plugin too, after the flags the engine may add", () => {
    const plugin = "/x/node_modules/pulumi-aep-dataflows/bin/../dist/provider/plugin/main.js";
    expect(engineAddress(["node", plugin, "127.0.0.1:45999"])).toEqual({ host: "127.0.0.1", port: 45999 });
    expect(engineAddress(["node", plugin, "--logtostderr", "-v=9", "--tracing", "127.0.0.1:9411", "127.0.0.1:45999"])).toEqual({
      host: "127.0.0.1",
      port: 45999,
    });
    expect(engineAddress(["/usr/bin/node", "C:\\x\\dist\\provider\\plugin\\main.js", "localhost:7"])).toEqual({
      host: "localhost",
      port: 7,
    });
    expect(engineAddress(["node", "/x/dist/provider/plugin/main.js"])).toBeUndefined();
    expect(engineAddress(["node", "/x/dist/provider/plugin/schema.js", "127.0.0.1:45999"])).toBeUndefined();
  });
});

describe("the aep plugin process", () => {
  // A killed `pulumi up` leaves its plugin behind: it has to end by itself, as the dynamic provider does.
  it("exits by itself once the engine that started it is gone", async () => {
    const main = path.join(__dirname, "..", "dist", "provider", "plugin", "main.js");
    const plugin = spawn(process.execPath, [main, `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    plugin.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => plugin.once("exit", (code) => resolve(code)));
    // The plugin prints the port it serves on once it is up (the handshake the engine reads).
    await new Promise<void>((resolve) => plugin.stdout.once("data", () => resolve()));
    await close();
    expect(await exited).toBe(0);
    expect(stderr).toContain(`[aep] the Pulumi engine at 127.0.0.1:${port} is gone; this provider process exits.`);
  }, 60000);
});

describe("requireEngine", () => {
  it("lets a write through while the engine listens, and refuses it, naming the recover command, once it is gone", async () => {
    await expect(requireEngine({ host: "127.0.0.1", port })).resolves.toBeUndefined();
    await close();
    const err = await requireEngine({ host: "127.0.0.1", port }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineGoneError);
    expect(err.message).toBe(
      `The Pulumi command that started this provider has exited (killed or crashed: its engine at 127.0.0.1:${port} is gone), ` +
        "so nothing more is sent. Once no process of that run is left, run `npx pulumi-aep-dataflows recover`, then `pulumi up`.",
    );
  });

  it("does nothing outside the provider host", async () => {
    await expect(requireEngine(undefined)).resolves.toBeUndefined();
  });
});

describe("watchEngine", () => {
  it("never exits while the engine listens", async () => {
    const exits: number[] = [];
    const stop = watchEngine(
      { host: "127.0.0.1", port },
      () => 0,
      20,
      (c) => exits.push(c),
    );
    await sleep(200);
    stop();
    expect(exits).toEqual([]);
  });

  it("exits once the engine is gone and no operation is in flight, waiting for one under way", async () => {
    const exits: number[] = [];
    let busy = 1;
    const stop = watchEngine(
      { host: "127.0.0.1", port },
      () => busy,
      20,
      (c) => exits.push(c),
    );
    await close();
    await sleep(200);
    expect(exits).toEqual([]); // an operation is under way: it finishes first
    busy = 0;
    await sleep(200);
    stop();
    expect(exits).toEqual([0]);
  });
});
