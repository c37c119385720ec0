// pulumi-aep-dataflows: Adobe Experience Platform dataflows as Pulumi resources.
//
// Every Pulumi program that declares a Dataflow loads this module, so it loads only what a program
// needs: the resource and light helpers. The HTTP client (axios), input validation (zod) and the
// emulator (fastify) load on first use, through the getters at the end.
import type * as auth from "./sdk/auth";
import type * as client from "./sdk/client";
import type * as emulator from "./emulator";
import type * as validate from "./provider/validate";

export {
  Dataflow,
  DataflowArgs,
  DataflowOptionsArgs,
  FlowSpecArgs,
  ScheduleParamsArgs,
  TransformationArgs,
  dataflowProviderShim,
} from "./provider/dataflow";
export {
  DataflowInputs,
  DataflowOutputs,
  ScheduleParams,
  Frequency,
  FREQUENCIES,
  PATCHABLE_PROPERTIES,
  REPLACE_PROPERTIES,
} from "./provider/types";
export { diffDataflow, planUpdate, planPatch, planActions, UpdatePlan, DataflowDiff } from "./provider/plan";
export { PartialFailureError, ConcurrentEditError, FlowGoneError } from "./provider/errors";
export * from "./sdk/types";
export { FlowServiceError, parseErrorBody } from "./sdk/errors";
export { RetryOptions, DEFAULT_RETRY } from "./sdk/retry-policy";
export * from "./sdk/settings";
export type { FlowServiceClientOptions } from "./sdk/client";
export type { TokenProvider } from "./sdk/auth";
export type { CheckFailure, CheckOutcome } from "./provider/validate";
export type { EmulatorOptions, RunningEmulator, FaultRule, JournalEntry } from "./emulator";

export declare const FlowServiceClient: typeof client.FlowServiceClient;
export type FlowServiceClient = client.FlowServiceClient;
export declare const FLOW_SERVICE_PATH: typeof client.FLOW_SERVICE_PATH;
export declare const StaticTokenProvider: typeof auth.StaticTokenProvider;
export type StaticTokenProvider = auth.StaticTokenProvider;
export declare const ClientCredentialsTokenProvider: typeof auth.ClientCredentialsTokenProvider;
export type ClientCredentialsTokenProvider = auth.ClientCredentialsTokenProvider;
export declare const clearTokenCache: typeof auth.clearTokenCache;
export declare const checkDataflow: typeof validate.checkDataflow;
/** Starts the local Flow Service + IMS emulator. */
export declare const startEmulator: typeof emulator.startEmulator;

function lazy(name: string, load: () => unknown): void {
  Object.defineProperty(exports, name, { enumerable: true, get: load });
}
lazy("FlowServiceClient", () => require("./sdk/client").FlowServiceClient);
lazy("FLOW_SERVICE_PATH", () => require("./sdk/client").FLOW_SERVICE_PATH);
lazy("StaticTokenProvider", () => require("./sdk/auth").StaticTokenProvider);
lazy("ClientCredentialsTokenProvider", () => require("./sdk/auth").ClientCredentialsTokenProvider);
lazy("clearTokenCache", () => require("./sdk/auth").clearTokenCache);
lazy("checkDataflow", () => require("./provider/validate").checkDataflow);
lazy("startEmulator", () => require("./emulator").startEmulator);
