// Adoption: a resource with `adoptId` takes over an existing entity when it is created, instead of
// making a new one (Pulumi's import does not work for dynamic resources). The same for every kind.
// Pure functions here; the calls are in lifecycle.ts and runtime.ts.
import type { Entity } from "../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "../kinds/kind";
import { UpdatePlan, planUpdate } from "./plan";

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
