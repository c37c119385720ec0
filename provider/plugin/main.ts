// `pulumi-resource-aep`: the same runtime the dynamic resources use, served as a real provider
// plugin with a package schema, so that Pulumi YAML, Python and every other language can declare
// `aep:index:Dataflow` and the rest, and `pulumi import` works (in a TypeScript project it is refused
// with the code that adopts the entity: typescript-import.ts). One lifecycle, two hosts: each call
// is handed to runtime.forKind(<kind>), exactly what a dynamic resource's shim calls.
// https://www.pulumi.com/docs/iac/concepts/resources/providers/
import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../adobe/settings";
import { LOOKUP_READS } from "../lookups/reads";
import { forKind, run } from "../runtime";
import { setNoticeSink } from "../lifecycle/context";
import { typeOfUrn, unwrapSecrets, wrapSecrets } from "./secrets";
import { FUNCTION_TOKENS, TYPE_TOKENS, packageSchema } from "./schema";
import { declaresDynamicResources, projectRuntime, typescriptImportRefusal } from "./typescript-import";

type Provider = pulumi.provider.Provider;
type Props = Record<string, unknown>;

/** Outputs that are secrets whatever the program passed: credentials (the schema marks them too). */
const ALWAYS_SECRET: Record<string, string[]> = { BaseConnection: ["auth"] };

function kindOf(urn: string): { name: string; provider: pulumi.dynamic.ResourceProvider } {
  const token = typeOfUrn(urn);
  const name = TYPE_TOKENS[token];
  if (!name) throw new Error(`the aep provider has no resource type "${token}" (it has ${Object.keys(TYPE_TOKENS).join(", ")})`);
  return { name, provider: forKind(name) };
}

/** The secret wrappers carried back: what came in secret, and what is always secret for the kind. */
function secretKeys(kind: string, ...from: Set<string>[]): Set<string> {
  return new Set([...(ALWAYS_SECRET[kind] ?? []), ...from.flatMap((s) => [...s])]);
}

/** A partial failure carries outputs too: they must go back with their secrets wrapped. */
function rewrapFailure(err: unknown, keys: Set<string>): unknown {
  const e = err as { id?: string; properties?: Props };
  if (e && typeof e === "object" && e.id && e.properties) e.properties = wrapSecrets(e.properties, keys);
  return err;
}

/**
 * The provider's configuration as the engine sends it in Configure: `args` (the provider's inputs,
 * secrets wrapped) and `variables` (`aep:config:<key>`). Keys are asked as the settings table names
 * them (`aep:endpoint`).
 */
export function configFromRequest(args: Props, variables: Map<string, string>): ConfigSource {
  const { plain } = unwrapSecrets(args);
  return {
    get(key: string): string | undefined {
      const name = key.startsWith("aep:") ? key.slice(4) : key;
      const v = plain[name] ?? variables.get(`aep:config:${name}`) ?? variables.get(`aep:${name}`);
      if (v === undefined || v === null || v === "") return undefined;
      return typeof v === "string" ? v : String(v);
    },
  };
}

/**
 * The Node.js provider server of @pulumi/pulumi 3.248 answers Configure without handing the
 * configuration to the provider; its gRPC service object is wrapped here so that the provider sees
 * it (`aep:endpoint`, `aep:clientSecret`, …, from the stack's config or an explicit provider).
 */
