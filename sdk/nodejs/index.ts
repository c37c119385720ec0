// pulumi-aep-dataflows: Adobe Experience Platform pipelines as Pulumi resources.
//
// Every Pulumi program that declares a resource loads this module, so it holds only what a program
// uses: the resources, the types they take and give, and the lookups. The rest has its own entry point, loaded only by
// what needs it: `pulumi-aep-dataflows/adobe` (the client of Adobe's APIs), `pulumi-aep-dataflows/emulator`
// (the local Adobe emulator), `pulumi-aep-dataflows/runtime` (the provider, loaded by the engine).
export { BaseConnection } from "./resources/base-connection";
export type { BaseConnectionArgs } from "./resources/base-connection";
export { SourceConnection } from "./resources/source-connection";
export type { SourceConnectionArgs } from "./resources/source-connection";
export { TargetConnection } from "./resources/target-connection";
export type { TargetConnectionArgs } from "./resources/target-connection";
export { MappingSet } from "./resources/mapping-set";
export type { MappingSetArgs } from "./resources/mapping-set";
export { Dataset } from "./resources/dataset";
export type { DatasetArgs } from "./resources/dataset";
export { FieldGroup } from "./resources/field-group";
export type { FieldGroupArgs } from "./resources/field-group";
export { Schema } from "./resources/schema";
export type { SchemaArgs } from "./resources/schema";
export { IdentityDescriptor } from "./resources/identity-descriptor";
export type { IdentityDescriptorArgs } from "./resources/identity-descriptor";
export { Dataflow } from "./resources/dataflow";
export type { DataflowArgs } from "./resources/dataflow";
// The object types the resources take (`…Args`) and give (plain), generated from the package schema.
// Named one by one (not `export type *`, which TypeScript before 5.0 cannot read in a .d.ts);
// tests/codegen.test.ts checks that every generated type is here.
export type {
  AuthArgs,
  Auth,
  DataflowOptionsArgs,
  DataflowOptions,
  FlowSpecArgs,
  FlowSpecRef,
  Frequency,
  MappingRuleArgs,
  MappingRule,
  MappingSourceType,
  OutputSchemaArgs,
  OutputSchema,
  ScheduleParamsArgs,
  ScheduleParams,
  SchemaRefArgs,
  SchemaRef,
  SourceConnectionDataArgs,
  SourceConnectionData,
  SpecRefArgs,
  ConnectionSpecRef,
  TargetConnectionDataArgs,
  TargetConnectionData,
  TargetDataSchemaArgs,
  TargetDataSchema,
  TransformationArgs,
  Transformation,
} from "./types";
export { getFlowSpec, getConnectionSpec, getDataset, getSchema, getFlowRuns } from "./lookups";
export type {
  LookupOptions,
  FlowSpecResult,
  ConnectionSpecResult,
  AuthSpecResult,
  DatasetResult,
  DatasetSchemaRef,
  SchemaResult,
  FlowRunResult,
  FlowRunError,
} from "./lookup-types";
