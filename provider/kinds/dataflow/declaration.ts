// The Dataflow, declared once: every input and output, its shape (what `check` accepts), its docs and
// what a change of it does. The package schema, the SDKs, the generated TypeScript resource and the
// reference docs come from here. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
import { z } from "zod";
import type { TypeSpec } from "../../plugin/schema-format";
import { declareResource, enumType, objectType, openObjectType, prop, ref } from "../declare";
import { DOCS, ENTITY_ALWAYS_OUTPUT, EntityWords, FLOW_SERVICE, entityInputs, entityOutputs, patchNote, tagged } from "../entity";
import { Time, epochSeconds } from "./time";

const FLOW: EntityWords = { noun: "flow", collection: "/flows" };
const patch = patchNote(FLOW);

const INTEGER: TypeSpec = { type: "integer" };
const BOOLEAN: TypeSpec = { type: "boolean" };
/** Epoch seconds or an ISO 8601 date. */
const TIME: TypeSpec = { oneOf: [INTEGER, { type: "string" }] };

export const FREQUENCIES = ["once", "minute", "hour", "day", "week"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY = enumType("Frequency", "How often a scheduled flow runs.", {
  once: "A single run at `startTime` (no `interval`, no `backfill`).",
  minute: "Every `interval` minutes (at least 15).",
  hour: "Every `interval` hours.",
  day: "Every `interval` days.",
  week: "Every `interval` weeks.",
});

export const FLOW_SPEC_REF = objectType(
  "FlowSpecRef",
  "A flow spec: what kind of flow it is (e.g. CloudStorageToAEP `9753525b-82c7-4dce-8a9b-5ccfce2b9876`, version `1.0`).",
  {
    id: prop(z.string(), { doc: "The flow spec id (a UUID); look it up by name with `getFlowSpec`." }),
    version: prop(z.string(), { doc: 'The flow spec version, e.g. `"1.0"`.' }),
  },
);

export const TRANSFORMATION = objectType(
  "Transformation",
  "One transformation a flow applies (its flow spec lists the transformations it takes).",
  {
    name: prop(z.string(), { doc: 'The transformation\'s name, e.g. `"Mapping"` (a published flow of a batch spec needs one).' }),
    params: prop(z.record(z.string(), z.unknown()).optional(), {
      doc:
        "Free-form, spec-defined parameters. For `Mapping`: `{mappingId: <MappingSet id>, mappingVersion: <MappingSet version>}` " +
        "(numbers and their string forms are the same to the service).",
    }),
  },
);

/**
 * Epoch seconds (a number, or a numeric string as the API returns it) or an ISO 8601 date with
 * whole seconds, which is kept as written so that a diff shows what the program says (the API gets
 * epoch seconds: toApiSchedule). ScheduleSpecDTO declares an int64 of epoch seconds.
 */
const time = z.union([z.number(), z.string()]).transform((value, ctx): Time => {
  const seconds = epochSeconds(value);
  if (!Number.isInteger(seconds) || seconds < 0) {
    ctx.addIssue({ code: "custom", message: "must be epoch seconds (a non-negative integer) or an ISO 8601 date with whole seconds" });
    return z.NEVER;
  }
  return typeof value === "string" && !/^\d+$/.test(value.trim()) ? value : seconds;
});

/** A whole number, also given as its text (as the API returns it). */
export const wholeNumber = z.union([z.number(), z.string().regex(/^-?\d+$/, "must be a whole number")]).transform((value, ctx): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) {
    ctx.addIssue({ code: "custom", message: "must be a whole number" });
    return z.NEVER;
  }
  return n;
});

const backfill = z.union([z.boolean(), z.enum(["true", "false"])]).transform((v) => v === true || v === "true");

/**
 * The schedule's types (ScheduleSpecDTO). Which frequencies, intervals and keys a flow spec takes is
 * its scheduleSpec's to say (spec-rules.ts); offline it is a warning (check.ts in this folder).
 */
export const SCHEDULE_PARAMS = openObjectType(
  "ScheduleParams",
  "When a flow runs (`scheduleParams`). The flow spec's own `scheduleSpec` also judges it: a streaming spec has no schedule at all.",
  {
    startTime: prop(time, {
      type: TIME,
      doc:
        "When the first run starts: epoch seconds (an integer) or an ISO 8601 date with whole seconds such as " +
        '`"2030-01-01T00:00:00Z"`; kept, and given back, in the form written (sent as epoch seconds; read for an entity the ' +
        "program did not declare, an import, as ISO text). Once a published flow's start time " +
        "has passed, the service refuses to change it (the update is refused in check, naming it).",
    }),
    frequency: prop(z.string(), { type: ref(FREQUENCY), doc: "`once`, `minute`, `hour`, `day` or `week`." }),
    interval: prop(wholeNumber.optional(), {
      type: INTEGER,
      doc: 'How many `frequency` units between runs: required unless `frequency` is `"once"` (then absent); at least 15 for `minute`, 1 otherwise.',
    }),
    backfill: prop(backfill.optional(), {
      type: BOOLEAN,
      doc: 'Whether the first run also ingests the files that already exist (absent when `frequency` is `"once"`).',
    }),
    endTime: prop(time.optional(), {
      type: TIME,
      doc: "When runs stop: epoch seconds or an ISO 8601 date, for flow specs that declare it (the cloud storage spec does).",
    }),
  },
);

