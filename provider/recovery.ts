// What to do when a write's outcome is unknown (no answer, a timeout, a 5xx): find out from the
// API whether it landed before doing anything again, so that nothing is created twice and nothing is
// left behind that the stack does not know about.
import { isDeepStrictEqual } from "node:util";
import type { FlowServiceClient } from "../sdk/client";
import { FlowServiceError } from "../sdk/errors";
import type { Flow, FlowAction, WriteResult } from "../sdk/types";
import { toCreateRequest } from "./mapping";
import type { DataflowInputs } from "./types";

/** Clocks of the client and the Flow Service may differ; a create is looked for from this much earlier. */
export const CLOCK_SKEW_MS = 10 * 60_000;

export interface RecoveryOptions {
  /** Wait before looking, so a request still being processed can land first. */
  settleMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Waits the settle time before looking at what an ambiguous request did. */
export function settle(opts: RecoveryOptions): Promise<void> {
  return (opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(opts.settleMs);
}

/** Long enough for a request that timed out on our side to finish on the server's, within reason. */
export function settleTimeFor(timeoutMs: number): number {
  return Math.min(10_000, Math.max(1_000, timeoutMs));
}

/** No answer, or a server error: the request may or may not have been processed. */
export function isUnknownOutcome(err: unknown): err is FlowServiceError {
  return err instanceof FlowServiceError && (err.status === undefined || err.status >= 500);
}

export function label(name: string, id: string | undefined, sandboxName: string): string {
  return id ? `Dataflow "${name}" (flow ${id}, sandbox ${sandboxName})` : `Dataflow "${name}" (sandbox ${sandboxName})`;
}

/** Whether `flow` is the one a create of `inputs` would have made. Pure. */
export function matchesDeclared(flow: Flow, inputs: DataflowInputs): boolean {
  return (
    flow.name === inputs.name &&
    isDeepStrictEqual(flow.flowSpec, inputs.flowSpec) &&
    isDeepStrictEqual(flow.sourceConnectionIds, inputs.sourceConnectionIds) &&
    isDeepStrictEqual(flow.targetConnectionIds, inputs.targetConnectionIds) &&
    (inputs.draft ? flow.state === "draft" : flow.state !== "draft")
  );
}

/** Flows matching `inputs` created since `sinceMs` (epoch ms), in the inputs' sandbox. */
export async function findCreatedFlows(client: FlowServiceClient, inputs: DataflowInputs, sinceMs: number): Promise<Flow[]> {
  const found: Flow[] = [];
  const query = { property: [`flowSpec.id==${inputs.flowSpec.id}`, `createdAt>=${sinceMs}`] };
  for await (const flow of client.listAllFlows(query, { sandboxName: inputs.sandboxName })) {
    if (matchesDeclared(flow, inputs)) found.push(flow);
  }
  return found;
}

/**
 * `POST /flows` without ever making two flows. When the outcome is unknown, the sandbox is searched
 * for the flow (same name, flow spec, connections and draft state, created since just before the
 * request); one match is adopted, none means the create did not land and it is sent once more.
 */
export async function createWithoutDuplicates(
  client: FlowServiceClient,
  inputs: DataflowInputs,
  opts: RecoveryOptions,
): Promise<WriteResult & { adopted: boolean }> {
  const sinceMs = Date.now() - CLOCK_SKEW_MS;
  const what = label(inputs.name, undefined, inputs.sandboxName);
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await client.createFlow(toCreateRequest(inputs), { draft: inputs.draft, sandboxName: inputs.sandboxName })), adopted: false };
    } catch (err) {
      if (!isUnknownOutcome(err)) throw err;
      await settle(opts);
      const found = await findCreatedFlows(client, inputs, sinceMs);
      if (found.length === 1) return { id: found[0].id, etag: found[0].etag, adopted: true };
      if (found.length > 1) {
        throw new Error(
          `${what}: the create's answer was lost (${err.message}), and ${found.length} matching flows exist: ` +
            `${found.map((f) => f.id).join(", ")}. Nothing was added to the stack. Delete the extra flows in the sandbox ` +
            "(AEP UI, or DELETE /flows/{id}), keeping at most one, then run `pulumi up` again.",
        );
      }
      if (attempt >= 2) {
        throw new Error(
          `${what}: the create failed twice without a clear answer (${err.message}), and no matching flow was found ` +
            "in the sandbox, so nothing was added to the stack. Run `pulumi up` again; if a flow with this name " +
            "appears in the sandbox meanwhile, delete it first.",
        );
      }
    }
  }
}

const ACTION_TARGET: Record<FlowAction, string> = { publish: "enabled", enable: "enabled", disable: "disabled" };

/**
 * `POST /flows/{id}/action?op=…` with its unknown outcomes resolved: the flow is read again; if it
 * is already in the action's target state the action landed, otherwise it is sent once more.
 */
export async function actionWithRecovery(
  client: FlowServiceClient,
  id: string,
  action: FlowAction,
  sandboxName: string,
  opts: RecoveryOptions,
): Promise<string> {
  try {
    return (await client.flowAction(id, action, { sandboxName })).etag;
  } catch (err) {
    if (!isUnknownOutcome(err)) throw err;
    await settle(opts);
    const flow = await client.getFlow(id, { sandboxName });
    if (!flow) throw err;
    if (flow.state === ACTION_TARGET[action]) return flow.etag;
    return (await client.flowAction(id, action, { sandboxName })).etag;
  }
}
