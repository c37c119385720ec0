// pulumi-aep-dataflows: Adobe Experience Platform pipelines as Pulumi resources.
//
// Every Pulumi program that declares a resource loads this module, so it holds only what a program
// uses: the resources, the types they take and give, and the lookups. The rest has its own entry point, loaded only by
// what needs it: `pulumi-aep-dataflows/sdk` (the HTTP client), `pulumi-aep-dataflows/emulator`
// (the local Adobe emulator), `pulumi-aep-dataflows/runtime` (the provider, loaded by the engine).
export { BaseConnection } from "./provider/resources/base-connection";
export type { BaseConnectionArgs } from "./provider/resources/base-connection";
export { SourceConnection } from "./provider/resources/source-connection";
export type { SourceConnectionArgs } from "./provider/resources/source-connection";
export { TargetConnection } from "./provider/resources/target-connection";
export type { TargetConnectionArgs } from "./provider/resources/target-connection";
export { MappingSet } from "./provider/resources/mapping-set";
export type { MappingSetArgs } from "./provider/resources/mapping-set";
export { Dataflow } from "./provider/resources/dataflow";
export type { DataflowArgs } from "./provider/resources/dataflow";
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
} from "./provider/resources/types";
export { getFlowSpec, getConnectionSpec, getDataset, getSchema, getFlowRuns } from "./provider/lookups";
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
} from "./provider/lookup-types";
