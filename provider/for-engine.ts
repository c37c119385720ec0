// What every provider answer goes through on its way to the Pulumi engine: encodable values, a
// partial failure that carries the serialized provider, and a count of operations in flight (the
// engine watchdog waits for them; engine.ts).
import { PartialFailureError } from "./errors";

const PROVIDER_KEY = "__provider";

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
  if (!/^(1|true)$/.test(process.env.AEP_DEBUG ?? "")) error.stack = "";
  return error;
}

/** The inputs without the engine's own keys (`__provider`). */
export function stripEngineKeys<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__"))) as T;
}