/** Error diagnostics and partial ingestion (OptionSpecDTO's types). */
export const DATAFLOW_OPTIONS = openObjectType(
  "DataflowOptions",
  `Error diagnostics and partial ingestion of a batch flow (\`options\`): ${DOCS.partial}`,
  {
    errorDiagnosticsEnabled: prop(z.boolean().optional(), { doc: "Keep row-level error diagnostics of failed records." }),
    partialIngestionEnabled: prop(z.boolean().optional(), { doc: "Let a batch succeed while some of its records fail." }),
    partialIngestionPercent: prop(wholeNumber.optional(), {
      type: INTEGER,
      doc: "The percentage (a whole number, 0-100) of failed records above which the whole batch fails.",
    }),
  },
);

const idList = (what: string) =>
  z.array(z.string()).refine((ids) => ids.length > 0, tagged("flow.connections.present", `needs at least one ${what} connection id`));

export const DATAFLOW_DECLARATION = declareResource({
  name: "Dataflow",
  doc:
    `An AEP Flow Service dataflow (\`POST ${FLOW_SERVICE}/flows\`): runs the data of its source connections through its ` +
    "transformations (a Data Prep mapping set) into its target connections, on its schedule.\n\n" +
    "Lifecycle: created as a draft (`draft: true`, the default); `name`, `description`, `transformations`, `scheduleParams` and " +
    "`options` change in place with one etag-guarded `PATCH /flows/{id}` (a 412 is re-read: someone else's edit is never " +
    "overwritten); `draft: false` publishes it (`action?op=publish`) once its connections are published; `enabled` enables or " +
    "disables a published flow; a change of `flowSpec`, connections or `sandboxName` replaces it. Transitional states " +
    "(updating, disabling…) are waited out for at most `aep:settleTimeoutSeconds`. Delete is `DELETE /flows/{id}`. " +
    DOCS.updateDataflows,
  inputs: {
    ...entityInputs(FLOW, {
      publishNote:
        "Adobe's tutorials give a published flow the schedule and the `Mapping` transformation its flow spec has (drafts may omit " +
        "them): a preview warns when one is missing, and the service decides.",
    }),
    flowSpec: prop(FLOW_SPEC_REF, {
      replaces: true,
      doc:
        "The flow spec `{id, version}` (look it up by name with `getFlowSpec`); the flow is checked against it (`GET /flowSpecs/{id}`, " +
        "once per spec per run) before any write. Changing it replaces the flow.",
    }),
    sourceConnectionIds: prop(idList("source"), {
      replaces: true,
      doc:
        "The ids (at least one) of the source connections the flow reads, usually `[sourceConnection.id]`. Changing " +
        "them replaces the flow: the API does not patch a flow's connections.",
    }),
    targetConnectionIds: prop(idList("target"), {
      replaces: true,
      doc:
        "The ids (at least one) of the target connections the flow writes, usually `[targetConnection.id]`. Changing " +
        "them replaces the flow.",
    }),
    transformations: prop(z.array(TRANSFORMATION).optional(), {
      patch: true,
      doc:
        "The transformations the flow applies, in order (each one the flow spec lists), e.g. " +
        '`[{name: "Mapping", params: {mappingId: mapping.id, mappingVersion: mapping.version}}]`. ' +
        `${patch} A changed transformation is one \`replace /transformations/<i>\`; a new mapping set version is one such PATCH.`,
    }),
    scheduleParams: prop(SCHEDULE_PARAMS.optional(), {
      patch: true,
      doc:
        `When the flow runs: \`{startTime, frequency, interval?, backfill?, endTime?}\`. ${patch} The schedule's keys are patched one by ` +
        `one (\`/scheduleParams/<key>\`). ${DOCS.updateDataflows}`,
    }),
    options: prop(DATAFLOW_OPTIONS.optional(), {
      patch: true,
      doc:
        `Error diagnostics and partial ingestion: \`{errorDiagnosticsEnabled?, partialIngestionEnabled?, partialIngestionPercent?}\`. ` +
        `${patch} Sent as one \`replace /options\` (or \`add\`).`,
    }),
    enabled: prop(z.boolean().default(true), {
      local: true,
      doc:
        "Whether the published flow runs (default `true`). A change on a published flow is `POST /flows/{id}/action?op=enable` or " +
        "`op=disable`; while the flow is a draft it is only an intent, applied when it is published.",
    }),
  },
  outputs: entityOutputs(FLOW, "`draft`, `enabled` or `disabled`"),
  alwaysOutput: [...ENTITY_ALWAYS_OUTPUT, "flowSpec", "sourceConnectionIds", "targetConnectionIds", "enabled"],
});
