// The Dataflow's `check`: validates its inputs against its declaration and fills defaults, without
// any API call. Pure.
// Types and what the service declares refuse (rules.ts); what Adobe's pages only say in prose, or
// nobody says, is a warning: the request goes out and the service decides. Each finding names the
// property path and says what is expected. Values still unknown during a preview (Pulumi's sentinel
// string) are not judged.
import {
  LIMITS,
  backToDraft,
  emptyTextWarnings,
  entityWarnings,
  parseDeclared,
  replaces,
  specRefWarnings,
  uuidWarning,
  warning,
} from "../entity";
import type { CheckFailure } from "../kind";
import { DATAFLOW_DECLARATION } from "./declaration";
import { Time, epochSeconds } from "./time";
import { DataflowInputs, FREQUENCIES, REPLACE_PROPERTIES } from "./types";

export type { CheckFailure };
export { LIMITS };

export interface CheckOutcome {
  inputs: DataflowInputs;
  failures: CheckFailure[];
}

const MIN_INTERVAL: Record<string, number> = { minute: 15, hour: 1, day: 1, week: 1 };

/**
 * Validates `news` (the resource's inputs, `__`-prefixed engine keys removed) against the schema,
 * fills `draft`, `enabled` and `sandboxName`, and refuses a published flow going back to draft.
 * Returns refusals and warnings together; each names its rule (rules.ts), which decides.
 */
export function checkDataflow(
  olds: Partial<DataflowInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string; now?: number },
): CheckOutcome {
  const { inputs, failures } = parseDeclared<DataflowInputs>(DATAFLOW_DECLARATION, news, defaults);
  const refused = backToDraft("flow", REPLACE_PROPERTIES, olds, inputs);
  if (refused) failures.push(refused);
  const now = defaults.now ?? Date.now();
  const frozen = frozenStart(olds, inputs, now);
  if (frozen) failures.push(frozen);
  // A schedule already refused says so once, not twice.
  const past = failures.some((f) => f.property.startsWith("scheduleParams")) ? undefined : pastStartOfNewFlow(olds, inputs, now);
  if (past) failures.push(past);
  failures.push(...dataflowWarnings(inputs));
  return { inputs, failures };
}

/** What Adobe's pages say only in prose, or nobody says, about a flow's inputs: warnings (rules.ts). */
export function dataflowWarnings(inputs: Partial<DataflowInputs>): CheckFailure[] {
  const out = [...entityWarnings(inputs, "flow"), ...specRefWarnings("flowSpec", inputs.flowSpec, "flow spec")];
  for (const [key, what] of [
    ["sourceConnectionIds", "source connection"],
    ["targetConnectionIds", "target connection"],
  ] as const) {
    const ids = inputs[key];
    if (!Array.isArray(ids)) continue;
    ids.forEach((id, i) => {
      out.push(...uuidWarning(`${key}[${i}]`, id, what));
      const first = ids.indexOf(id);
      if (first < i) out.push(warning("flow.connections.list", `${key}[${i}]`, `repeats ${key}[${first}]`));
    });
    if (ids.length > LIMITS.connectionIds)
      out.push(warning("flow.connections.list", key, `lists ${ids.length} ids; more than ${LIMITS.connectionIds} may be refused`));
  }
  const transformations = Array.isArray(inputs.transformations) ? inputs.transformations : [];
  if (transformations.length > LIMITS.transformations)
    out.push(
      warning(
        "flow.transformations.count",
        "transformations",
        `lists ${transformations.length}; more than ${LIMITS.transformations} may be refused`,
      ),
    );
  transformations.forEach((t, i) =>
    out.push(...emptyTextWarnings(`transformations[${i}].name`, t?.name, 'a transformation of the flow spec, e.g. "Mapping"')),
  );
  out.push(...mappingParamWarnings(transformations), ...scheduleWarnings(inputs.scheduleParams), ...optionWarnings(inputs.options));
  return out;
}

/** The params a Mapping transformation takes: which mapping set, at which version. */
const MAPPING_PARAMS = ["mappingId", "mappingVersion"];

/**
 * A Mapping transformation names its mapping set and version, and nothing else (the sources
 * tutorials' flow bodies; prose, so a warning): a misspelt key would reach the service, which may
 * store it, and a published flow would run without its mapping. The flow spec's Mapping spec judges
 * the params when it can be read (spec-rules.ts).
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
 */
export function mappingParamWarnings(transformations: DataflowInputs["transformations"]): CheckFailure[] {
  const out: CheckFailure[] = [];
  if (!Array.isArray(transformations)) return out;
  transformations.forEach((t, i) => {
    if (!t || typeof t !== "object" || t.name !== "Mapping") return;
    const params = (t.params && typeof t.params === "object" ? t.params : {}) as Record<string, unknown>;
    for (const key of Object.keys(params)) {
      if (!MAPPING_PARAMS.includes(key)) {
        out.push(
          warning(
            "flow.mapping.params",
            `transformations[${i}].params.${key}`,
            "is not a Mapping parameter in Adobe's examples (they give mappingId and mappingVersion): check its name",
          ),
        );
      }
    }
    for (const key of MAPPING_PARAMS) {
      if (params[key] === undefined) {
        out.push(
          warning(
            "flow.mapping.params",
            `transformations[${i}].params.${key}`,
            key === "mappingId"
              ? "is not given: a Mapping names its mapping set (e.g. mappingSet.id)"
              : "is not given: a Mapping names the mapping set's version (e.g. mappingSet.version; 0 for a new one)",
          ),
        );
      }
    }
  });
  return out;
}

