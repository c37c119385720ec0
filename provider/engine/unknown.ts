// Values not known yet: during a preview, an input computed from another resource's output reaches
// the provider as Pulumi's `unknownValue` sentinel. Nothing judges them; a diff counts them as changed.

/** During preview, values not known yet reach the provider as this string (Pulumi's `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `value`, or anything inside it, is still unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
