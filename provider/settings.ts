// Connection settings for the provider: Pulumi config (namespace `aep`, passed to the provider's
// `configure` at run time, secrets already decrypted) first, then environment variables — the keys
// of sdk/settings.ts's SETTINGS table. Read inside the provider process, never captured in the
// serialized provider.
import {
  ConnectionSettings,
  DEFAULT_ENDPOINT,
  DEFAULT_IMS_ENDPOINT,
  DEFAULT_SANDBOX,
  DEFAULT_SCOPES,
  SETTINGS,
  SettingName,
  SettingsError,
  validateSandboxName,
} from "../sdk/settings";

export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderSettings extends ConnectionSettings {
  /** Per-attempt HTTP timeout in ms (aep:timeoutSeconds, default 30 s). */
  timeoutMs: number;
  /** How long to wait for a flow in a transitional state to settle, in ms (aep:settleTimeoutSeconds, default 300 s). */
  settleTimeoutMs: number;
}

function seconds(raw: string | undefined, name: SettingName, fallback: number, max: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new SettingsError(name, `"${raw}" is not a number of seconds between 0 and ${max}`);
  }
  return Math.round(value * 1000);
}

export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const read = (name: SettingName): string | undefined => {
    const value = config?.get(SETTINGS[name].config) ?? env[SETTINGS[name].env];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const scopes = read("scopes");
  return {
    timeoutMs: seconds(read("timeoutSeconds"), "timeoutSeconds", 30, 600),
    settleTimeoutMs: seconds(read("settleTimeoutSeconds"), "settleTimeoutSeconds", 300, 3600),
    endpoint: read("endpoint") ?? DEFAULT_ENDPOINT,
    imsEndpoint: read("imsEndpoint") ?? DEFAULT_IMS_ENDPOINT,
    clientId: read("clientId"),
    clientSecret: read("clientSecret"),
    scopes: scopes
      ? scopes
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : DEFAULT_SCOPES,
    orgId: read("orgId"),
    sandboxName: validateSandboxName(read("sandboxName") ?? DEFAULT_SANDBOX),
    accessToken: read("accessToken"),
  };
}
