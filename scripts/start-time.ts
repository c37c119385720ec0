// The start time the demo and the benchmark give their flows, as each stack's `startTime`. The service refuses a
// new flow whose start time has passed (the sources catalogue's 1360), so it is computed from the clock, never
// written down; it is set once per stack, so every run of that stack sends the same one.

const DAY_MS = 86_400_000;

/**
 * 00:00 UTC of the day 365 days after `now` (epoch ms, default this machine's clock), as an ISO 8601 date with whole
 * seconds (`2031-01-01T00:00:00Z`), the form a Dataflow's `scheduleParams.startTime` takes: far enough ahead that
 * no run outlives it. https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors
 */
export function startTimeAYearAhead(now = Date.now()): string {
  return new Date((Math.floor(now / DAY_MS) + 365) * DAY_MS).toISOString().replace(".000Z", "Z");
}
