// What to do when a write's outcome is unknown (no answer, a timeout, a 5xx): find out from the
// service whether it landed before doing anything again, so that nothing is created twice, nothing is
// taken from another resource, and nothing is left behind that the stack does not know about. The
// judge is the same for every kind; how each store looks is its own (flow-service/lost-answers.ts,
// data-prep.ts).
import { FlowServiceError, TokenRequestError } from "../adobe/errors";
import type { Entity } from "../adobe/types";

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

/** Probes that bring the clock's uncertainty from a second to about the round-trip time (1000 / 2^4 ≈ 60 ms). */
export const CLOCK_PROBES = 4;

export type CreateRecovery =
  { kind: "adopt"; flow: Entity } | { kind: "resend" } | { kind: "ambiguous"; candidates: Entity[]; why: string };

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
 * After a create whose answer was lost: which of the matching entities, if any, is the one it made.
 * Pure. Only one stamped within the window, held by no resource of this run, can be it; among
 * several, one whose patchable properties are exactly the declared ones (two resources may share a
 * name and connections) is preferred. When the service's time is unknown, any match means "cannot tell".
 */
export function judgeCreateRecovery(
  matches: Entity[],
  window: CreateWindow,
  isClaimed: (id: string) => boolean,
  exactly?: (entity: Entity) => boolean,
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
  const exact = exactly ? fresh.filter(exactly) : [];
  if (exact.length === 1) return { kind: "adopt", flow: exact[0] };
  return { kind: "ambiguous", candidates: fresh, why: "several were created while the request was under way" };
}
