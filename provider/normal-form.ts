// Values as the Flow Service treats them: it stores values in the types its flow spec declares,
// so what a program sends and what a read returns can differ in form only (Adobe's examples show
// `mappingVersion` sent as 0 and read back as "0", `partialIngestionPercent` sent as "10" and read
// back as 10; schedule values come back as strings), and it returns `null`, `[]` and an absent key
// alike for a property nobody set. Comparisons go through `normalForm`, so that no difference of
// form ever becomes a diff or a PATCH. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
// https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial
import { isDeepStrictEqual } from "node:util";

const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The canonical form of a value: numbers and numeric strings become the same string, booleans and
 * "true"/"false" the same string, object keys are sorted, and keys whose value is `null`,
 * `undefined` or `[]` are dropped (the API does not tell them apart). Arrays keep their order.
 */
export function normalForm(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return NUMERIC.test(value.trim()) ? String(Number(value.trim())) : value;
  if (Array.isArray(value)) return value.map(normalForm);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = normalForm((value as Record<string, unknown>)[key]);
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

/** Whether two values are the same to the API. An absent value, `null` and `[]` are the same. */
export function sameToApi(a: unknown, b: unknown): boolean {
  const x = normalForm(a);
  const y = normalForm(b);
  const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
  if (empty(x) && empty(y)) return true;
  return isDeepStrictEqual(x, y);
}

/**
 * `remote` in the form the program declared it, when the two are the same to the API; otherwise
 * `remote` as read. Keeps the state in the program's types, so a refresh never shows a change of form.
 */
export function inDeclaredForm<T>(remote: T, declared: unknown): T {
  return declared !== undefined && sameToApi(remote, declared) ? (declared as T) : remote;
}
