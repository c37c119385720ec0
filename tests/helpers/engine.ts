// Drives the provider exactly as the Pulumi engine does, without a CLI: the SDK's own dynamic
// provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, fed the provider as Pulumi
// serialized it: https://github.com/pulumi/pulumi/tree/master/sdk/nodejs/cmd/dynamic-provider
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { Server, createServer } from "node:net";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const providerPb = require("@pulumi/pulumi/proto/provider_pb");

const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");

export const ROOT = path.resolve(__dirname, "../..");
export const PROJECT = "aep-engine-test";

/** The resource classes of the package, by the name the runtime knows each kind by. */
export type ResourceKind =
  | "Dataflow"
  | "BaseConnection"
  | "SourceConnection"
  | "TargetConnection"
  | "MappingSet"
  | "Dataset"
  | "FieldGroup"
  | "Schema"
  | "IdentityDescriptor";

export const typeToken = (kind: ResourceKind) => `pulumi-nodejs:dynamic/aep:${kind}`;
export const TYPE = typeToken("Dataflow");
export const urn = (name: string, kind: ResourceKind = "Dataflow") => `urn:pulumi:test::${PROJECT}::${typeToken(kind)}::${name}`;

/** Pulumi's wire marker for a secret value (sdk/nodejs/runtime/rpc.ts). */
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** What a program sends the engine for one resource: its type token, its inputs (`__provider` included) and the outputs it keeps secret. */
export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
}

/**
 * Declares `resources` in a Pulumi program (a child process under Pulumi's mocks, loading the
 * package by its name) and returns what the engine would receive for each, in order.
 */
export function serializeResources(
  resources: { kind: ResourceKind; name: string; args: Record<string, unknown> }[],
  env: NodeJS.ProcessEnv = {},
): Registration[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "serialize-resource.js"), JSON.stringify(resources)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

/** What a program sends the engine for one Dataflow: its inputs, `__provider` included. */
export function serializeDataflow(args: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): { inputs: Record<string, unknown> } {
  return serializeResources([{ kind: "Dataflow", name: "orders", args }], env)[0];
}

export type Props = Record<string, unknown>;

/** The parts of the provider protocol's responses (generated protobuf classes, untyped in JS) these tests read. */
interface ResponsePb {
  getInputs(): Struct | undefined;
  getFailuresList(): { getProperty(): string; getReason(): string }[];
  getChanges(): number;
  getReplacesList(): string[];
  getDeletebeforereplace(): boolean;
  getId(): string;
  getProperties(): Struct | undefined;
}

/** As the engine sends them: a property without a value is absent, not undefined. */
function struct(props: Props): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

export class EngineHost {
  private child?: ChildProcess;
  private client?: InstanceType<typeof ResourceProviderClient>;
  /** Stands in for the engine's address, which the host is given; closing it is the engine dying. */
  private engine?: Server;
  stderr = "";

  async start(env: NodeJS.ProcessEnv = {}): Promise<void> {
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    this.engine = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => this.engine!.listen(0, "127.0.0.1", resolve));
    const enginePort = (this.engine.address() as { port: number }).port;
    // Like the plugin script: cwd is the program directory, so the shim's require() resolves there.
    const child = spawn(process.execPath, [script, `127.0.0.1:${enginePort}`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PULUMI_NODEJS_PROJECT: PROJECT, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    child.stderr!.on("data", (d) => (this.stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let buf = "";
      child.stdout!.on("data", (d) => {
        buf += d.toString();
        const line = buf.split("\n")[0];
        if (buf.includes("\n")) resolve(line.trim());
      });
      child.on("exit", (code) => reject(new Error(`dynamic provider host exited with ${code}: ${this.stderr}`)));
    });
    this.client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  /** The engine goes away (a `pulumi up` killed with SIGKILL), while this provider process lives on. */
  async killEngine(): Promise<void> {
    await new Promise<void>((resolve) => this.engine!.close(() => resolve()));
  }

  /**
   * The host's stderr once it matches `pattern` (or as it is after `timeoutMs`): a notice written
   * just before an answer can reach this process after the answer, on a loaded machine.
   */
  async stderrMatching(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.stderr;
  }

  /** Resolves with the host's exit code once it has exited, or with undefined after `timeoutMs`. */
  async exited(timeoutMs: number): Promise<number | null | undefined> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  async stop(): Promise<void> {
    this.client?.close();
    if (this.engine?.listening) await new Promise<void>((resolve) => this.engine!.close(() => resolve()));
    // Once only: a killed child keeps exitCode null (it has a signalCode instead) and exits no second time.
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child!.once("exit", r));
      this.child.kill();
      await exited;
    }
  }

