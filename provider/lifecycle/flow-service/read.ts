// How a Flow Service entity is read: waited out of a transitional state (a refresh shows no phantom
// change), with what exists only on Pulumi's side carried over, and without the values the service
// filled with its spec's declared defaults (never drift).
import type { Entity } from "../../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "../../kinds/kind";
import { inputsOf, label, pulumiOnlyFields } from "../../kinds/kind";
import { flagsOf } from "../../kinds/entity";
import type { LifecycleContext } from "../context";
import { settleOptions, waitUntilSettled } from "./settling";
import { isTransitional, settledTarget } from "./state-machine";

type Outs = EntityOutputs & { enabled?: boolean };

/** Outputs from a Flow Service entity as read, with what exists only on Pulumi's side carried over. */
export function fromRemote(kind: EntityKind, remote: Entity, previous: Pick<Outs, "sandboxName"> & Partial<Outs>): Outs {
  return { ...kind.outputsFromRemote(remote, previous), ...pulumiOnlyFields(previous) };
}

/**
 * `read` without the values the service filled with its spec's declared defaults where `previous`
 * (the program) declared nothing (kind.ts `specDefaults`). The spec is read only when the read holds
 * such a value; a spec that cannot be read leaves `read` as it is.
 */
export async function withoutSpecDefaults(kind: EntityKind, ctx: LifecycleContext, read: Outs, previous: Partial<Outs>): Promise<Outs> {
  const rules = kind.specDefaults;
  if (!rules || !kind.spec || !ctx.spec || !rules.undeclared(read, previous)) return read;
  const spec = await ctx.spec(kind.spec.collection, kind.spec.id(read), read.sandboxName).catch(() => undefined);
  return spec ? rules.without(read, previous, spec as never) : read;
}

/** A Flow Service entity as the API has it now, or `undefined` when the service answers it does not exist. */
export async function readEntity<O extends Outs>(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  props: O,
): Promise<{ outs: O; inputs: EntityInputs } | undefined> {
  const what = label(kind, props.name, id, props.sandboxName);
  let remote = await ctx.client.getEntity(kind.collection, id, { sandboxName: props.sandboxName });
  if (remote && isTransitional(remote.state)) {
    try {
      remote = await waitUntilSettled(ctx.client, kind.collection, id, props.sandboxName, what, settleOptions(ctx));
    } catch (err) {
      // Still in transition after the wait: read it as the state it leads to, so the refresh shows no phantom change.
      ctx.notice(`${(err as Error).message.split(". Nothing more")[0]}; recorded as it will settle.`);
    }
  }
  if (!remote) return undefined;
  const target = settledTarget(remote.state, props.state);
  // Still being deleted after the wait (someone else's delete): it is gone, as far as the stack goes.
  if (target === "deleted") return undefined;
  const outs = await withoutSpecDefaults(kind, ctx, fromRemote(kind, remote, props), props);
  if (target && target !== remote.state) {
    // Still in transition after the wait: recorded as the state it leads to, so no phantom change.
    const flags = flagsOf(target, props.enabled);
    outs.state = target;
    outs.draft = flags.draft;
    if ("enabled" in outs) outs.enabled = flags.enabled;
  }
  return { outs: outs as O, inputs: inputsOf(kind, outs) };
}
