// The service's clock, as far as its `Date` response headers tell it. Recovery after a lost create
// answer must judge "was this flow created after my request was sent?" on the clock that stamped the
// flow's `createdAt` (the service's), not on this machine's, which may be minutes off.

/**
 * Bounds of the offset between the service's clock and this machine's, from `Date` headers (RFC
 * 9110 §6.6.1: when the response was generated, truncated to whole seconds).
 *
 * A response generated at service time `g`, with `D <= g < D + 1000`, was generated between the
 * local send time `s` and receive time `r` of its request; so `D - r < offset < D + 1000 - s`.
 * Each response narrows the interval; a probe sent when the local clock is just past where the
 * interval's midpoint puts a service second boundary halves it (see `nextProbeDelay`).
 */
export class ServiceClock {
  private lower = -Infinity;
  private upper = Infinity;

  /** Records one response's `Date` header; `sentAtMs`/`receivedAtMs` are local epoch ms. */
  observe(dateHeader: string | undefined, sentAtMs: number | undefined, receivedAtMs: number): void {
    if (!dateHeader) return;
    const serviceMs = Date.parse(dateHeader);
    if (Number.isNaN(serviceMs)) return;
    const lower = serviceMs - receivedAtMs;
    const upper = serviceMs + 1000 - (sentAtMs ?? receivedAtMs - 60_000);
    if (lower >= this.upper || upper <= this.lower) {
      // Inconsistent with what was seen before: a clock (ours or theirs) was adjusted. Start over.
      this.lower = lower;
      this.upper = upper;
      return;
    }
    this.lower = Math.max(this.lower, lower);
    this.upper = Math.min(this.upper, upper);
  }

  /** True once at least one response carried a readable `Date` header. */
  get known(): boolean {
    return Number.isFinite(this.lower);
  }

  /** How uncertain the offset still is, in ms (Infinity while unknown). */
  get uncertaintyMs(): number {
    return this.upper - this.lower;
  }

  /**
   * The earliest service time (epoch ms) that local time `localMs` can correspond to, or undefined
   * while the service's time is unknown. Anything the service stamped before it happened before `localMs`.
   */
  earliestServiceTime(localMs: number): number | undefined {
    return this.known ? localMs + this.lower : undefined;
  }

  /**
   * How long to wait (ms from `nowMs`) before sending a probe whose `Date` header splits the
   * current interval in two: the local instant at which, if the offset were the interval's midpoint,
   * the service's clock would just have turned a second. Pure arithmetic; undefined while unknown.
   */
  nextProbeDelay(nowMs: number, halfRoundTripMs = 0): number | undefined {
    if (!this.known || !Number.isFinite(this.upper)) return undefined;
    const mid = (this.lower + this.upper) / 2;
    const boundary = Math.ceil((nowMs + mid + halfRoundTripMs + 20) / 1000) * 1000;
    return Math.max(0, boundary - mid - nowMs - halfRoundTripMs);
  }
}