function captureConfigure(): void {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as {
    Server: { prototype: { addService(service: unknown, impl: Record<string, unknown>): void } };
  };
  const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] })) as {
    Struct: new () => unknown;
  };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, impl: Record<string, unknown>) {
    // `pulumi import` reads with no properties, and that server calls `.toJavaScript()` on them
    // unguarded: an absent Struct is given as an empty one.
    for (const method of ["check", "diff", "read"]) {
      const original = impl?.[method] as ((call: { request: Record<string, unknown> }, callback: unknown) => unknown) | undefined;
      if (typeof original !== "function") continue;
      impl[method] = (call: { request: Record<string, (v?: unknown) => unknown> }, callback: unknown) => {
        for (const field of ["Olds", "News", "Properties", "Inputs"]) {
          const get = call.request[`get${field}`];
          const set = call.request[`set${field}`];
          if (typeof get === "function" && typeof set === "function" && get.call(call.request) === undefined) {
            set.call(call.request, new Struct());
          }
        }
        return original.call(impl, call as never, callback);
      };
    }
    const configure = impl?.configure as ((call: unknown, callback: unknown) => void) | undefined;
    if (typeof configure === "function") {
      impl.configure = (call: { request: ConfigureRequestPb }, callback: unknown) => {
        const req = call.request;
        const args = (req.getArgs()?.toJavaScript() ?? {}) as Props;
        const variables = new Map(req.getVariablesMap().toArray());
        run.configure(configFromRequest(args, variables));
        configure.call(impl, call, callback);
      };
    }
    return addService.call(this, service, impl);
  };
}

/** The resource (URN) a provider call is about, and the log lines it sent, awaited before it answers. */
const call = new AsyncLocalStorage<{ urn?: string; logged: Promise<void>[] }>();

/**
 * Notices go to the engine's log (the `Log` RPC of the engine whose address the plugin was started
 * with), under the resource of the call, so the CLI shows them as a dynamic provider's stderr lines.
 */
function noticesToEngine(engineAddress: string): void {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as {
    credentials: { createInsecure(): unknown };
  };
  const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineClient: new (addr: string, creds: unknown) => EngineClientPb };
  const proto = require("@pulumi/pulumi/proto/engine_pb") as {
    LogRequest: new () => LogRequestPb;
    LogSeverity: { INFO: number };
  };
  const engine = new rpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  setNoticeSink((line) => {
    const req = new proto.LogRequest();
    req.setSeverity(proto.LogSeverity.INFO);
    req.setMessage(line);
    const context = call.getStore();
    if (context?.urn) req.setUrn(context.urn);
    const sent = new Promise<void>((resolve) => engine.log(req, () => resolve()));
    context?.logged.push(sent);
  });
}

interface EngineClientPb {
  log(req: LogRequestPb, callback: () => void): void;
}
interface LogRequestPb {
  setSeverity(s: number): void;
  setMessage(m: string): void;
  setUrn(u: string): void;
}

/** Runs one provider call with its URN known to notices, and answers once its notices are sent. */
async function about<T>(urn: string | undefined, work: () => Promise<T>): Promise<T> {
  const context = { urn, logged: [] as Promise<void>[] };
  try {
    return await call.run(context, work);
  } finally {
    await Promise.all(context.logged);
  }
}

interface ConfigureRequestPb {
  getArgs(): { toJavaScript(): unknown } | undefined;
  getVariablesMap(): { toArray(): [string, string][] };
}

