export { Dataflow, DataflowArgs, FlowSpecArgs, ScheduleParamsArgs, TransformationArgs, dataflowProviderShim } from "./dataflow";
export { DataflowInputs, DataflowOutputs, ScheduleParams, Frequency, FREQUENCIES, PATCHABLE_PROPERTIES, REPLACE_PROPERTIES } from "./types";
export { checkDataflow, CheckFailure, CheckOutcome } from "./validate";
export { diffDataflow, planUpdate, planPatch, planActions, UpdatePlan, DataflowDiff } from "./plan";
export { PartialFailureError, ConcurrentEditError, FlowGoneError } from "./errors";
