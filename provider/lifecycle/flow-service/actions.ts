// The actions a Flow Service entity's declared state needs — publish (a draft's one way out),
// enable, disable (flows only) — sent in order after a create or a PATCH, each with its lost answer
// resolved (lost-answers.ts) and its refusals that come from the entity's state waited out. When
// one fails after something has landed, the failure says exactly what landed, so the stack records
// it and the next `pulumi up` finishes the job.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
import { answered } from "../../adobe/error-codes";
import type { FlowAction } from "../../adobe/types";
import { PartialFailureError } from "../../errors";
import type { EntityInputs, EntityKind, EntityOutputs } from "../../kinds/kind";
import { label } from "../../kinds/kind";
import type { LifecycleContext } from "../context";
import { entityGone, explainPublishRefusal, explainWrite } from "../explain";
import { actionWithRecovery } from "./lost-answers";
import { outputsFromKnown, withAction } from "./plan";
import { fromRemote } from "./read";
import { isDeleteInProgress, isStateRefusal, settleOptions, waitUntilSettled } from "./settling";
import { planActions } from "./state-machine";

type Outs = EntityOutputs & { enabled?: boolean };
type Ins = EntityInputs & { enabled?: boolean };

/**
 * Sends the actions in order, keeping `known` true after each. When one fails after something has
 * landed (`done`: what did), the failure carries the entity's id and what landed, so Pulumi records
 * it (a partial failure) and the next `pulumi up` finishes the job.
 */
export async function runActions(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  start: Outs,
  news: Ins,
  actions: FlowAction[],
  done: string[],
): Promise<Outs> {
  const sandboxName = start.sandboxName;
  let known = start;
  for (const action of actions) {
    try {
      known = await actionWhenSettled(kind, ctx, id, action, known, news);
    } catch (err) {
      const order =
        action === "publish"
          ? await explainPublishRefusal(kind, ctx.client, news, err, label(kind, news.name, id, sandboxName), "publish")
          : undefined;
      const reason = order ?? (explainWrite(kind, err, news.name, id, sandboxName, action) as Error);
      // Nothing landed yet: a plain failure keeps the state as it was.
      if (done.length === 0) throw reason;
      throw new PartialFailureError(
        id,
        outputsFromKnown(known, news) as unknown as Record<string, unknown>,
        `${label(kind, news.name, id, sandboxName)}: ${done.join(", ")} succeeded, but ${action} failed: ${reason.message} ` +
          `The stack records what landed (state ${known.state}, etag ${known.etag}); fix the cause, then run \`pulumi up\` again to finish.`,
      );
    }
    done.push(action);
  }
  return known;
}

/**
 * One action, with refusals that come from the entity's state handled: refused while it is
 * updating or initializing (1420-1422), or because it is already where the action leads (someone
 * disabled or published it in the AEP UI: 1422, 1444), the provider reads it, waits until it
 * settles, and sends the action again only if the settled state still needs it. Returns what the
 * entity is afterwards.
 */
async function actionWhenSettled(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  action: FlowAction,
  known: Outs,
  news: Ins,
): Promise<Outs> {
  const sandboxName = known.sandboxName;
  const what = label(kind, news.name, id, sandboxName);
  try {
    const result = await actionWithRecovery(kind, ctx.client, id, action, sandboxName, ctx.recovery, news.name);
    const base = result.read ? fromRemote(kind, result.read, known) : known;
    return withAction(base, action, result.etag);
  } catch (err) {
    if (!isStateRefusal(err) && !answered(err, "notInExpectedState")) throw err;
    if (isDeleteInProgress(err)) throw entityGone(kind, news.name, id, sandboxName, `${action} (it is being deleted: delete-finalizing)`);
    const remote = await waitUntilSettled(ctx.client, kind.collection, id, sandboxName, what, settleOptions(ctx));
    if (!remote) throw entityGone(kind, news.name, id, sandboxName, action);
    const settled = fromRemote(kind, remote, known);
    // Settled, the entity may already be where the action leads (someone did it); then nothing is sent.
    if (!planActions(settled, news, kind.canDisable).includes(action)) return settled;
    const result = await actionWithRecovery(kind, ctx.client, id, action, sandboxName, ctx.recovery, news.name);
    return withAction(settled, action, result.etag);
  }
}
