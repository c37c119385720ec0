// The markers of Pulumi's wire format this package reads and writes, once, under Pulumi's own names
// (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/rpc.ts, sdk/nodejs/dynamic).

/** The key whose value says what kind of special value an object is (`specialSigKey`). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The signature of a secret (`specialSecretSig`): `{[SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, value}` on the wire; in state, `ciphertext` or `plaintext`. */
export const SPECIAL_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The input of a dynamic resource that carries its serialized provider (`__provider`). */
export const PROVIDER_KEY = "__provider";

/** Whether `v` is a secret envelope (on the wire, in a program's inputs or in `pulumi stack export`). */
export function isSecretEnvelope(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SPECIAL_SIG_KEY] === SPECIAL_SECRET_SIG;
}
