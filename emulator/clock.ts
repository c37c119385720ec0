// The emulated service's clock. It can run ahead of or behind this machine's, as a real service's
// does: `createdAt`/`updatedAt` and the `Date` response header come from it, so clients that judge
// the service's timestamps must learn its time from `Date` (RFC 9110 §6.6.1), not assume their own.

export class EmulatorClock {
  constructor(private offsetMs = 0) {}

  /** Epoch ms on the service's clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Sets how far the service's clock runs ahead of this machine's (negative: behind). */
  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
