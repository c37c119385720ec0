// The store of the Flow Service's entities — flows, base, source and target connections — one for
// all their kinds (each kind says what differs: kinds/*/index.ts): drafts, etag-guarded minimal
// JSON Patches, publish and enable/disable, waits through transitional states, and lost answers
// resolved by looking, never by sending twice. Each step is in the file named for it.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import type { Entity } from "../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "../kinds/kind";
import { inputsOf } from "../kinds/kind";
import { adoptEntity, planEntityAdoption } from "./adopt";
import { createEntity } from "./create";
import { deleteEntity } from "./delete";
import { diffEntity } from "./plan";
import { readEntity } from "./read";
import type { Store } from "./store";
import { updateEntity } from "./update";

/** The store of Flow Service entities of `kind`. */
export function flowServiceStore<I extends EntityInputs, O extends EntityOutputs & I>(kind: EntityKind<I, O>): Store<I, O> {
  const k = kind as unknown as EntityKind;
  return {
    diff: (olds, news) => diffEntity(k, olds, news),
    inputsOf: (outs) => inputsOf<I>(k, outs),
    planAdoption: (ctx, inputs) => planEntityAdoption(kind, ctx, inputs),
    create: (ctx, inputs) => createEntity(kind, ctx, inputs),
    adopt: (ctx, inputs, seen) => adoptEntity(kind, ctx, inputs, seen as Entity | undefined),
    read: async (ctx, id, props) => (await readEntity(k, ctx, id, props)) as { outs: O; inputs: I } | undefined,
    update: (ctx, id, olds, news) => updateEntity(kind, ctx, id, olds, news),
    delete: (ctx, id, props) => deleteEntity(k, ctx, id, props),
    describe: async (ctx, id, sandboxName) => (await ctx.client.getEntity(k.collection, id, { sandboxName }))?.state,
  };
}
