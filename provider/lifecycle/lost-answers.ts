// What to do when a write's outcome is unknown (no answer, a timeout, a 5xx): find out from the
// service whether it landed before doing anything again, so that nothing is created twice, nothing is
// taken from another resource, and nothing is left behind that the stack does not know about. The
// judge and the loop around a create (`createOnce`) are the same for every kind; how each store finds
// its candidates is its own (flow-service/lost-answers.ts, data-prep.ts, catalog.ts, schema-registry/).
import type { FlowServiceClient } from "../adobe/client";
import { FlowServiceError, TokenRequestError } from "../adobe/errors";
import type { Entity } from "../adobe/types";
import type { LifecycleContext } from "./context";

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

/** An entity a create whose answer was lost may have made, as a store found it. */
export interface Candidate<F> {
  /** What the judge reads: its `id` and `createdAt` (epoch ms by the service's clock). */
  entity: Entity;
  /** The store's own form of it, given back when it is kept. */
  found: F;
}

/** A candidate whose judged fields are its id and creation time (epoch ms), and `name` when it has one. */
export const candidate = <F>(found: F, id: string, createdAt: unknown, name = ""): Candidate<F> => ({
  entity: { id, name, state: "", etag: "", createdAt } as Entity,
  found,
});

/** What `createOnce` takes from a store's lifecycle context: the client, the settle time and this run's claims. */
export const lookupsOf = (ctx: LifecycleContext, sandboxName: string) => ({
  sandboxName,
  client: ctx.client,
  recovery: ctx.recovery,
  isClaimed: (id: string) => ctx.claims.isClaimed(sandboxName, id),
});

/** What a store tells `createOnce` of the error that ends a look, or of none (the create is sent once more). */
export interface LostCreateLook<F> {
  verdict: Exclude<CreateRecovery, { kind: "adopt" }>;
  /** The error of this try, and of the first try whose answer was lost. */
  err: Error;
  first: FlowServiceError;
  attempt: number;
  candidates: Candidate<F>[];
}

/** How one store's create is kept from being made twice: the request, and how the entity it made is found. */
export interface CreateOnceOptions<A, F> {
  sandboxName: string;
  client: Pick<FlowServiceClient, "calibrateClock" | "clock">;
  recovery: RecoveryOptions;
  /** Whether another resource of this run holds the entity. */
  isClaimed: (id: string) => boolean;
  /** Sends the create once. */
  send: () => Promise<A>;
  /** The entities a create of this declaration would have made, whenever made: the store's natural key. */
  findCandidates: () => Promise<Candidate<F>[]>;
  /** Among several made meanwhile, whether this one holds exactly the declaration. */
  exactly?: (found: F) => boolean;
  /** An answer to a later try saying an earlier one landed (the Registry's XDM-1521): looked for again, without waiting. */
  landedMeanwhile?: (err: unknown) => boolean;
  /**
   * Judged from the first try's send, with no upper bound (a title is unique, so whichever try made it is this
   * create's); by default each try is judged in its own window.
   */
  sinceFirstTry?: boolean;
  /** The error to throw when the look itself failed; by default the look's own error. */
  searchFailed?: (lost: Error, searchErr: unknown) => Error;
  /** The error that ends the create when nothing is kept; undefined sends it once more. */
  refuse: (look: LostCreateLook<F>) => Error | undefined;
}

/**
 * A create never sent blindly twice, for every store: after an unknown outcome (`isUnknownOutcome`) the store's
 * candidates are looked at, after the settle time; one made while the request was under way by the service's clock
 * and held by no resource of this run is kept (`judgeCreateRecovery`), else `refuse` says whether to stop or send once
 * more. Returns the create's answer, or the candidate kept. Throws what `refuse` or
 * `searchFailed` give, and any error that is not an unknown outcome as it is.
 */
export async function createOnce<A, F>(o: CreateOnceOptions<A, F>): Promise<{ sent: A } | { kept: F }> {
  const { client } = o;
  const firstSent = Date.now();
  let first: FlowServiceError | undefined;
  for (let attempt = 1; ; attempt++) {
    const sentAt = Date.now();
    try {
      return { sent: await o.send() };
    } catch (err) {
      const landed = first !== undefined && (o.landedMeanwhile?.(err) ?? false);
      if (!landed && !isUnknownOutcome(err)) throw err;
      first ??= err as FlowServiceError;
      let candidates: Candidate<F>[];
      let verdict: CreateRecovery;
      try {
        if (!landed) await settle(o.recovery);
        candidates = await o.findCandidates();
        // The Date header has whole seconds: before judging creation times, narrow the clock to ~the round trip.
        if (candidates.some((c) => !o.isClaimed(c.entity.id))) await client.calibrateClock(CLOCK_PROBES, { sandboxName: o.sandboxName });
        const answeredAt = (err as FlowServiceError).answeredAt;
        const window = o.sinceFirstTry
          ? { from: client.clock.earliestServiceTime(firstSent) }
          : { from: client.clock.earliestServiceTime(sentAt), to: answeredAt === undefined ? undefined : answeredAt + 1000 };
        const foundOf = (e: Entity) => candidates.find((c) => c.entity === e)!.found;
        const exactly = o.exactly;
        verdict = judgeCreateRecovery(
          candidates.map((c) => c.entity),
          window,
          o.isClaimed,
          exactly && ((e) => exactly(foundOf(e))),
        );
      } catch (searchErr) {
        throw o.searchFailed ? o.searchFailed(err as Error, searchErr) : searchErr;
      }
      if (verdict.kind === "adopt") {
        const kept = verdict.flow;
        return { kept: candidates.find((c) => c.entity === kept)!.found };
      }
      const refusal = o.refuse({ verdict, err: err as Error, first, attempt, candidates });
      if (refusal) throw refusal;
    }
  }
}
