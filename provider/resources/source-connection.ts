// The `SourceConnection` resource, type token `pulumi-nodejs:dynamic/aep:SourceConnection`.
import * as pulumi from "@pulumi/pulumi";
import type { SpecRefArgs } from "./base-connection";
import { ENTITY_OUTPUTS, providerShim, withOutputs } from "./shim";

export interface SourceConnectionArgs {
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** The account it reads from (usually `baseConnection.id`); some specs take none. Changing it replaces the connection. */
  baseConnectionId?: pulumi.Input<string>;
  /** The same connection spec as the base connection's. Changing it replaces the connection. */
  connectionSpec: pulumi.Input<SpecRefArgs>;
  /** The data's format (`delimited`, `json`, `parquet`, `tabular`) and its properties (e.g. `columnDelimiter`). Changing it replaces the connection. */
  data?: pulumi.Input<{
    format: pulumi.Input<string>;
    schema?: pulumi.Input<unknown>;
    properties?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  }>;
  /** Spec-defined: `path` and `recursive` for files, `tableName` for tables. Changing them replaces the connection. */
  params?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /** Keep the connection a draft (default true). Setting it to false publishes it (its base connection must be published). */
  draft?: pulumi.Input<boolean>;
  sandboxName?: pulumi.Input<string>;
  /** Take over the existing source connection with this id when the resource is created. */
  adoptId?: pulumi.Input<string>;
}

const shim = providerShim("SourceConnection");

/** An AEP Flow Service source connection (`/sourceConnections`): where a dataflow reads. */
export class SourceConnection extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly baseConnectionId: pulumi.Output<string | undefined>;
  declare readonly connectionSpec: pulumi.Output<{ id: string; version: string }>;
  declare readonly data: pulumi.Output<{ format: string; schema?: unknown; properties?: Record<string, unknown> } | undefined>;
  declare readonly params: pulumi.Output<Record<string, unknown> | undefined>;
  declare readonly draft: pulumi.Output<boolean>;
  declare readonly sandboxName: pulumi.Output<string>;
  declare readonly etag: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  declare readonly adoption: pulumi.Output<string | undefined>;

  constructor(name: string, args: SourceConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      {
        ...withOutputs(args, [...ENTITY_OUTPUTS, "baseConnectionId", "data", "params"]),
      },
      opts,
      "aep",
      "SourceConnection",
    );
  }
}
