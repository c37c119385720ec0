// The API calls behind each provider operation. Planning is done by plan.ts; this file sends what
// the plan says, keeps the etag chain, and resolves conflicts and unknown outcomes (recovery.ts)
// without losing or duplicating anything.
import { isDeepStrictEqual } from "node:util";
import type { FlowServiceClient } from "../sdk/client";
import { FlowServiceError } from "../sdk/errors";
import type { Flow, PatchOperation } from "../sdk/types";
import { ConcurrentEditError, FlowGoneError, PartialFailureError } from "./errors";
import { adoptedOutputs, adoptionProblems } from "./adopt";
import { inputsOf, outputsFromFlow, pulumiOnlyFields } from "./mapping";
import { PatchableDocument, patchableDocument, planUpdate, resultingState } from "./plan";
import { RecoveryOptions, actionWithRecovery, createWithoutDuplicates, isUnknownOutcome, label, settle } from "./recovery";
import { DataflowInputs, DataflowOutputs, PATCHABLE_PROPERTIES } from "./types";

export type { RecoveryOptions };

export async function createDataflow(
  client: FlowServiceClient,
  inputs: DataflowInputs,
  recovery: RecoveryOptions,
): Promise<{ id: string; outs: DataflowOutputs }> {
  const sandboxName = inputs.sandboxName;
  const created = await createWithoutDuplicates(client, inputs, recovery);
  // A flow created without mode=draft starts enabled; the declared `enabled: false` needs one more call.
  const outs: DataflowOutputs = { ...inputs, etag: created.etag, state: inputs.draft ? "draft" : "enabled" };
  if (!inputs.draft && !inputs.enabled) {
    try {
      const etag = await actionWithRecovery(client, created.id, "disable", sandboxName, recovery);
      return { id: created.id, outs: { ...outs, etag, state: "disabled" } };
    } catch (err) {
      throw new PartialFailureError(
        created.id,
        { ...outs, enabled: true },
        `${label(inputs.name, created.id, sandboxName)} was created and is enabled, but disabling it failed: ${(err as Error).message}. ` +
          "It is saved in the stack; run `pulumi up` again to disable it.",
      );
    }
  }
  return { id: created.id, outs };
}

/**
 * Create by adoption: read the existing flow, refuse if it is not the declared one (flow spec,
 * connections), then bring it to the declared inputs with one etag-guarded PATCH and the needed
 * actions, exactly as an update would (none when it already matches).
 */
export async function adoptDataflow(
  client: FlowServiceClient,
  inputs: DataflowInputs & { adoptId: string },
  recovery: RecoveryOptions,
  /** The flow as already read in this run (by check), to save a GET. */
  alreadyRead?: Flow,
): Promise<{ id: string; outs: DataflowOutputs }> {
  const flow = alreadyRead ?? (await client.getFlow(inputs.adoptId, { sandboxName: inputs.sandboxName }));
  const problems = adoptionProblems(flow, inputs);
  if (problems.length) throw new Error(`${label(inputs.name, inputs.adoptId, inputs.sandboxName)} cannot be adopted: ${problems.join("; ")}.`);
  const before = adoptedOutputs(flow!, inputs);
  const outs = await updateDataflow(client, flow!.id, before, inputs, recovery);
  return { id: flow!.id, outs: { ...outs, ...(before.createdAt ? { createdAt: before.createdAt } : {}) } };
}

/** Refresh: the flow as the API has it now, or `undefined` when it was deleted outside Pulumi. */
export async function readDataflow(
  client: FlowServiceClient,
  id: string,
  props: DataflowOutputs,
): Promise<{ outs: DataflowOutputs; inputs: DataflowInputs } | undefined> {
  const flow = await client.getFlow(id, { sandboxName: props.sandboxName });
  if (!flow) return undefined;
  const outs = { ...outputsFromFlow(flow, props), ...pulumiOnlyFields(props) };
  return { outs, inputs: inputsOf(outs) };
}

/** Etags are quoted strings (`"7e05b480-…"`); anything else in state was damaged or hand-edited. */
export function isWellFormedEtag(etag: unknown): etag is string {
  return typeof etag === "string" && /^"[^"\s]{1,128}"$/.test(etag);
}

