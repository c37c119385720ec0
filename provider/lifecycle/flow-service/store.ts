// The store of the Flow Service's entities — flows, base, source and target connections — one for
// all their kinds (each kind says what differs: kinds/*/index.ts): drafts, etag-guarded minimal
// JSON Patches, publish and enable/disable, waits through transitional states, and lost answers
// resolved by looking, never by sending twice. Each step is in the file named for it.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import type { Entity } from "../../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "../../kinds/kind";
import { inputsOf } from "../../kinds/kind";
import { adoptEntity, planEntityAdoption } from "./adopt";
import { createEntity } from "./create";
import { deleteEntity } from "./delete";
import { diffEntity } from "./plan";
import { readEntity } from "./read";
import type { LifecycleContext } from "../context";
import type { Store } from "../store";
import { updateEntity } from "./update";

/** The store of Flow Service entities of one kind. */
export class FlowServiceStore<I extends EntityInputs, O extends EntityOutputs & I> implements Store<I, O> {
  private readonly k: EntityKind;

  constructor(readonly kind: EntityKind<I, O>) {
    this.k = kind as unknown as EntityKind;
  }

  diff(olds: O, news: I) {
    return diffEntity(this.k, olds, news);
  }

  inputsOf(outs: O): I {
    return inputsOf<I>(this.k, outs);
  }

  planAdoption(ctx: LifecycleContext, inputs: I & { adoptId: string }) {
    return planEntityAdoption(this.kind, ctx, inputs);
  }

  create(ctx: LifecycleContext, inputs: I) {
    return createEntity(this.kind, ctx, inputs);
  }

  adopt(ctx: LifecycleContext, inputs: I & { adoptId: string }, seen: unknown) {
    return adoptEntity(this.kind, ctx, inputs, seen as Entity | undefined);
  }

  async read(ctx: LifecycleContext, id: string, props: O) {
    return (await readEntity(this.k, ctx, id, props)) as { outs: O; inputs: I } | undefined;
  }

  update(ctx: LifecycleContext, id: string, olds: O, news: I) {
    return updateEntity(this.kind, ctx, id, olds, news);
  }

  delete(ctx: LifecycleContext, id: string, props: O) {
    return deleteEntity(this.k, ctx, id, props);
  }

  async describe(ctx: LifecycleContext, id: string, sandboxName: string) {
    return (await ctx.client.getEntity(this.k.collection, id, { sandboxName }))?.state;
  }
}
