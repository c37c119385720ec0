// The `BaseConnection` resource (an account), type token `pulumi-nodejs:dynamic/aep:BaseConnection`.
import * as pulumi from "@pulumi/pulumi";
import { ENTITY_OUTPUTS, providerShim, withOutputs } from "./shim";

export interface SpecRefArgs {
  id: pulumi.Input<string>;
  version: pulumi.Input<string>;
}

export interface BaseConnectionArgs {
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** The connection spec (e.g. Amazon S3 `ecadc60c-7455-4d87-84dc-2a0e293d997b`); changing it replaces the connection. */
  connectionSpec: pulumi.Input<SpecRefArgs>;
  /**
   * `specName` names one of the connection spec's auth specs (e.g. "Access Key"; changing it
   * replaces the connection); `params` are the credentials. They are stored as a Pulumi secret even
   * when given as plain strings, never printed, and never read back: a change is one PATCH that
   * rotates them. Give them from `pulumi config set --secret`.
   */
  auth: pulumi.Input<{ specName: pulumi.Input<string>; params: pulumi.Input<Record<string, pulumi.Input<unknown>>> }>;
  /** Keep the connection a draft (default true). Setting it to false publishes it; there is no way back. */
  draft?: pulumi.Input<boolean>;
  /** Overrides `aep:sandboxName` for this connection. Changing it replaces the connection. */
  sandboxName?: pulumi.Input<string>;
  /** Take over the existing base connection with this id when the resource is created (its credentials are then sent once). */
  adoptId?: pulumi.Input<string>;
}

const shim = providerShim("BaseConnection");

/**
 * An AEP Flow Service base connection (`/connections`): the account a source or target connection
 * reads or writes through. A draft until `draft: false` publishes it, before the connections using it.
 */
export class BaseConnection extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly connectionSpec: pulumi.Output<{ id: string; version: string }>;
  /** Secret. */
  declare readonly auth: pulumi.Output<{ specName: string; params: Record<string, unknown> }>;
  declare readonly draft: pulumi.Output<boolean>;
  declare readonly sandboxName: pulumi.Output<string>;
  declare readonly etag: pulumi.Output<string>;
  /** `draft` or `enabled`; a transitional state the API reports; `not-found` after a refresh found none. */
  declare readonly state: pulumi.Output<string>;
  /** For a streaming (HTTP API) connection: the URL data is sent to. */
  declare readonly inletUrl: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  declare readonly adoption: pulumi.Output<string | undefined>;

  constructor(name: string, args: BaseConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      {
        ...withOutputs(args, [...ENTITY_OUTPUTS, "inletUrl"]),
        // A secret in the inputs of the state, whatever the program passed.
        auth: pulumi.secret(args.auth),
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "auth"] },
      "aep",
      "BaseConnection",
    );
  }
}
