// What to do when a write's outcome is unknown (no answer, a timeout, a 5xx): find out from the
// API whether it landed before doing anything again, so that nothing is created twice, nothing is
// taken from another resource, and nothing is left behind that the stack does not know about.
import { isDeepStrictEqual } from "node:util";
import type { FlowServiceClient } from "../sdk/client";
import { FlowServiceError, TokenRequestError, isEntityNotFound } from "../sdk/errors";
import type { Flow, FlowAction } from "../sdk/types";
import type { FlowClaims } from "./claims";
import { FlowGoneError } from "./errors";
import { outputsFromFlow, toCreateRequest } from "./mapping";
import { judgePatchConflict } from "./plan";
import type { DataflowInputs } from "./types";

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

/**
 * No answer, or a server error: the request may or may not have been processed. A token that IMS
 * did not issue is not such a case: the request that needed it was never sent.
 */
export function isUnknownOutcome(err: unknown): err is FlowServiceError {
  return err instanceof FlowServiceError && !(err instanceof TokenRequestError) && (err.status === undefined || err.status >= 500);
}

export function label(name: string, id: string | undefined, sandboxName: string): string {
  return id ? `Dataflow "${name}" (flow ${id}, sandbox ${sandboxName})` : `Dataflow "${name}" (sandbox ${sandboxName})`;
}

/** Why a flow the stack holds answered "not found", and what to do: the message every path shares. */
export function flowGone(name: string, id: string, sandboxName: string, during: string): FlowGoneError {
  return new FlowGoneError(
    `${label(name, id, sandboxName)} was not found during ${during}: it was deleted outside Pulumi, or it carries an access ` +
      "label that the role of these credentials lacks (Adobe answers both with the same 404 FLOW-1439-404). Nothing was " +
      "changed. If it was deleted, run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again; " +
      "if it is labelled, use credentials whose role has the label.",
  );
}

/** A "flow not found" answer becomes the shared message; every other error passes through unchanged. */
export function explainNotFound(err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  return isEntityNotFound(err) ? flowGone(name, id, sandboxName, during) : err;
}

/** Whether `flow` is the one a create of `inputs` would have made. Pure. */
export function matchesDeclared(flow: Flow, inputs: DataflowInputs): boolean {
  return (
    flow.name === inputs.name &&
    isDeepStrictEqual({ id: flow.flowSpec?.id, version: flow.flowSpec?.version }, inputs.flowSpec) &&
    isDeepStrictEqual(flow.sourceConnectionIds, inputs.sourceConnectionIds) &&
    isDeepStrictEqual(flow.targetConnectionIds, inputs.targetConnectionIds) &&
    (inputs.draft ? flow.state === "draft" : flow.state !== "draft")
  );
}

/** Flows in the inputs' sandbox that a create of `inputs` would have made, whenever created. */
export async function findMatchingFlows(client: FlowServiceClient, inputs: DataflowInputs): Promise<Flow[]> {
  // Filtering on any property path, arrays with `[]`, is documented:
  // https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
  const query = { property: [`flowSpec.id==${inputs.flowSpec.id}`, `sourceConnectionIds[]==${inputs.sourceConnectionIds[0]}`] };
  const found: Flow[] = [];
  for await (const flow of client.listAllFlows(query, { sandboxName: inputs.sandboxName })) {
    if (matchesDeclared(flow, inputs)) found.push(flow);
  }
  return found;
}

/** Probes that bring the clock's uncertainty from a second to about the round-trip time (1000 / 2^4 ≈ 60 ms). */
export const CLOCK_PROBES = 4;

export type CreateRecovery = { kind: "adopt"; flow: Flow } | { kind: "resend" } | { kind: "ambiguous"; candidates: Flow[]; why: string };

/**
 * When the create can have landed, by the service's clock: not before the request was sent
 * (`from`, a lower bound), and, when the service answered (a 5xx), not after that answer (`to`:
 * a request answered with an error was done with by then). Without an answer, a late commit is
 * possible, so there is no upper bound.
 */
export interface CreateWindow {
  from?: number;
  to?: number;
}

/**
 * After a create whose answer was lost: which of the matching flows, if any, is the one it made.
 * Pure. Only a flow stamped within the window, held by no resource of this run, can be it; among
 * several, one whose patchable properties are exactly the declared ones (two resources may share a
 * name and connections) is preferred. When the service's time is unknown, any match means "cannot tell".
 */
export function judgeCreateRecovery(
  matches: Flow[],
  window: CreateWindow,
  isClaimed: (id: string) => boolean,
  inputs?: DataflowInputs,
): CreateRecovery {
  const unclaimed = matches.filter((f) => !isClaimed(f.id));
  if (unclaimed.length === 0) return { kind: "resend" };
  if (window.from === undefined) {
    return {
      kind: "ambiguous",
      candidates: unclaimed,
      why: "the service's clock is unknown (no Date header), so their creation times cannot be judged",
    };
  }
  const undated = unclaimed.filter((f) => typeof f.createdAt !== "number");
  if (undated.length) return { kind: "ambiguous", candidates: undated, why: "they carry no createdAt" };
  const fresh = unclaimed.filter(
    (f) => (f.createdAt as number) >= window.from! && (window.to === undefined || (f.createdAt as number) <= window.to),
  );
  if (fresh.length === 1) return { kind: "adopt", flow: fresh[0] };
  if (fresh.length === 0) return { kind: "resend" };
  const exact = inputs ? fresh.filter((f) => sameDeclaration(f, inputs)) : [];
  if (exact.length === 1) return { kind: "adopt", flow: exact[0] };
  return { kind: "ambiguous", candidates: fresh, why: "several were created while the request was under way" };
}

