// The API calls behind each provider operation. Planning is pure (plan.ts); this file sends what the
// plan says, keeps the etag chain, tracks what the flow really is after every call (so a failure
// half-way records exactly what landed), and resolves conflicts and unknown outcomes (recovery.ts)
// without losing, duplicating or taking anything.
import type { FlowServiceClient } from "../sdk/client";
import { FlowServiceError } from "../sdk/errors";
import type { Flow, FlowAction, PatchOperation } from "../sdk/types";
import { adoptedOutputs, adoptionProblems, describeAdoption } from "./adopt";
import type { FlowClaims } from "./claims";
import { ConcurrentEditError, PartialFailureError } from "./errors";
import { inputsOf, outputsFromFlow, pulumiOnlyFields } from "./mapping";
import { judgePatchConflict, outputsFromKnown, planActions, planActionsAfterRead, planUpdate, withAction, withPatched } from "./plan";
import {
  RecoveryOptions,
  actionWithRecovery,
  createWithoutDuplicates,
  explainNotFound,
  flowGone,
  isUnknownOutcome,
  label,
  settle,
} from "./recovery";
import { SettleOptions, isDeleteInProgress, isStateRefusal, isTransitional, settledTarget, waitUntilSettled } from "./settling";
import { DataflowInputs, DataflowOutputs } from "./types";

export type { RecoveryOptions };

/** What every operation needs: the client, recovery timing, this run's claims, and a line printer. */
export interface LifecycleContext {
  client: FlowServiceClient;
  recovery: RecoveryOptions;
  claims: FlowClaims;
  /** Prints a line the user sees in the Pulumi output (the provider's stderr). */
  notice: (line: string) => void;
  /** How long to wait for a flow in a transitional state to settle. */
  settleTimeoutMs: number;
}

function settleOptions(ctx: LifecycleContext): SettleOptions {
  return { timeoutMs: ctx.settleTimeoutMs, notice: ctx.notice, sleep: ctx.recovery.sleep };
}

/** What a not-found flow's outputs carry after a refresh, until the next `up` replaces it (see runtime.ts). */
export const NOT_FOUND_STATE = "not-found";

/** 403 2120 on a flow's write: the answer Adobe gives a role that lacks one of the flow's access labels. */
function explainForbidden(err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  if (err instanceof FlowServiceError && err.status === 403 && err.code === "FLOW-2120-403") {
    return new Error(
      `${label(name, id, sandboxName)}: ${during} was refused (403 FLOW-2120-403, insufficient permissions). The flow most likely ` +
        "carries an access label that the role of these credentials lacks, and it still exists and runs. Nothing was changed. Use " +
        "credentials whose role has the flow's labels, or ask an administrator to add the label to the role.",
    );
  }
  return err;
}

export async function createDataflow(ctx: LifecycleContext, inputs: DataflowInputs): Promise<{ id: string; outs: DataflowOutputs }> {
  const sandboxName = inputs.sandboxName;
  const created = await createWithoutDuplicates(ctx.client, inputs, ctx.recovery, ctx.claims);
  ctx.claims.note(sandboxName, created.id, created.recovered ? "recovered" : "created");
  if (created.recovered) {
    ctx.notice(
      `${label(inputs.name, created.id, sandboxName)}: the create's answer was lost; the flow it made was found and is kept (no second flow was created).`,
    );
  }
  // A flow created without mode=draft starts enabled; a recovered one is as it was read.
  const known: DataflowOutputs = created.recovered
    ? { ...outputsFromFlow(created.recovered, inputs), ...pulumiOnlyFields(inputs) }
    : { ...inputs, etag: created.etag, state: inputs.draft ? "draft" : "enabled", enabled: inputs.draft ? inputs.enabled : true };
  const outs = await runActions(ctx, created.id, known, inputs, planActions(known, inputs), ["create"]);
  return { id: created.id, outs: outputsFromKnown(outs, inputs) };
}

/**
 * Create by adoption: read the existing flow, refuse if it is not the declared one (flow spec,
 * connections) or if another resource of this stack holds it, then bring it to the declared inputs
 * with one etag-guarded PATCH and the needed actions, exactly as an update would (none when it
 * already matches).
 */
