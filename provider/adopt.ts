// Adoption: a resource with `adoptId` takes over an existing entity when it is created, instead of
// making a new one (Pulumi's import does not work for dynamic resources). The same for every kind.
// Pure functions here; the calls are in lifecycle.ts and runtime.ts.
import type { Entity } from "../sdk/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "./kinds/kind";
import { planUpdate } from "./plan";

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
 * One line for `pulumi preview`: what adopting the entity will send (paths and actions, never values).
 * `before` is the entity as the stack would hold it (default: as read; the lifecycle passes it
 * without the values the service filled with its spec's defaults).
 */
export function describeAdoption<I extends EntityInputs>(
  kind: EntityKind<I>,
  remote: Entity,
  inputs: I,
  before: EntityOutputs = adoptedOutputs(kind, remote, inputs),
): string {
  const { patch, actions } = planUpdate(kind as unknown as EntityKind, before, inputs);
  const steps = [...(patch.length ? [`PATCH ${patch.map((op) => `${op.op} ${op.path}`).join(", ")}`] : []), ...actions];
  return `adopts ${kind.noun} ${remote.id} (${remote.state}) in sandbox ${inputs.sandboxName}: ${steps.length ? steps.join("; ") : "no change"}`;
}
