// Typed client of the Flow Service `/flows` API. Usable on its own; the Pulumi provider is built on it.
import { randomUUID } from "node:crypto";
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, isAxiosError } from "axios";
import { ClientCredentialsTokenProvider, StaticTokenProvider, TokenProvider } from "./auth";
import { ServiceClock } from "./clock";
import { CredentialKind, FlowServiceError, isEntityNotFound, parseErrorBody, settingHint } from "./errors";
import { attachRetry } from "./retry";
import { DEFAULT_RETRY, RetryOptions } from "./retry-policy";
import { sharedLimiter } from "./throttle";
import {
  ConnectionSettings,
  DEFAULT_ENDPOINT,
  DEFAULT_IMS_ENDPOINT,
  DEFAULT_SANDBOX,
  DEFAULT_SCOPES,
  requireCredentials,
  requireIdentity,
  validateBaseUrl,
  validateSandboxName,
} from "./settings";
import type {
  CreateFlowRequest,
  Flow,
  FlowSpec,
  FlowAction,
  FlowList,
  ListFlowsQuery,
  PatchOperation,
  RequestOptions,
  WriteResult,
} from "./types";

export const FLOW_SERVICE_PATH = "/data/foundation/flowservice";

export interface FlowServiceClientOptions extends Partial<ConnectionSettings> {
  /** Supplies bearer tokens; by default built from accessToken or the client credentials. */
  tokenProvider?: TokenProvider;
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Receives one line per request and per retry; never headers or bodies with credentials. */
  logger?: (line: string) => void;
  /**
   * Runs before every request that can change something (not a GET), retries included; throwing
   * stops the request before it leaves. The provider uses it to send nothing once the Pulumi engine
   * that started it is gone.
   */
  beforeWrite?: () => Promise<void> | void;
}

interface SendOptions extends RequestOptions {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  params?: Record<string, string | string[] | number | undefined>;
  body?: unknown;
  ifMatch?: string;
  /** Statuses (besides 2xx) that resolve instead of throwing. */
  acceptStatuses?: number[];
}

export class FlowServiceClient {
  readonly endpoint: string;
  readonly sandboxName: string;
  private readonly http: AxiosInstance;
  private readonly tokens: TokenProvider;
  private readonly clientId: string;
  private readonly orgId: string;
  private readonly log?: (line: string) => void;
  private readonly credentials: CredentialKind;
  /** The service's time as its `Date` headers tell it (for judging `createdAt` after a lost answer). */
  readonly clock = new ServiceClock();

  constructor(options: FlowServiceClientOptions) {
    const settings: ConnectionSettings = {
      endpoint: validateBaseUrl("endpoint", options.endpoint ?? DEFAULT_ENDPOINT),
      imsEndpoint: validateBaseUrl("imsEndpoint", options.imsEndpoint ?? DEFAULT_IMS_ENDPOINT),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      accessToken: options.accessToken,
      orgId: options.orgId,
      scopes: options.scopes ?? DEFAULT_SCOPES,
      sandboxName: validateSandboxName(options.sandboxName ?? DEFAULT_SANDBOX),
    };
    // A custom token provider needs only the identity headers; otherwise the credentials too.
    const mode: CredentialKind = options.tokenProvider ? (requireIdentity(settings), "custom") : requireCredentials(settings);
    this.credentials = mode;
    this.endpoint = settings.endpoint;
    this.sandboxName = settings.sandboxName;
    this.clientId = settings.clientId!;
    this.orgId = settings.orgId!;
    this.tokens =
      options.tokenProvider ??
      (mode === "accessToken"
        ? new StaticTokenProvider(settings.accessToken!)
        : new ClientCredentialsTokenProvider({
            imsEndpoint: settings.imsEndpoint,
            clientId: settings.clientId!,
            clientSecret: settings.clientSecret!,
            scopes: settings.scopes,
            timeoutMs: options.timeoutMs,
            retry: options.retry,
          }));
    this.log = options.logger;
    this.http = axios.create({
      baseURL: `${settings.endpoint}${FLOW_SERVICE_PATH}`,
      timeout: options.timeoutMs ?? 30_000,
      // Redirects would resend the bearer token to wherever Location points.
      maxRedirects: 0,
    });
    // Pacing first, so retried requests are paced too (axios-retry re-enters the interceptors).
    const limiter = sharedLimiter(settings.endpoint);
    const beforeWrite = options.beforeWrite;
    this.http.interceptors.request.use(async (config) => {
      if (beforeWrite && (config.method ?? "get").toUpperCase() !== "GET") await beforeWrite();
      await limiter.acquire();
      // When this attempt leaves, for reading the service's clock off its answer's Date header.
      (config as { aepSentAt?: number }).aepSentAt = Date.now();
      return config;
    });
    const observeDate = (headers: unknown, config: unknown) => {
      const date = (headers as Record<string, unknown> | undefined)?.date;
      this.clock.observe(
        typeof date === "string" ? date : undefined,
        (config as { aepSentAt?: number } | undefined)?.aepSentAt,
        Date.now(),
      );
    };
    this.http.interceptors.response.use(
      (res) => {
        observeDate(res.headers, res.config);
        limiter.onAccepted();
        return res;
      },
      (err: AxiosError) => {
        observeDate(err.response?.headers, err.config);
        if (err.response?.status === 429) limiter.onThrottled();
        else if (err.response) limiter.onAccepted();
        return Promise.reject(err);
      },
    );
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    attachRetry(this.http, retry, {
      onRetry: (attempt, outcome, delay) =>
        this.log?.(
          `retry ${attempt}/${retry.retries} of ${outcome.method.toUpperCase()} after ${outcome.status ?? "network error"}, waiting ${delay} ms`,
        ),
    });
  }