export async function adoptDataflow(
  ctx: LifecycleContext,
  inputs: DataflowInputs & { adoptId: string },
  /** The flow as already read in this run (by check), to save a GET. */
  alreadyRead?: Flow,
): Promise<{ id: string; outs: DataflowOutputs }> {
  const sandboxName = inputs.sandboxName;
  if (ctx.claims.get(sandboxName, inputs.adoptId) === "replacing") {
    // This create replaces the resource that adopted the flow: the replacement is a new flow.
    ctx.notice(
      `${label(inputs.name, undefined, sandboxName)}: replaced, so a new flow is created; adoptId ${inputs.adoptId} names the flow being replaced, which is deleted afterwards.`,
    );
    return createDataflow(ctx, inputs);
  }
  const claim = ctx.claims.reserve(sandboxName, inputs.adoptId);
  if (claim !== undefined) {
    throw new Error(
      `${label(inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: another resource of this stack holds flow ${inputs.adoptId} ` +
        "(a flow can be held by one resource only). Remove adoptId from one of them; if you renamed a resource, give it " +
        '`aliases: [{ name: "<old name>" }]` instead.',
    );
  }
  try {
    const flow = alreadyRead ?? (await ctx.client.getFlow(inputs.adoptId, { sandboxName }));
    const problems = adoptionProblems(flow, inputs);
    if (problems.length) throw new Error(`${label(inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: ${problems.join("; ")}.`);
    const before = adoptedOutputs(flow!, inputs);
    const outs = await updateDataflow(ctx, flow!.id, before, inputs);
    // What adoption did, from the flow as it was read (check may not have been able to read it).
    return { id: flow!.id, outs: { ...outs, adoption: describeAdoption(flow!, inputs) } };
  } catch (err) {
    // Only a failure before anything landed gives the flow back; a partial failure keeps it claimed.
    if (!(err instanceof PartialFailureError)) ctx.claims.release(sandboxName, inputs.adoptId);
    throw err;
  }
}

/** Refresh: the flow as the API has it now, or `undefined` when the service answers it does not exist. */
export async function readDataflow(
  ctx: LifecycleContext,
  id: string,
  props: DataflowOutputs,
): Promise<{ outs: DataflowOutputs; inputs: DataflowInputs } | undefined> {
  const what = label(props.name, id, props.sandboxName);
  let flow = await ctx.client.getFlow(id, { sandboxName: props.sandboxName });
  if (flow && isTransitional(flow.state)) {
    try {
      flow = await waitUntilSettled(ctx.client, id, props.sandboxName, what, settleOptions(ctx));
    } catch (err) {
      // Still in transition after the wait: read it as the state it leads to, so the refresh shows no phantom change.
      ctx.notice(`${(err as Error).message.split(". Nothing more")[0]}; recorded as it will settle.`);
    }
  }
  if (!flow) return undefined;
  ctx.claims.note(props.sandboxName, id, "seen");
  const outs = { ...outputsFromFlow(flow, props), ...pulumiOnlyFields(props) };
  const target = settledTarget(flow.state, props.state);
  if (target && target !== "deleted" && target !== flow.state) {
    outs.draft = target === "draft";
    if (!outs.draft) outs.enabled = target !== "disabled";
  }
  return { outs, inputs: inputsOf(outs) };
}

/** Etags are quoted strings (`"7e05b480-…"`); anything else in state was damaged or hand-edited. */
export function isWellFormedEtag(etag: unknown): etag is string {
  return typeof etag === "string" && /^"[^"\s]{1,128}"$/.test(etag);
}

export async function updateDataflow(
  ctx: LifecycleContext,
  id: string,
  olds: DataflowOutputs,
  news: DataflowInputs,
): Promise<DataflowOutputs> {
  const sandboxName = olds.sandboxName;
  const plan = planUpdate(olds, news);
  if (plan.patch.length > 0 && !isWellFormedEtag(olds.etag)) {
    throw new Error(
      `${label(news.name, id, sandboxName)}: the stack holds no valid etag for this flow (${JSON.stringify(olds.etag)}), ` +
        "so it cannot be changed safely. Nothing was sent. Run `pulumi refresh` to read the flow again, then `pulumi up`.",
    );
  }
  // What the flow is, as far as this update knows: the state, then each write's effect or a read.
  let known: DataflowOutputs = { ...olds };
  let actions = plan.actions;
  if (plan.patch.length > 0) {
    const patched = await patchSafely(ctx, id, olds, news, plan.patch);
    if (patched.remote) {
      known = patched.remote;
      actions = planActionsAfterRead(olds, known, news);
    }
    known = withPatched(known, news, patched.etag);
  }
  const done = plan.patch.length > 0 ? ["PATCH"] : [];
  return outputsFromKnown(await runActions(ctx, id, known, news, actions, done), news);
}

