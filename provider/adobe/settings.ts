// Connection settings shared by the SDK client and the Pulumi provider, and their validation.
// Every message names the setting to fix (Pulumi config key and environment variable) and never
// echoes a secret value.

export const DEFAULT_ENDPOINT = "https://platform.adobe.io";
export const DEFAULT_IMS_ENDPOINT = "https://ims-na1.adobelogin.com";
export const DEFAULT_SANDBOX = "prod";
export const DEFAULT_SCOPES = ["openid", "AdobeID", "read_organizations", "additional_info.projectedProductContext", "session"];

export interface ConnectionSettings {
  endpoint: string;
  imsEndpoint: string;
  clientId?: string;
  clientSecret?: string;
  scopes: string[];
  orgId?: string;
  sandboxName: string;
  accessToken?: string;
}

/**
 * Every setting, once: its Pulumi config key (namespace `aep`), its environment variable, whether
 * it is a secret, its type, default and docs (the package schema's provider configuration and
 * docs/installation-configuration.md come from here), and for durations the most allowed, in
 * seconds. The provider and the program-side lookups read config first, then the
 * environment; error messages name both.
 */
const TIMEOUT = { default: 30, max: 600 };
const SETTLE_TIMEOUT = { default: 300, max: 3600 };

export const SETTINGS = {
  endpoint: {
    config: "aep:endpoint",
    env: "AEP_ENDPOINT",
    type: "string",
    default: DEFAULT_ENDPOINT,
    doc:
      `The AEP Platform base URL (default \`${DEFAULT_ENDPOINT}\`). Must use https, except on a loopback address (the local ` +
      "emulator).",
  },
  imsEndpoint: {
    config: "aep:imsEndpoint",
    env: "AEP_IMS_ENDPOINT",
    type: "string",
    default: DEFAULT_IMS_ENDPOINT,
    doc: `The Adobe IMS base URL that issues access tokens (default \`${DEFAULT_IMS_ENDPOINT}\`). https, except on loopback.`,
  },
  clientId: {
    config: "aep:clientId",
    env: "AEP_CLIENT_ID",
    type: "string",
    doc: "The OAuth Server-to-Server client id of the Adobe Developer Console project; also sent as `x-api-key`. Required for any call.",
  },
  clientSecret: {
    config: "aep:clientSecret",
    env: "AEP_CLIENT_SECRET",
    type: "string",
    secret: true,
    doc:
      "The OAuth Server-to-Server client secret, exchanged at IMS for a token (cached per process, renewed before expiry). " +
      "Required unless `accessToken` is set. A secret: set it with `pulumi config set --secret aep:clientSecret`.",
  },
  scopes: {
    config: "aep:scopes",
    env: "AEP_SCOPES",
    type: "string",
    doc: `Comma-separated OAuth scopes requested from IMS (default \`${DEFAULT_SCOPES.join(",")}\`).`,
  },
  orgId: {
    config: "aep:orgId",
    env: "AEP_ORG_ID",
    type: "string",
    doc: "The IMS organization id, sent as `x-gw-ims-org-id` (e.g. `ABC123@AdobeOrg`). Required for any call.",
  },
  sandboxName: {
    config: "aep:sandboxName",
    env: "AEP_SANDBOX_NAME",
    type: "string",
    default: DEFAULT_SANDBOX,
    doc:
      `The sandbox every call names (\`x-sandbox-name\`; lowercase letters, digits and dashes), default \`${DEFAULT_SANDBOX}\`. ` +
      "A resource or lookup may override it with its own `sandboxName`.",
  },
  accessToken: {
    config: "aep:accessToken",
    env: "AEP_ACCESS_TOKEN",
    type: "string",
    secret: true,
    doc:
      "A ready IMS bearer token, used instead of the client credentials (no token request is made). A secret: set it with " +
      "`pulumi config set --secret aep:accessToken`.",
  },
  /** Per-attempt HTTP timeout. */
  timeoutSeconds: {
    config: "aep:timeoutSeconds",
    env: "AEP_TIMEOUT_SECONDS",
    type: "number",
    default: TIMEOUT.default,
    maxSeconds: TIMEOUT.max,
    doc:
      `The timeout of each HTTP attempt, in seconds (default ${TIMEOUT.default}, at most ${TIMEOUT.max}). Retries (capped ` +
      "exponential backoff, `Retry-After` honoured) each get their own.",
  },
  /** How long to wait for an entity in a transitional state to settle. */
  settleTimeoutSeconds: {
    config: "aep:settleTimeoutSeconds",
    env: "AEP_SETTLE_TIMEOUT_SECONDS",
    type: "number",
    default: SETTLE_TIMEOUT.default,
    maxSeconds: SETTLE_TIMEOUT.max,
    doc:
      "The longest wait, in seconds, for a flow in a transitional state (updating, initializing, disabling, delete-finalizing) to " +
      `settle before the call it blocks is sent again (default ${SETTLE_TIMEOUT.default}, at most ${SETTLE_TIMEOUT.max}).`,
  },
} as const;

export type SettingName = keyof typeof SETTINGS;

/** "aep:clientId / AEP_CLIENT_ID": where a setting comes from, for messages. */
export function settingSource(name: SettingName): string {
  return `${SETTINGS[name].config} / ${SETTINGS[name].env}`;
}

