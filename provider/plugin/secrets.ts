// Values as a real provider plugin exchanges them with the engine (it accepts secrets): a secret
// arrives wrapped as `{"4dabf…": "1b47…", value}` and must go back wrapped, or the engine would
// store it in plain text. The runtime works on plain values; these functions cross the boundary.
// Pure. https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/rpc.ts (specialSigKey)

import { SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY, isSecretEnvelope } from "../engine/wire";

export function isSecret(v: unknown): v is { value: unknown } {
  return isSecretEnvelope(v);
}

/**
 * `props` without secret wrappers, and the names of the top-level properties that held a secret
 * anywhere inside (so the outputs can carry them back as secrets).
 */
export function unwrapSecrets(props: Record<string, unknown>): { plain: Record<string, unknown>; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const strip = (v: unknown, top: string): unknown => {
    if (isSecret(v)) {
      secretKeys.add(top);
      return strip(v.value, top);
    }
    if (Array.isArray(v)) return v.map((x) => strip(x, top));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x, top)]));
    return v;
  };
  const plain = Object.fromEntries(Object.entries(props ?? {}).map(([k, v]) => [k, strip(v, k)]));
  return { plain, secretKeys };
}

/** `props` with each of `keys` that is present wrapped as a secret. */
export function wrapSecrets(props: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
  const out = { ...props };
  for (const key of keys) {
    if (out[key] !== undefined && !isSecret(out[key])) out[key] = { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value: out[key] };
  }
  return out;
}

/** The type token of a resource URN (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  return (parts[2] ?? "").split("$").pop() ?? "";
}
