// Adoption of a Flow Service entity: what adopting it as declared would send (pure, for the preview),
// and the takeover itself: read (unless check just did), refused if it is not the declared one (what
// cannot be patched differs), then brought to the declared inputs as an update would, with one
// etag-guarded PATCH and the needed actions (none when it already matches).
import type { Entity } from "../../adobe/types";
import { PatchRefusedError } from "../../errors";
import type { EntityInputs, EntityKind, EntityOutputs } from "../../kinds/kind";
import { label } from "../../kinds/kind";
import type { LifecycleContext } from "../context";
import { holding } from "../explain";
import { UpdatePlan, planUpdate } from "./plan";
import { fromRemote, withoutSpecDefaults } from "./read";
import type { AdoptionPlan } from "../store";
import { updateEntity } from "./update";

/** Why `remote` cannot be adopted as declared; empty when it can. */
export function adoptionProblems<I extends EntityInputs>(kind: EntityKind<I>, remote: Entity | undefined, inputs: I): string[] {
  const id = inputs.adoptId;
  if (!remote) return [`${kind.noun} ${id} does not exist in sandbox ${inputs.sandboxName}: check adoptId and sandboxName`];
  const problems = kind.identityProblems(remote, inputs);
  if (remote.state !== "draft" && inputs.draft) {
    problems.push(
      `${kind.noun} ${id} is published (${remote.state}); declare draft: false to adopt it (a published ${kind.noun} cannot return to draft)`,
    );
  }
  return problems;
}

/**
 * The entity as state would hold it before adoption, to plan from. Write-only values are unknown,
 * so they will be sent. Values the service shows in its own form but means the same by (its
 * `"schema": null`, `"columns": []`) are taken in the declared form, as a refresh takes them: so an
 * adoption that changes nothing records the program's form, not the service's.
 */
export function adoptedOutputs<I extends EntityInputs>(kind: EntityKind<I>, remote: Entity, inputs: I): EntityOutputs {
  const declared: Record<string, unknown> = { ...(inputs as object) };
  for (const key of kind.writeOnly) delete declared[key];
  return kind.outputsFromRemote(remote, declared as never);
}

/**
 * What adopting `remote` as declared sends: a PATCH and actions, each possibly empty. `before` is the
 * entity as the stack would hold it (default: as read; the lifecycle passes it without the values the
 * service filled with its spec's defaults).
 */
export function adoptionPlan<I extends EntityInputs>(
  kind: EntityKind<I>,
  remote: Entity,
  inputs: I,
  before: EntityOutputs = adoptedOutputs(kind, remote, inputs),
): UpdatePlan {
  return planUpdate(kind as unknown as EntityKind, before, inputs);
}

/**
 * The top-level inputs whose values adopting `remote` sends (the PATCH's paths), with `draft` when
 * it publishes: what the service will judge, so what a warning may be about (check-answer.ts).
 */
export function adoptionSends<I extends EntityInputs>(kind: EntityKind<I>, remote: Entity, inputs: I, before?: EntityOutputs): Set<string> {
  const { patch, actions } = adoptionPlan(kind, remote, inputs, before);
  return new Set([...patch.map((op) => op.path.split("/")[1]), ...(actions.includes("publish") ? ["draft"] : [])]);
}

/** One line for `pulumi preview`: what adopting the entity will send (paths and actions, never values). */
export function describeAdoption<I extends EntityInputs>(kind: EntityKind<I>, remote: Entity, inputs: I, before?: EntityOutputs): string {
  const { patch, actions } = adoptionPlan(kind, remote, inputs, before);
  const steps = [...(patch.length ? [`PATCH ${patch.map((op) => `${op.op} ${op.path}`).join(", ")}`] : []), ...actions];
  return `adopts ${kind.noun} ${remote.id} (${remote.state}) in sandbox ${inputs.sandboxName}: ${steps.length ? steps.join("; ") : "no change"}`;
}

/** What adopting a Flow Service entity would do, with one read (check). */
export async function planEntityAdoption<I extends EntityInputs>(
  kind: EntityKind<I>,
  ctx: LifecycleContext,
  inputs: I & { adoptId: string },
): Promise<AdoptionPlan> {
  const k = kind as unknown as EntityKind;
  const remote = await ctx.client.getEntity(k.collection, inputs.adoptId, { sandboxName: inputs.sandboxName });
  const problems = adoptionProblems(kind, remote, inputs);
  if (problems.length) return { failure: problems.join("; ") };
  // As the create will plan it: without what the service filled with its spec's defaults.
  const before = await withoutSpecDefaults(k, ctx, adoptedOutputs(kind, remote!, inputs), inputs);
  return { summary: describeAdoption(kind, remote!, inputs, before), sends: adoptionSends(kind, remote!, inputs, before), seen: remote };
}

/**
 * A Flow Service entity taken over: read (unless check just did), refused if it is not the declared
 * one (what cannot be patched differs), then brought to the declared inputs with one etag-guarded
 * PATCH and the needed actions, exactly as an update would (none when it already matches).
 */
export async function adoptEntity<I extends EntityInputs, O extends EntityOutputs>(
  kind: EntityKind<I, O>,
  ctx: LifecycleContext,
  inputs: I & { adoptId: string },
  /** The entity as already read in this run (by check), to save a GET. */
  alreadyRead?: Entity,
): Promise<{ id: string; outs: O }> {
  const k = kind as unknown as EntityKind;
  const sandboxName = inputs.sandboxName;
  const remote = alreadyRead ?? (await ctx.client.getEntity(k.collection, inputs.adoptId, { sandboxName }));
  const problems = adoptionProblems(k, remote, inputs);
  if (problems.length) throw new Error(`${label(k, inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: ${problems.join("; ")}.`);
  const before = await withoutSpecDefaults(k, ctx, adoptedOutputs(k, remote!, inputs), inputs);
  try {
    const outs = await updateEntity(kind, ctx, remote!.id, before as O, inputs);
    // What adoption did, from the entity as it was read (check may not have been able to read it).
    return { id: remote!.id, outs: { ...outs, adoption: describeAdoption(k, remote!, inputs, before) } };
  } catch (err) {
    if (err instanceof PatchRefusedError) {
      const now = fromRemote(k, remote!, { sandboxName });
      throw new Error(
        `${label(k, inputs.name, inputs.adoptId, sandboxName)} cannot be adopted as declared: the service refused to change ` +
          `${err.properties.join(", ")} in place (${err.answer}). Nothing was changed, and it was not adopted. Declare what it has now ` +
          `(${err.properties.map((p) => holding(k, now, p)).join(", ")}) so that adopting it needs no PATCH, or remove adoptId to create a new ${k.noun}.`,
        { cause: err },
      );
    }
    throw err;
  }
}
