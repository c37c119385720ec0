// Bearer tokens for the Flow Service: either a ready token, or OAuth Server-to-Server client
// credentials exchanged at IMS (`POST <ims>/ims/token/v3`, form-encoded). Tokens are cached per
// credential set for the whole process, so every client and every resource of one `pulumi up`
// shares one token, and concurrent callers share one in-flight IMS request.
import { createHash } from "node:crypto";
import axios, { AxiosError, AxiosInstance } from "axios";
import { TokenRequestError, parseErrorBody } from "./errors";
import { attachRetry } from "./retry";
import { DEFAULT_RETRY, RetryOptions, shouldRetryTokenRequest } from "./retry-policy";

export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forget `token` after the API rejected it (401), so the next getToken fetches a new one. */
  invalidate(token: string): void;
  /** True when invalidating makes a retry worthwhile (a static token cannot be renewed). */
  readonly renewable: boolean;
}

export class StaticTokenProvider implements TokenProvider {
  readonly renewable = false;
  constructor(private readonly token: string) {}
  async getToken(): Promise<string> {
    return this.token;
  }
  invalidate(): void {}
}

export interface ClientCredentials {
  imsEndpoint: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  timeoutMs?: number;
  /** Retries of the token request (429, 5xx, network errors), as for the Flow Service. */
  retry?: Partial<RetryOptions>;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is renewed (ahead of its real expiry). */
  renewAt: number;
}

/** Renew ahead of expiry by 10% of the lifetime, at most 5 minutes (tokens last 24 h). */
export function renewalTime(issuedAtMs: number, expiresInSeconds: number): number {
  const lifetimeMs = expiresInSeconds * 1000;
  return issuedAtMs + lifetimeMs - Math.min(300_000, lifetimeMs / 10);
}

const tokenCache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<string>>();

export class ClientCredentialsTokenProvider implements TokenProvider {
  readonly renewable = true;
  private readonly key: string;
  private readonly http: AxiosInstance;

  constructor(private readonly creds: ClientCredentials) {
    // The cache key holds a digest of the secret, never the secret itself.
    this.key = createHash("sha256")
      .update([creds.imsEndpoint, creds.clientId, creds.clientSecret, creds.scopes.join(",")].join("\n"))
      .digest("hex");
    this.http = axios.create({ timeout: creds.timeoutMs ?? 30_000, maxRedirects: 0 });
    attachRetry(this.http, { ...DEFAULT_RETRY, ...creds.retry }, {}, shouldRetryTokenRequest);
  }

  async getToken(): Promise<string> {
    const cached = tokenCache.get(this.key);
    if (cached && Date.now() < cached.renewAt) return cached.token;
    let pending = inFlight.get(this.key);
    if (!pending) {
      pending = this.requestToken().finally(() => inFlight.delete(this.key));
      inFlight.set(this.key, pending);
    }
    return pending;
  }

  invalidate(token: string): void {
    if (tokenCache.get(this.key)?.token === token) tokenCache.delete(this.key);
  }

  private async requestToken(): Promise<string> {
    const path = "/ims/token/v3";
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.creds.clientId,
      client_secret: this.creds.clientSecret,
      scope: this.creds.scopes.join(","),
    });
    const issuedAt = Date.now();
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = (
        await this.http.post(`${this.creds.imsEndpoint}${path}`, form.toString(), {
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        })
      ).data;
    } catch (err) {
      const e = err as AxiosError;
      if (!e.response) {
        throw new TokenRequestError({
          method: "POST",
          path,
          detail: `could not reach IMS at ${this.creds.imsEndpoint} (check aep:imsEndpoint), even after retries; nothing was sent to the Flow Service: ${e.code ?? e.message}`,
          cause: { code: e.code, message: e.message ?? String(err) },
        });
      }
      const parsed = parseErrorBody(e.response.data);
      const status = e.response.status;
      const hint =
        status === 400 || status === 401
          ? "IMS refused the client credentials: check aep:clientId, aep:clientSecret and aep:scopes (`pulumi refresh` and `pulumi destroy` use the settings of the last `pulumi up`: after changing one, run `pulumi up` first, or add --run-program)"
          : "IMS did not issue a token, even after retries; nothing was sent to the Flow Service. Check aep:imsEndpoint and Adobe's status page, then run the command again";
      throw new TokenRequestError({
        status,
        code: parsed.code,
        method: "POST",
        path,
        detail: parsed.detail ? `${hint} (${parsed.detail})` : hint,
      });
    }
    if (typeof body?.access_token !== "string") {
      throw new TokenRequestError({ status: 200, method: "POST", path, detail: "IMS answered without an access_token" });
    }
    const expiresIn = typeof body.expires_in === "number" ? body.expires_in : Number(body.expires_in) || 3600;
    tokenCache.set(this.key, { token: body.access_token, renewAt: renewalTime(issuedAt, expiresIn) });
    return body.access_token;
  }
}

/** Drops every cached token (tests, and long-lived processes that rotate credentials). */
export function clearTokenCache(): void {
  tokenCache.clear();
}
