// Typed client of Adobe Experience Platform's pipeline APIs: the Flow Service (flows, base, source
// and target connections, specs, runs), Data Prep (mapping sets), and the read-only Catalog and
// Schema Registry lookups. Usable on its own; the Pulumi provider is built on it.
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
  ConnectionSpec,
  CreateFlowRequest,
  Dataset,
  DatasetRequest,
  Descriptor,
  IdentityDescriptorBody,
  Entity,
  EntityCollection,
  EntityList,
  Flow,
  FlowAction,
  FlowList,
  FlowRun,
  FlowSpec,
  ListQuery,
  MappingSet,
  MappingSetRequest,
  PatchOperation,
  RequestOptions,
  SchemaSummary,
  WriteResult,
  XdmResource,
} from "./types";

export const FLOW_SERVICE_PATH = "/data/foundation/flowservice";

/** Where each service lives under the platform's endpoint. */
export const SERVICE_PATHS = {
  flowservice: FLOW_SERVICE_PATH,
  dataprep: "/data/foundation/conversion",
  catalog: "/data/foundation/catalog",
  schemaregistry: "/data/foundation/schemaregistry",
} as const;
export type Service = keyof typeof SERVICE_PATHS;

/** The Schema Registry's tenant collections a resource kind writes (`/tenant/fieldgroups`, `/tenant/schemas`). */
export type XdmCollection = "fieldgroups" | "schemas";

