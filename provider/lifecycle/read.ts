// `read` (a refresh), the same for every kind: the entity as its service has it now, or, when the
// service answers it does not exist, kept in the stack and marked `not-found` (a hidden one keeps
// running; dropping it would let the next `up` make a second one silently), so the next preview
// shows its replacement. And how a Flow Service entity is read: waited out of a transitional state,
// without the values the service filled with its spec's declared defaults (never drift).
import type { Entity } from "../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs, ResourceInputs } from "../kinds/kind";
import { inputsOf, label, pulumiOnlyFields } from "../kinds/kind";
import { flagsOf } from "../kinds/entity";
import type { LifecycleContext } from "./context";
import { notice } from "./context";
import { settleOptions, waitUntilSettled } from "./settling";
import { NOT_FOUND_STATE, isTransitional, settledTarget } from "./state-machine";
import type { Served } from "./store";

type Outs = EntityOutputs & { enabled?: boolean };

/** What read hands the engine. */
export interface ReadAnswer<I, O> {
  id: string;
  props: O;
  inputs: I;
}

/** `read` of one resource: `props` are the stack's outputs. */
export async function readResource<I extends ResourceInputs, O extends I & { state?: string }>(
  s: Served<I, O>,
  id: string,
  props: O,
): Promise<ReadAnswer<I, O>> {
  const result = await s.store.read(s.run.context(), id, props);
  if (result) {
    s.run.claims.note(props.sandboxName, id, "seen");
    return { id, props: result.outs, inputs: result.inputs };
  }
  const what = label(s.kind, props.name, id, props.sandboxName);
  notice(
    s.kind.accessLabels
      ? `${what} was not found (404 FLOW-1439-404): deleted outside Pulumi, or hidden by an access label the role of these ` +
          'credentials lacks (Adobe answers both the same way). It stays in the stack as state "not-found": the next `pulumi up` ' +
          "deletes and creates it again (a replace, shown by `pulumi preview`). If it still runs under a label, that DELETE is " +
          "refused and nothing is created; if it should not come back, remove it from the program."
      : `${what} was not found: deleted outside Pulumi. It stays in the stack as state "not-found": the next \`pulumi up\` creates it ` +
          "again (a replace, shown by `pulumi preview`); if it should not come back, remove it from the program.",
  );
  const outs = { ...props, state: NOT_FOUND_STATE };
  return { id, props: outs, inputs: s.store.inputsOf(outs) };
}

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
