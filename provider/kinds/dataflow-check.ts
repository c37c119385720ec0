// `check`: validates a Dataflow's inputs and fills defaults, without any API call. Pure.
// Each failure names the property path and says what is expected. Values that are still unknown
// during a preview (Pulumi's sentinel string) are not judged.
import { z } from "zod";
import { DataflowInputs, FREQUENCIES, REPLACE_PROPERTIES } from "../types";
import { LIMITS, backToDraft, entityShape, parseInputs, replaces, specRef, uuid } from "./check";
import type { CheckFailure } from "./kind";

export type { CheckFailure };
export { LIMITS };

export interface CheckOutcome {
  inputs: DataflowInputs;
  failures: CheckFailure[];
}

const MIN_INTERVAL: Record<string, number> = { minute: 15, hour: 1, day: 1, week: 1 };

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

// The Flow Service spec's OptionSpecDTO declares it an integer:
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml
const percent = z.union([z.number(), z.string().regex(/^\d+$/, "must be a whole number")]).transform((v, ctx): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100) {
    ctx.addIssue({ code: "custom", message: "must be a whole percentage from 0 to 100" });
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
  ...entityShape("flow"),
  flowSpec: specRef("flow spec"),
  sourceConnectionIds: idList("source"),
  targetConnectionIds: idList("target"),
  transformations: z.array(transformation).max(LIMITS.transformations, `at most ${LIMITS.transformations} transformations`).optional(),
  scheduleParams: scheduleParams.optional(),
  options: options.optional(),
  enabled: z.boolean().default(true),
});

/**
 * Validates `news` (the resource's inputs, `__`-prefixed engine keys removed) against the schema,
 * fills `draft`, `enabled` and `sandboxName`, and refuses a published flow going back to draft.
 */
export function checkDataflow(
  olds: Partial<DataflowInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string; now?: number },
): CheckOutcome {
  const { parsed, failures } = parseInputs(dataflowSchema, "Dataflow", news);
  const inputs = {
    ...parsed,
    draft: parsed.draft ?? true,
    enabled: parsed.enabled ?? true,
    sandboxName: parsed.sandboxName ?? defaults.sandboxName,
  } as DataflowInputs;
  const refused = backToDraft("flow", REPLACE_PROPERTIES, olds, inputs);
  if (refused) failures.push(refused);
  const now = defaults.now ?? Date.now();
  const frozen = frozenStart(olds, inputs, now);
  if (frozen) failures.push(frozen);
  // A schedule already refused says so once, not twice.
  const past = failures.some((f) => f.property.startsWith("scheduleParams")) ? undefined : pastStartOfNewFlow(olds, inputs, now);
  if (past) failures.push(past);
  failures.push(...mappingParamFailures(inputs.transformations));
  return { inputs, failures };
}

/** The params a Mapping transformation takes: which mapping set, at which version. */
const MAPPING_PARAMS = ["mappingId", "mappingVersion"];

/**
 * A Mapping transformation names its mapping set and version, and nothing else (the sources
 * tutorials' flow bodies). A misspelt key would otherwise reach the service, which stores it, and a
 * published flow would run without its mapping. Other transformations are the flow spec's to judge.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
 */
export function mappingParamFailures(transformations: DataflowInputs["transformations"]): CheckFailure[] {
  const failures: CheckFailure[] = [];
  // Not a list, or not objects: the schema has said so already.
  if (!Array.isArray(transformations)) return failures;
  transformations.forEach((t, i) => {
    if (!t || typeof t !== "object" || t.name !== "Mapping") return;
    const params = (t.params && typeof t.params === "object" ? t.params : {}) as Record<string, unknown>;
    for (const key of Object.keys(params)) {
      if (!MAPPING_PARAMS.includes(key)) {
        failures.push({
          property: `transformations[${i}].params.${key}`,
          reason: `is not a Mapping parameter (a Mapping takes mappingId and mappingVersion): remove it or fix its name`,
        });
      }
    }
    for (const key of MAPPING_PARAMS) {
      if (params[key] === undefined) {
        failures.push({
          property: `transformations[${i}].params.${key}`,
          reason:
            key === "mappingId"
              ? "is required by a Mapping transformation: the mapping set's id (e.g. mappingSet.id)"
              : "is required by a Mapping transformation: the mapping set's version (e.g. mappingSet.version; 0 for a new one)",
        });
      }
    }
  });
  return failures;
}

/**
 * Once a published flow's start time has passed, the service refuses to change it (Adobe's update
 * tutorial): said in check, naming the property, instead of a failed PATCH that also loses the
 * other changes sent with it. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
 */
function frozenStart(olds: Partial<DataflowInputs> | undefined, news: DataflowInputs, now: number): CheckFailure | undefined {
  const before = olds?.scheduleParams?.startTime;
  const after = news.scheduleParams?.startTime;
  if (olds?.draft !== false || before === undefined || after === undefined || Number(before) === Number(after)) return undefined;
  if (Number(before) * 1000 > now || replacesFlow(olds, news)) return undefined;
  return {
    property: "scheduleParams.startTime",
    reason:
      `the flow is published and its start time (${new Date(Number(before) * 1000).toISOString()}) has passed, so the service refuses ` +
      "to change it. Keep the old startTime (other schedule keys can change), or make a new flow with the new start time: " +
      "`pulumi up --replace <this resource's URN>`, or give the resource a new name.",
  };
}

/**
 * The service refuses a new flow whose start time has passed (the sources catalogue's 1360, "The start time cannot be
 * set in the past"; drafts are not exempted): said in check, so `pulumi preview` shows it, for a new resource and for
 * the new flow a replacement makes (e.g. a published flow moved to other connections, its start long past). An adopted
 * flow is not created: exempt. https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors
 */
function pastStartOfNewFlow(olds: Partial<DataflowInputs> | undefined, news: DataflowInputs, now: number): CheckFailure | undefined {
  const start = news.scheduleParams?.startTime;
  if (typeof start !== "number" || start * 1000 >= now || news.adoptId !== undefined) return undefined;
  const isNew = !olds || Object.keys(olds).length === 0;
  if (!isNew && !replacesFlow(olds, news)) return undefined;
  return {
    property: "scheduleParams.startTime",
    reason:
      `${new Date(start * 1000).toISOString()} has passed, and the service refuses a new flow whose start time is in the past` +
      (isNew ? "" : " (this change replaces the flow: the replacement is a new flow)") +
      ". Set a startTime in the future.",
  };
}

/** Whether a change between old and new inputs replaces the flow (so a new draft is possible). */
export function replacesFlow(olds: Partial<DataflowInputs>, news: Partial<DataflowInputs>): boolean {
  return replaces(REPLACE_PROPERTIES, olds, news);
}
