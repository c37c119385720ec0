// The emulator's command line: every behaviour switch has a flag, listed in --help, that takes effect.
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_BEHAVIOUR } from "../emulator/behaviour";

const CLI = path.join(__dirname, "..", "dist", "emulator", "cli.js");
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

it("--help lists a flag for every behaviour switch, with its default", () => {
  const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" }).stdout;
  const missing = Object.entries(DEFAULT_BEHAVIOUR).filter(
    ([name, value]) => !help.includes(`--${kebab(name)} `) || !help.includes(`(default ${value})`),
  );
  expect(missing).toEqual([]);
});

it("the flags set the behaviour the running emulator reports", async () => {
  const child = spawn(process.execPath, [
    CLI,
    "--port",
    "0",
    "--list-order",
    "oldest-first",
    "--past-start-time",
    "accept-drafts",
    "--mapping-set-default-version",
    "first",
  ]);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
    });
    const behaviour = (await (await fetch(`${url}/__emulator/behaviour`)).json()) as Record<string, unknown>;
    expect(behaviour).toEqual({
      ...DEFAULT_BEHAVIOUR,
      listOrder: "oldest-first",
      pastStartTime: "accept-drafts",
      mappingSetDefaultVersion: "first",
    });
  } finally {
    child.kill();
  }
});

it("PUT /__emulator/clock takes {offsetMs} and refuses anything else, naming the shape", async () => {
  const { startEmulator } = await import("../emulator");
  const emu = await startEmulator({ port: 0 });
  try {
    const put = (body: unknown) =>
      fetch(`${emu.url}/__emulator/clock`, { method: "PUT", body: JSON.stringify(body), headers: { "Content-Type": "text/plain" } });
    for (const bad of [{ offset: 1000 }, { offsetMs: "abc" }, {}]) {
      const res = await put(bad);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 400,
        body: { message: `PUT /__emulator/clock takes {"offsetMs": <milliseconds, a finite number>}; got ${JSON.stringify(bad)}` },
      });
    }
    expect((await put({ offsetMs: 60_000 })).status).toBe(204);
  } finally {
    await emu.stop();
  }
});
