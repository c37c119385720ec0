// The retry policy (retry-policy.ts) plugged into axios through axios-retry.
import { AxiosError, AxiosInstance, isAxiosError } from "axios";
import axiosRetry from "axios-retry";
import { AttemptOutcome, RetryOptions, parseRetryAfter, retryDelayMs, shouldRetry } from "./retry-policy";

export { DEFAULT_RETRY } from "./retry-policy";
export type { RetryOptions } from "./retry-policy";

export interface RetryHooks {
  onRetry?: (attempt: number, outcome: AttemptOutcome, delayMs: number) => void;
}

/** Plugs `policy` (by default the Flow Service's, method-aware) into `http`. */
export function attachRetry(
  http: AxiosInstance,
  opts: RetryOptions,
  hooks: RetryHooks = {},
  policy: (outcome: AttemptOutcome) => boolean = shouldRetry,
): void {
  const outcomeOf = (error: AxiosError): AttemptOutcome => ({
    method: error.config?.method ?? "GET",
    status: error.response?.status,
    hasIfMatch: Boolean(error.config?.headers?.["If-Match"]),
    notSent: error.code === "ECONNREFUSED",
  });
  axiosRetry(http, {
    retries: opts.retries,
    shouldResetTimeout: true,
    // An error thrown before the request left (a refused write, see beforeWrite) is not retried.
    retryCondition: (error) => isAxiosError(error) && !isCancel(error) && policy(outcomeOf(error)),
    retryDelay: (attempt, error) => {
      const header = error.response?.headers?.["retry-after"];
      const delay = retryDelayMs(attempt, parseRetryAfter(typeof header === "string" ? header : undefined, Date.now()), opts);
      hooks.onRetry?.(attempt, outcomeOf(error), delay);
      return delay;
    },
  });
}

function isCancel(error: AxiosError): boolean {
  return error.code === "ERR_CANCELED";
}
