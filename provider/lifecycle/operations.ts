// The API calls behind each provider operation, the same for every entity kind (kinds/*.ts say
// what differs). Planning is pure (plan.ts, state-machine.ts); this file sends what the plan says,
// keeps the etag chain, tracks what the entity really is after every call (so a failure half-way
// records exactly what landed), and resolves conflicts and unknown outcomes (recovery.ts) without
// losing, duplicating or taking anything.
import type { FlowServiceClient } from "../adobe/client";
import { FlowServiceError } from "../adobe/errors";
import type { Entity, FlowAction, PatchOperation } from "../adobe/types";
import { adoptedOutputs, adoptionProblems, describeAdoption } from "./adopt";
import type { FlowClaims } from "./claims";
import { ConcurrentEditError, PartialFailureError, PatchRefusedError } from "../errors";
import { EntityInputs, EntityKind, EntityOutputs, inputsOf, label, pulumiOnlyFields, valueAt } from "../kinds/kind";
import { judgePatchConflict, outputsFromKnown, planUpdate, withAction, withPatched } from "./plan";
import { explainPublishRefusal } from "./publish-order";
import {
  RecoveryOptions,
  actionWithRecovery,
  createWithoutDuplicates,
  entityGone,
  explainNotFound,
  isUnknownOutcome,
  settle,
} from "./lost-answers";
import { SettleOptions, isDeleteInProgress, isStateRefusal, waitUntilSettled } from "./settling";
import { flagsOf } from "../kinds/entity";
import { isTransitional, planActions, planActionsAfterRead, settledTarget } from "./state-machine";

export type { RecoveryOptions };

/** What every operation needs: the client, recovery timing, this run's claims, and a line printer. */
export interface LifecycleContext {
  client: FlowServiceClient;
  recovery: RecoveryOptions;
  claims: FlowClaims;
  /** Prints a line the user sees in the Pulumi output (the provider's stderr). */
  notice: (line: string) => void;
  /** How long to wait for an entity in a transitional state to settle. */
  settleTimeoutMs: number;
  /** A flow or connection spec, read once per run (undefined when the service says it does not exist). */
  spec?: (collection: "flowSpecs" | "connectionSpecs", id: string, sandboxName: string) => Promise<unknown>;
}

type Outs = EntityOutputs & { enabled?: boolean };
type Ins = EntityInputs & { enabled?: boolean };

function settleOptions(ctx: LifecycleContext): SettleOptions {
  return { timeoutMs: ctx.settleTimeoutMs, notice: ctx.notice, sleep: ctx.recovery.sleep };
}

/** What a not-found entity's outputs carry after a refresh, until the next `up` replaces it (see runtime.ts). */
export const NOT_FOUND_STATE = "not-found";

/** Outputs from the entity as read, with what exists only on Pulumi's side carried over. */
function fromRemote(kind: EntityKind, remote: Entity, previous: Pick<Outs, "sandboxName"> & Partial<Outs>): Outs {
  return { ...kind.outputsFromRemote(remote, previous), ...pulumiOnlyFields(previous) };
}

/**
 * `read` without the values the service filled with its spec's declared defaults where `previous`
 * (the program) declared nothing (kind.ts `specDefaults`). The spec is read only when the read holds
 * such a value; a spec that cannot be read leaves `read` as it is.
 */
export async function withoutSpecDefaults(kind: EntityKind, ctx: LifecycleContext, read: Outs, previous: Partial<Outs>): Promise<Outs> {
  const rules = kind.specDefaults;
  if (!rules || !kind.spec || !ctx.spec || !rules.undeclared(read, previous)) return read;
  const spec = await ctx.spec(kind.spec.collection, kind.spec.id(read), read.sandboxName).catch(() => undefined);
  return spec ? rules.without(read, previous, spec as never) : read;
}

/** 403 2120 on a write: the answer Adobe gives a role that lacks one of the entity's access labels. */
function explainForbidden(kind: EntityKind, err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  if (err instanceof FlowServiceError && err.status === 403 && err.code === "FLOW-2120-403") {
    return new Error(
      `${label(kind, name, id, sandboxName)}: ${during} was refused (403 FLOW-2120-403, insufficient permissions). The ${kind.noun} most likely ` +
        "carries an access label that the role of these credentials lacks, and it still exists and runs. Nothing was changed. Use " +
        `credentials whose role has the ${kind.noun}'s labels, or ask an administrator to add the label to the role.`,
    );
  }
  return err;
}

function explain(kind: EntityKind, err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  return explainForbidden(kind, explainNotFound(kind, err, name, id, sandboxName, during), name, id, sandboxName, during);
}