/**
 * Sends the actions in order, keeping `known` true after each. When one fails after something has
 * landed, the failure carries the flow's id and what landed, so Pulumi records it (a partial
 * failure) and the next `pulumi up` finishes the job.
 */
async function runActions(
  ctx: LifecycleContext,
  id: string,
  start: DataflowOutputs,
  news: DataflowInputs,
  actions: FlowAction[],
  done: string[],
): Promise<DataflowOutputs> {
  const sandboxName = start.sandboxName;
  let known = start;
  for (const action of actions) {
    try {
      known = await actionWhenSettled(ctx, id, action, known, news);
    } catch (err) {
      const reason = explainForbidden(
        explainNotFound(err, news.name, id, sandboxName, action),
        news.name,
        id,
        sandboxName,
        action,
      ) as Error;
      // Nothing landed yet: a plain failure keeps the state as it was.
      if (done.length === 0) throw reason;
      throw new PartialFailureError(
        id,
        outputsFromKnown(known, news) as unknown as Record<string, unknown>,
        `${label(news.name, id, sandboxName)}: ${done.join(", ")} succeeded, but ${action} failed: ${reason.message} ` +
          `The stack records what landed (state ${known.state}, etag ${known.etag}); fix the cause, then run \`pulumi up\` again to finish.`,
      );
    }
    done.push(action);
  }
  return known;
}

/** 1444 "Flow … is not in expected state": a publish refused because the flow is no longer a draft. */
function isNotInExpectedState(err: unknown): boolean {
  return err instanceof FlowServiceError && err.status === 400 && err.code === "FLOW-1444-400";
}

/**
 * One action, with refusals that come from the flow's state handled: refused while the flow is
 * updating or initializing (1420-1422), or because it is already where the action leads (someone
 * disabled or published it in the AEP UI: 1422, 1444), the provider reads the flow, waits until it
 * settles, and sends the action again only if the settled state still needs it. Returns what the
 * flow is afterwards.
 */
async function actionWhenSettled(
  ctx: LifecycleContext,
  id: string,
  action: FlowAction,
  known: DataflowOutputs,
  news: DataflowInputs,
): Promise<DataflowOutputs> {
  const sandboxName = known.sandboxName;
  const what = label(news.name, id, sandboxName);
  try {
    const result = await actionWithRecovery(ctx.client, id, action, sandboxName, ctx.recovery, news.name);
    const base = result.read ? { ...outputsFromFlow(result.read, known), ...pulumiOnlyFields(known) } : known;
    return withAction(base, action, result.etag);
  } catch (err) {
    if (!isStateRefusal(err) && !isNotInExpectedState(err)) throw err;
    if (isDeleteInProgress(err)) throw flowGone(news.name, id, sandboxName, `${action} (it is being deleted: delete-finalizing)`);
    const flow = await waitUntilSettled(ctx.client, id, sandboxName, what, settleOptions(ctx));
    if (!flow) throw flowGone(news.name, id, sandboxName, action);
    const settled = { ...outputsFromFlow(flow, known), ...pulumiOnlyFields(known) };
    // Settled, the flow may already be where the action leads (someone did it); then nothing is sent.
    if (!planActions(settled, news).includes(action)) return settled;
    const result = await actionWithRecovery(ctx.client, id, action, sandboxName, ctx.recovery, news.name);
    return withAction(settled, action, result.etag);
  }
}

/**
 * PATCH guarded by the etag in state. On a 412, or when the outcome is unknown, the flow is read
 * again and judged (plan.ts `judgePatchConflict`): landed, retried once with the new etag, or
 * refused as someone else's edit. Returns the new etag, and the flow as read when a read was needed.
 */
