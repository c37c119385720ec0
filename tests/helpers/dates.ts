// Start times for the flows tests create. The service refuses a new flow whose start time has passed
// (the sources catalogue's 1360), and so do check and the emulator: a start time written as a date
// would make the tests fail once that date is reached. Every start (and end) time a new flow gets,
// and every value asserted from it, is derived from here. `npm run test:future-clock` runs the unit
// suite with the clock decades ahead (tests/helpers/future-clock.ts) to show that nothing is left.

/** Seconds in a UTC day. */
export const DAY_SECONDS = 86_400;

/**
 * 00:00 UTC of the day a year (366 days) after the day this module was loaded, by this process's clock (faked ahead
 * under `npm run test:future-clock`), in whole epoch seconds: fixed once per process, so every value a test derives
 * from it agrees, even across midnight; far enough ahead that no run outlives it.
 */
const BASE = (Math.floor(Date.now() / 1000 / DAY_SECONDS) + 366) * DAY_SECONDS;

/**
 * A start time a new flow may be given, in epoch seconds (a whole UTC day, well ahead of now); `daysLater` days later
 * for a second, later time (an end time, a moved start).
 */
export function futureStart(daysLater = 0): number {
  return BASE + daysLater * DAY_SECONDS;
}

/** {@link futureStart} in the ISO 8601 form the schedule also takes, e.g. `"2031-01-01T00:00:00Z"`. */
export function futureStartIso(daysLater = 0): string {
  return new Date(futureStart(daysLater) * 1000).toISOString().replace(".000Z", "Z");
}
