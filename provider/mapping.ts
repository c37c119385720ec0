// Pure conversions between the provider's shapes (inputs, outputs in state) and the API's shapes.
import type { ApiScheduleParams, CreateFlowRequest, Flow } from "../sdk/types";
import { DataflowInputs, DataflowOutputs, Frequency, ScheduleParams } from "./types";

/** The schedule as the API's create example sends it: numbers as strings, backfill as a boolean. */
export function toApiSchedule(s: ScheduleParams): ApiScheduleParams {
  const api: ApiScheduleParams = { startTime: String(s.startTime), frequency: s.frequency };
  if (s.interval !== undefined) api.interval = String(s.interval);
  if (s.backfill !== undefined) api.backfill = s.backfill;
  return api;
}

/** The schedule as a GET returns it (all strings) back in input types, so state never drifts by type. */
export function fromApiSchedule(api: ApiScheduleParams): ScheduleParams {
  const s: ScheduleParams = { startTime: Number(api.startTime), frequency: api.frequency as Frequency };
  if (api.interval !== undefined && api.interval !== "") s.interval = Number(api.interval);
  if (api.backfill !== undefined && api.backfill !== "") s.backfill = api.backfill === true || api.backfill === "true";
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
  return request;
}

function isoTime(epochMs: unknown): string | undefined {
  return typeof epochMs === "number" && Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : undefined;
}

/**
 * Outputs from a flow as the API returns it. `previous` supplies what the API cannot tell: the
 * sandbox the flow was read from, and `enabled` while the flow is still a draft (it is only an intent then).
 */
export function outputsFromFlow(flow: Flow, previous: Pick<DataflowOutputs, "sandboxName"> & Partial<DataflowOutputs>): DataflowOutputs {
  const draft = flow.state === "draft";
  const outputs: DataflowOutputs = {
    name: flow.name,
    flowSpec: { id: flow.flowSpec.id, version: flow.flowSpec.version },
    sourceConnectionIds: [...(flow.sourceConnectionIds ?? [])],
    targetConnectionIds: [...(flow.targetConnectionIds ?? [])],
    draft,
    enabled: draft ? previous.enabled ?? true : flow.state !== "disabled",
    sandboxName: flow.sandboxName ?? previous.sandboxName,
    etag: flow.etag,
    state: flow.state,
  };
  if (flow.description !== undefined && flow.description !== "") outputs.description = flow.description;
  if (flow.transformations !== undefined) outputs.transformations = flow.transformations;
  if (flow.scheduleParams !== undefined) outputs.scheduleParams = fromApiSchedule(flow.scheduleParams);
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