  /** One call of the provider protocol (the generated client's method by name). */
  rpc<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
      this.client[method](request, (err: grpc.ServiceError | null, res: T) => (err ? reject(err) : resolve(res))),
    );
  }

  async configure(config: Props): Promise<void> {
    const req = new providerPb.ConfigureRequest();
    req.setArgs(struct(config));
    await this.rpc("configure", req);
  }

  /** The calls for resources of `kind`: the engine names each resource by a URN carrying its type token. */
  of(kind: ResourceKind): ResourceCalls {
    return new ResourceCalls(this, kind);
  }

  // Dataflow resources, the package's first kind.
  check(name: string, olds: Props, news: Props) {
    return this.of("Dataflow").check(name, olds, news);
  }

  diff(name: string, id: string, olds: Props, news: Props) {
    return this.of("Dataflow").diff(name, id, olds, news);
  }

  create(name: string, props: Props) {
    return this.of("Dataflow").create(name, props);
  }

  read(name: string, id: string, props: Props) {
    return this.of("Dataflow").read(name, id, props);
  }

  update(name: string, id: string, olds: Props, news: Props) {
    return this.of("Dataflow").update(name, id, olds, news);
  }

  delete(name: string, id: string, props: Props) {
    return this.of("Dataflow").delete(name, id, props);
  }
}

/** check, diff, create, read, update and delete of one resource kind, as the engine sends them. */
export class ResourceCalls {
  constructor(
    private readonly host: EngineHost,
    readonly kind: ResourceKind,
  ) {}

  async check(name: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new providerPb.CheckRequest();
    req.setUrn(urn(name, this.kind));
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.host.rpc<ResponsePb>("check", req);
    return {
      inputs: res.getInputs()!.toJavaScript(),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** The engine's diff; `deleteBeforeReplace` appears only when the provider sets it. */
  async diff(
    name: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace?: true }> {
    const req = new providerPb.DiffRequest();
    req.setId(id);
    req.setUrn(urn(name, this.kind));
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.host.rpc<ResponsePb>("diff", req);
    const C = providerPb.DiffResponse.DiffChanges;
    const changes = res.getChanges() === C.DIFF_SOME ? "some" : res.getChanges() === C.DIFF_NONE ? "none" : "unknown";
    return { changes, replaces: res.getReplacesList(), ...(res.getDeletebeforereplace() ? { deleteBeforeReplace: true as const } : {}) };
  }

  async create(name: string, props: Props): Promise<{ id: string; outs: Props }> {
    const req = new providerPb.CreateRequest();
    req.setUrn(urn(name, this.kind));
    req.setProperties(struct(props));
    const res = await this.host.rpc<ResponsePb>("create", req);
    return { id: res.getId(), outs: res.getProperties()!.toJavaScript() };
  }

  async read(name: string, id: string, props: Props): Promise<{ id: string; outs: Props; inputs?: Props }> {
    const req = new providerPb.ReadRequest();
    req.setId(id);
    req.setUrn(urn(name, this.kind));
    req.setProperties(struct(props));
    const res = await this.host.rpc<ResponsePb>("read", req);
    return { id: res.getId(), outs: res.getProperties()?.toJavaScript() ?? {}, inputs: res.getInputs()?.toJavaScript() };
  }

  async update(name: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new providerPb.UpdateRequest();
    req.setId(id);
    req.setUrn(urn(name, this.kind));
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.host.rpc<ResponsePb>("update", req);
    return res.getProperties()!.toJavaScript();
  }

  async delete(name: string, id: string, props: Props): Promise<void> {
    const req = new providerPb.DeleteRequest();
    req.setId(id);
    req.setUrn(urn(name, this.kind));
    req.setProperties(struct(props));
    await this.host.rpc("delete", req);
  }
}

/** The partial-failure detail the host packs into a gRPC error (ErrorResourceInitFailed). */
export function initFailure(err: grpc.ServiceError): { id: string; properties: Props; reasons: string[] } | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
  if (!raw) return undefined;

  const statusPb = require("@pulumi/pulumi/proto/status_pb");
  const status = statusPb.Status.deserializeBinary(raw as Buffer);
  const any = status.getDetailsList()[0];
  const detail = providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
  return { id: detail.getId(), properties: detail.getProperties().toJavaScript(), reasons: detail.getReasonsList() };
}

/** A provider host configured as a stack pointing at `emulatorUrl` would configure it (sandbox dev, 1 s timeout); `env` is its environment (e.g. AEP_DEBUG). */
export async function configuredHost(
  emulatorUrl: string,
  seeded: { clientId: string; clientSecret: string; orgId: string },
  env: NodeJS.ProcessEnv = {},
): Promise<EngineHost> {
  const host = new EngineHost();
  await host.start(env);
  await host.configure({
    "aep:endpoint": emulatorUrl,
    "aep:imsEndpoint": emulatorUrl,
    "aep:clientId": seeded.clientId,
    "aep:clientSecret": secret(seeded.clientSecret),
    "aep:orgId": seeded.orgId,
    "aep:sandboxName": "dev",
    "aep:timeoutSeconds": "1",
  });
  return host;
}
