// The `MappingSet` resource (Data Prep), type token `pulumi-nodejs:dynamic/aep:MappingSet`.
import * as pulumi from "@pulumi/pulumi";
import { providerShim, withOutputs } from "./shim";

export interface MappingRuleArgs {
  /** "ATTRIBUTE" (a source field), "EXPRESSION" (a Data Prep function such as `lower(email)`) or "STATIC" (a constant). */
  sourceType: pulumi.Input<"ATTRIBUTE" | "EXPRESSION" | "STATIC">;
  source: pulumi.Input<string>;
  /** The XDM path written, e.g. `personalEmail.address`. */
  destination: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

export interface MappingSetArgs {
  /** The schema of the target dataset: `{ schemaRef: { id: schema.id, contentType: "application/vnd.adobe.xed-full+json;version=1" } }`. */
  outputSchema: pulumi.Input<{ schemaRef: pulumi.Input<{ id: pulumi.Input<string>; contentType: pulumi.Input<string> }> }>;
  /** The rules, in order. A change makes a new version (one PUT). */
  mappings: pulumi.Input<pulumi.Input<MappingRuleArgs>[]>;
  /** Overrides `aep:sandboxName`. Changing it replaces the mapping set. */
  sandboxName?: pulumi.Input<string>;
  /** Take over the existing mapping set with this id (32 hexadecimal digits) when the resource is created. */
  adoptId?: pulumi.Input<string>;
}

const shim = providerShim("MappingSet");

/**
 * A Data Prep mapping set. Use `id` and `version` in a Dataflow's Mapping transformation
 * (`{ name: "Mapping", params: { mappingId: set.id, mappingVersion: set.version } }`): a change of
 * rules makes a new version, and the flow gets one PATCH that points at it.
 */
export class MappingSet extends pulumi.dynamic.Resource {
  declare readonly outputSchema: pulumi.Output<{ schemaRef: { id: string; contentType: string } }>;
  declare readonly mappings: pulumi.Output<
    { sourceType: string; source: string; destination: string; name?: string; description?: string }[]
  >;
  declare readonly sandboxName: pulumi.Output<string>;
  /** 0 at creation, one more on every change. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  declare readonly adoption: pulumi.Output<string | undefined>;
  /** `not-found` after a refresh found none; absent otherwise. */
  declare readonly state: pulumi.Output<string | undefined>;

  constructor(name: string, args: MappingSetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      withOutputs(args, ["sandboxName", "version", "createdAt", "updatedAt", "adoptId", "adoption", "state"]),
      opts,
      "aep",
      "MappingSet",
    );
  }
}