export async function updateDataflow(
  client: FlowServiceClient,
  id: string,
  olds: DataflowOutputs,
  news: DataflowInputs,
  recovery: RecoveryOptions,
): Promise<DataflowOutputs> {
  const sandboxName = olds.sandboxName;
  const plan = planUpdate(olds, news);
  if (plan.patch.length > 0 && !isWellFormedEtag(olds.etag)) {
    throw new Error(
      `${label(news.name, id, sandboxName)}: the stack holds no valid etag for this flow (${JSON.stringify(olds.etag)}), ` +
        "so it cannot be changed safely. Nothing was sent. Run `pulumi refresh` to read the flow again, then `pulumi up`.",
    );
  }
  let etag = olds.etag;
  // What the flow looks like at each step, for the state saved if a later step fails.
  let current: DataflowOutputs = { ...olds };
  const steps: string[] = [];
  if (plan.patch.length > 0) {
    etag = await patchSafely(client, id, olds, news, plan.patch, recovery);
    current = { ...current, ...patchedFields(news), etag };
    steps.push("patch");
  }
  for (const action of plan.actions) {
    try {
      etag = await actionWithRecovery(client, id, action, sandboxName, recovery);
    } catch (err) {
      // Nothing changed yet: a plain failure keeps the old state as it is.
      if (steps.length === 0) throw err;
      throw new PartialFailureError(
        id,
        { ...current, etag },
        `${label(news.name, id, sandboxName)}: ${steps.join(", ")} succeeded, but ${action} failed: ${(err as Error).message}. ` +
          "The stack records what was done; run `pulumi up` again to finish.",
      );
    }
    steps.push(action);
    const state = action === "disable" ? "disabled" : "enabled";
    current = { ...current, etag, state, draft: false, enabled: state === "enabled" };
  }
  return {
    ...news,
    etag,
    state: resultingState(news.draft, news.enabled),
    // Writes answer only {id, etag}: updatedAt is known again at the next refresh, not guessed here.
    ...(olds.createdAt ? { createdAt: olds.createdAt } : {}),
  };
}

function patchedFields(news: DataflowInputs): Partial<DataflowInputs> {
  return Object.fromEntries(PATCHABLE_PROPERTIES.map((p) => [p, news[p]]));
}

/**
 * PATCH guarded by the etag in state. On a 412, or when the outcome is unknown, the flow is read again:
 *  - it already holds the new values (an earlier attempt landed but its answer was lost): done;
 *  - it still holds the old values (only the etag moved, e.g. an enable/disable in the UI): retry once;
 *  - anything else is someone else's edit: stop, name the properties, and leave the flow alone.
 */
async function patchSafely(
  client: FlowServiceClient,
  id: string,
  olds: DataflowOutputs,
  news: DataflowInputs,
  patch: PatchOperation[],
  recovery: RecoveryOptions,
): Promise<string> {
  const sandboxName = olds.sandboxName;
  const conflictOrUnknown = (err: unknown) => (err instanceof FlowServiceError && err.status === 412) || isUnknownOutcome(err);
  try {
    return (await client.patchFlow(id, patch, olds.etag, { sandboxName })).etag;
  } catch (err) {
    if (!conflictOrUnknown(err)) throw err;
    if (isUnknownOutcome(err)) await settle(recovery);
  }
  const flow = await client.getFlow(id, { sandboxName });
  if (!flow) {
    throw new FlowGoneError(
      `${label(news.name, id, sandboxName)} was deleted outside Pulumi. Run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`,
    );
  }
  const remote = patchableDocument(outputsFromFlow(flow, olds));
  if (isDeepStrictEqual(remote, patchableDocument(news))) return flow.etag;
  const changed = changedPaths(patchableDocument(olds), remote);
  if (changed.length > 0) throw concurrentEdit(news, id, sandboxName, changed);
  try {
    return (await client.patchFlow(id, patch, flow.etag, { sandboxName })).etag;
  } catch (err) {
    if (err instanceof FlowServiceError && err.status === 412) {
      throw concurrentEdit(news, id, sandboxName, ["(the flow changed again while retrying)"]);
    }
    throw err;
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

/** Property paths (`name`, `scheduleParams.interval`, `transformations[0]`) that differ. */
export function changedPaths(before: PatchableDocument, after: PatchableDocument): string[] {
  const paths: string[] = [];
  for (const prop of PATCHABLE_PROPERTIES) {
    const b = before[prop];
    const a = after[prop];
    if (isDeepStrictEqual(b, a)) continue;
    if (prop === "scheduleParams" && a && b) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof typeof a>;
      for (const k of keys) if (!isDeepStrictEqual(a[k], b[k])) paths.push(`scheduleParams.${String(k)}`);
    } else if (prop === "transformations" && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((t, i) => isDeepStrictEqual(t, b[i]) || paths.push(`transformations[${i}]`));
    } else {
      paths.push(prop);
    }
  }
  return paths;
}

export async function deleteDataflow(client: FlowServiceClient, id: string, props: Pick<DataflowOutputs, "sandboxName">): Promise<void> {
  await client.deleteFlow(id, { sandboxName: props.sandboxName });
}