export async function createEntity<I extends Ins, O extends Outs>(
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
  const known: Outs = created.recovered
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

/**
 * Create by adoption: read the existing entity, refuse if it is not the declared one (what cannot
 * be patched differs) or if another resource of this stack holds it, then bring it to the declared
 * inputs with one etag-guarded PATCH and the needed actions, exactly as an update would (none when
 * it already matches).
 */
export async function adoptEntity<I extends Ins, O extends Outs>(
  kind: EntityKind<I, O>,
  ctx: LifecycleContext,
  inputs: I & { adoptId: string },
  /** The entity as already read in this run (by check), to save a GET. */
  alreadyRead?: Entity,
): Promise<{ id: string; outs: O }> {
  const k = kind as unknown as EntityKind;
  const sandboxName = inputs.sandboxName;
  if (ctx.claims.get(sandboxName, inputs.adoptId) === "replacing") {
    // This create replaces the resource that adopted the entity: the replacement is a new one.
    ctx.notice(
      `${label(k, inputs.name, undefined, sandboxName)}: replaced, so a new ${k.noun} is created; adoptId ${inputs.adoptId} names the ${k.noun} being replaced, which is deleted afterwards.`,
    );
    return createEntity(kind, ctx, inputs);
  }
  const claim = ctx.claims.reserve(sandboxName, inputs.adoptId);
  if (claim !== undefined) {
    throw new Error(
      `${label(k, inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: another resource of this stack holds ${k.noun} ${inputs.adoptId} ` +
        `(a ${k.noun} can be held by one resource only). Remove adoptId from one of them; if you renamed a resource, give it ` +
        '`aliases: [{ name: "<old name>" }]` instead.',
    );
  }
  let remote: Entity | undefined;
  try {
    remote = alreadyRead ?? (await ctx.client.getEntity(k.collection, inputs.adoptId, { sandboxName }));
    const problems = adoptionProblems(k, remote, inputs);
    if (problems.length)
      throw new Error(`${label(k, inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: ${problems.join("; ")}.`);
    const before = await withoutSpecDefaults(k, ctx, adoptedOutputs(k, remote!, inputs) as Outs, inputs);
    const outs = await updateEntity(kind, ctx, remote!.id, before as O, inputs);
    // What adoption did, from the entity as it was read (check may not have been able to read it).
    return { id: remote!.id, outs: { ...outs, adoption: describeAdoption(k, remote!, inputs, before) } };
  } catch (err) {
    // Only a failure before anything landed gives the entity back; a partial failure keeps it claimed.
    if (!(err instanceof PartialFailureError)) ctx.claims.release(sandboxName, inputs.adoptId);
    if (err instanceof PatchRefusedError && remote) {
      const now = fromRemote(k, remote, { sandboxName });
      throw new Error(
        `${label(k, inputs.name, inputs.adoptId, sandboxName)} cannot be adopted as declared: the service refused to change ` +
          `${err.properties.join(", ")} in place (${err.answer}). Nothing was changed, and it was not adopted. Declare what it has now ` +
          `(${err.properties.map((p) => holding(k, now, p)).join(", ")}) so that adopting it needs no PATCH, or remove adoptId to create a new ${k.noun}.`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** Refresh: the entity as the API has it now, or `undefined` when the service answers it does not exist. */
export async function readEntity<I extends Ins, O extends Outs>(
  kind: EntityKind<I, O>,
  ctx: LifecycleContext,
  id: string,
  props: O,
): Promise<{ outs: O; inputs: I } | undefined> {
  const k = kind as unknown as EntityKind;
  const what = label(k, props.name, id, props.sandboxName);
  let remote = await ctx.client.getEntity(k.collection, id, { sandboxName: props.sandboxName });
  if (remote && isTransitional(remote.state)) {
    try {
      remote = await waitUntilSettled(ctx.client, k.collection, id, props.sandboxName, what, settleOptions(ctx));
    } catch (err) {
      // Still in transition after the wait: read it as the state it leads to, so the refresh shows no phantom change.
      ctx.notice(`${(err as Error).message.split(". Nothing more")[0]}; recorded as it will settle.`);
    }
  }
  if (!remote) return undefined;
  const target = settledTarget(remote.state, props.state);
  // Still being deleted after the wait (someone else's delete): it is gone, as far as the stack goes.
  if (target === "deleted") return undefined;
  ctx.claims.note(props.sandboxName, id, "seen");
  const outs = await withoutSpecDefaults(k, ctx, fromRemote(k, remote, props), props);
  if (target && target !== remote.state) {
    // Still in transition after the wait: recorded as the state it leads to, so no phantom change.
    const flags = flagsOf(target, props.enabled);
    outs.state = target;
    outs.draft = flags.draft;
    if ("enabled" in outs) outs.enabled = flags.enabled;
  }
  return { outs: outs as O, inputs: inputsOf<I>(k, outs) };
}

/** Etags are quoted strings (`"7e05b480-…"`); anything else in state was damaged or hand-edited. */
export function isWellFormedEtag(etag: unknown): etag is string {
  return typeof etag === "string" && /^"[^"\s]{1,128}"$/.test(etag);
}

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
 * Sends the actions in order, keeping `known` true after each. When one fails after something has
 * landed, the failure carries the entity's id and what landed, so Pulumi records it (a partial
 * failure) and the next `pulumi up` finishes the job.
 */
async function runActions(
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
      const reason = order ?? (explain(kind, err, news.name, id, sandboxName, action) as Error);
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

/** 1444 "… is not in expected state": a publish refused because the entity is no longer a draft. */
function isNotInExpectedState(err: unknown): boolean {
  return err instanceof FlowServiceError && err.status === 400 && err.code === "FLOW-1444-400";
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
    if (!isStateRefusal(err) && !isNotInExpectedState(err)) throw err;
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
    if (isPatchRefused(err)) throw patchRefused(kind, news, id, sandboxName, patch, olds, err);
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
      if (!conflictOrUnknown(err)) throw explain(kind, err, news.name, id, sandboxName, "the PATCH");
      if (isUnknownOutcome(err)) await settle(ctx.recovery);
      remote = await client.getEntity(kind.collection, id, { sandboxName });
    }
  }
  if (!remote) throw entityGone(kind, news.name, id, sandboxName, "the PATCH");
  const read = fromRemote(kind, remote, olds);
  const doc = (x: object) => x as Record<string, unknown>;
  const verdict = judgePatchConflict(kind.patch, doc(olds), doc(read), doc(news));
  if (verdict.kind === "landed") return { etag: remote.etag, remote: read };
  if (verdict.kind === "conflict") throw concurrentEdit(kind, news, id, sandboxName, verdict.paths);
  try {
    return { etag: (await client.patchEntity(kind.collection, id, patch, remote.etag, { sandboxName })).etag, remote: read };
  } catch (err) {
    if (err instanceof FlowServiceError && err.status === 412) {
      throw concurrentEdit(kind, news, id, sandboxName, [`(the ${kind.noun} changed again while retrying)`]);
    }
    if (isPatchRefused(err)) throw patchRefused(kind, news, id, sandboxName, patch, read, err);
    throw explain(kind, err, news.name, id, sandboxName, "the PATCH");
  }
}

/**
 * A PATCH refused for what it touches rather than for its values: a path the kind does not take
 * (the sources catalogue's 1365: Adobe documents only `/params/filters` on a source connection, and
 * no path at all on a target connection, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter),
 * or PATCH switched off for the connector (1445 "PATCH Connection Feature not enabled", and the
 * sources catalogue's 1300, https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors).
 * The whole PATCH is refused, so nothing changed; only a replacement can take the change.
 */
const PATCH_REFUSED = /^FLOW-(1365|1445|1300)-400$/;

export function isPatchRefused(err: unknown): err is FlowServiceError {
  return err instanceof FlowServiceError && err.status === 400 && PATCH_REFUSED.test(err.code ?? "");
}

/** `/name` → `name`, `/auth/params` → `auth.params`, `/transformations/0` → `transformations[0]`. */
function propertyOf(path: string): string {
  return path
    .split("/")
    .slice(1)
    .reduce((acc, key) => (/^\d+$/.test(key) ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), "");
}

/** What `holder` has for `property`, for a message: a string quoted, nothing as "no …", and never a write-only value. */
function holding(kind: EntityKind, holder: object, property: string): string {
  if (kind.writeOnly.some((w) => property === w || property.startsWith(`${w}.`))) return `${property} as it is (write-only, never shown)`;
  const value = valueAt(holder, property.replace(/\[(\d+)\]/g, ".$1"));
  if (value === undefined || value === null || value === "") return `no ${property}`;
  return `${property} ${JSON.stringify(value)}`;
}

function patchRefused(
  kind: EntityKind,
  news: Ins,
  id: string,
  sandboxName: string,
  patch: PatchOperation[],
  olds: object,
  err: FlowServiceError,
): PatchRefusedError {
  const properties = [...new Set(patch.map((op) => propertyOf(op.path)))];
  const answer = `HTTP ${err.status} ${err.code}: ${err.detail}`;
  const dependents = kind.collection === "flows" ? "" : "replaces the resources that take its id (and so their dataflows), ";
  return new PatchRefusedError(
    properties,
    answer,
    `${label(kind, news.name, id, sandboxName)}: the service refused to change ${properties.join(", ")} in place (${answer}). ` +
      `Nothing was changed. Either undo the change in the program (the ${kind.noun} still has ${properties.map((p) => holding(kind, olds, p)).join(", ")}), ` +
      `or replace the ${kind.noun}: \`pulumi up --replace <urn>\` (URNs: \`pulumi stack --show-urns\`) creates a new one with these values, ` +
      `${dependents}then deletes this one.`,
  );
}

function concurrentEdit(kind: EntityKind, news: Ins, id: string, sandboxName: string, changed: string[]): ConcurrentEditError {
  return new ConcurrentEditError(
    id,
    changed,
    `${label(kind, news.name, id, sandboxName)} was changed outside Pulumi since the last update (${changed.join(", ")}); ` +
      "nothing was sent, so that edit is kept. Run `pulumi refresh` to take it into the stack, review it, " +
      "then run `pulumi up` again.",
  );
}

/**
 * `DELETE /{collection}/{id}`, unless another resource of this run holds the entity: a resource
 * renamed without an alias adopts the entity under its new name before the old name is deleted,
 * and that delete must not take the live entity with it.
 */
export async function deleteEntity(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  props: Pick<EntityOutputs, "sandboxName" | "name">,
): Promise<void> {
  const held = ctx.claims.heldByAnother(props.sandboxName, id);
  if (held) {
    ctx.notice(
      `${label(kind, props.name, id, props.sandboxName)}: removed from the stack but NOT deleted, because another resource of this ` +
        `stack ${held === "held" ? "holds it" : `${held} it in this run`}. To rename a resource without this detour, give it ` +
        '`aliases: [{ name: "<old name>" }]`.',
    );
    return;
  }
  const sandboxName = props.sandboxName;
  const what = label(kind, props.name, id, sandboxName);
  try {
    await ctx.client.deleteEntity(kind.collection, id, { sandboxName });
  } catch (err) {
    if (isStillInUse(err)) throw await stillInUse(kind, ctx, id, props, err);
    if (!isStateRefusal(err)) throw explainForbidden(kind, err, props.name, id, sandboxName, "the DELETE");
    // Someone else's delete is under way (1458), or the entity is mid-transition (1421): wait it out.
    const remote = await waitUntilSettled(ctx.client, kind.collection, id, sandboxName, what, settleOptions(ctx));
    if (remote) await ctx.client.deleteEntity(kind.collection, id, { sandboxName });
  }
}

/**
 * A DELETE refused because something still uses the entity: 1418 "the base connection is being used
 * in one or more flows", 1447 "Found active flows containing id …". The delete tutorial says to
 * delete what uses it first (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete).
 */
function isStillInUse(err: unknown): err is FlowServiceError {
  return err instanceof FlowServiceError && err.status === 400 && /^FLOW-(1418|1447)-400$/.test(err.code ?? "");
}

/**
 * The refusal, naming what uses the entity (Adobe's message does not: it is looked up, one page per
 * kind of user) and what to do. Nothing was deleted: Pulumi keeps the resource.
 */
async function stillInUse(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  props: Pick<EntityOutputs, "sandboxName" | "name">,
  err: FlowServiceError,
): Promise<Error> {
  const sandboxName = props.sandboxName;
  let users: string;
  try {
    const found: string[] = [];
    for (const where of kind.usedBy?.users(id) ?? []) {
      const page = await ctx.client.listEntities(where.collection, { property: [where.filter] }, { sandboxName });
      for (const e of page.items) found.push(`${where.noun} ${e.id}${e.name ? ` (${JSON.stringify(e.name)})` : ""}`);
    }
    users = found.length
      ? `it is still used by ${found.join(", ")}`
      : "the service says it is still in use, but nothing using it was found (a dataflow deleted moments ago may still hold it: wait a minute and run the command again)";
  } catch (lookupErr) {
    users = `it is still in use (${err.detail}; looking up what uses it failed: ${(lookupErr as Error).message})`;
  }
  const input = kind.usedBy ? ` (e.g. \`${kind.usedBy.asInput}\`)` : "";
  return new Error(
    `${label(kind, props.name, id, sandboxName)} cannot be deleted: ${users}. The service refused the DELETE (HTTP ${err.status} ${err.code}), ` +
      "so nothing was deleted and it stays in the stack. Delete what uses it first: a resource of this stack is deleted before this one " +
      `when it takes this one's id as an input${input}; anything else in the AEP UI. Then run the command again. To leave the ` +
      `${kind.noun} in AEP and only drop it from the stack, run \`pulumi state delete <urn>\` (URNs: \`pulumi stack --show-urns\`).`,
    { cause: err },
  );
}
