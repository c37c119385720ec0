import { AdaptiveRateLimiter, DEFAULT_ADAPTIVE } from "../provider/adobe/throttle";

function fakeClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => (t += ms),
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(Math.round(ms));
      t += ms;
    },
  };
}

describe("AdaptiveRateLimiter", () => {
  it("does not pace anything before the service throttles", async () => {
    const c = fakeClock();
    const l = new AdaptiveRateLimiter(DEFAULT_ADAPTIVE, c.now, c.sleep);
    for (let i = 0; i < 50; i++) await l.acquire();
    expect(c.sleeps).toEqual([]);
    expect(l.currentRate).toBe(Infinity);
  });

  it("after a 429, paces just below the rate the service accepted in the last second", async () => {
    const c = fakeClock();
    const l = new AdaptiveRateLimiter(DEFAULT_ADAPTIVE, c.now, c.sleep);
    for (let i = 0; i < 10; i++) {
      l.onAccepted();
      c.advance(90);
    }
    l.onThrottled();
    expect(l.currentRate).toBeCloseTo(9, 5);
    await l.acquire();
    await l.acquire();
    await l.acquire();
    // About 111 ms apart (9/s), creeping up as the rate grows again.
    expect(c.sleeps).toHaveLength(2);
    c.sleeps.forEach((ms) => expect(ms).toBeGreaterThan(100));
    c.sleeps.forEach((ms) => expect(ms).toBeLessThanOrEqual(112));
  });

  it("treats 429s that arrive together as one signal", () => {
    const c = fakeClock();
    const l = new AdaptiveRateLimiter(DEFAULT_ADAPTIVE, c.now, c.sleep);
    for (let i = 0; i < 10; i++) l.onAccepted();
    l.onThrottled();
    l.onThrottled();
    l.onThrottled();
    expect(l.currentRate).toBeCloseTo(9, 5);
  });

  it("never drops below the minimum rate, and is released after a quiet spell", async () => {
    const c = fakeClock();
    const l = new AdaptiveRateLimiter(DEFAULT_ADAPTIVE, c.now, c.sleep);
    l.onThrottled();
    expect(l.currentRate).toBe(DEFAULT_ADAPTIVE.minRate);
    c.advance(DEFAULT_ADAPTIVE.releaseAfterMs + 1);
    await l.acquire();
    expect(l.currentRate).toBe(Infinity);
  });
});
