// The provider as the Pulumi engine runs it. This module is loaded at run time, in the provider
// process, by the thin serialized shim of each resource (sdk/nodejs/resources/shim.ts): so its code
// and its dependencies never enter the stack state, and every resource of every kind shares one run
// (one client, one token, one config, one claims table: lifecycle/context.ts).
import type * as pulumi from "@pulumi/pulumi";
import { KindProvider } from "./engine/dynamic-provider";
import { engineValue, operationsInFlight } from "./engine/answers";
import { engineAddress, watchEngine } from "./engine/watchdog";
import { BASE_CONNECTION } from "./kinds/base-connection";
import { DATAFLOW } from "./kinds/dataflow";
import { DATASET } from "./kinds/dataset";
import { FIELD_GROUP } from "./kinds/field-group";
import { IDENTITY_DESCRIPTOR } from "./kinds/identity-descriptor";
import { SCHEMA } from "./kinds/schema";
import type { DataflowInputs, DataflowOutputs } from "./kinds/dataflow/types";
import type { EntityInputs, EntityKind, EntityOutputs } from "./kinds/kind";
import { MAPPING_SET } from "./kinds/mapping-set";
import { SOURCE_CONNECTION } from "./kinds/source-connection";
import { TARGET_CONNECTION } from "./kinds/target-connection";
import { ProviderRun } from "./lifecycle/context";
import { FlowServiceStore } from "./lifecycle/flow-service/store";
import { DATASET_STORE } from "./lifecycle/catalog";
import { MAPPING_SET_STORE } from "./lifecycle/data-prep";
import { FIELD_GROUP_STORE } from "./lifecycle/schema-registry/field-groups";
import { IDENTITY_DESCRIPTOR_STORE } from "./lifecycle/schema-registry/descriptors";
import { SCHEMA_STORE } from "./lifecycle/schema-registry/schemas";

export { engineValue };

/** The provider of a Flow Service kind, on `run`. */
export function entityProvider<I extends EntityInputs, O extends EntityOutputs & I>(
  run: ProviderRun,
  kind: EntityKind<I, O>,
): KindProvider<I, O> {
  return new KindProvider({ run, kind, store: new FlowServiceStore(kind) });
}

/** The MappingSet provider, on `run`. */
export function mappingSetProvider(run: ProviderRun) {
  return new KindProvider({ run, kind: MAPPING_SET, store: MAPPING_SET_STORE });
}

/** The Dataset provider (Catalog), on `run`. */
export function datasetProvider(run: ProviderRun) {
  return new KindProvider({ run, kind: DATASET, store: DATASET_STORE });
}

/** The Schema Registry's providers (FieldGroup, Schema, IdentityDescriptor), on `run`. */
export function fieldGroupProvider(run: ProviderRun) {
  return new KindProvider({ run, kind: FIELD_GROUP, store: FIELD_GROUP_STORE });
}
export function schemaProvider(run: ProviderRun) {
  return new KindProvider({ run, kind: SCHEMA, store: SCHEMA_STORE });
}
export function identityDescriptorProvider(run: ProviderRun) {
  return new KindProvider({ run, kind: IDENTITY_DESCRIPTOR, store: IDENTITY_DESCRIPTOR_STORE });
}

/** The Dataflow provider on a run of its own (tests build one per case). */
export class DataflowProvider extends KindProvider<DataflowInputs, DataflowOutputs> {
  constructor(env: NodeJS.ProcessEnv = process.env) {
    const run = new ProviderRun(env);
    super({ run, kind: DATAFLOW, store: new FlowServiceStore(DATAFLOW) });
  }
}

/** The run every kind of this process shares: one set of settings, one client (one token), one claims table. */
export const run = new ProviderRun();

const PROVIDERS: Record<string, pulumi.dynamic.ResourceProvider> = {
  ...Object.fromEntries(
    [DATAFLOW, BASE_CONNECTION, SOURCE_CONNECTION, TARGET_CONNECTION].map((kind) => [
      kind.typeName,
      entityProvider(run, kind as unknown as EntityKind),
    ]),
  ),
  MappingSet: mappingSetProvider(run),
  Dataset: datasetProvider(run),
  FieldGroup: fieldGroupProvider(run),
  Schema: schemaProvider(run),
  IdentityDescriptor: identityDescriptorProvider(run),
};

/**
 * The provider of one kind, by its type name: what each resource's serialized shim calls.
 * Throws for a kind this version of the package does not know (a stack written by a newer one).
 */
export function forKind(typeName: string): pulumi.dynamic.ResourceProvider {
  const provider = PROVIDERS[typeName];
  if (!provider) {
    throw new Error(
      `this version of pulumi-aep-dataflows has no "${typeName}" resource; the stack was written by another version: ` +
        `install the version the program was written for (known here: ${Object.keys(PROVIDERS).join(", ")}).`,
    );
  }
  return provider;
}

/** The Dataflow provider of this process. */
export const provider = PROVIDERS.Dataflow as KindProvider<DataflowInputs, DataflowOutputs>;

// The Dataflow shim of stacks written before the package had other kinds calls these by name.
export const configure = provider.configure.bind(provider);
export const check = provider.check.bind(provider);
export const diff = provider.diff.bind(provider);
export const create = provider.create.bind(provider);
export const read = provider.read.bind(provider);
export const update = provider.update.bind(provider);
const remove = provider.delete.bind(provider);
export { remove as delete };

const engine = engineAddress();
if (engine) watchEngine(engine, operationsInFlight);
