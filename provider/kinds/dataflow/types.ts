// The Dataflow's plain (resolved) shapes, as the provider works with them: inferred from its
// declaration, so that they cannot drift from what `check` accepts. The Pulumi-facing `DataflowArgs`,
// made of `pulumi.Input`s, is generated into sdk/nodejs.
import type { z } from "zod";
import type { FlowSpecRef, Transformation } from "../../adobe/types";
import { patchableOf, replaceOnOf } from "../declare";
import type { InputsOf, OutputsOf } from "../kind";
import { DATAFLOW_DECLARATION, DATAFLOW_OPTIONS, Frequency, SCHEDULE_PARAMS } from "./declaration";

export type { FlowSpecRef, Frequency, Transformation };
export { FREQUENCIES } from "./declaration";

/**
 * Schedule as users write it and as state keeps it: numbers and booleans, not the API's strings,
 * and times in the form written. A flow spec may declare more keys (`endTime` in the cloud storage
 * spec); they are kept, never dropped.
 */
export type ScheduleParams = z.output<typeof SCHEDULE_PARAMS> & { frequency: Frequency | string };

/** Error diagnostics and partial ingestion, patched as `/options`. */
export type DataflowOptions = z.output<typeof DATAFLOW_OPTIONS>;

export type DataflowInputs = InputsOf<typeof DATAFLOW_DECLARATION>;
export type DataflowOutputs = OutputsOf<typeof DATAFLOW_DECLARATION>;

/** Properties a JSON Patch can change in place. */
export const PATCHABLE_PROPERTIES = patchableOf(DATAFLOW_DECLARATION);
/** Properties the API cannot change: a new flow replaces the old one. */
export const REPLACE_PROPERTIES = replaceOnOf(DATAFLOW_DECLARATION);
