// What every provider answer goes through on its way to the Pulumi engine: encodable values, a
// partial failure that carries the serialized provider, and a count of operations in flight (the
// engine watchdog waits for them; watchdog.ts).
import { PartialFailureError } from "../errors";
import { PROVIDER_KEY } from "./wire";

/**
 * A value the engine can take: plain JSON, no `undefined` anywhere. Pulumi's host encodes results
 * with protobuf's Struct, which throws on `undefined`; thrown while it builds a partial-failure
 * answer, that error is never reported and the CLI waits forever. So everything handed back goes
 * through here.
 */
export function engineValue<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

let inFlight = 0;

/** Provider operations (create, read, update, delete) under way. */
export function operationsInFlight(): number {
  return inFlight;
}

/**
 * Runs one provider operation and makes whatever it hands the engine encodable: its result, and
 * the properties of a partial failure (which become the resource's outputs, so they carry
 * `__provider` too). Any other error reaches the engine as a plain Error with its message.
 */
export async function forEngine<T>(serializedProvider: string | undefined, op: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return engineValue(await op());
  } catch (err) {
    if (err instanceof PartialFailureError) {
      const properties = serializedProvider === undefined ? err.properties : { ...err.properties, [PROVIDER_KEY]: serializedProvider };
      throw withoutStack(new PartialFailureError(err.id, engineValue(properties), err.message));
    }
    throw withoutStack(err);
  } finally {
    inFlight--;
  }
}

/**
 * The error as the user should read it. Pulumi's dynamic-provider host prints `${error}: ${stack}`
 * to the run's diagnostics; a stack trace of the provider's sources tells a user nothing, so it is
 * left out unless AEP_DEBUG asks for it.
 */
export function withoutStack(err: unknown): Error {
  const error = err instanceof Error ? err : new Error(String(err), { cause: err });
  if (!/^(1|true)$/.test(process.env.AEP_DEBUG ?? "")) {
    error.stack = "";
    printedOnce(error);
  }
  return error;
}

/** What the host would echo, for errors the engine reports itself. */
const echoes = new Set<string>();
let echoFilter = false;

/**
 * Pulumi's dynamic-provider host prints an error thrown by check, diff, read or delete to stderr
 * (`console.error(\`${e}: ${e.stack}\`)`, @pulumi/pulumi cmd/dynamic-provider) and then returns it to
 * the engine, which reports it under the resource: the user read every such error twice, the first
 * time under the stack. That echo of `error` is dropped, so it is shown once; any other output of
 * console.error goes through unchanged.
 */
function printedOnce(error: Error): void {
  echoes.add(`${error}: ${error.stack}`);
  if (echoFilter) return;
  echoFilter = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && echoes.delete(args[0])) return;
    print(...args);
  };
}

/** The inputs without the engine's own keys (`__provider`). */
export function stripEngineKeys<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__"))) as T;
}
