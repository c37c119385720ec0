import { DEFAULT_RETRY, parseRetryAfter, retryDelayMs, shouldRetry } from "../provider/adobe/retry-policy";

describe("shouldRetry", () => {
  it.each([
    ["POST", 429, false, true],
    ["PATCH", 429, false, true],
    ["GET", 503, false, true],
    ["DELETE", 502, false, true],
    ["PATCH", 504, true, true],
    ["PATCH", 504, false, false],
    ["POST", 503, false, false],
    ["POST", undefined, false, false],
    ["GET", undefined, false, true],
    // A 500 can be transient (Adobe's troubleshooting guide): retried for calls safe to repeat.
    ["GET", 500, false, true],
    ["DELETE", 500, false, true],
    ["PATCH", 500, true, true],
    ["POST", 500, false, false],
    ["GET", 404, false, false],
    ["GET", 401, false, false],
  ])("%s with %s (If-Match %s) → %s", (method, status, hasIfMatch, expected) => {
    expect(shouldRetry({ method: method as string, status: status as number | undefined, hasIfMatch: hasIfMatch as boolean })).toBe(
      expected,
    );
  });

  it("repeats even a create when the connection was refused (nothing was sent)", () => {
    expect(shouldRetry({ method: "POST", hasIfMatch: false, notSent: true })).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  it("draws full jitter under a capped exponential ceiling", () => {
    expect(retryDelayMs(1, undefined, DEFAULT_RETRY, () => 0.999)).toBe(499);
    expect(retryDelayMs(3, undefined, DEFAULT_RETRY, () => 0.5)).toBe(1000);
    expect(retryDelayMs(20, undefined, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(retryDelayMs(2, undefined, DEFAULT_RETRY, () => 0)).toBe(0);
  });

  it("lets Retry-After win, within the cap", () => {
    expect(retryDelayMs(1, 7000, DEFAULT_RETRY, () => 0)).toBe(7000);
    expect(retryDelayMs(1, 3_600_000, DEFAULT_RETRY, () => 0)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});