  /** `POST /flows` (or `?mode=draft`): returns the new flow's id and etag. */
  async createFlow(request: CreateFlowRequest, opts: RequestOptions & { draft?: boolean } = {}): Promise<WriteResult> {
    return this.send<WriteResult>({
      ...opts,
      method: "POST",
      path: "/flows",
      params: opts.draft ? { mode: "draft" } : undefined,
      body: request,
    }).then((r) => r.data);
  }

  /**
   * `GET /flows/{id}`; undefined when the service answers that the flow does not exist (404
   * `FLOW-1439-404`: deleted, or hidden by an access label the caller's role lacks). Any other 404
   * (unknown sandbox, wrong base path) is thrown: it says nothing about the flow.
   */
  async getFlow(id: string, opts: RequestOptions = {}): Promise<Flow | undefined> {
    let res: { status: number; data: FlowList };
    try {
      res = await this.send<FlowList>({ ...opts, method: "GET", path: `/flows/${encodeURIComponent(id)}` });
    } catch (err) {
      if (isEntityNotFound(err)) return undefined;
      throw err;
    }
    const flow = res.data?.items?.[0];
    if (!flow) {
      throw new FlowServiceError({ status: res.status, method: "GET", path: `/flows/${id}`, detail: "the response has no items[0]" });
    }
    return flow;
  }

  /** `GET /flowSpecs/{id}`; undefined when the service knows no such spec (404 FLOW-1439). */
  async getFlowSpec(id: string, opts: RequestOptions = {}): Promise<FlowSpec | undefined> {
    try {
      const res = await this.send<{ items?: FlowSpec[] }>({ ...opts, method: "GET", path: `/flowSpecs/${encodeURIComponent(id)}` });
      return res.data?.items?.[0];
    } catch (err) {
      if (isEntityNotFound(err)) return undefined;
      throw err;
    }
  }

  /** One page of `GET /flows`. */
  async listFlows(query: ListFlowsQuery = {}, opts: RequestOptions = {}): Promise<FlowList> {
    const res = await this.send<FlowList>({
      ...opts,
      method: "GET",
      path: "/flows",
      params: { property: query.property, orderby: query.orderby, limit: query.limit, continuationToken: query.continuationToken },
    });
    return res.data;
  }

  /** How many flows match the filters (`GET /flows?count=true`). */
  async countFlows(property: string[] = [], opts: RequestOptions = {}): Promise<number> {
    const res = await this.send<{ count?: number }>({ ...opts, method: "GET", path: "/flows", params: { property, count: "true" } });
    return Number(res.data?.count ?? 0);
  }

  /**
   * Every page of flows matching `query`, following `_links.next.href` as given: Adobe's link
   * carries the continuation token (and whatever else the service put in it), and the next request
   * sends exactly that query. https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
   */
  async *listPages(query: Omit<ListFlowsQuery, "continuationToken"> = {}, opts: RequestOptions = {}): AsyncGenerator<FlowList> {
    let page = await this.listFlows(query, opts);
    for (;;) {
      yield page;
      const next = page._links?.next?.href;
      if (!next) return;
      const params = new URL(next, "http://x").searchParams;
      if (!params.get("continuationToken")) return;
      page = await this.listFlows(
        {
          property: params.getAll("property").length ? params.getAll("property") : undefined,
          orderby: params.get("orderby") ?? undefined,
          limit: params.get("limit") ? Number(params.get("limit")) : undefined,
          continuationToken: params.get("continuationToken")!,
        },
        opts,
      );
    }
  }

  /** Every flow matching `query`, across pages. */
  async *listAllFlows(query: Omit<ListFlowsQuery, "continuationToken"> = {}, opts: RequestOptions = {}): AsyncGenerator<Flow> {
    for await (const page of this.listPages(query, opts)) yield* page.items;
  }

  /**
   * Narrows what the client knows of the service's clock to about the round-trip time, with
   * `probes` cheap reads (`GET /flows?count=true`) each timed to split the remaining uncertainty of
   * the `Date` header's whole seconds. Used only to judge creation times after a lost answer.
   */
  async calibrateClock(
    probes: number,
    opts: RequestOptions = {},
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ): Promise<void> {
    let halfRoundTrip = 0;
    for (let i = 0; i < probes; i++) {
      const delay = this.clock.nextProbeDelay(Date.now(), halfRoundTrip);
      if (delay) await sleep(delay);
      const started = Date.now();
      await this.countFlows(["id==00000000-0000-0000-0000-000000000000"], opts);
      halfRoundTrip = (Date.now() - started) / 2;
    }
  }

