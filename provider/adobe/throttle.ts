// Client-side adaptive rate limiting, shared by every client of a process that talks to the same
// endpoint (the Pulumi engine runs all Dataflows of a stack through one provider process, up to
// --parallel at a time). Unlimited until the first 429; then requests are paced at a rate just below
// what the service accepted in the last second, raised slowly until the next 429 (multiplicative
// decrease, gradual increase, as in the AWS SDKs' adaptive retry mode), and released after a quiet spell. Throttled requests are retried
// by retry.ts; this keeps them rare instead of letting every caller hammer the limit.

export interface AdaptiveRateOptions {
  /** Rate after a 429, as a share of the rate the service accepted in the last second. */
  beta: number;
  /** How fast the allowed rate grows again: this share of itself per second (at least 0.5 requests/s per s). */
  growthPerSecond: number;
  minRate: number;
  /** Back to unlimited after this long without a 429. */
  releaseAfterMs: number;
}

export const DEFAULT_ADAPTIVE: AdaptiveRateOptions = { beta: 0.9, growthPerSecond: 0.1, minRate: 0.5, releaseAfterMs: 10_000 };

export class AdaptiveRateLimiter {
  /** Allowed requests per second; Infinity until the service first throttles. */
  private rate = Infinity;
  private nextStart = 0;
  private lastChange = 0;
  private lastDecrease = -Infinity;
  private accepted: number[] = [];

  constructor(
    private readonly opts: AdaptiveRateOptions = DEFAULT_ADAPTIVE,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  get currentRate(): number {
    return this.rate;
  }

  /** Waits for this request's turn. */
  async acquire(): Promise<void> {
    if (this.rate === Infinity) return;
    const t = this.now();
    if (t - this.lastDecrease > this.opts.releaseAfterMs) {
      this.rate = Infinity;
      return;
    }
    this.rate += ((t - this.lastChange) / 1000) * Math.max(0.5, this.rate * this.opts.growthPerSecond);
    this.lastChange = t;
    const start = Math.max(t, this.nextStart);
    this.nextStart = start + 1000 / this.rate;
    if (start > t) await this.sleep(start - t);
  }

  onAccepted(): void {
    const t = this.now();
    this.accepted.push(t);
    while (this.accepted.length && t - this.accepted[0] >= 1000) this.accepted.shift();
  }

  onThrottled(): void {
    const t = this.now();
    // Concurrent requests answered 429 together are one signal, not several.
    if (t - this.lastDecrease < 1000) return;
    while (this.accepted.length && t - this.accepted[0] >= 1000) this.accepted.shift();
    const acceptedRate = Math.max(this.accepted.length, this.opts.minRate);
    this.rate = Math.max(this.opts.minRate, Math.min(this.rate, acceptedRate) * this.opts.beta);
    this.lastDecrease = t;
    this.lastChange = t;
    this.nextStart = Math.max(this.nextStart, t);
  }
}

const shared = new Map<string, AdaptiveRateLimiter>();

/** One limiter per endpoint for the whole process. */
export function sharedLimiter(endpoint: string): AdaptiveRateLimiter {
  let limiter = shared.get(endpoint);
  if (!limiter) shared.set(endpoint, (limiter = new AdaptiveRateLimiter()));
  return limiter;
}
