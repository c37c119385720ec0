// `check`: validates a Dataflow's inputs and fills defaults, without any API call. Pure.
// Each failure names the property path and says what is expected. Values that are still unknown
// during a preview (Pulumi's sentinel string) are not judged.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { SANDBOX_NAME_PATTERN } from "../sdk/settings";
import { DataflowInputs, FREQUENCIES, REPLACE_PROPERTIES, UNKNOWN } from "./types";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  inputs: DataflowInputs;
  failures: CheckFailure[];
}

export const LIMITS = { nameLength: 256, descriptionLength: 4096, connectionIds: 100, transformations: 100 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_INTERVAL: Record<string, number> = { minute: 15, hour: 1, day: 1, week: 1 };

const uuid = (what: string) => z.string().regex(UUID, `must be a ${what} id in UUID form (8-4-4-4-12 hexadecimal digits)`);

const idList = (what: string) =>
  z
    .array(uuid(`${what} connection`))
    .min(1, `needs at least one ${what} connection id`)
    .max(LIMITS.connectionIds, `at most ${LIMITS.connectionIds} ids`)
    .refine((ids) => new Set(ids).size === ids.length, "lists the same id twice");

/** Epoch seconds from a number, a numeric string (as the API returns it) or an ISO 8601 date. */
const startTime = z.union([z.number(), z.string()]).transform((value, ctx): number => {
  const seconds =
    typeof value === "number"
      ? value
      : /^\d+$/.test(value.trim())
        ? Number(value.trim())
        : /^\d{4}-\d{2}-\d{2}/.test(value)
          ? Date.parse(value) / 1000
          : NaN;
  if (!Number.isInteger(seconds) || seconds < 0) {
    ctx.addIssue({ code: "custom", message: "must be epoch seconds (a non-negative integer) or an ISO 8601 date with whole seconds" });
    return z.NEVER;
  }
  return seconds;
});

const interval = z.union([z.number(), z.string().regex(/^\d+$/, "must be a whole number")]).transform((value, ctx): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    ctx.addIssue({ code: "custom", message: "must be a whole number of at least 1" });
    return z.NEVER;
  }
  return n;
});

const backfill = z.union([z.boolean(), z.enum(["true", "false"])]).transform((v) => v === true || v === "true");

// The offline rules (every batch flow spec Adobe documents); with the flow spec at hand, check
// also validates against the spec's own scheduleSpec (specs.ts).
const scheduleParams = z
  // The keys Adobe's schedule specs declare; the flow spec's own scheduleSpec also judges them (specs.ts).
  .strictObject({
    startTime,
    frequency: z.enum(FREQUENCIES, { error: `must be one of ${FREQUENCIES.join(", ")}` }),
    interval: interval.optional(),
    backfill: backfill.optional(),
    // Declared by the cloud storage flow spec's scheduleSpec.
    endTime: startTime.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.frequency === "once") {
      if (s.interval !== undefined)
        ctx.addIssue({ code: "custom", path: ["interval"], message: 'must be absent when frequency is "once"' });
      if (s.backfill !== undefined)
        ctx.addIssue({ code: "custom", path: ["backfill"], message: 'must be absent when frequency is "once"' });
      return;
    }
    const min = MIN_INTERVAL[s.frequency];
    if (s.interval === undefined) {
      ctx.addIssue({ code: "custom", path: ["interval"], message: `is required when frequency is "${s.frequency}" (at least ${min})` });
    } else if (s.interval < min) {
      ctx.addIssue({ code: "custom", path: ["interval"], message: `must be at least ${min} when frequency is "${s.frequency}"` });
    }
  });

const percent = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, "must be a number")]).transform((v, ctx): number => {
  const n = Number(v);
  if (n < 0 || n > 100) {
    ctx.addIssue({ code: "custom", message: "must be a percentage from 0 to 100" });
    return z.NEVER;
  }
  return n;
});

