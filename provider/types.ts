// Plain (resolved) shapes the dynamic provider works with. The Pulumi-facing `DataflowArgs`, made of
// `pulumi.Input`s, lives in dataflow.ts.
import type { FlowSpecRef, Transformation } from "./adobe/types";

export type { FlowSpecRef, Transformation };

export const FREQUENCIES = ["once", "minute", "hour", "day", "week"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * A point in time as users write it: epoch seconds, or an ISO 8601 date with whole seconds
 * (`"2030-01-01T00:00:00Z"`), kept in the form written so that a diff shows what the program says.
 */
export type Time = number | string;

/** Epoch seconds of a `Time` (NaN for text that is neither). The API takes epoch seconds. */
export function epochSeconds(t: Time): number {
  if (typeof t === "number") return t;
  const text = t.trim();
  if (/^\d+$/.test(text)) return Number(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) / 1000 : NaN;
}

/**
 * Schedule as users write it and as state keeps it: numbers and booleans, not the API's strings,
 * and times in the form written. A flow spec may declare more keys (`endTime` in the cloud storage
 * spec); they are kept, never dropped.
 */
export interface ScheduleParams {
  /** Epoch seconds, or an ISO 8601 date (kept as written; sent as epoch seconds). */
  startTime: Time;
  frequency: Frequency;
  interval?: number;
  backfill?: boolean;
  /** For flow specs that declare it; as startTime. */
  endTime?: Time;
  [specific: string]: unknown;
}

/**
 * Error diagnostics and partial ingestion, patched as `/options`:
 * https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial
 */
export interface DataflowOptions {
  errorDiagnosticsEnabled?: boolean;
  partialIngestionEnabled?: boolean;
  /** Percent of failed records (0-100) above which the batch fails. */
  partialIngestionPercent?: number;
  [specific: string]: unknown;
}

export interface DataflowInputs {
  name: string;
  description?: string;
  flowSpec: FlowSpecRef;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  transformations?: Transformation[];
  scheduleParams?: ScheduleParams;
  options?: DataflowOptions;
  /** true keeps the flow a draft; flipping it to false publishes the flow. */
  draft: boolean;
  /** Whether a published flow runs. Ignored (kept as declared) while the flow is a draft. */
  enabled: boolean;
  sandboxName: string;
  /** Take over this existing flow on create instead of making a new one (see adopt.ts). */
  adoptId?: string;
  /** Computed by `check` for an adoption: what taking the flow over will change, shown by `pulumi preview`. */
  adoption?: string;
}

export interface DataflowOutputs extends DataflowInputs {
  etag: string;
  state: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Properties a JSON Patch can change in place. */
export const PATCHABLE_PROPERTIES = ["name", "description", "transformations", "scheduleParams", "options"] as const;
/** Properties the API cannot change: a new flow replaces the old one. */
export const REPLACE_PROPERTIES = ["flowSpec", "sourceConnectionIds", "targetConnectionIds", "sandboxName"] as const;

/** During preview, values not known yet reach the provider as this string (Pulumi's `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
