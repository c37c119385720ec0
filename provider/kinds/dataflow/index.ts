// The Dataflow kind: `/flows`. Its declaration (declaration.ts) says what a PATCH may change and
// what replaces a flow; here are the conversions between the program's shapes and the API's, how a
// read is taken back in the program's form, and what identifies a flow. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows
import { isDeepStrictEqual } from "node:util";
import type { ApiScheduleParams, CreateFlowRequest, Entity, Flow, FlowSpec } from "../../adobe/types";
import { flagsOf } from "../entity";
import { EntityKind, Prerequisite, isoTime } from "../kind";
import { inDeclaredForm, sameToApi } from "../normal-form";
import { checkDataflow } from "./check";
import { DATAFLOW_DECLARATION, Frequency } from "./declaration";
import { specFailures, specRelevantChange } from "./spec-rules";
import { Time, epochSeconds } from "./time";
import { DataflowInputs, DataflowOutputs, PATCHABLE_PROPERTIES, REPLACE_PROPERTIES, ScheduleParams } from "./types";
import { plainDocument, plainRead, plainRequest } from "../wire";

const NUMBER_KEYS = new Set(["startTime", "endTime", "interval"]);
const TIME_KEYS = new Set(["startTime", "endTime"]);

/**
 * The schedule as the API's create example sends it: numbers as strings (times as epoch seconds,
 * whatever form the program wrote them in), backfill as a boolean; other keys as declared.
 */
export function toApiSchedule(s: ScheduleParams): ApiScheduleParams {
  const api: ApiScheduleParams = { startTime: String(epochSeconds(s.startTime)), frequency: s.frequency };
  for (const [key, value] of Object.entries(s)) {
    if (key === "startTime" || key === "frequency" || value === undefined) continue;
    api[key] = TIME_KEYS.has(key) ? String(epochSeconds(value as Time)) : NUMBER_KEYS.has(key) ? String(value) : value;
  }
  return api;
}

/**
 * The schedule as read, in the form the program declared it, key by key: a time read back as
 * epoch seconds stays the ISO text the program wrote when it is the same instant, so a refresh
 * never shows a change of form.
 */
export function scheduleInDeclaredForm(remote: ScheduleParams, declared: ScheduleParams | undefined): ScheduleParams {
  if (!declared) return remote;
  const ours = toApiSchedule(declared);
  const theirs = toApiSchedule(remote);
  const out: ScheduleParams = { ...remote };
  for (const key of Object.keys(remote)) if (declared[key] !== undefined && sameToApi(theirs[key], ours[key])) out[key] = declared[key];
  return out;
}

/**
 * A schedule read from the service for a resource that declared none (an import, an export): its
 * times as ISO text, which code generators write as a string (epoch seconds in a union type come
 * out as `1.9249992e+09`).
 */
function withIsoTimes(s: ScheduleParams): ScheduleParams {
  const out: ScheduleParams = { ...s };
  for (const key of TIME_KEYS) {
    const v = out[key];
    if (typeof v === "number" && Number.isInteger(v)) out[key] = new Date(v * 1000).toISOString().replace(".000Z", "Z");
  }
  return out;
}

/**
 * A number the API returns as a string ("1924992000") as a number; anything else as it is, never
 * NaN: a flow spec without a schedule schema (streaming) stores a schedule as sent, so a start time
 * may be ISO text, which a program may declare as such.
 */
