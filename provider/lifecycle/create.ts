// `create`, the same for every kind: the guards first (the service's spec, guards.ts), then either an
// adoption (`adoptId`, adopt.ts) or a new entity from the kind's store (flow-service/create.ts,
// data-prep.ts); a refusal of the service is explained (explain.ts).
import type { EntityInputs, EntityKind, ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { adoptResource } from "./adopt";
import { explainPublishRefusal, explainRefusal } from "./explain";
import { refuseBeforeWriting, warningsFor } from "./guards";
import type { Served } from "./store";

/**
 * A refusal of the service, said for the user: a publish refused while an entity this one names is
 * a draft (explain.ts), else the properties it is about, with the warnings check gave about these
 * inputs.
 */
export async function explainCreateOrUpdate<I extends ResourceInputs, O extends I>(
  s: Served<I, O>,
  err: unknown,
  inputs: I,
  what: string,
  verb: "create" | "update",
  /** For an update, the inputs it changes (store.diff's `changed`). */
  changed?: readonly string[],
): Promise<unknown> {
  const entity = inputs as unknown as Partial<EntityInputs>;
  if (verb === "create" && entity.draft === false && "collection" in s.kind) {
    const order = await explainPublishRefusal(s.kind as unknown as EntityKind, s.run.api(), entity as EntityInputs, err, what, "create");
    if (order) return order;
  }
  return explainRefusal(err, what, verb, inputs as unknown as Record<string, unknown>, await warningsFor(s, inputs), changed);
}

/** `create` of one resource, from its checked inputs (without the engine's own keys). */
export async function createResource<I extends ResourceInputs, O extends I>(s: Served<I, O>, inputs: I): Promise<{ id: string; outs: O }> {
  // The entity to adopt as check read it moments ago; if it changed since, the adoption's guarded write finds out.
  const key = `${inputs.sandboxName}/${inputs.adoptId}`;
  const seen = inputs.adoptId ? s.run.readForAdoption.get(key) : undefined;
  await refuseBeforeWriting(s, inputs, undefined);
  if (inputs.adoptId) {
    s.run.readForAdoption.delete(key);
    return adoptResource(s, inputs as I & { adoptId: string }, seen);
  }
  const what = label(s.kind, inputs.name, undefined, inputs.sandboxName);
  return s.store.create(s.run.context(), inputs).catch(async (err) => {
    throw await explainCreateOrUpdate(s, err, inputs, what, "create");
  });
}
