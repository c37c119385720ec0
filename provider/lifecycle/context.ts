// What one provider process knows during one Pulumi run, shared by every resource kind: the
// settings (from `configure`, else the environment), one client and so one token, which resource
// holds which entity (claims.ts), the specs read so far (one GET per spec id), and entities that
// `check` read for an adoption. The engine starts one provider process per `pulumi up`, `preview`,
// `refresh` or `destroy`.
import type { FlowServiceClient } from "../adobe/client";
import type { ConnectionSpec, FlowSpec, XdmResource } from "../adobe/types";
import { Claims } from "./claims";
import { requireEngine } from "../engine/watchdog";
import { RecoveryOptions, settleTimeFor } from "./lost-answers";
import { ConfigSource, ProviderSettings, resolveSettings } from "../adobe/settings";

/** Specs of this run, one read per spec id (concurrent checks share it); a failed read is not remembered. */
export class SpecCache {
  private readonly specs = new Map<string, Promise<FlowSpec | ConnectionSpec | undefined>>();

  get(
    client: FlowServiceClient,
    collection: "flowSpecs" | "connectionSpecs",
    id: string,
    sandboxName: string,
  ): Promise<FlowSpec | ConnectionSpec | undefined> {
    const key = `${collection}/${id}`;
    let spec = this.specs.get(key);
    if (!spec) {
      spec = collection === "flowSpecs" ? client.getFlowSpec(id, { sandboxName }) : client.getConnectionSpec(id, { sandboxName });
      spec.catch(() => this.specs.delete(key));
      this.specs.set(key, spec);
    }
    return spec;
  }

  /** The spec of `id` if this run has read it (and it exists); never reads. */
  async peek(collection: "flowSpecs" | "connectionSpecs", id: string): Promise<FlowSpec | ConnectionSpec | undefined> {
    const spec = this.specs.get(`${collection}/${id}`);
    return spec ? spec.catch(() => undefined) : undefined;
  }
}

/**
 * Output schemas of this run as the Schema Registry resolves them (`xed-full`), one read per sandbox and schema `$id`
 * (concurrent checks share it); a failed read is not remembered, a 404 is (undefined).
 */
export class ResolvedSchemaCache {
  private readonly schemas = new Map<string, Promise<XdmResource | undefined>>();

  get(client: FlowServiceClient, id: string, major: string, sandboxName: string): Promise<XdmResource | undefined> {
    const key = `${sandboxName}/${major}/${id}`;
    let schema = this.schemas.get(key);
    if (!schema) {
      schema = client.getResolvedSchema(id, { sandboxName, major });
      schema.catch(() => this.schemas.delete(key));
      this.schemas.set(key, schema);
    }
    return schema;
  }
}

/** What every step of the lifecycle needs: the client, recovery timing, this run's claims, and a line printer. */
export interface LifecycleContext {
  client: FlowServiceClient;
  recovery: RecoveryOptions;
  claims: Claims;
  /** Prints a line the user sees in the Pulumi output (the provider's stderr). */
  notice: (line: string) => void;
  /** How long to wait for an entity in a transitional state to settle. */
  settleTimeoutMs: number;
  /** A flow or connection spec, read once per run (undefined when the service says it does not exist). */
  spec?: (collection: "flowSpecs" | "connectionSpecs", id: string, sandboxName: string) => Promise<unknown>;
  /** The Schema Registry's tenant id (`GET /stats`), read once per run: it is the org's, the same in every sandbox. */
  tenantId?: (sandboxName: string) => Promise<string>;
}

let noticeSink: ((line: string) => void) | undefined;

/**
 * Where notices go instead of stderr. The engine shows a dynamic provider's stderr lines in its
 * diagnostics, but not a provider plugin's: the plugin sends them to the engine's log instead.
 */
export function setNoticeSink(sink: ((line: string) => void) | undefined): void {
  noticeSink = sink;
}

/** A line in the run's output, under the resource it is about. */
export function notice(line: string): void {
  if (noticeSink) noticeSink(`[aep] ${line}`);
  else process.stderr.write(`[aep] ${line}\n`);
}

export class ProviderRun {
  private config?: ConfigSource;
  private client?: FlowServiceClient;
  /** Entities that `check` read for an adoption, handed to `create` of the same run (one GET, not two). */
  readonly readForAdoption = new Map<string, unknown>();
  /** Which resource of this run holds which entity (see claims.ts). */
  claims = new Claims();
  /** Flow and connection specs read in this run, one GET per spec id. */
  specs = new SpecCache();
  /** Mapping sets' output schemas read in this run (check's `mapping.destination.inSchema`), one GET per schema. */
  schemas = new ResolvedSchemaCache();
  /** The tenant id, once read in this run (a failed read is not remembered). */
  private tenant?: Promise<string>;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  configure(config: ConfigSource): void {
    this.config = config;
    this.client = undefined;
  }

  /**
   * Forgets what this run learned, as a new provider process would: in-process tests that play
   * several runs with one provider call this between them.
   */
  startRun(): void {
    this.claims = new Claims();
    this.specs = new SpecCache();
    this.schemas = new ResolvedSchemaCache();
    this.tenant = undefined;
    this.readForAdoption.clear();
  }

  /** Settings are resolved when first needed, so `pulumi preview` works without credentials. */
  settings(): ProviderSettings {
    return resolveSettings(this.config, this.env);
  }

  recovery(): RecoveryOptions {
    return { settleMs: settleTimeFor(this.settings().timeoutMs) };
  }

  context(): LifecycleContext {
    return {
      client: this.api(),
      recovery: this.recovery(),
      claims: this.claims,
      notice,
      settleTimeoutMs: this.settings().settleTimeoutMs,
      spec: (collection, id, sandboxName) => this.specs.get(this.api(), collection, id, sandboxName),
      tenantId: (sandboxName) => {
        if (!this.tenant) {
          this.tenant = this.api().registryTenantId({ sandboxName });
          this.tenant.catch(() => (this.tenant = undefined));
        }
        return this.tenant;
      },
    };
  }

  api(): FlowServiceClient {
    if (!this.client) {
      const debug = this.env.AEP_DEBUG === "1" || this.env.AEP_DEBUG === "true";
      const settings = this.settings();
      // Loaded here, not at the top: check and diff (all a preview does) never need the HTTP stack.
      const { FlowServiceClient } = require("../adobe/client") as typeof import("../adobe/client");
      this.client = new FlowServiceClient({
        ...settings,
        timeoutMs: settings.timeoutMs,
        logger: debug ? (line) => process.stderr.write(`[aep] ${line}\n`) : undefined,
        beforeWrite: () => requireEngine(),
      });
    }
    return this.client;
  }
}