/** The descriptors' media type (they are unversioned): aepp's. */
const DESCRIPTOR_ACCEPT = "application/vnd.adobe.xdm+json";

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
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Default: the Flow Service. */
  service?: Service;
  path: string;
  /** Default `application/json`; the Schema Registry wants its own media types. */
  accept?: string;
  /** The body's media type; default `application/json` (Catalog's JSON Patch mode takes `application/json-patch+json`). */
  contentType?: string;
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
      baseURL: settings.endpoint,
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

  /**
   * `POST /{collection}` (or `?mode=draft`, which only a spec with `attributes.isDraftModeSupported`
   * accepts): returns the new entity's id and etag. Never retried on an unknown outcome (a second
   * create would make a second entity). https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
   */
  async createEntity(collection: EntityCollection, body: unknown, opts: RequestOptions & { draft?: boolean } = {}): Promise<WriteResult> {
    const res = await this.send<WriteResult>({
      ...opts,
      method: "POST",
      path: `/${collection}`,
      params: opts.draft ? { mode: "draft" } : undefined,
      body,
    });
    return res.data;
  }

  /**
   * `GET /{collection}/{id}`; undefined when the service answers that the entity does not exist
   * (404 `FLOW-1439-404`: deleted, or hidden by an access label the caller's role lacks). Any other
   * 404 (unknown sandbox, wrong base path) is thrown: it says nothing about the entity.
   */
  async getEntity<T extends Entity = Entity>(collection: EntityCollection, id: string, opts: RequestOptions = {}): Promise<T | undefined> {
    const path = `/${collection}/${encodeURIComponent(id)}`;
    let res: { status: number; data: EntityList<T> };
    try {
      res = await this.send<EntityList<T>>({ ...opts, method: "GET", path });
    } catch (err) {
      if (isEntityNotFound(err)) return undefined;
      throw err;
    }
    const entity = res.data?.items?.[0];
    if (!entity) throw new FlowServiceError({ status: res.status, method: "GET", path, detail: "the response has no items[0]" });
    return entity;
  }

  /** One page of `GET /{collection}`. */
  async listEntities<T extends Entity = Entity>(
    collection: EntityCollection,
    query: ListQuery = {},
    opts: RequestOptions = {},
  ): Promise<EntityList<T>> {
    const res = await this.send<EntityList<T>>({
      ...opts,
      method: "GET",
      path: `/${collection}`,
      params: { property: query.property, orderby: query.orderby, limit: query.limit, continuationToken: query.continuationToken },
    });
    return res.data;
  }

  /** How many entities of the collection match the filters (`GET /{collection}?count=true`). */
  async countEntities(collection: EntityCollection, property: string[] = [], opts: RequestOptions = {}): Promise<number> {
    const res = await this.send<{ count?: number }>({
      ...opts,
      method: "GET",
      path: `/${collection}`,
      params: { property, count: "true" },
    });
    return Number(res.data?.count ?? 0);
  }

  /**
   * Every page of the collection matching `query`, following `_links.next.href` as given: Adobe's
   * link carries the continuation token (and whatever else the service put in it), and the next
   * request sends exactly that query. https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
   */
  async *listEntityPages<T extends Entity = Entity>(
    collection: EntityCollection,
    query: Omit<ListQuery, "continuationToken"> = {},
    opts: RequestOptions = {},
  ): AsyncGenerator<EntityList<T>> {
    let page = await this.listEntities<T>(collection, query, opts);
    for (;;) {
      yield page;
      const next = page._links?.next?.href;
      if (!next) return;
      const params = new URL(next, "http://x").searchParams;
      if (!params.get("continuationToken")) return;
      page = await this.listEntities<T>(
        collection,
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

  /** Every entity of the collection matching `query`, across pages. */
  async *listAllEntities<T extends Entity = Entity>(
    collection: EntityCollection,
    query: Omit<ListQuery, "continuationToken"> = {},
    opts: RequestOptions = {},
  ): AsyncGenerator<T> {
    for await (const page of this.listEntityPages<T>(collection, query, opts)) yield* page.items;
  }

  /** `PATCH /{collection}/{id}` with a JSON Patch, guarded by `If-Match: etag` (a stale etag answers 412). */
  async patchEntity(
    collection: EntityCollection,
    id: string,
    operations: PatchOperation[],
    etag: string,
    opts: RequestOptions = {},
  ): Promise<WriteResult> {
    const res = await this.send<WriteResult>({
      ...opts,
      method: "PATCH",
      path: `/${collection}/${encodeURIComponent(id)}`,
      body: operations,
      ifMatch: etag,
    });
    return res.data;
  }

  /** `POST /{collection}/{id}/action?op=publish` (flows also `enable` and `disable`). */
  async entityAction(
    collection: EntityCollection,
    id: string,
    op: FlowAction,
    opts: RequestOptions & { etag?: string } = {},
  ): Promise<WriteResult> {
    const res = await this.send<WriteResult>({
      ...opts,
      method: "POST",
      path: `/${collection}/${encodeURIComponent(id)}/action`,
      params: { op },
      ifMatch: opts.etag,
    });
    return res.data;
  }

  /**
   * `DELETE /{collection}/{id}`; 202 and 204 mean deleted, and so does the not-found 404
   * (`FLOW-1439-404`), for which it returns false. Other 404s are thrown.
   */
  async deleteEntity(collection: EntityCollection, id: string, opts: RequestOptions = {}): Promise<boolean> {
    try {
      await this.send({ ...opts, method: "DELETE", path: `/${collection}/${encodeURIComponent(id)}` });
      return true;
    } catch (err) {
      if (isEntityNotFound(err)) return false;
      throw err;
    }
  }

  // Flows: the collection the package started with; these name it for readers and callers.

  /** `POST /flows` (or `?mode=draft`): returns the new flow's id and etag. */
  createFlow(request: CreateFlowRequest, opts: RequestOptions & { draft?: boolean } = {}): Promise<WriteResult> {
    return this.createEntity("flows", request, opts);
  }

  /** `GET /flows/{id}`; undefined when the flow does not exist (see getEntity). */
  getFlow(id: string, opts: RequestOptions = {}): Promise<Flow | undefined> {
    return this.getEntity<Flow>("flows", id, opts);
  }

  /** One page of `GET /flows`. */
  listFlows(query: ListQuery = {}, opts: RequestOptions = {}): Promise<FlowList> {
    return this.listEntities<Flow>("flows", query, opts);
  }

  /** How many flows match the filters (`GET /flows?count=true`). */
  countFlows(property: string[] = [], opts: RequestOptions = {}): Promise<number> {
    return this.countEntities("flows", property, opts);
  }

  /** Every page of flows matching `query` (see listEntityPages). */
  listPages(query: Omit<ListQuery, "continuationToken"> = {}, opts: RequestOptions = {}): AsyncGenerator<FlowList> {
    return this.listEntityPages<Flow>("flows", query, opts);
  }

  /** Every flow matching `query`, across pages. */
  listAllFlows(query: Omit<ListQuery, "continuationToken"> = {}, opts: RequestOptions = {}): AsyncGenerator<Flow> {
    return this.listAllEntities<Flow>("flows", query, opts);
  }

  /** `PATCH /flows/{id}` with a JSON Patch, guarded by `If-Match: etag`. */
  patchFlow(id: string, operations: PatchOperation[], etag: string, opts: RequestOptions = {}): Promise<WriteResult> {
    return this.patchEntity("flows", id, operations, etag, opts);
  }

  /** `POST /flows/{id}/action?op=publish|enable|disable`. */
  flowAction(id: string, op: FlowAction, opts: RequestOptions & { etag?: string } = {}): Promise<WriteResult> {
    return this.entityAction("flows", id, op, opts);
  }

  /** `DELETE /flows/{id}` (see deleteEntity). */
  deleteFlow(id: string, opts: RequestOptions = {}): Promise<boolean> {
    return this.deleteEntity("flows", id, opts);
  }

  // Specs: read-only, the same in every org.

  /** `GET /flowSpecs/{id}`; undefined when the service knows no such spec (404 FLOW-1439). */
  async getFlowSpec(id: string, opts: RequestOptions = {}): Promise<FlowSpec | undefined> {
    return this.getSpec<FlowSpec>("flowSpecs", id, opts);
  }

  /** `GET /connectionSpecs/{id}`; undefined when the service knows no such spec. */
  async getConnectionSpec(id: string, opts: RequestOptions = {}): Promise<ConnectionSpec | undefined> {
    return this.getSpec<ConnectionSpec>("connectionSpecs", id, opts);
  }

  /**
   * Specs by name: `GET /{flowSpecs|connectionSpecs}?property=name=="…"`, the quoted form of the
   * draft tutorial (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft).
   */
  async findSpecs<T extends FlowSpec | ConnectionSpec>(
    kind: "flowSpecs" | "connectionSpecs",
    name: string,
    opts: RequestOptions = {},
  ): Promise<T[]> {
    const res = await this.send<{ items?: T[] }>({ ...opts, method: "GET", path: `/${kind}`, params: { property: `name=="${name}"` } });
    return (res.data?.items ?? []).filter((s) => s.name === name);
  }

  private async getSpec<T>(kind: "flowSpecs" | "connectionSpecs", id: string, opts: RequestOptions): Promise<T | undefined> {
    try {
      const res = await this.send<{ items?: T[] }>({ ...opts, method: "GET", path: `/${kind}/${encodeURIComponent(id)}` });
      return res.data?.items?.[0];
    } catch (err) {
      if (isEntityNotFound(err)) return undefined;
      throw err;
    }
  }

  /** The latest runs of a flow, newest first: `GET /runs?property=flowId==…`. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor */
  async listRuns(flowId: string, opts: RequestOptions & { limit?: number } = {}): Promise<FlowRun[]> {
    const res = await this.send<{ items?: FlowRun[] }>({
      ...opts,
      method: "GET",
      path: "/runs",
      params: { property: `flowId==${flowId}`, orderby: "-createdAt", limit: opts.limit },
    });
    return res.data?.items ?? [];
  }

  // Data Prep: mapping sets. https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set

  /** `POST /mappingSets` (answers 200, not 201): the new mapping set's id and version (0). Never retried on an unknown outcome. */
  async createMappingSet(body: MappingSetRequest, opts: RequestOptions = {}): Promise<{ id: string; version: number }> {
    const res = await this.send<{ id: string; version: number }>({
      ...opts,
      service: "dataprep",
      method: "POST",
      path: "/mappingSets",
      body,
    });
    return res.data;
  }

  /** `GET /mappingSets/{id}` (the latest version, or `version`); undefined when it does not exist. */
  async getMappingSet(id: string, opts: RequestOptions & { version?: number } = {}): Promise<MappingSet | undefined> {
    try {
      const res = await this.send<MappingSet>({
        ...opts,
        service: "dataprep",
        method: "GET",
        path: `/mappingSets/${encodeURIComponent(id)}`,
        params: { version: opts.version },
      });
      return res.data;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * The latest version of a mapping set, when the stack knows one (`known`, its version in the state): Adobe's pages
   * disagree on what `GET /mappingSets/{id}` without `version` reads (the Data Prep spec declares `default: 0`; the
   * mapping set guide reads older versions with it, so the latest without it). One GET when the answer is at least
   * `known`; otherwise version `known` is read and the next versions are probed until one is not found. Without a
   * known version (an adoption, an import), the version after the answer is probed too. Undefined when the mapping set
   * does not exist. https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml
   */
  async getLatestMappingSet(id: string, known: number | undefined, opts: RequestOptions = {}): Promise<MappingSet | undefined> {
    const answer = await this.getMappingSet(id, opts);
    if (!answer || (known !== undefined && Number(answer.version ?? 0) >= known)) return answer;
    let latest = (known !== undefined && (await this.getMappingSet(id, { ...opts, version: known }))) || answer;
    for (;;) {
      const want = Number(latest.version ?? 0) + 1;
      const next = await this.getMappingSet(id, { ...opts, version: want });
      // An answer that is not the version asked for (a service that ignores `version`) ends the walk: it never loops.
      if (!next || Number(next.version) !== want) return latest;
      latest = next;
    }
  }

  /** `PUT /mappingSets/{id}`: a full replacement that makes a new version (no etag is documented). Never retried on an unknown outcome. */
  async replaceMappingSet(id: string, body: MappingSetRequest, opts: RequestOptions = {}): Promise<MappingSet> {
    const res = await this.send<MappingSet>({
      ...opts,
      service: "dataprep",
      method: "PUT",
      path: `/mappingSets/${encodeURIComponent(id)}`,
      body,
    });
    return res.data;
  }

  /** One page of `GET /mappingSets?limit=&start=` (offset paging; both are required), newest first. */
  async listMappingSets(opts: RequestOptions & { limit?: number; start?: number } = {}): Promise<MappingSet[]> {
    const res = await this.send<{ data?: MappingSet[] }>({
      ...opts,
      service: "dataprep",
      method: "GET",
      path: "/mappingSets",
      params: { limit: opts.limit ?? 100, start: opts.start ?? 0, orderBy: "-createdDate" },
    });
    return res.data?.data ?? [];
  }

  /**
   * `DELETE /mappingSets/{id}`: absent from Adobe's Data Prep API spec (Adobe's own Python client
   * sends it). Returns "deleted", "gone" (404: nothing to delete) or "unsupported" (405/501).
   */
  async deleteMappingSet(id: string, opts: RequestOptions = {}): Promise<"deleted" | "gone" | "unsupported"> {
    try {
      await this.send({ ...opts, service: "dataprep", method: "DELETE", path: `/mappingSets/${encodeURIComponent(id)}` });
      return "deleted";
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return "gone";
      if (err instanceof FlowServiceError && (err.status === 405 || err.status === 501)) return "unsupported";
      throw err;
    }
  }

  // Catalog datasets. https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset

  /**
   * `POST /dataSets` (201, `["@/dataSets/{id}"]`): the new dataset's id. Never retried on an unknown
   * outcome (a second create would make a second dataset: names are not unique).
   */
  async createDataset(body: DatasetRequest, opts: RequestOptions = {}): Promise<string> {
    const res = await this.send<unknown>({ ...opts, service: "catalog", method: "POST", path: "/dataSets", body });
    const id = datasetIdOf(res.data);
    if (!id)
      throw new FlowServiceError({
        status: res.status,
        method: "POST",
        path: "/dataSets",
        detail: "the response names no @/dataSets/{id}",
      });
    return id;
  }

  /**
   * `GET /dataSets/{id}`: the dataset and the `E-Tag` the answer carries (the Catalog appendix: sent as
   * `If-Match`, a write answers 412 when it changed since); undefined on a 404.
   */
  async getDataset(id: string, opts: RequestOptions = {}): Promise<{ dataset: Dataset; etag?: string } | undefined> {
    const path = `/dataSets/${encodeURIComponent(id)}`;
    try {
      const res = await this.send<Record<string, Omit<Dataset, "id">>>({ ...opts, service: "catalog", method: "GET", path });
      const found = res.data?.[id];
      if (!found) throw new FlowServiceError({ status: res.status, method: "GET", path, detail: `the response holds no dataset ${id}` });
      const etag = res.headers["e-tag"] ?? res.headers.etag;
      return { dataset: { ...found, id } as Dataset, ...(typeof etag === "string" ? { etag } : {}) };
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * `PATCH /dataSets/{id}` in JSON Patch mode (`Content-Type: application/json-patch+json`), guarded
   * by `If-Match: etag` when given (412 when the dataset changed since it was read).
   * https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/update-object
   */
  async patchDataset(id: string, operations: PatchOperation[], opts: RequestOptions & { etag?: string } = {}): Promise<void> {
    await this.send({
      ...opts,
      service: "catalog",
      method: "PATCH",
      path: `/dataSets/${encodeURIComponent(id)}`,
      body: operations,
      contentType: "application/json-patch+json",
      ifMatch: opts.etag,
    });
  }

  /**
   * `DELETE /dataSets/{id}`: true when it deleted the dataset, false when there was none (Catalog
   * answers `[]`, or a 404). https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/delete-object
   */
  async deleteDataset(id: string, opts: RequestOptions = {}): Promise<boolean> {
    try {
      const res = await this.send<unknown>({ ...opts, service: "catalog", method: "DELETE", path: `/dataSets/${encodeURIComponent(id)}` });
      return datasetIdOf(res.data) !== undefined;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return false;
      throw err;
    }
  }

  // The Schema Registry's tenant field groups, schemas and descriptors. Lookups need a versioned Accept, lists an
  // unversioned one (XDM-1007-400 / XDM-1006-400 otherwise); a path names a resource by its URL-encoded `$id`.
  // https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started

  /** `GET /stats`: the tenant id (`acme` in `https://ns.adobe.com/acme/…`, custom fields under `_acme`). */
  async registryTenantId(opts: RequestOptions = {}): Promise<string> {
    const res = await this.send<{ tenantId?: string }>({ ...opts, service: "schemaregistry", method: "GET", path: "/stats" });
    if (typeof res.data?.tenantId !== "string")
      throw new FlowServiceError({ status: res.status, method: "GET", path: "/stats", detail: "the response names no tenantId" });
    return res.data.tenantId;
  }

  /** `POST /tenant/{fieldgroups|schemas}` (201, the full resource). Never retried on an unknown outcome. */
  async createXdm(collection: XdmCollection, body: unknown, opts: RequestOptions = {}): Promise<XdmResource> {
    return (await this.send<XdmResource>({ ...opts, service: "schemaregistry", method: "POST", path: `/tenant/${collection}`, body })).data;
  }

  /** `GET /tenant/{collection}/{$id}` with `application/vnd.adobe.xed+json; version={major}` ($ref/allOf kept); undefined on a 404. */
  async getXdm(collection: XdmCollection, id: string, opts: RequestOptions & { major?: string } = {}): Promise<XdmResource | undefined> {
    const { major = "1", ...rest } = opts;
    try {
      const path = `/tenant/${collection}/${encodeURIComponent(id)}`;
      const accept = `application/vnd.adobe.xed+json; version=${major}`;
      return (await this.send<XdmResource>({ ...rest, service: "schemaregistry", method: "GET", path, accept })).data;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * `GET /tenant/schemas/{$id}` with `application/vnd.adobe.xed-full+json; version={major}`: the schema with `allOf`
   * resolved into `properties` (every field of its class and field groups); undefined on a 404.
   * https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
   */
  async getResolvedSchema(id: string, opts: RequestOptions & { major?: string } = {}): Promise<XdmResource | undefined> {
    const { major = "1", ...rest } = opts;
    try {
      const path = `/tenant/schemas/${encodeURIComponent(id)}`;
      const accept = `application/vnd.adobe.xed-full+json; version=${major}`;
      return (await this.send<XdmResource>({ ...rest, service: "schemaregistry", method: "GET", path, accept })).data;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** `PATCH /tenant/{collection}/{$id}`, an RFC 6902 array (200, the full resource). No If-Match exists: never retried blindly. */
  async patchXdm(collection: XdmCollection, id: string, operations: PatchOperation[], opts: RequestOptions = {}): Promise<XdmResource> {
    const path = `/tenant/${collection}/${encodeURIComponent(id)}`;
    return (await this.send<XdmResource>({ ...opts, service: "schemaregistry", method: "PATCH", path, body: operations })).data;
  }

  /** `DELETE /tenant/{collection}/{$id}` (204): false when it was already gone (404). */
  async deleteXdm(collection: XdmCollection, id: string, opts: RequestOptions = {}): Promise<boolean> {
    return this.deleteOr404({
      ...opts,
      service: "schemaregistry",
      method: "DELETE",
      path: `/tenant/${collection}/${encodeURIComponent(id)}`,
    });
  }

  /** `GET /tenant/{collection}?property=…` (each filter one `property`, ANDed) with the `xed-id` list Accept: `$id`, `meta:altId`, `version`, `title`. */
  async findXdm(collection: XdmCollection, filters: string[], opts: RequestOptions = {}): Promise<SchemaSummary[]> {
    const accept = "application/vnd.adobe.xed-id+json";
    const params = { property: filters };
    const res = await this.send<{ results?: SchemaSummary[] }>({
      ...opts,
      service: "schemaregistry",
      method: "GET",
      path: `/tenant/${collection}`,
      params,
      accept,
    });
    return res.data?.results ?? [];
  }

  /** `POST /tenant/descriptors` (201): the descriptor with its `@id`. Never retried on an unknown outcome. */
  async createDescriptor(body: IdentityDescriptorBody, opts: RequestOptions = {}): Promise<Descriptor> {
    return (await this.send<Descriptor>({ ...opts, service: "schemaregistry", method: "POST", path: "/tenant/descriptors", body })).data;
  }

  /** `GET /tenant/descriptors/{@id}` (`application/vnd.adobe.xdm+json`, as aepp sends); undefined on a 404. */
  async getDescriptor(id: string, opts: RequestOptions = {}): Promise<Descriptor | undefined> {
    try {
      const path = `/tenant/descriptors/${encodeURIComponent(id)}`;
      return (await this.send<Descriptor>({ ...opts, service: "schemaregistry", method: "GET", path, accept: DESCRIPTOR_ACCEPT })).data;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** `PUT /tenant/descriptors/{@id}`, the whole body (the spec answers 200 with it, the guide 201 with the `@id`: either is taken). */
  async replaceDescriptor(id: string, body: IdentityDescriptorBody, opts: RequestOptions = {}): Promise<void> {
    await this.send({ ...opts, service: "schemaregistry", method: "PUT", path: `/tenant/descriptors/${encodeURIComponent(id)}`, body });
  }

  /** `DELETE /tenant/descriptors/{@id}` (204): false when it was already gone (404). */
  async deleteDescriptor(id: string, opts: RequestOptions = {}): Promise<boolean> {
    return this.deleteOr404({
      ...opts,
      service: "schemaregistry",
      method: "DELETE",
      path: `/tenant/descriptors/${encodeURIComponent(id)}`,
    });
  }

  /** The descriptors whose `property` filters all hold (`xdm:sourceSchema==…`), as the `xdm-v2` list gives them (`{results}`). */
  async findDescriptors(filters: string[], opts: RequestOptions = {}): Promise<Descriptor[]> {
    const accept = "application/vnd.adobe.xdm-v2+json";
    const params = { property: filters.join(",") };
    const res = await this.send<{ results?: Descriptor[] }>({
      ...opts,
      service: "schemaregistry",
      method: "GET",
      path: "/tenant/descriptors",
      params,
      accept,
    });
    return res.data?.results ?? [];
  }

  private async deleteOr404(req: SendOptions): Promise<boolean> {
    try {
      await this.send(req);
      return true;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 404) return false;
      throw err;
    }
  }

  // Read-only lookups.

  /**
   * Datasets named exactly `name` (Catalog: `GET /dataSets?property=name==…`, then an exact compare,
   * since names are not unique), with `properties` (default `name,schemaRef`).
   * https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data
   */
  async findDatasets(name: string, opts: RequestOptions & { properties?: string } = {}): Promise<Dataset[]> {
    const { properties = "name,schemaRef", ...rest } = opts;
    const res = await this.send<Record<string, Omit<Dataset, "id">>>({
      ...rest,
      service: "catalog",
      method: "GET",
      path: "/dataSets",
      params: { property: `name==${name}`, properties, limit: 100 },
    });
    return Object.entries(res.data ?? {})
      .map(([id, d]) => ({ ...d, id }) as Dataset)
      .filter((d) => d.name === name);
  }

  /**
   * Schemas of the tenant titled exactly `title` (`GET /tenant/schemas?property=title==…`, with the
   * `xed-id` media type). https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
   */
  async findSchemas(title: string, opts: RequestOptions = {}): Promise<SchemaSummary[]> {
    const res = await this.send<{ results?: SchemaSummary[] }>({
      ...opts,
      service: "schemaregistry",
      method: "GET",
      path: "/tenant/schemas",
      params: { property: `title==${title}` },
      accept: "application/vnd.adobe.xed-id+json",
    });
    return (res.data?.results ?? []).filter((s) => s.title === title);
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

  private async send<T = unknown>(req: SendOptions): Promise<{ status: number; data: T; headers: Record<string, unknown> }> {
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
        Accept: req.accept ?? "application/json",
      };
      // false stops axios from labelling a body-less POST (an action) as form-encoded.
      headers["Content-Type"] = req.body !== undefined ? (req.contentType ?? "application/json") : false;
      if (req.ifMatch) headers["If-Match"] = req.ifMatch;
      const config: AxiosRequestConfig = {
        method: req.method,
        url: `${SERVICE_PATHS[req.service ?? "flowservice"]}${req.path}`,
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
        return { status: res.status, data: res.data, headers: (res.headers ?? {}) as Record<string, unknown> };
      } catch (err) {
        const error = toFlowServiceError(err, req.method, req.path, requestId, this.credentials, this.endpoint);
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

/** Said with an endpoint hint: a fixed setting is used by refresh and destroy only after a `pulumi up`. */
export const LAST_UP_SHORT = "; `pulumi refresh` and `pulumi destroy` use the setting of the last `pulumi up`";

/** The id in a Catalog write's answer, `["@/dataSets/{id}"]`; undefined for `[]` or another shape. */
function datasetIdOf(data: unknown): string | undefined {
  const link = Array.isArray(data) ? data[0] : undefined;
  const m = typeof link === "string" ? /^@\/dataSets\/([^/?#]+)$/.exec(link) : null;
  return m ? m[1] : undefined;
}

/**
 * Network failures where no connection was made (nothing reached the service, so nothing happened there): the name
 * did not resolve, nobody listens, or the TLS handshake refused the certificate. They are about `aep:endpoint`.
 */
const UNREACHABLE =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

function toFlowServiceError(
  err: unknown,
  method: string,
  path: string,
  requestId: string,
  credentials: CredentialKind,
  endpoint: string,
): FlowServiceError {
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
      : UNREACHABLE.test(e.code ?? "")
        ? `could not reach the platform at ${endpoint} (check aep:endpoint${LAST_UP_SHORT}), so nothing was sent: ${e.code}: ${e.message}`
        : `${e.code ?? "network error"}: ${e.message}`;
  return new FlowServiceError({ method, path, requestId, detail, cause: { code: e.code, message: e.message } });
}
