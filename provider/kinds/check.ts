// What every kind's `check` shares: the common properties' schemas, failures that name the property
// path and say what is expected, values still unknown in a preview (Pulumi's sentinel string) left
// unjudged, defaults, and a published entity refused its way back to draft. Pure.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { SANDBOX_NAME_PATTERN } from "../../sdk/settings";
import { UNKNOWN } from "../types";
import type { CheckFailure, EntityInputs } from "./kind";
import { valueAt as valueAtPath } from "./kind";

export const LIMITS = { nameLength: 256, descriptionLength: 4096, connectionIds: 100, transformations: 100 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuid = (what: string) => z.string().regex(UUID, `must be a ${what} id in UUID form (8-4-4-4-12 hexadecimal digits)`);

export const name = z
  .string()
  .max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`)
  .refine((s) => s.trim().length > 0, "must be a non-empty string");

export const description = z.string().max(LIMITS.descriptionLength, `must be at most ${LIMITS.descriptionLength} characters`);

export const sandboxName = z
  .string()
  .regex(SANDBOX_NAME_PATTERN, 'must be a sandbox name: lowercase letters, digits and dashes (e.g. "prod")');

/** `{id, version}` of a flow spec or connection spec. */
export const specRef = (what: string) =>
  z.strictObject({
    id: uuid(what),
    version: z.string().regex(/^\d+(\.\d+)*$/, 'must be a version such as "1.0"'),
  });

/** The properties every Flow Service entity takes. */
export const entityShape = (noun: string) => ({
  name,
  description: description.optional(),
  draft: z.boolean().default(true),
  sandboxName: sandboxName.optional(),
  adoptId: uuid(noun).optional(),
});

type Path = ReadonlyArray<PropertyKey>;

function formatPath(path: Path): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** True when `path` or any of its ancestors holds the preview sentinel. */
function underUnknown(root: unknown, path: Path): boolean {
  for (let i = 0; i <= path.length; i++) if (valueAt(root, path.slice(0, i)) === UNKNOWN) return true;
  return false;
}

/**
 * Validates `news` (the resource's inputs, `__`-prefixed engine keys removed) against `schema`.
 * When some property fails (or is unknown in a preview), the others are still normalised, so a
 * preview diff does not show a change that is only a difference of form.
 */
/** A given value as a reason quotes it: short, one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function parseInputs(
  schema: z.ZodObject,
  typeName: string,
  news: Record<string, unknown>,
): { parsed: Record<string, unknown>; failures: CheckFailure[] } {
  const raw = Object.fromEntries(Object.entries(news).filter(([k, v]) => !k.startsWith("__") && v !== undefined && v !== null));
  const result = schema.safeParse(raw);
  const failures: CheckFailure[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Nested keys belong to their parent property (`scheduleParams.frequncy` is not a scheduleParams key).
      const owner = issue.path.length ? `${formatPath(issue.path)} key` : `${typeName} property`;
      for (const key of issue.keys) {
        failures.push({ property: formatPath([...issue.path, key]), reason: `is not a ${owner} (check its spelling)` });
      }
      continue;
    }
    if (underUnknown(raw, issue.path)) continue;
    const value = valueAt(raw, issue.path);
    const missing = value === undefined && issue.code !== "custom";
    // The engine shows a nested property's value as <nil>: the reason says what was given, unless it may be a credential.
    const given = missing || issue.path.length < 2 || issue.path[0] === "auth" ? "" : ` (given ${shown(value)})`;
    failures.push({ property: formatPath(issue.path), reason: missing ? "is required" : `${issue.message}${given}` });
  }
  if (result.success) return { parsed: result.data as Record<string, unknown>, failures };
  const parsed: Record<string, unknown> = { ...raw };
  for (const [key, property] of Object.entries(schema.shape)) {
    if (!(key in raw)) continue;
    const r = (property as z.ZodType).safeParse(raw[key]);
    if (r.success) parsed[key] = r.data;
  }
  return { parsed, failures };
}

/** Whether a change between old and new inputs replaces the entity (so a new draft is possible). */
export function replaces(replaceOn: readonly string[], olds: object, news: object): boolean {
  return replaceOn.some((p) => valueAtPath(olds, p) !== undefined && !isDeepStrictEqual(valueAtPath(olds, p), valueAtPath(news, p)));
}

/** A published entity cannot return to draft: what to do instead. Undefined when the inputs do not ask for it. */
export function backToDraft(
  noun: string,
  replaceOn: readonly string[],
  olds: Partial<EntityInputs> | undefined,
  news: EntityInputs,
): CheckFailure | undefined {
  if (!(olds?.draft === false && news.draft === true) || replaces(replaceOn, olds, news)) return undefined;
  return {
    property: "draft",
    reason:
      `the ${noun} is already published, and a published ${noun} cannot return to draft. Keep \`draft: false\`, or start a new ` +
      `draft: give the resource a new name in the program (Pulumi creates the new draft, then deletes the published ${noun}), ` +
      "or remove the published one first with `pulumi destroy --target <urn>`.",
  };
}
