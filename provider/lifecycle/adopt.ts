// Adoption, the same for every kind: a resource with `adoptId` takes over an existing entity when it
// is created, instead of making a new one (Pulumi's import does not work for dynamic resources). The
// entity is reserved for this resource (one resource per entity), the kind's store takes it over
// (flow-service/adopt.ts, data-prep.ts), and a failure before anything landed gives it back.
import { PartialFailureError } from "../errors";
import type { ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import type { Served } from "./store";

/**
 * Create by adoption, for every kind: the entity is reserved for this resource (no other resource
 * of the stack may hold it), then the kind's store takes it over; a failure before anything landed
 * gives it back. A resource replacing the one that adopted the entity makes a new one instead.
 */
export async function adoptResource<I extends ResourceInputs, O extends I>(
  s: Served<I, O>,
  inputs: I & { adoptId: string },
  seen: unknown,
): Promise<{ id: string; outs: O }> {
  const { kind, run } = s;
  const ctx = run.context();
  const sandboxName = inputs.sandboxName;
  if (ctx.claims.get(sandboxName, inputs.adoptId) === "replacing") {
    // This create replaces the resource that adopted the entity: the replacement is a new one.
    ctx.notice(
      `${label(kind, inputs.name, undefined, sandboxName)}: replaced, so a new ${kind.noun} is created; adoptId ${inputs.adoptId} names the ${kind.noun} being replaced, which is deleted afterwards.`,
    );
    return s.store.create(ctx, inputs);
  }
  if (ctx.claims.reserve(sandboxName, inputs.adoptId) !== undefined) {
    throw new Error(
      `${label(kind, inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: another resource of this stack holds ${kind.noun} ${inputs.adoptId} ` +
        `(a ${kind.noun} can be held by one resource only). Remove adoptId from one of them; if you renamed a resource, give it ` +
        '`aliases: [{ name: "<old name>" }]` instead.',
    );
  }
  try {
    return await s.store.adopt(ctx, inputs, seen);
  } catch (err) {
    // Only a failure before anything landed gives the entity back; a partial failure keeps it claimed.
    if (!(err instanceof PartialFailureError)) ctx.claims.release(sandboxName, inputs.adoptId);
    throw err;
  }
}