/** Whether the flow holds exactly the declared patchable values (in normal form), not only the same name and connections. */
export function sameDeclaration(flow: Flow, inputs: DataflowInputs): boolean {
  const read = outputsFromFlow(flow, inputs);
  return judgePatchConflict(read, read, inputs).kind === "landed";
}

/**
 * `POST /flows` without ever making two flows or taking another resource's. When the outcome is
 * unknown, the sandbox is searched for the flow (same name, flow spec, connections and draft state,
 * created while the request was under way by the service's clock, held by no resource of this run);
 * one match is adopted, none means the create did not land and it is sent once more, several stop the run.
 */
export async function createWithoutDuplicates(
  client: FlowServiceClient,
  inputs: DataflowInputs,
  opts: RecoveryOptions,
  claims: FlowClaims,
): Promise<{ id: string; etag: string; recovered?: Flow }> {
  const what = label(inputs.name, undefined, inputs.sandboxName);
  for (let attempt = 1; ; attempt++) {
    const sentAt = Date.now();
    try {
      return await client.createFlow(toCreateRequest(inputs), { draft: inputs.draft, sandboxName: inputs.sandboxName });
    } catch (err) {
      if (!isUnknownOutcome(err)) throw err;
      let verdict: CreateRecovery;
      try {
        await settle(opts);
        const matches = await findMatchingFlows(client, inputs);
        // The Date header has whole seconds: before judging creation times, narrow the clock to ~the round trip.
        if (matches.some((f) => !claims.isClaimed(inputs.sandboxName, f.id)))
          await client.calibrateClock(CLOCK_PROBES, { sandboxName: inputs.sandboxName });
        const window = {
          from: client.clock.earliestServiceTime(sentAt),
          to: err.answeredAt === undefined ? undefined : err.answeredAt + 1000,
        };
        verdict = judgeCreateRecovery(matches, window, (id) => claims.isClaimed(inputs.sandboxName, id), inputs);
      } catch (searchErr) {
        throw new Error(
          `${what}: the create's answer was lost (${err.message}), and looking for the flow it may have made failed ` +
            `(${(searchErr as Error).message}). Nothing was added to the stack, but the flow may exist: run ` +
            "`npx pulumi-aep-dataflows recover` (it brings the flow into the stack if it landed), then `pulumi up`.",
          { cause: searchErr },
        );
      }
      if (verdict.kind === "adopt") return { id: verdict.flow.id, etag: verdict.flow.etag, recovered: verdict.flow };
      if (verdict.kind === "ambiguous") {
        throw new Error(
          `${what}: the create's answer was lost (${err.message}), and it cannot be told which flow it made: ` +
            `${verdict.candidates.map((f) => `${f.id} (created ${stamp(f.createdAt)})`).join(", ")} match the declaration and ${verdict.why}. ` +
            "Nothing was added to the stack. Some of them may belong to another stack declaring the same flow in this sandbox. " +
            "Find which stack holds each (`pulumi stack export` in each stack), delete only those no stack holds " +
            "(AEP UI, or DELETE /flows/{id}), keeping at most one, then run `npx pulumi-aep-dataflows recover` and `pulumi up`.",
          { cause: err },
        );
      }
      if (attempt >= 2) {
        throw new Error(
          `${what}: the create failed twice without a clear answer (${err.message}), and no matching flow was found ` +
            "in the sandbox, so nothing was added to the stack. Run `npx pulumi-aep-dataflows recover` (it brings in a flow " +
            "that lands late), then `pulumi up`.",
          { cause: err },
        );
      }
    }
  }
}

function stamp(createdAt: unknown): string {
  return typeof createdAt === "number" ? new Date(createdAt).toISOString() : "at an unknown time";
}

const ACTION_TARGET: Record<FlowAction, string> = { publish: "enabled", enable: "enabled", disable: "disabled" };

/**
 * `POST /flows/{id}/action?op=…` with its unknown outcomes resolved: the flow is read again; if it
 * is already in the action's target state the action landed, otherwise it is sent once more.
 * Returns the new etag, and the flow as read when a read was needed.
 */
export async function actionWithRecovery(
  client: FlowServiceClient,
  id: string,
  action: FlowAction,
  sandboxName: string,
  opts: RecoveryOptions,
  name: string,
): Promise<{ etag: string; read?: Flow }> {
  try {
    return { etag: (await client.flowAction(id, action, { sandboxName })).etag };
  } catch (err) {
    if (!isUnknownOutcome(err)) throw err;
    await settle(opts);
    let flow: Flow | undefined;
    try {
      flow = await client.getFlow(id, { sandboxName });
    } catch (readErr) {
      throw new Error(
        `the ${action}'s answer was lost (${err.message}) and reading the flow back failed (${(readErr as Error).message}), so whether ` +
          `the ${action} landed is unknown. Run \`pulumi refresh\` (it reads the flow's real state), then \`pulumi up\`.`,
        { cause: readErr },
      );
    }
    if (!flow) throw flowGone(name, id, sandboxName, action);
    if (flow.state === ACTION_TARGET[action]) return { etag: flow.etag, read: flow };
    return { etag: (await client.flowAction(id, action, { sandboxName })).etag, read: flow };
  }
}
