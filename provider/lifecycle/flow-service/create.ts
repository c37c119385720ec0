// How a Flow Service entity is made: `POST /{collection}` (with `mode=draft` for a draft) without
// ever making two (lost-answers.ts), then the actions its declared state needs (actions.ts).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import type { EntityInputs, EntityKind, EntityOutputs } from "../../kinds/kind";
import { label } from "../../kinds/kind";
import { runActions } from "./actions";
import type { LifecycleContext } from "../context";
import { createWithoutDuplicates } from "./lost-answers";
import { fromRemote } from "./read";
import { outputsFromKnown } from "./plan";
import { planActions } from "./state-machine";

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