/** A file's text, or undefined when it cannot be read. */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The runtime of the project the plugin was started for (Pulumi starts it in the program's directory). */
function startedForRuntime(): string | undefined {
  return projectRuntime(process.cwd(), process.env.PULUMI_PROJECT, readText);
}

export interface AepProviderOptions {
  /** The project's `runtime` (`nodejs`, `yaml`, …); by default read from the project file above the working directory. */
  projectRuntime?: () => string | undefined;
}

export function aepProvider(version: string, options: AepProviderOptions = {}): Provider {
  const runtimeOfProject = options.projectRuntime ?? startedForRuntime;
  return {
    version,
    getSchema: async () => JSON.stringify(packageSchema(version)),

    check: (urn, olds, news) => about(urn, () => check(urn, olds, news)),
    diff: (id, urn, olds, news) => about(urn, () => diff(id, urn, olds, news)),
    create: (urn, inputs) => about(urn, () => create(urn, inputs)),
    read: (id, urn, props) => about(urn, () => read(id, urn, props)),
    update: (id, urn, olds, news) => about(urn, () => update(id, urn, olds, news)),
    delete: (id, urn, props) => about(urn, () => remove(id, urn, props)),
    invoke: (token, args) => about(undefined, () => invoke(token, args)),
  };

  async function check(urn: string, olds: Props, news: Props) {
    const { name, provider } = kindOf(urn);
    const o = unwrapSecrets(olds ?? {});
    const n = unwrapSecrets(news ?? {});
    const result = await provider.check!(o.plain, n.plain);
    return { inputs: wrapSecrets(result.inputs ?? {}, secretKeys(name, n.secretKeys)), failures: result.failures ?? [] };
  }

  async function diff(id: string, urn: string, olds: Props, news: Props) {
    const { provider } = kindOf(urn);
    const result = await provider.diff!(id, unwrapSecrets(olds ?? {}).plain, unwrapSecrets(news ?? {}).plain);
    return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: result.deleteBeforeReplace };
  }

  async function create(urn: string, inputs: Props) {
    const { name, provider } = kindOf(urn);
    const n = unwrapSecrets(inputs ?? {});
    const keys = secretKeys(name, n.secretKeys);
    try {
      const { id, outs } = await provider.create(n.plain);
      return { id, outs: wrapSecrets(outs ?? {}, keys) };
    } catch (err) {
      throw rewrapFailure(err, keys);
    }
  }

  async function read(id: string, urn: string, props: Props) {
    const { name, provider } = kindOf(urn);
    const p = unwrapSecrets(props ?? {});
    // `pulumi import` reads with no state: the entity is looked up in the configured sandbox.
    const known = { ...p.plain, sandboxName: p.plain.sandboxName ?? run.settings().sandboxName };
    const result = await provider.read!(id, known);
    const importing = Object.keys(p.plain).length === 0;
    // An import of an id that does not exist: an empty id is how the engine learns it (it then says so).
    if (importing && (result.props as Props | undefined)?.state === "not-found") return { id: "", props: {} };
    // Refused in the import's preview, before the engine has written anything: the error carries the code to adopt it.
    if (importing && declaresDynamicResources(runtimeOfProject())) {
      const entity = {
        kind: name,
        name: urn.split("::").pop() ?? "",
        id,
        sandboxName: known.sandboxName as string,
        inputs: result.inputs ?? {},
      };
      throw new Error(typescriptImportRefusal(entity, typeOfUrn(urn)));
    }
    const keys = secretKeys(name, p.secretKeys);
    return {
      id: result.id ?? id,
      props: wrapSecrets(result.props ?? {}, keys),
      inputs: result.inputs === undefined ? undefined : wrapSecrets(result.inputs, keys),
    };
  }

  async function update(id: string, urn: string, olds: Props, news: Props) {
    const { name, provider } = kindOf(urn);
    const n = unwrapSecrets(news ?? {});
    const keys = secretKeys(name, n.secretKeys, unwrapSecrets(olds ?? {}).secretKeys);
    try {
      const result = await provider.update!(id, unwrapSecrets(olds ?? {}).plain, n.plain);
      return { outs: wrapSecrets(result.outs ?? {}, keys) };
    } catch (err) {
      throw rewrapFailure(err, keys);
    }
  }

  async function remove(id: string, urn: string, props: Props) {
    const { provider } = kindOf(urn);
    await provider.delete!(id, unwrapSecrets(props ?? {}).plain);
  }

  async function invoke(token: string, args: Props) {
    const name = FUNCTION_TOKENS[token];
    if (!name) throw new Error(`the aep provider has no function "${token}" (it has ${Object.keys(FUNCTION_TOKENS).join(", ")})`);
    const { plain } = unwrapSecrets(args ?? {});
    const sandboxName = (plain.sandboxName as string | undefined) ?? run.settings().sandboxName;
    const read = LOOKUP_READS[name] as unknown as (client: unknown, sandboxName: string, args: Props) => Promise<Props>;
    return { outputs: await read(run.api(), sandboxName, plain) };
  }
}

if (require.main === module) {
  const { version } = require("../../../package.json") as { version: string };
  captureConfigure();
  const engineAddress = process.argv[2];
  if (engineAddress) noticesToEngine(engineAddress);
  const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
  main(aepProvider(version), process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`pulumi-resource-aep: ${err.message}\n`);
    process.exit(1);
  });
}
