// Pipeline resources declared from stack config (`resources`: a list of {kind, resource, args}, in
// order), so that a test can declare a base connection, the connections and mapping set on it and
// a flow, and flip them with `pulumi config set` alone. A string "ref:<resource>" in args is that
// earlier resource's id, and "version:<resource>" a mapping set's version, so Pulumi orders the
// resources as a real program's references would.
import * as pulumi from "@pulumi/pulumi";
import { BaseConnection, Dataflow, MappingSet, SourceConnection, TargetConnection } from "pulumi-aep-dataflows";

const KINDS = { BaseConnection, SourceConnection, TargetConnection, MappingSet, Dataflow };

interface Declared {
  kind: keyof typeof KINDS;
  resource: string;
  args: Record<string, unknown>;
}

const made: Record<string, pulumi.CustomResource & { id: pulumi.Output<string>; version?: pulumi.Output<number> }> = {};

function resolve(value: unknown): unknown {
  if (typeof value === "string") {
    const ref = /^(ref|version):(.+)$/.exec(value);
    if (!ref) return value;
    const target = made[ref[2]];
    if (!target) throw new Error(`"${value}" names no resource declared before it`);
    return ref[1] === "ref" ? target.id : target.version;
  }
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  return value;
}

export const ids: Record<string, pulumi.Output<string>> = {};
for (const r of new pulumi.Config().requireObject<Declared[]>("resources")) {
  const Kind = KINDS[r.kind] as unknown as new (name: string, args: unknown) => (typeof made)[string];
  made[r.resource] = new Kind(r.resource, resolve(r.args));
  ids[r.resource] = made[r.resource].id;
}