const SCHEDULE_KEYS = ["startTime", "endTime", "frequency", "interval", "backfill"];

/**
 * The schedule rules Adobe's batch flow specs print and ScheduleSpecDTO describes, said as
 * warnings: the flow spec's own scheduleSpec, when it can be read, is what decides
 * (rule flow.schedule.offline gives way to spec.schedule).
 */
export function scheduleWarnings(s: Partial<DataflowInputs["scheduleParams"]> | undefined): CheckFailure[] {
  if (!s || typeof s !== "object") return [];
  const out: CheckFailure[] = [];
  const say = (path: string, reason: string) => out.push(warning("flow.schedule.offline", `scheduleParams${path}`, reason));
  for (const key of Object.keys(s))
    if (!SCHEDULE_KEYS.includes(key)) say(`.${key}`, "is not a schedule key of the flow specs Adobe prints");
  if (typeof s.frequency !== "string") return out;
  if (!(FREQUENCIES as readonly string[]).includes(s.frequency)) {
    say(".frequency", `"${s.frequency}" is not one of ${FREQUENCIES.join(", ")}`);
    return out;
  }
  if (s.frequency === "once") {
    if (s.interval !== undefined) say(".interval", 'is given with frequency "once", where Adobe\'s schedule specs want none');
    if (s.backfill !== undefined) say(".backfill", 'is given with frequency "once", where Adobe\'s schedule specs want none');
    return out;
  }
  const min = MIN_INTERVAL[s.frequency];
  if (s.interval === undefined)
    say(".interval", `is not given: Adobe's schedule specs want one with frequency "${s.frequency}" (at least ${min})`);
  else if (typeof s.interval === "number" && s.interval < min)
    say(".interval", `is ${s.interval}: Adobe's schedule specs want at least ${min} with frequency "${s.frequency}"`);
  return out;
}

const OPTION_KEYS = ["errorDiagnosticsEnabled", "partialIngestionEnabled", "partialIngestionPercent"];

/** The partial ingestion page's options, said as warnings: the flow spec's optionSpec decides when it can be read. */
export function optionWarnings(o: DataflowInputs["options"] | undefined): CheckFailure[] {
  if (!o || typeof o !== "object") return [];
  const out: CheckFailure[] = [];
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key))
      out.push(warning("flow.options.offline", `options.${key}`, "is not an option of the partial ingestion page"));
  }
  const percent = o.partialIngestionPercent;
  if (typeof percent === "number" && (percent < 0 || percent > 100))
    out.push(warning("flow.options.offline", "options.partialIngestionPercent", `is ${percent}: a percentage is from 0 to 100`));
  return out;
}

const iso = (t: Time) => new Date(epochSeconds(t) * 1000).toISOString();

/**
 * Once a published flow's start time has passed, the service refuses to change it (the sources
 * catalogue's 1366; the update tutorial): said in check, naming the property, instead of a failed
 * PATCH that also loses the other changes sent with it.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
 */
function frozenStart(olds: Partial<DataflowInputs> | undefined, news: DataflowInputs, now: number): CheckFailure | undefined {
  const before = olds?.scheduleParams?.startTime;
  const after = news.scheduleParams?.startTime;
  if (olds?.draft !== false || before === undefined || after === undefined || epochSeconds(before) === epochSeconds(after))
    return undefined;
  if (epochSeconds(before) * 1000 > now || replacesFlow(olds, news)) return undefined;
  return {
    property: "scheduleParams.startTime",
    rule: "flow.start.frozen",
    reason:
      `the flow is published and its start time (${iso(before)}) has passed, so the service refuses ` +
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
  if (start === undefined || !Number.isFinite(epochSeconds(start)) || epochSeconds(start) * 1000 >= now || news.adoptId !== undefined)
    return undefined;
  const isNew = !olds || Object.keys(olds).length === 0;
  if (!isNew && !replacesFlow(olds, news)) return undefined;
  return {
    property: "scheduleParams.startTime",
    rule: "flow.start.past",
    reason:
      `${iso(start)} has passed, and the service refuses a new flow whose start time is in the past` +
      (isNew ? "" : " (this change replaces the flow: the replacement is a new flow)") +
      ". Set a startTime in the future.",
  };
}

/** Whether a change between old and new inputs replaces the flow (so a new draft is possible). */
export function replacesFlow(olds: Partial<DataflowInputs>, news: Partial<DataflowInputs>): boolean {
  return replaces(REPLACE_PROPERTIES, olds, news);
}
