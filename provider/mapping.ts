// Pure conversions between the provider's shapes (inputs, outputs in state) and the API's shapes.
import type { ApiScheduleParams, CreateFlowRequest, Flow } from "../sdk/types";
import { inDeclaredForm } from "./normal-form";
import { DataflowInputs, DataflowOutputs, Frequency, ScheduleParams } from "./types";

const EPOCH_KEYS = new Set(["startTime", "endTime", "interval"]);

/** The schedule as the API's create example sends it: numbers as strings, backfill as a boolean; other keys as declared. */
export function toApiSchedule(s: ScheduleParams): ApiScheduleParams {
  const api: ApiScheduleParams = { startTime: String(s.startTime), frequency: s.frequency };
  for (const [key, value] of Object.entries(s)) {
    if (key === "startTime" || key === "frequency" || value === undefined) continue;
    api[key] = EPOCH_KEYS.has(key) ? String(value) : value;
  }
  return api;
}

/**
 * The schedule as a GET returns it (all strings) back in input types, so state never drifts by
 * type. Keys the provider does not know (a spec-specific one) are kept as read, never dropped.
 */
export function fromApiSchedule(api: ApiScheduleParams): ScheduleParams {
  const s: ScheduleParams = { startTime: Number(api.startTime), frequency: api.frequency as Frequency };
  for (const [key, value] of Object.entries(api)) {
    if (key === "startTime" || key === "frequency" || value === undefined || value === null || value === "") continue;
    if (EPOCH_KEYS.has(key)) s[key] = Number(value);
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

function isoTime(epochMs: unknown): string | undefined {
  return typeof epochMs === "number" && Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : undefined;
}

/**
 * Outputs from a flow as the API returns it. `previous` supplies what the API cannot tell: the
 * sandbox the flow was read from, `enabled` while the flow is still a draft (only an intent then),
 * and the form the program declared values in (kept when the service returns them in another
 * form with the same meaning: "0" for 0, `null` for absent).
 */
export function outputsFromFlow(flow: Flow, previous: Pick<DataflowOutputs, "sandboxName"> & Partial<DataflowOutputs>): DataflowOutputs {
  const draft = flow.state === "draft";
  const outputs: DataflowOutputs = {
    name: flow.name,
    flowSpec: { id: flow.flowSpec.id, version: flow.flowSpec.version },
    sourceConnectionIds: [...(flow.sourceConnectionIds ?? [])],
    targetConnectionIds: [...(flow.targetConnectionIds ?? [])],
    draft,
    enabled: draft ? (previous.enabled ?? true) : flow.state !== "disabled",
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
    outputs.scheduleParams = inDeclaredForm(fromApiSchedule(flow.scheduleParams), previous.scheduleParams);
  }
  const options = inDeclaredForm(flow.options ?? undefined, previous.options);
  if (options !== undefined && options !== null && Object.keys(options).length > 0) outputs.options = options as DataflowOutputs["options"];
  const createdAt = isoTime(flow.createdAt);
  const updatedAt = isoTime(flow.updatedAt);
  if (createdAt) outputs.createdAt = createdAt;
  if (updatedAt) outputs.updatedAt = updatedAt;
  return outputs;
}

/** The input part of outputs (what `read` hands back as the resource's inputs). */
export function inputsOf(outputs: DataflowOutputs): DataflowInputs {
  const { etag: _etag, state: _state, createdAt: _c, updatedAt: _u, ...inputs } = outputs;
  return inputs;
}

/** Inputs that exist only on Pulumi's side (the API does not know them): carried through a read. */
export function pulumiOnlyFields(props: Partial<DataflowOutputs>): Pick<DataflowInputs, "adoptId" | "adoption"> {
  return {
    ...(props.adoptId !== undefined ? { adoptId: props.adoptId } : {}),
    ...(props.adoption !== undefined ? { adoption: props.adoption } : {}),
  };
}
