// `pulumi-aep-dataflows/adobe`: the client of Adobe's APIs (Flow Service, Data Prep, Catalog, Schema Registry, IMS) on its own, for scripts and tools that talk to
// Adobe Experience Platform without Pulumi (the exporter and the recover command use it too).
export { FlowServiceClient, FLOW_SERVICE_PATH } from "./client";
export type { FlowServiceClientOptions } from "./client";
export { StaticTokenProvider, ClientCredentialsTokenProvider, clearTokenCache } from "./auth";
export type { TokenProvider } from "./auth";
export { FlowServiceError, TokenRequestError, parseErrorBody } from "./errors";
export { DEFAULT_RETRY } from "./retry-policy";
export type { RetryOptions } from "./retry-policy";
export * from "./settings";
export * from "./types";
