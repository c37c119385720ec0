// The `Dataflow` resource that programs declare, type token `pulumi-nodejs:dynamic/aep:Dataflow`.
import * as pulumi from "@pulumi/pulumi";
import type { Frequency } from "../types";
import { ENTITY_OUTPUTS, providerShim, withOutputs } from "./shim";

export interface FlowSpecArgs {
  id: pulumi.Input<string>;
  version: pulumi.Input<string>;
}

export interface TransformationArgs {
  name: pulumi.Input<string>;
  params?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
}

export interface ScheduleParamsArgs {
  /** Epoch seconds, or an ISO 8601 date such as "2026-12-01T00:00:00Z". */
  startTime: pulumi.Input<number | string>;
  frequency: pulumi.Input<Frequency>;
  /** Required unless frequency is "once"; at least 15 for "minute". */
  interval?: pulumi.Input<number>;
  backfill?: pulumi.Input<boolean>;
  /** Epoch seconds or an ISO 8601 date, for flow specs that declare an end (the cloud storage spec does). */
  endTime?: pulumi.Input<number | string>;
}

/** Error diagnostics and partial ingestion (patchable): https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial */
export interface DataflowOptionsArgs {
  errorDiagnosticsEnabled?: pulumi.Input<boolean>;
  partialIngestionEnabled?: pulumi.Input<boolean>;
  /** Percent (0-100) of failed records above which a batch fails. */
  partialIngestionPercent?: pulumi.Input<number>;
}

export interface DataflowArgs {
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Changing it replaces the flow. */
  flowSpec: pulumi.Input<FlowSpecArgs>;
  /** Changing them replaces the flow: the API does not patch connections. */
  sourceConnectionIds: pulumi.Input<pulumi.Input<string>[]>;
  targetConnectionIds: pulumi.Input<pulumi.Input<string>[]>;
  transformations?: pulumi.Input<pulumi.Input<TransformationArgs>[]>;
  scheduleParams?: pulumi.Input<ScheduleParamsArgs>;
  /** Error diagnostics and partial ingestion; changed with one PATCH of `/options`. */
  options?: pulumi.Input<DataflowOptionsArgs>;
  /** Keep the flow a draft (default true). Setting it to false publishes the flow; there is no way back. */
  draft?: pulumi.Input<boolean>;
  /** Whether the published flow runs (default true). */
  enabled?: pulumi.Input<boolean>;
  /** Overrides `aep:sandboxName` for this flow. Changing it replaces the flow. */
  sandboxName?: pulumi.Input<string>;
  /**
   * Take over the existing flow with this id when the resource is created, instead of creating one.
   * The flow must have the declared flow spec and connections; it is then brought to the declared
   * inputs. Only read at creation: changing or removing it later changes nothing.
   */
  adoptId?: pulumi.Input<string>;
}

/** One serialized provider for every Dataflow (Pulumi caches its serialization per object). */
const shim = providerShim("Dataflow");

/** An AEP Flow Service dataflow: a draft until `draft: false` publishes it. */
export class Dataflow extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly flowSpec: pulumi.Output<{ id: string; version: string }>;
  declare readonly sourceConnectionIds: pulumi.Output<string[]>;
  declare readonly targetConnectionIds: pulumi.Output<string[]>;
  declare readonly transformations: pulumi.Output<{ name: string; params?: Record<string, unknown> }[] | undefined>;
  declare readonly scheduleParams: pulumi.Output<
    { startTime: number; frequency: Frequency; interval?: number; backfill?: boolean } | undefined
  >;
  declare readonly options: pulumi.Output<
    { errorDiagnosticsEnabled?: boolean; partialIngestionEnabled?: boolean; partialIngestionPercent?: number } | undefined
  >;
  declare readonly draft: pulumi.Output<boolean>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly sandboxName: pulumi.Output<string>;
  /** The flow's current etag, sent as If-Match on the next PATCH. */
  declare readonly etag: pulumi.Output<string>;
  /** `draft`, `enabled` or `disabled`; a transitional state the API reports; `not-found` after a refresh found no flow. */
  declare readonly state: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** For an adopted flow: what adoption changed, as `pulumi preview` showed it. */
  declare readonly adoption: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: DataflowArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      {
        ...withOutputs(args, [...ENTITY_OUTPUTS, "transformations", "scheduleParams", "options", "enabled"]),
      },
      opts,
      "aep",
      "Dataflow",
    );
  }
}
