// Retry policy as pure functions (no HTTP library), plugged into axios by retry.ts.
// A 429 was not processed, so it is always safe to repeat. 500/502/503/504 and network errors leave the
// outcome unknown: only calls whose repetition cannot do harm are repeated (GET, DELETE, and a PATCH
// guarded by If-Match, which the server refuses with 412 if the first attempt did land). A bare POST
// (create, action) is never repeated on an unknown outcome: a second create would duplicate the flow.

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

export interface AttemptOutcome {
  method: string;
  /** undefined when no response arrived. */
  status?: number;
  hasIfMatch: boolean;
  /** The connection was refused, so the request never reached the server. */
  notSent?: boolean;
}

/**
 * Answers after which the request may or may not have been processed. 500 is among them: Adobe's
 * troubleshooting guide says a 500 can be transient and to retry
 * (https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting).
 */
const UNKNOWN_OUTCOME_STATUSES = new Set([500, 502, 503, 504]);

export function isSafeToRepeat(method: string, hasIfMatch: boolean): boolean {
  const m = method.toUpperCase();
  return m === "GET" || m === "DELETE" || (m === "PATCH" && hasIfMatch);
}

export function shouldRetry(outcome: AttemptOutcome): boolean {
  if (outcome.status === 429 || outcome.notSent) return true;
  const unknownOutcome = outcome.status === undefined || UNKNOWN_OUTCOME_STATUSES.has(outcome.status);
  return unknownOutcome && isSafeToRepeat(outcome.method, outcome.hasIfMatch);
}

/**
 * A token request to IMS may always be repeated: nothing was sent to the Flow Service yet, and a
 * second token does no harm. 429, 5xx and network failures are retried; 4xx answers (refused
 * credentials) are final.
 */
export function shouldRetryTokenRequest(outcome: AttemptOutcome): boolean {
  return outcome.status === undefined || outcome.status === 429 || outcome.status >= 500;
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Capped exponential backoff with full jitter (AWS "standard" retry): a random delay in
 * [0, min(cap, base·2^(attempt-1))]. A server's `Retry-After` takes precedence, capped likewise.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  opts: RetryOptions,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, opts.maxDelayMs);
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
