// `create`, the same for every kind: the guards first (the service's spec, guards.ts), then either an
// adoption (`adoptId`, adopt.ts) or a new entity from the kind's store; a refusal of the service is
// explained (explain.ts). And how a Flow Service entity is made: `POST /{collection}` (with
// `mode=draft` for a draft) without ever making two (lost-answers.ts), then the actions its
// declared state needs (actions.ts).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import type { EntityInputs, EntityKind, EntityOutputs, ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { runActions } from "./actions";
import { adoptResource } from "./adopt";
import type { LifecycleContext } from "./context";
import { explainPublishRefusal, explainRefusal } from "./explain";
import { refuseBeforeWriting, warningsFor } from "./guards";
import { createWithoutDuplicates } from "./lost-answers";
import { fromRemote } from "./read";
import { outputsFromKnown } from "./plan";
import { planActions } from "./state-machine";
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
): Promise<unknown> {
  const entity = inputs as unknown as Partial<EntityInputs>;
  if (verb === "create" && entity.draft === false && "collection" in s.kind) {
    const order = await explainPublishRefusal(s.kind as unknown as EntityKind, s.run.api(), entity as EntityInputs, err, what, "create");
    if (order) return order;
  }
  return explainRefusal(err, what, verb, inputs as unknown as Record<string, unknown>, await warningsFor(s, inputs));
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

/** A Flow Service entity made as declared: created (a draft, or published), then the actions its declared state needs. */
export async function createEntity<I extends EntityInputs & { enabled?: boolean }, O extends EntityOutputs>(
  kind: EntityKind<I, O>,
  ctx: LifecycleContext,
  inputs: I,
): Promise<{ id: string; outs: O }> {
  const k = kind as unknown as EntityKind;
  const sandboxName = inputs.sandboxName;
  const created = await createWithoutDuplicates(k, ctx.client, inputs, ctx.recovery, ctx.claims);
  ctx.claims.note(sandboxName, created.id, created.recovered ? "recovered" : "created");
  if (created.recovered) {
    ctx.notice(
      `${label(k, inputs.name, created.id, sandboxName)}: the create's answer was lost; the ${k.noun} it made was found and is kept (no second ${k.noun} was created).`,
    );
  }
  // Created without mode=draft it starts enabled; a recovered one is as it was read.
  const known: EntityOutputs & { enabled?: boolean } = created.recovered
    ? fromRemote(k, created.recovered, { ...inputs })
    : {
        ...inputs,
        etag: created.etag,
        state: inputs.draft ? "draft" : "enabled",
        ...("enabled" in inputs ? { enabled: inputs.draft ? inputs.enabled : true } : {}),
      };
  const outs = await runActions(k, ctx, created.id, known, inputs, planActions(known, inputs, k.canDisable), ["create"]);
  return { id: created.id, outs: outputsFromKnown(outs, inputs) as O };
}
