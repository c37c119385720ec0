// What Pulumi serializes into the state of every resource of this package (`__provider`, stored
// twice: in the inputs and the outputs). It must stay small, capture no credentials and pin no
// file path: each method loads the provider from the package's public `runtime` export at run
// time, in the provider process (resolved from the program's node_modules), and hands the call to
// the provider of the resource's kind. Only the kind's name is captured. Measured by `npm run bench`.
import type * as pulumi from "@pulumi/pulumi";
import { warnPlainSecretSettings } from "../plain-secrets";

/** The serialized provider of one kind (`t`: the kind's type name as the runtime knows it, e.g. "BaseConnection"). */
export function providerShim(t: string): pulumi.dynamic.ResourceProvider {
  // One captured helper and short names keep the serialized text small (about 2.1 KB; Pulumi wraps
  // each method in ~200 characters of its own): it is written into every resource's state twice.
  const k = () => require("pulumi-aep-dataflows/runtime").forKind(t);
  return {
    configure: (q) => k().configure(q),
    check: (o, n) => k().check(o, n),
    diff: (i, o, n) => k().diff(i, o, n),
    create: (n) => k().create(n),
    read: (i, p) => k().read(i, p),
    update: (i, o, n) => k().update(i, o, n),
    delete: (i, p) => k().delete(i, p),
  };
}

/**
 * The props a resource registers: its args, plus each output name it does not take as input set to
 * undefined (Pulumi exposes as `Output` only what the props name). Every constructor calls it, so it
 * is also where a program is warned, once, about a secret setting kept in plain text.
 */
export function withOutputs(args: object, outputs: readonly string[]): Record<string, unknown> {
  warnPlainSecretSettings();
  return { ...Object.fromEntries(outputs.map((name) => [name, undefined])), ...args };
}
