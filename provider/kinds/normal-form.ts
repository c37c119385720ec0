// Values as the Flow Service treats them: it stores values in the types its flow spec declares,
// so what a program sends and what a read returns can differ in form only (Adobe's examples show
// `mappingVersion` sent as 0 and read back as "0", `partialIngestionPercent` sent as "10" and read
// back as 10; schedule values come back as strings), and it returns `null`, `[]` and an absent key
// alike for a property nobody set. Comparisons go through `normalForm`, so that no difference of
// form ever becomes a diff or a PATCH. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
// https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial
import { isDeepStrictEqual } from "node:util";

/**
 * The canonical form of a value: a number becomes its decimal string and a boolean "true"/"false"
 * (so 0 and "0" are the same, as the service turns one into the other), object keys are sorted,
 * and keys whose value is `null`, `undefined` or `[]` are dropped (the API does not tell them
 * apart). A string is kept exactly: "1.50" and "1.5" are different names, and long digit strings
 * are ids, not numbers. Arrays keep their order.
 */
export function normalForm(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
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

/**
 * Whether two values are the same to the API. An absent value, `null`, `[]` and an object holding
 * only those are the same (the service fills `"params": {"columns": []}` for what nobody set).
 */
export function sameToApi(a: unknown, b: unknown): boolean {
  const x = normalForm(a);
  const y = normalForm(b);
  const empty = (v: unknown) =>
    v === undefined ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
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
