// The Pulumi engine that started this provider process, and what happens when it goes away.
//
// Both hosts of the runtime are gRPC servers the engine starts with its own address as last
// argument: Pulumi's Node.js dynamic-provider host (`node …/cmd/dynamic-provider <engine address>`)
// and this package's plugin (`node …/dist/provider/plugin/main.js <engine address>`, which
// bin/pulumi-resource-aep execs); flags the engine may add (`--logtostderr`, `-v=9`, `--tracing
// <endpoint>`) come before it. A `pulumi up` killed with SIGKILL never tells its plugins: they keep
// listening, and one that went on sending queued writes would make flows that no stack, and no
// `recover` already run, knows about. So writes ask the engine first, and a watchdog ends the
// process once the engine is gone and nothing is in flight (runtime.ts starts it in either host).
import { connect } from "node:net";

export interface EngineAddress {
  host: string;
  port: number;
}

/** The scripts of the provider hosts the engine starts: Pulumi's dynamic-provider host, and the aep plugin. */
const PROVIDER_HOST = /dynamic-provider|[\\/]provider[\\/]plugin[\\/]main\.[jt]s$|pulumi-resource-aep$/;

/** The engine's address when this process is a provider host the engine started; undefined otherwise (tests, scripts). */
export function engineAddress(argv: readonly string[] = process.argv): EngineAddress | undefined {
  if (!PROVIDER_HOST.test(argv[1] ?? "") || argv.length < 3) return undefined;
  const m = (argv.at(-1) ?? "").match(/^([\d.]+|localhost|\[[^\]]+\]):(\d+)$/);
  return m ? { host: m[1].replace(/^\[|\]$/g, ""), port: Number(m[2]) } : undefined;
}

/**
 * Whether the engine still accepts connections. A refused connection means it is gone; a slow one
 * (over `timeoutMs`, default 2000 ms) is taken as alive, so a loaded machine never stops a run.
 */
export function engineAlive(engine: EngineAddress, timeoutMs = 2000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(engine.port, engine.host);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(timeoutMs, () => done(true));
  });
}

/** Thrown instead of a write once the engine is gone: nothing is sent. */
export class EngineGoneError extends Error {
  constructor(engine: EngineAddress) {
    super(
      `The Pulumi command that started this provider has exited (killed or crashed: its engine at ${engine.host}:${engine.port} is gone), ` +
        "so nothing more is sent. Once no process of that run is left, run `npx pulumi-aep-dataflows recover`, then `pulumi up`.",
    );
    this.name = "EngineGoneError";
  }
}

/** Refuses a write (throws {@link EngineGoneError}) once the engine that started this provider is gone. */
export async function requireEngine(engine: EngineAddress | undefined = engineAddress()): Promise<void> {
  if (engine && !(await engineAlive(engine))) throw new EngineGoneError(engine);
}

/**
 * Ends this process once its engine has been gone for two checks in a row and no provider
 * operation is in flight (an operation under way finishes, bounded by the client's timeouts, so
 * the process never dies half-way through a write). Without it, every killed `pulumi up` leaves a
 * provider process behind, and `recover` (which waits for a run's processes to end) would wait.
 * The timer is unref'd: it never keeps a process alive by itself.
 *
 * @param intervalMs time between checks, in milliseconds
 * @param busy how many provider operations are in flight right now
 */
export function watchEngine(
  engine: EngineAddress,
  busy: () => number,
  intervalMs = 5000,
  exit: (code: number) => void = process.exit,
): () => void {
  let misses = 0;
  let checking = false;
  const timer = setInterval(async () => {
    if (checking) return;
    checking = true;
    try {
      misses = (await engineAlive(engine)) ? 0 : misses + 1;
      if (misses >= 2 && busy() === 0) {
        process.stderr.write(`[aep] the Pulumi engine at ${engine.host}:${engine.port} is gone; this provider process exits.\n`);
        clearInterval(timer);
        exit(0);
      }
    } finally {
      checking = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