function numberFromApi(value: unknown): unknown {
  if (typeof value !== "string" || value.trim() === "") return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/**
 * The schedule as a GET returns it (all strings) back in input types, so state never drifts by
 * type. Keys the provider does not know (a spec-specific one) are kept as read, never dropped.
 */
export function fromApiSchedule(api: ApiScheduleParams): ScheduleParams {
  const s: ScheduleParams = { startTime: numberFromApi(api.startTime) as Time, frequency: api.frequency as Frequency };
  for (const [key, value] of Object.entries(api)) {
    if (key === "startTime" || key === "frequency" || value === undefined || value === null || value === "") continue;
    if (NUMBER_KEYS.has(key)) s[key] = numberFromApi(value);
    else if (key === "backfill") s.backfill = value === true || value === "true";
    else s[key] = value;
  }
  return s;
}

export function toCreateRequest(inputs: DataflowInputs): CreateFlowRequest {
  const request: CreateFlowRequest = {
    name: inputs.name,
    flowSpec: inputs.flowSpec,
    sourceConnectionIds: inputs.sourceConnectionIds,
    targetConnectionIds: inputs.targetConnectionIds,
  };
  if (inputs.description !== undefined) request.description = inputs.description;
  if (inputs.transformations !== undefined) request.transformations = inputs.transformations;
  if (inputs.scheduleParams !== undefined) request.scheduleParams = toApiSchedule(inputs.scheduleParams);
  if (inputs.options !== undefined) request.options = inputs.options;
  return request;
}

/**
 * Outputs from a flow as the API returns it. `previous` supplies what the API cannot tell: the
 * sandbox the flow was read from, `enabled` while the flow is still a draft (only an intent then),
 * and the form the program declared values in (kept when the service returns them in another
 * form with the same meaning: "0" for 0, `null` for absent).
 */
export function outputsFromFlow(flow: Flow, previous: Pick<DataflowOutputs, "sandboxName"> & Partial<DataflowOutputs>): DataflowOutputs {
  const outputs: DataflowOutputs = {
    name: flow.name,
    flowSpec: { id: flow.flowSpec.id, version: flow.flowSpec.version },
    sourceConnectionIds: [...(flow.sourceConnectionIds ?? [])],
    targetConnectionIds: [...(flow.targetConnectionIds ?? [])],
    ...flagsOf(flow.state, previous.enabled),
    sandboxName: flow.sandboxName ?? previous.sandboxName,
    etag: flow.etag,
    state: flow.state,
  };
  if (flow.description !== undefined && flow.description !== null && flow.description !== "") outputs.description = flow.description;
  const transformations = inDeclaredForm(flow.transformations ?? undefined, previous.transformations);
  if (
    transformations !== undefined &&
    transformations !== null &&
    !(Array.isArray(transformations) && transformations.length === 0 && previous.transformations === undefined)
  ) {
    outputs.transformations = transformations;
  }
  if (flow.scheduleParams !== undefined && flow.scheduleParams !== null) {
    const read = fromApiSchedule(flow.scheduleParams);
    outputs.scheduleParams = previous.scheduleParams ? scheduleInDeclaredForm(read, previous.scheduleParams) : withIsoTimes(read);
  }
  const options = inDeclaredForm(flow.options ?? undefined, previous.options);
  if (options !== undefined && options !== null && Object.keys(options).length > 0) outputs.options = options as DataflowOutputs["options"];
  const createdAt = isoTime(flow.createdAt);
  const updatedAt = isoTime(flow.updatedAt);
  if (createdAt) outputs.createdAt = createdAt;
  if (updatedAt) outputs.updatedAt = updatedAt;
  return outputs;
}

/** The patchable part of a flow, in API form, without undefined keys (they are absent, not null). */
export function patchableDocument(x: Partial<DataflowInputs>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (x.name !== undefined) doc.name = x.name;
  // An empty description and none at all are the same thing to the API.
  if (x.description) doc.description = x.description;
  if (x.transformations !== undefined) doc.transformations = x.transformations;
  if (x.scheduleParams !== undefined) doc.scheduleParams = toApiSchedule(x.scheduleParams);
  if (x.options !== undefined) doc.options = x.options;
  return doc;
}

/** Keys of `read` that `declared` does not have. */
function undeclaredKeys(read: object | undefined, declared: object | undefined): string[] {
  if (!read) return [];
  return Object.keys(read).filter((k) => (declared as Record<string, unknown> | undefined)?.[k] === undefined);
}

/** `read` without the keys the program did not declare whose value is the default `schema` declares for them. */
function withoutDefaults<T extends object>(read: T, declared: object | undefined, schema: Record<string, unknown> | undefined): T {
  const properties = (schema?.properties ?? {}) as Record<string, { default?: unknown }>;
  const out = { ...read } as Record<string, unknown>;
  for (const key of undeclaredKeys(read, declared)) {
    const fallback = properties[key]?.default;
    if (fallback !== undefined && sameToApi(out[key], fallback)) delete out[key];
  }
  return out as T;
}

/** The inputs this kind converts itself (wire.ts sends and reads any other as it is). */
const CONVERTED = [
  "name",
  "description",
  "flowSpec",
  "sourceConnectionIds",
  "targetConnectionIds",
  "transformations",
  "scheduleParams",
  "options",
];

export const DATAFLOW: EntityKind<DataflowInputs, DataflowOutputs> = {
  typeName: "Dataflow",
  declaration: DATAFLOW_DECLARATION,
  noun: "flow",
  collection: "flows",
  patch: {
    patchable: PATCHABLE_PROPERTIES,
    document: (x) => ({ ...plainDocument(DATAFLOW_DECLARATION, CONVERTED, x), ...patchableDocument(x as Partial<DataflowInputs>) }),
    // A change inside one transformation is sent as a replace of that whole element, as the update
    // tutorial does; options as one replace of /options, as the partial ingestion page does.
    wholeElement: /^(\/transformations\/\d+|\/options)\/.+/,
    keyed: ["scheduleParams", "options"],
    indexed: ["transformations"],
  },
  replaceOn: REPLACE_PROPERTIES,
  writeOnly: [],
  computed: [],
  canDisable: true,
  accessLabels: true,
  check: checkDataflow,
  createRequest: (inputs) => ({ ...plainRequest(DATAFLOW_DECLARATION, CONVERTED, inputs), ...toCreateRequest(inputs) }),
  outputsFromRemote: (remote, previous) => ({
    ...(plainRead(DATAFLOW_DECLARATION, CONVERTED, remote, previous) as Partial<DataflowOutputs>),
    ...outputsFromFlow(remote as Flow, previous),
  }),
  sameValue(prop, o, n) {
    if (prop === "scheduleParams" && o && n) return sameToApi(toApiSchedule(o as ScheduleParams), toApiSchedule(n as ScheduleParams));
    return undefined;
  },
  // Filtering on any property path, arrays with `[]`, is documented:
  // https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
  recoveryFilters: (inputs) => [`flowSpec.id==${inputs.flowSpec.id}`, `sourceConnectionIds[]==${inputs.sourceConnectionIds[0]}`],
  spec: {
    collection: "flowSpecs",
    id: (inputs) => inputs.flowSpec.id,
    property: "flowSpec.id",
    relevant: specRelevantChange,
    failures: specFailures,
  },
  // A flow cannot be published while its source or target connections are drafts (draft tutorial).
  prerequisites: (inputs) => [
    ...inputs.sourceConnectionIds.map((id): Prerequisite => ({
      typeName: "SourceConnection",
      noun: "source connection",
      collection: "sourceConnections",
      id,
      property: "sourceConnectionIds",
    })),
    ...inputs.targetConnectionIds.map((id): Prerequisite => ({
      typeName: "TargetConnection",
      noun: "target connection",
      collection: "targetConnections",
      id,
      property: "targetConnectionIds",
    })),
  ],
  specDefaults: {
    undeclared: (read, previous) =>
      undeclaredKeys(read.scheduleParams, previous.scheduleParams).length > 0 || undeclaredKeys(read.options, previous.options).length > 0,
    without(read, previous, spec: FlowSpec) {
      const out = { ...read };
      if (read.scheduleParams) {
        const kept = withoutDefaults(read.scheduleParams, previous.scheduleParams, spec.scheduleSpec?.spec);
        out.scheduleParams = kept as ScheduleParams;
      }
      if (read.options) {
        const kept = withoutDefaults(read.options, previous.options, spec.optionSpec?.spec);
        if (Object.keys(kept).length) out.options = kept;
        else delete out.options;
      }
      return out;
    },
  },
  identityProblems(remote: Entity, inputs) {
    const flow = remote as Flow;
    const problems: string[] = [];
    if (!isDeepStrictEqual({ id: flow.flowSpec?.id, version: flow.flowSpec?.version }, inputs.flowSpec)) {
      problems.push(
        `flow ${flow.id} has flowSpec ${JSON.stringify(flow.flowSpec)}, the program declares ${JSON.stringify(inputs.flowSpec)}`,
      );
    }
    for (const key of ["sourceConnectionIds", "targetConnectionIds"] as const) {
      if (!isDeepStrictEqual(flow[key], inputs[key])) {
        problems.push(
          `flow ${flow.id} has ${key} ${JSON.stringify(flow[key])}, the program declares ${JSON.stringify(inputs[key])} (connections cannot be changed in place)`,
        );
      }
    }
    return problems;
  },
};