/** Where each connection setting comes from, for error messages. */
export const SETTING_SOURCES = Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, settingSource(k as SettingName)])) as Record<
  SettingName,
  string
>;

export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(
    readonly setting: SettingName,
    reason: string,
    /** The setting is not given (a preview may run without credentials); else it is given, and wrong. */
    readonly missing = false,
  ) {
    super(`AEP setting ${SETTING_SOURCES[setting]}: ${reason}`);
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A base URL without trailing slash; `https` required unless the host is loopback (the emulator). */
export function validateBaseUrl(setting: "endpoint" | "imsEndpoint", value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(setting, `"${value}" is not a URL (expected e.g. https://platform.adobe.io)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingsError(setting, `"${value}" must use https`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new SettingsError(setting, `"${value}" uses plain http; only loopback addresses (the local emulator) may, use https`);
  }
  if (url.search || url.hash) throw new SettingsError(setting, `"${value}" must not carry a query or fragment`);
  // The client adds the API's path itself (/data/foundation/flowservice, /ims/token/v3): a base URL that already carries
  // it would send every call to a path that does not exist, and the user would see only the service's 404.
  const apiPath = setting === "endpoint" ? /\/data(\/|$)/ : /\/ims(\/|$)/;
  const match = apiPath.exec(url.pathname);
  if (match) {
    const base = `${url.origin}${url.pathname.slice(0, match.index)}`.replace(/\/+$/, "");
    throw new SettingsError(
      setting,
      `"${value}" carries the API's path (${url.pathname.slice(match.index)}), which the package adds itself: set the base URL, ` +
        `"${base}" (\`pulumi config set ${SETTINGS[setting].config} ${base}\`)`,
    );
  }
  return url.toString().replace(/\/+$/, "");
}

/**
 * How Adobe writes sandbox names: all-lowercase, no spaces or special characters (the sandbox API
 * spec's prose, https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/sandbox.yaml).
 * The provider warns about a name of another form (rules.ts `sandboxName.form`); the service answers for it.
 */
export const SANDBOX_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,255}$/;

/** What can be sent as an `x-sandbox-name` header at all: visible ASCII, no spaces. */
export const HEADER_VALUE = /^[\x21-\x7e]{1,256}$/;

/**
 * A sandbox name that can be sent; throws (naming `what`) only for one that cannot be a header value.
 * Its form is the service's to judge: a sandbox it does not know answers 404 (2100).
 */
export function validateSandboxName(value: string, what = SETTING_SOURCES.sandboxName): string {
  if (!HEADER_VALUE.test(value)) {
    throw new Error(
      `${what}: ${JSON.stringify(value)} cannot be sent as a sandbox name (x-sandbox-name takes visible characters, no spaces; e.g. "prod")`,
    );
  }
  return value;
}

/** The two identity headers every call carries, whatever the credentials. */
export function requireIdentity(s: ConnectionSettings): void {
  if (!s.clientId) {
    throw new SettingsError(
      "clientId",
      "is required (it is also sent as x-api-key); set it with `pulumi config set aep:clientId <id>`",
      true,
    );
  }
  if (!s.orgId) {
    throw new SettingsError(
      "orgId",
      "is required (x-gw-ims-org-id, e.g. ABC123@AdobeOrg); set it with `pulumi config set aep:orgId <org>`",
      true,
    );
  }
}

/** Checks that the settings can authenticate; returns which way (token or client credentials). */
export function requireCredentials(s: ConnectionSettings): "accessToken" | "clientCredentials" {
  requireIdentity(s);
  if (s.accessToken) return "accessToken";
  if (!s.clientSecret) {
    throw new SettingsError(
      "clientSecret",
      "is required unless aep:accessToken is set; set it with `pulumi config set --secret aep:clientSecret <secret>`",
      true,
    );
  }
  return "clientCredentials";
}

/** Where settings are read from first: Pulumi config (`aep:…` keys; secrets already decrypted). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderSettings extends ConnectionSettings {
  /** Per-attempt HTTP timeout in ms (aep:timeoutSeconds). */
  timeoutMs: number;
  /** How long to wait for an entity in a transitional state to settle, in ms (aep:settleTimeoutSeconds). */
  settleTimeoutMs: number;
}

function milliseconds(raw: string | undefined, name: "timeoutSeconds" | "settleTimeoutSeconds"): number {
  const { default: defaultSeconds, maxSeconds } = SETTINGS[name];
  const value = raw === undefined ? defaultSeconds : Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > maxSeconds) {
    throw new SettingsError(name, `"${raw}" is not a number of seconds between 0 and ${maxSeconds}`);
  }
  return Math.round(value * 1000);
}

/**
 * Every setting from `config` (the stack's `aep:*` config), else `env` (the AEP_* variables), else
 * its default. Throws {@link SettingsError} naming the setting for a malformed value; credentials
 * are checked only where a client needs them (requireCredentials), so a preview works without.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const read = (name: SettingName): string | undefined => {
    const value = config?.get(SETTINGS[name].config) ?? env[SETTINGS[name].env];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const scopes = read("scopes");
  return {
    timeoutMs: milliseconds(read("timeoutSeconds"), "timeoutSeconds"),
    settleTimeoutMs: milliseconds(read("settleTimeoutSeconds"), "settleTimeoutSeconds"),
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
