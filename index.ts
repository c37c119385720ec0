// pulumi-aep-dataflows: Adobe Experience Platform pipelines as Pulumi resources.
//
// Every Pulumi program that declares a resource loads this module, so it holds only what a program
// uses: the resources and their argument types. The rest has its own entry point, loaded only by
// what needs it: `pulumi-aep-dataflows/sdk` (the HTTP client), `pulumi-aep-dataflows/emulator`
// (the local Adobe emulator), `pulumi-aep-dataflows/runtime` (the provider, loaded by the engine).
export { Dataflow } from "./provider/dataflow";
export type { DataflowArgs, DataflowOptionsArgs, FlowSpecArgs, ScheduleParamsArgs, TransformationArgs } from "./provider/dataflow";
