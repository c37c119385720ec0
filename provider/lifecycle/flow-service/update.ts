// How a Flow Service entity changes: one minimal JSON Patch guarded by the etag the stack holds
// (`If-Match`), a 412 or a lost answer judged from a read (landed, retried once, or someone else's
// edit, never overwritten), then the actions its declared state needs (actions.ts).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
import { FlowServiceError } from "../../adobe/errors";
import { answered } from "../../adobe/error-codes";
import type { Entity, PatchOperation } from "../../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "../../kinds/kind";
import { label } from "../../kinds/kind";
import { runActions } from "./actions";
import type { LifecycleContext } from "../context";
import { concurrentEdit, entityGone, explainWrite, patchRefused } from "../explain";
import { isWellFormedEtag } from "../guards";
import { isUnknownOutcome, settle } from "../lost-answers";
import { judgePatchConflict, outputsFromKnown, planUpdate, withPatched } from "./plan";
import { fromRemote } from "./read";
import { isDeleteInProgress, isStateRefusal, settleOptions, waitUntilSettled } from "./settling";
import { planActionsAfterRead } from "./state-machine";

type Outs = EntityOutputs & { enabled?: boolean };

type Ins = EntityInputs & { enabled?: boolean };

/** A Flow Service entity brought from `olds` to `news`: one guarded PATCH of what changed, then the actions. */
export async function updateEntity<I extends Ins, O extends Outs>(
  kind: EntityKind<I, O>,
  ctx: LifecycleContext,
  id: string,
  olds: O,
  news: I,
): Promise<O> {
  const k = kind as unknown as EntityKind;
  const sandboxName = olds.sandboxName;
  const plan = planUpdate(k, olds, news);
  if (plan.patch.length > 0 && !isWellFormedEtag(olds.etag)) {
    throw new Error(
      `${label(k, news.name, id, sandboxName)}: the stack holds no valid etag for this ${k.noun} (${JSON.stringify(olds.etag)}), ` +
        `so it cannot be changed safely. Nothing was sent. Run \`pulumi refresh\` to read the ${k.noun} again, then \`pulumi up\`.`,
    );
  }
  // What the entity is, as far as this update knows: the state, then each write's effect or a read.
  let known: Outs = { ...olds };
  let actions = plan.actions;
  if (plan.patch.length > 0) {
    const patched = await patchSafely(k, ctx, id, olds, news, plan.patch);
    if (patched.remote) {
      known = patched.remote;
      actions = planActionsAfterRead(olds, known, news, k.canDisable);
    }
    known = withPatched(k.patch, known, news, patched.etag);
  }
  const done = plan.patch.length > 0 ? ["PATCH"] : [];
  return outputsFromKnown(await runActions(k, ctx, id, known, news, actions, done), news) as O;
}

/**
 * PATCH guarded by the etag in state. On a 412, or when the outcome is unknown, the entity is read
 * again and judged (plan.ts `judgePatchConflict`): landed, retried once with the new etag, or
 * refused as someone else's edit. Returns the new etag, and the entity as read when a read was needed.
 */
async function patchSafely(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  olds: Outs,
  news: Ins,
  patch: PatchOperation[],
): Promise<{ etag: string; remote?: Outs }> {
  const { client } = ctx;
  const sandboxName = olds.sandboxName;
  const conflictOrUnknown = (err: unknown) => (err instanceof FlowServiceError && err.status === 412) || isUnknownOutcome(err);
  let remote: Entity | undefined;
  try {
    return { etag: (await client.patchEntity(kind.collection, id, patch, olds.etag, { sandboxName })).etag };
  } catch (err) {
    if (isDeleteInProgress(err)) throw entityGone(kind, news.name, id, sandboxName, "the PATCH (it is being deleted: delete-finalizing)");
    if (answered(err, "patchRefused")) throw patchRefused(kind, news, id, sandboxName, patch, olds, err as FlowServiceError);
    if (isStateRefusal(err)) {
      // Refused while updating or disabling (1420): wait, then judge the settled entity as after a 412.
      remote = await waitUntilSettled(
        client,
        kind.collection,
        id,
        sandboxName,
        label(kind, news.name, id, sandboxName),
        settleOptions(ctx),
      );
    } else {
      if (!conflictOrUnknown(err)) throw explainWrite(kind, err, news.name, id, sandboxName, "the PATCH");
      if (isUnknownOutcome(err)) await settle(ctx.recovery);
      remote = await client.getEntity(kind.collection, id, { sandboxName });
    }
  }
  if (!remote) throw entityGone(kind, news.name, id, sandboxName, "the PATCH");
  const read = fromRemote(kind, remote, olds);
  const doc = (x: object) => x as Record<string, unknown>;
  const verdict = judgePatchConflict(kind.patch, doc(olds), doc(read), doc(news));
  if (verdict.kind === "landed") return { etag: remote.etag, remote: read };
  if (verdict.kind === "conflict") throw concurrentEdit(kind, news.name, id, sandboxName, verdict.paths);
  try {
    return { etag: (await client.patchEntity(kind.collection, id, patch, remote.etag, { sandboxName })).etag, remote: read };
  } catch (err) {
    if (err instanceof FlowServiceError && err.status === 412) {
      throw concurrentEdit(kind, news.name, id, sandboxName, [`(the ${kind.noun} changed again while retrying)`]);
    }
    if (answered(err, "patchRefused")) throw patchRefused(kind, news, id, sandboxName, patch, read, err as FlowServiceError);
    throw explainWrite(kind, err, news.name, id, sandboxName, "the PATCH");
  }
}
