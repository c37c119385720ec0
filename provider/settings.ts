// Connection settings for the provider: Pulumi config (namespace `aep`, passed to the provider's
// `configure` at run time, secrets already decrypted) first, then environment variables. They are
// read inside the provider process and never captured in the serialized provider.
import { ConnectionSettings, DEFAULT_ENDPOINT, DEFAULT_IMS_ENDPOINT, DEFAULT_SANDBOX, DEFAULT_SCOPES, validateSandboxName } from "../sdk/settings";

export interface ConfigSource {
  get(key: string): string | undefined;
}

const KEYS: Record<keyof ConnectionSettings, [config: string, env: string]> = {
  endpoint: ["aep:endpoint", "AEP_ENDPOINT"],
  imsEndpoint: ["aep:imsEndpoint", "AEP_IMS_ENDPOINT"],
  clientId: ["aep:clientId", "AEP_CLIENT_ID"],
  clientSecret: ["aep:clientSecret", "AEP_CLIENT_SECRET"],
  scopes: ["aep:scopes", "AEP_SCOPES"],
  orgId: ["aep:orgId", "AEP_ORG_ID"],
  sandboxName: ["aep:sandboxName", "AEP_SANDBOX_NAME"],
  accessToken: ["aep:accessToken", "AEP_ACCESS_TOKEN"],
};

export interface ProviderSettings extends ConnectionSettings {
  /** Per-attempt HTTP timeout (aep:timeoutSeconds / AEP_TIMEOUT_SECONDS, default 30 s). */
  timeoutMs: number;
}

const TIMEOUT_KEYS: [string, string] = ["aep:timeoutSeconds", "AEP_TIMEOUT_SECONDS"];

export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const read = (key: keyof ConnectionSettings | "timeoutSeconds"): string | undefined => {
    const [configKey, envKey] = key === "timeoutSeconds" ? TIMEOUT_KEYS : KEYS[key];
    const value = config?.get(configKey) ?? env[envKey];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const scopes = read("scopes");
  const timeout = read("timeoutSeconds");
  const timeoutSeconds = timeout === undefined ? 30 : Number(timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) {
    throw new Error(`AEP setting ${TIMEOUT_KEYS.join(" / ")}: "${timeout}" is not a number of seconds between 0 and 600`);
  }
  return {
    timeoutMs: Math.round(timeoutSeconds * 1000),
    endpoint: read("endpoint") ?? DEFAULT_ENDPOINT,
    imsEndpoint: read("imsEndpoint") ?? DEFAULT_IMS_ENDPOINT,
    clientId: read("clientId"),
    clientSecret: read("clientSecret"),
    scopes: scopes ? scopes.split(",").map((s) => s.trim()).filter(Boolean) : DEFAULT_SCOPES,
    orgId: read("orgId"),
    sandboxName: validateSandboxName(read("sandboxName") ?? DEFAULT_SANDBOX),
    accessToken: read("accessToken"),
  };
}
