// Transitional states. After a write a flow can pass through `updating`, `initializing`,
// `disabling` or `delete-finalizing`, and the service refuses calls made meanwhile (1420, 1421,
// 1422, 1457, 1458); its `lastOperation` tells the progress. How long this lasts is not documented.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
// The provider waits, bounded and with backoff, printing progress, before its next call, and reads
// a transitional state as the state it leads to, so a refresh shows no phantom change.
import type { FlowServiceClient } from "../../adobe/client";
import { answered } from "../../adobe/error-codes";
import type { FlowServiceError } from "../../adobe/errors";
import type { Entity, EntityCollection } from "../../adobe/types";
import type { LifecycleContext } from "../context";
import { isTransitional } from "./state-machine";

/** A call the service refused because of the entity's current (possibly transitional) state (error-codes.ts `busy`). */
export function isStateRefusal(err: unknown): err is FlowServiceError {
  return answered(err, "busy");
}

/** Refused because the entity is being deleted (error-codes.ts `deleteInProgress`). */
export function isDeleteInProgress(err: unknown): boolean {
  return answered(err, "deleteInProgress");
}

/** How the lifecycle waits: aep:settleTimeoutSeconds, printing progress. */
export function settleOptions(ctx: LifecycleContext): SettleOptions {
  return { timeoutMs: ctx.settleTimeoutMs, notice: ctx.notice, sleep: ctx.recovery.sleep };
}

export interface SettleOptions {
  /** The longest the provider waits for a flow to settle, in ms (aep:settleTimeoutSeconds). */
  timeoutMs: number;
  notice: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** First wait between reads, doubled up to 10 s. */
  firstDelayMs?: number;
}

/**
 * Reads the entity until it is in a settled state; undefined once it is gone. Throws when it is
 * still transitional after the timeout, saying what to do.
 */
export async function waitUntilSettled<T extends Entity = Entity>(
  client: FlowServiceClient,
  collection: EntityCollection,
  id: string,
  sandboxName: string,
  what: string,
  opts: SettleOptions,
): Promise<T | undefined> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  let delay = opts.firstDelayMs ?? 500;
  for (;;) {
    const flow = await client.getEntity<T>(collection, id, { sandboxName });
    if (!flow || !isTransitional(flow.state)) return flow;
    const elapsed = Date.now() - started;
    const progress = (flow.lastOperation as { percentCompleted?: unknown } | undefined)?.percentCompleted;
    if (elapsed >= opts.timeoutMs) {
      throw new Error(
        `${what} is still ${flow.state}${typeof progress === "number" ? ` (${progress}% done)` : ""} after ${Math.round(elapsed / 1000)} s. ` +
          "Nothing more was sent. Run the command again once the service has finished (or raise aep:settleTimeoutSeconds).",
      );
    }
    opts.notice(
      `${what} is ${flow.state}${typeof progress === "number" ? ` (${progress}% done)` : ""}; waiting for it to settle (${Math.round(elapsed / 1000)} s so far, at most ${Math.round(opts.timeoutMs / 1000)} s)`,
    );
    await sleep(Math.min(delay, Math.max(0, opts.timeoutMs - elapsed)));
    delay = Math.min(delay * 2, 10_000);
  }
}