  /** `PATCH /flows/{id}` with a JSON Patch, guarded by `If-Match: etag`. */
  async patchFlow(id: string, operations: PatchOperation[], etag: string, opts: RequestOptions = {}): Promise<WriteResult> {
    const res = await this.send<WriteResult>({
      ...opts,
      method: "PATCH",
      path: `/flows/${encodeURIComponent(id)}`,
      body: operations,
      ifMatch: etag,
    });
    return res.data;
  }

  /** `POST /flows/{id}/action?op=publish|enable|disable`. */
  async flowAction(id: string, op: FlowAction, opts: RequestOptions & { etag?: string } = {}): Promise<WriteResult> {
    const res = await this.send<WriteResult>({
      ...opts,
      method: "POST",
      path: `/flows/${encodeURIComponent(id)}/action`,
      params: { op },
      ifMatch: opts.etag,
    });
    return res.data;
  }

  /**
   * `DELETE /flows/{id}`; 202 and 204 mean deleted, and so does the flow-not-found 404
   * (`FLOW-1439-404`), for which it returns false. Other 404s are thrown.
   */
  async deleteFlow(id: string, opts: RequestOptions = {}): Promise<boolean> {
    try {
      await this.send({ ...opts, method: "DELETE", path: `/flows/${encodeURIComponent(id)}` });
      return true;
    } catch (err) {
      if (isEntityNotFound(err)) return false;
      throw err;
    }
  }

  private async send<T = unknown>(req: SendOptions): Promise<{ status: number; data: T }> {
    const sandbox = req.sandboxName ? validateSandboxName(req.sandboxName, "sandboxName") : this.sandboxName;
    let renewed = false;
    for (;;) {
      const token = await this.tokens.getToken();
      const requestId = randomUUID();
      const headers: Record<string, string | false> = {
        Authorization: `Bearer ${token}`,
        "x-api-key": this.clientId,
        "x-gw-ims-org-id": this.orgId,
        "x-sandbox-name": sandbox,
        "x-request-id": requestId,
        Accept: "application/json",
      };
      // false stops axios from labelling a body-less POST (an action) as form-encoded.
      headers["Content-Type"] = req.body !== undefined ? "application/json" : false;
      if (req.ifMatch) headers["If-Match"] = req.ifMatch;
      const config: AxiosRequestConfig = {
        method: req.method,
        url: req.path,
        params: req.params,
        paramsSerializer: { indexes: null },
        data: req.body,
        headers,
        validateStatus: (s) => (s >= 200 && s < 300) || (req.acceptStatuses ?? []).includes(s),
      };
      const started = Date.now();
      this.log?.(`${req.method} ${req.path} (sandbox ${sandbox}, request id ${requestId})`);
      try {
        const res = await this.http.request<T>(config);
        this.log?.(`${res.status} ${req.method} ${req.path} in ${Date.now() - started} ms`);
        return { status: res.status, data: res.data };
      } catch (err) {
        const error = toFlowServiceError(err, req.method, req.path, requestId, this.credentials);
        // A 401 means the gateway refused the token before doing anything: renew once and resend.
        if (error.status === 401 && this.tokens.renewable && !renewed) {
          renewed = true;
          this.tokens.invalidate(token);
          this.log?.(`401 on ${req.method} ${req.path}: renewing the access token once`);
          continue;
        }
        throw error;
      }
    }
  }
}

function toFlowServiceError(err: unknown, method: string, path: string, requestId: string, credentials: CredentialKind): FlowServiceError {
  if (err instanceof FlowServiceError) return err;
  // Not an HTTP failure (a write refused before it left): passed on as it is.
  if (!isAxiosError(err)) throw err;
  const e = err as AxiosError;
  if (e.response) {
    const parsed = parseErrorBody(e.response.data);
    const headerRid = e.response.headers?.["x-request-id"];
    const detail = parsed.detail ?? e.response.statusText ?? "no error detail in the response";
    const hint = settingHint(parsed.code, credentials);
    const date = e.response.headers?.date;
    const answeredAt = typeof date === "string" && !Number.isNaN(Date.parse(date)) ? Date.parse(date) : undefined;
    return new FlowServiceError({
      status: e.response.status,
      code: parsed.code,
      requestId: parsed.requestId ?? (typeof headerRid === "string" ? headerRid : requestId),
      method,
      path,
      detail: hint ? `${detail} (${hint})` : detail,
      answeredAt,
    });
  }
  const detail =
    e.code === "ECONNABORTED" || e.code === "ETIMEDOUT"
      ? "the request timed out; the server may still have processed it"
      : `${e.code ?? "network error"}: ${e.message}`;
  return new FlowServiceError({ method, path, requestId, detail, cause: { code: e.code, message: e.message } });
}
