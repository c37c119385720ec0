// What every kind's `check` shares: the common properties' schemas (types and what the service
// declares: they refuse), the rules from prose or a guess (they only warn; rules.ts), failures that
// name the property path and say what is expected, values still unknown in a preview (Pulumi's
// sentinel string) left unjudged, defaults, and a published entity refused its way back to draft. Pure.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { SANDBOX_NAME_PATTERN } from "../adobe/settings";
import type { RuleId } from "../rules";
import { UNKNOWN } from "../types";
import type { CheckFailure, EntityInputs } from "./kind";
import { valueAt as valueAtPath } from "./kind";

export const LIMITS = { nameLength: 256, descriptionLength: 4096, connectionIds: 100, transformations: 100 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refinement that refuses, tagged with the rule it enforces (parseInputs reads the tag). */
export function tagged(rule: RuleId, message: string): { message: string; params: { rule: RuleId } } {
  return { message, params: { rule } };
}

/** `name`: a non-empty string (rule name.present); its length is a guess (see entityWarnings). */
export const name = z.string().refine((s) => s.trim().length > 0, tagged("name.present", "must be a non-empty string"));

export const description = z.string();

/** `{id, version}` of a flow spec or connection spec: two strings (SpecInfoDTO); their forms are guesses (specRefWarnings). */
export const specRef = () => z.strictObject({ id: z.string(), version: z.string() });

/** The properties every Flow Service entity takes. */
export const entityShape = () => ({
  name,
  description: description.optional(),
  draft: z.boolean().default(true),
  sandboxName: z.string().optional(),
  adoptId: z.string().optional(),
});

/** A warning (rule from prose or a guess) about `property`. */
export function warning(rule: RuleId, property: string, reason: string): CheckFailure {
  return { property, reason, rule };
}

/** Whether `value` is a known string (not the preview's unknown sentinel). */
function known(value: unknown): value is string {
  return typeof value === "string" && value !== UNKNOWN;
}

/** `value`, when it is a known string, in UUID form; else a warning naming `what`. */
export function uuidWarning(property: string, value: unknown, what: string): CheckFailure[] {
  return known(value) && !UUID.test(value)
    ? [
        warning(
          "id.form",
          property,
          `is not in UUID form (8-4-4-4-12 hexadecimal digits), which every ${what} id has (given ${shown(value)})`,
        ),
      ]
    : [];
}

/** The guesses about every Flow Service entity's common inputs: name and description lengths, the sandbox name's form, adoptId's form. */
export function entityWarnings(inputs: Partial<EntityInputs>, noun: string): CheckFailure[] {
  const out: CheckFailure[] = [];
  if (known(inputs.name) && inputs.name.length > LIMITS.nameLength)
    out.push(
      warning("name.length", "name", `has ${inputs.name.length} characters; names of more than ${LIMITS.nameLength} may be refused`),
    );
  if (known(inputs.description) && inputs.description.length > LIMITS.descriptionLength)
    out.push(
      warning(
        "description.length",
        "description",
        `has ${inputs.description.length} characters; descriptions of more than ${LIMITS.descriptionLength} may be refused`,
      ),
    );
  out.push(...sandboxNameWarnings(inputs.sandboxName));
  out.push(...uuidWarning("adoptId", inputs.adoptId, noun));
  return out;
}

/** A sandbox name that is not lowercase letters, digits and dashes (the sandbox API's prose). */
export function sandboxNameWarnings(value: unknown): CheckFailure[] {
  return known(value) && !SANDBOX_NAME_PATTERN.test(value)
    ? [
        warning(
          "sandboxName.form",
          "sandboxName",
          `${shown(value)} is not a sandbox name as Adobe writes them (lowercase letters, digits and dashes, e.g. "prod")`,
        ),
      ]
    : [];
}

/** The guesses about a `{id, version}` spec reference. */
export function specRefWarnings(property: string, ref: { id?: unknown; version?: unknown } | undefined, what: string): CheckFailure[] {
  if (!ref) return [];
  const out = uuidWarning(`${property}.id`, ref.id, what);
  if (known(ref.version) && !/^\d+(\.\d+)*$/.test(ref.version))
    out.push(warning("specVersion.form", `${property}.version`, `is not a version such as "1.0" (given ${shown(ref.version)})`));
  return out;
}

/** A string that names something and is empty (a guess: the API specs declare plain strings). */
export function emptyTextWarnings(property: string, value: unknown, expected: string): CheckFailure[] {
  return known(value) && value.trim() === "" ? [warning("text.nonEmpty", property, `is empty: ${expected}`)] : [];
}

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
        failures.push({ property: formatPath([...issue.path, key]), reason: `is not a ${owner} (check its spelling)`, rule: "shape" });
      }
      continue;
    }
    if (underUnknown(raw, issue.path)) continue;
    const value = valueAt(raw, issue.path);
    const missing = value === undefined && issue.code !== "custom";
    // The engine shows a nested property's value as <nil>: the reason says what was given, unless it may be a credential.
    const given = missing || issue.path.length < 2 || issue.path[0] === "auth" ? "" : ` (given ${shown(value)})`;
    const rule = ((issue as { params?: { rule?: RuleId } }).params?.rule ?? "shape") as RuleId;
    failures.push({ property: formatPath(issue.path), reason: missing ? "is required" : `${issue.message}${given}`, rule });
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
    rule: "draft.noWayBack",
    reason:
      `the ${noun} is already published, and a published ${noun} cannot return to draft. Keep \`draft: false\`, or start a new ` +
      `draft: give the resource a new name in the program (Pulumi creates the new draft, then deletes the published ${noun}), ` +
      "or remove the published one first with `pulumi destroy --target <urn>`.",
  };
}