/** Error diagnostics and partial ingestion: https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial */
const options = z.strictObject({
  errorDiagnosticsEnabled: z.boolean().optional(),
  partialIngestionEnabled: z.boolean().optional(),
  partialIngestionPercent: percent.optional(),
});

const transformation = z.strictObject({
  name: z.string().min(1, 'must be a non-empty string (e.g. "Mapping")'),
  params: z.record(z.string(), z.unknown()).optional(),
});

const dataflowSchema = z.strictObject({
  name: z
    .string()
    .max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`)
    .refine((s) => s.trim().length > 0, "must be a non-empty string"),
  description: z.string().max(LIMITS.descriptionLength, `must be at most ${LIMITS.descriptionLength} characters`).optional(),
  flowSpec: z.strictObject({
    id: uuid("flow spec"),
    version: z.string().regex(/^\d+(\.\d+)*$/, 'must be a version such as "1.0"'),
  }),
  sourceConnectionIds: idList("source"),
  targetConnectionIds: idList("target"),
  transformations: z.array(transformation).max(LIMITS.transformations, `at most ${LIMITS.transformations} transformations`).optional(),
  scheduleParams: scheduleParams.optional(),
  options: options.optional(),
  draft: z.boolean().default(true),
  enabled: z.boolean().default(true),
  sandboxName: z
    .string()
    .regex(SANDBOX_NAME_PATTERN, 'must be a sandbox name: lowercase letters, digits and dashes (e.g. "prod")')
    .optional(),
  adoptId: uuid("flow").optional(),
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
 * Validates `news` (the resource's inputs, `__`-prefixed engine keys removed) against the schema,
 * fills `draft`, `enabled` and `sandboxName`, and refuses a published flow going back to draft.
 */
export function checkDataflow(
  olds: Partial<DataflowInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): CheckOutcome {
  const raw = Object.fromEntries(Object.entries(news).filter(([k, v]) => !k.startsWith("__") && v !== undefined && v !== null));
  const result = dataflowSchema.safeParse(raw);
  const failures: CheckFailure[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        failures.push({ property: formatPath([...issue.path, key]), reason: "is not a Dataflow property (check its spelling)" });
      }
      continue;
    }
    if (underUnknown(raw, issue.path)) continue;
    const missing = valueAt(raw, issue.path) === undefined && issue.code !== "custom";
    failures.push({ property: formatPath(issue.path), reason: missing ? "is required" : issue.message });
  }

  const parsed = (result.success ? result.data : parseEachProperty(raw)) as Partial<DataflowInputs>;
  const inputs = {
    ...parsed,
    draft: parsed.draft ?? true,
    enabled: parsed.enabled ?? true,
    sandboxName: parsed.sandboxName ?? defaults.sandboxName,
  } as DataflowInputs;

  const backToDraft = olds?.draft === false && inputs.draft === true;
  if (backToDraft && !replacesFlow(olds, inputs)) {
    failures.push({
      property: "draft",
      reason:
        "the flow is already published, and a published flow cannot return to draft. Keep `draft: false`, or start a new " +
        "draft: give the resource a new name in the program (Pulumi creates the new draft, then deletes the published flow), " +
        "or remove the published one first with `pulumi destroy --target <urn>`.",
    });
  }
  return { inputs, failures };
}

/**
 * When some property fails (or is unknown in a preview), the others are still normalised, so a
 * preview diff does not show a change that is only a difference of form (ISO date vs epoch seconds).
 */
function parseEachProperty(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [key, schema] of Object.entries(dataflowSchema.shape)) {
    if (!(key in raw)) continue;
    const r = (schema as z.ZodType).safeParse(raw[key]);
    if (r.success) out[key] = r.data;
  }
  return out;
}

/** Whether a change between old and new inputs replaces the flow (so a new draft is possible). */
export function replacesFlow(olds: Partial<DataflowInputs>, news: Partial<DataflowInputs>): boolean {
  return REPLACE_PROPERTIES.some((p) => olds[p] !== undefined && !isDeepStrictEqual(olds[p], news[p]));
}
