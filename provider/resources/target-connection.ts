// The `TargetConnection` resource, type token `pulumi-nodejs:dynamic/aep:TargetConnection`.
import * as pulumi from "@pulumi/pulumi";
import type { SpecRefArgs } from "./base-connection";
import { ENTITY_OUTPUTS, providerShim, withOutputs } from "./shim";

export interface TargetConnectionArgs {
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Absent for the data lake. Changing it replaces the connection. */
  baseConnectionId?: pulumi.Input<string>;
  /** For sources: the data lake, `{ id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" }`. */
  connectionSpec: pulumi.Input<SpecRefArgs>;
  /** The dataset's schema: `{ schema: { id: <schema $id>, version: "application/vnd.adobe.xed-full+json;version=1" } }`. Changing it replaces the connection. */
  data?: pulumi.Input<{
    format?: pulumi.Input<string>;
    schema?: pulumi.Input<{ id: pulumi.Input<string>; version: pulumi.Input<string> }>;
    properties?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  }>;
  /** For the data lake: `{ dataSetId }` (look it up by name with `getDataset`). Changing it replaces the connection. */
  params?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /** Keep the connection a draft (default true). Setting it to false publishes it. */
  draft?: pulumi.Input<boolean>;
  sandboxName?: pulumi.Input<string>;
  /** Take over the existing target connection with this id when the resource is created. */
  adoptId?: pulumi.Input<string>;
}

const shim = providerShim("TargetConnection");

/** An AEP Flow Service target connection (`/targetConnections`): where a dataflow writes. */
export class TargetConnection extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly baseConnectionId: pulumi.Output<string | undefined>;
  declare readonly connectionSpec: pulumi.Output<{ id: string; version: string }>;
  declare readonly data: pulumi.Output<{ format?: string; schema?: { id: string; version: string } } | undefined>;
  declare readonly params: pulumi.Output<Record<string, unknown> | undefined>;
  declare readonly draft: pulumi.Output<boolean>;
  declare readonly sandboxName: pulumi.Output<string>;
  declare readonly etag: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  declare readonly adoption: pulumi.Output<string | undefined>;

  constructor(name: string, args: TargetConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      {
        ...withOutputs(args, [...ENTITY_OUTPUTS, "baseConnectionId", "data", "params"]),
      },
      opts,
      "aep",
      "TargetConnection",
    );
  }
}
