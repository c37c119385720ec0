// A point in time as a program writes it: epoch seconds, or an ISO 8601 date with whole seconds
// (`"2030-01-01T00:00:00Z"`), kept in the form written so that a diff shows what the program says.
// The API takes epoch seconds. Pure.

/** Epoch seconds, or an ISO 8601 date with whole seconds. */
export type Time = number | string;

/** Epoch seconds of a `Time` (NaN for text that is neither). */
export function epochSeconds(t: Time): number {
  if (typeof t === "number") return t;
  const text = t.trim();
  if (/^\d+$/.test(text)) return Number(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) / 1000 : NaN;
}
