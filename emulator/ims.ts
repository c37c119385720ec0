// The IMS side: OAuth Server-to-Server client credentials → bearer tokens, and the gateway's
// check of those tokens on every Flow Service call.
// IMS: https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims (all four
// parameters mandatory, grant_type "always client_credentials"; `{access_token, token_type: "bearer", expires_in}` in seconds).
// Gateway: the request header errors of https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting
import { randomBytes } from "node:crypto";
import { gatewayError, imsError } from "./errors";

export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  orgId: string;
  /**
   * Access labels the client's role has (attribute-based access control); absent: no restriction.
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels
   */
  roleLabels?: string[];
}

export interface IssuedToken {
  clientId: string;
  orgId: string;
  expiresAt: number;
  roleLabels: ReadonlySet<string> | "all";
}

export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: EmulatorClient[],
    private tokenTtlSeconds: number,
  ) {}

  setTokenTtl(seconds: number): void {
    this.tokenTtlSeconds = seconds;
  }

  /** `POST /ims/token/v3` with a form body (or query) of grant_type, client_id, client_secret, scope. */
  issue(form: URLSearchParams): { access_token: string; token_type: "bearer"; expires_in: number } {
    // Adobe documents no IMS error responses: the errors and statuses below are OAuth 2.0's (RFC 6749 §5.2), with 401
    // for a wrong secret as that section allows.
    if (form.get("grant_type") !== "client_credentials") {
      throw imsError(400, "unsupported_grant_type", "grant_type must be client_credentials");
    }
    const clientId = form.get("client_id");
    const client = this.clients.find((c) => c.clientId === clientId);
    if (!clientId || !client) throw imsError(400, "invalid_client", "invalid client_id parameter");
    if (form.get("client_secret") !== client.clientSecret) throw imsError(401, "invalid_client", "invalid client_secret parameter");
    if (!form.get("scope")) throw imsError(400, "invalid_scope", "scope is required");
    const token = `emu-${randomBytes(24).toString("base64url")}`;
    this.tokens.set(token, {
      clientId,
      orgId: client.orgId,
      expiresAt: Date.now() + this.tokenTtlSeconds * 1000,
      roleLabels: roleOf(client),
    });
    return { access_token: token, token_type: "bearer", expires_in: this.tokenTtlSeconds };
  }

  /** Registers a ready token (what `aep:accessToken` would hold) for a client; 86399 s is the IMS page's sample expires_in. */
  addStaticToken(token: string, clientId: string, ttlSeconds = 86_399): void {
    const client = this.clients.find((c) => c.clientId === clientId);
    if (!client) throw new Error(`unknown emulator client ${clientId}`);
    this.tokens.set(token, { clientId, orgId: client.orgId, expiresAt: Date.now() + ttlSeconds * 1000, roleLabels: roleOf(client) });
  }

  /** Makes every issued token expired, as if a long run crossed the token's lifetime. */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  /**
   * The gateway's header checks: the codes and messages of the troubleshooting guide above (403010, 401013, 403000,
   * 403003, 400003, 403025). Adobe documents no order between them; the emulator checks the token first. The guide's
   * 400003 message is "Missing header"; the emulator names the header.
   */
  authenticate(headers: Record<string, string | string[] | undefined>, numericCodes = false): IssuedToken {
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const auth = header("authorization");
    const fail = (status: number, code: string, message: string) => gatewayError(status, code, message, {}, numericCodes);
    if (!auth) throw fail(403, "403010", "Oauth token is missing.");
    const m = auth.match(/^Bearer\s+(\S+)$/i);
    const issued = m ? this.tokens.get(m[1]) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) throw fail(401, "401013", "Oauth token is not valid");
    const apiKey = header("x-api-key");
    if (!apiKey) throw fail(403, "403000", "Api Key is required");
    if (apiKey !== issued.clientId) throw fail(403, "403003", "Api Key is invalid");
    const org = header("x-gw-ims-org-id");
    if (!org) throw fail(400, "400003", "Missing header: x-gw-ims-org-id");
    if (org !== issued.orgId) throw fail(403, "403025", "Profile is not valid");
    return issued;
  }
}

function roleOf(client: EmulatorClient): ReadonlySet<string> | "all" {
  return client.roleLabels ? new Set(client.roleLabels) : "all";
}
