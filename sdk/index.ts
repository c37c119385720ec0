export * from "./types";
export { FlowServiceError, parseErrorBody } from "./errors";
export { FlowServiceClient, FlowServiceClientOptions, FLOW_SERVICE_PATH } from "./client";
export { TokenProvider, StaticTokenProvider, ClientCredentialsTokenProvider, clearTokenCache } from "./auth";
export { RetryOptions, DEFAULT_RETRY } from "./retry";
export * from "./settings";