async function patchSafely(
  ctx: LifecycleContext,
  id: string,
  olds: DataflowOutputs,
  news: DataflowInputs,
  patch: PatchOperation[],
): Promise<{ etag: string; remote?: DataflowOutputs }> {
  const { client } = ctx;
  const sandboxName = olds.sandboxName;
  const conflictOrUnknown = (err: unknown) => (err instanceof FlowServiceError && err.status === 412) || isUnknownOutcome(err);
  let flow: Flow | undefined;
  try {
    return { etag: (await client.patchFlow(id, patch, olds.etag, { sandboxName })).etag };
  } catch (err) {
    if (isDeleteInProgress(err)) throw flowGone(news.name, id, sandboxName, "the PATCH (it is being deleted: delete-finalizing)");
    if (isStateRefusal(err)) {
      // Refused while updating or disabling (1420): wait, then judge the settled flow as after a 412.
      flow = await waitUntilSettled(client, id, sandboxName, label(news.name, id, sandboxName), settleOptions(ctx));
    } else {
      if (!conflictOrUnknown(err))
        throw explainForbidden(explainNotFound(err, news.name, id, sandboxName, "the PATCH"), news.name, id, sandboxName, "the PATCH");
      if (isUnknownOutcome(err)) await settle(ctx.recovery);
      flow = await client.getFlow(id, { sandboxName });
    }
  }
  if (!flow) throw flowGone(news.name, id, sandboxName, "the PATCH");
  const remote = { ...outputsFromFlow(flow, olds), ...pulumiOnlyFields(olds) };
  const verdict = judgePatchConflict(olds, remote, news);
  if (verdict.kind === "landed") return { etag: flow.etag, remote };
  if (verdict.kind === "conflict") throw concurrentEdit(news, id, sandboxName, verdict.paths);
  try {
    return { etag: (await client.patchFlow(id, patch, flow.etag, { sandboxName })).etag, remote };
  } catch (err) {
    if (err instanceof FlowServiceError && err.status === 412) {
      throw concurrentEdit(news, id, sandboxName, ["(the flow changed again while retrying)"]);
    }
    throw explainForbidden(explainNotFound(err, news.name, id, sandboxName, "the PATCH"), news.name, id, sandboxName, "the PATCH");
  }
}

function concurrentEdit(news: DataflowInputs, id: string, sandboxName: string, changed: string[]): ConcurrentEditError {
  return new ConcurrentEditError(
    id,
    changed,
    `${label(news.name, id, sandboxName)} was changed outside Pulumi since the last update (${changed.join(", ")}); ` +
      "nothing was sent, so that edit is kept. Run `pulumi refresh` to take it into the stack, review it, " +
      "then run `pulumi up` again.",
  );
}

/**
 * `DELETE /flows/{id}`, unless another resource of this run holds the flow: a resource renamed
 * without an alias adopts the flow under its new name before the old name is deleted, and that
 * delete must not take the live flow with it.
 */
export async function deleteDataflow(
  ctx: LifecycleContext,
  id: string,
  props: Pick<DataflowOutputs, "sandboxName" | "name">,
): Promise<void> {
  const held = ctx.claims.heldByAnother(props.sandboxName, id);
  if (held) {
    ctx.notice(
      `${label(props.name, id, props.sandboxName)}: removed from the stack but NOT deleted, because another resource of this ` +
        `stack ${held === "held" ? "holds it" : `${held} it in this run`}. To rename a resource without this detour, give it ` +
        '`aliases: [{ name: "<old name>" }]`.',
    );
    return;
  }
  const sandboxName = props.sandboxName;
  const what = label(props.name, id, sandboxName);
  try {
    await ctx.client.deleteFlow(id, { sandboxName });
  } catch (err) {
    if (!isStateRefusal(err)) throw explainForbidden(err, props.name, id, sandboxName, "the DELETE");
    // Someone else's delete is under way (1458), or the flow is mid-transition (1421): wait it out.
    const flow = await waitUntilSettled(ctx.client, id, sandboxName, what, settleOptions(ctx));
    if (flow) await ctx.client.deleteFlow(id, { sandboxName });
  }
}
