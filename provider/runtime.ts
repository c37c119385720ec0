// The Dataflow provider as the Pulumi engine runs it. This module is loaded at run time, in the
// provider process, by the thin serialized shim in dataflow.ts: so its code and its dependencies
// never enter the stack state, and every resource shares one client, one token and one config.
import type * as pulumi from "@pulumi/pulumi";
import type { FlowServiceClient } from "../sdk/client";
import type { Flow } from "../sdk/types";
import { PartialFailureError } from "./errors";
import { adoptionProblems, describeAdoption } from "./adopt";
import { adoptDataflow, createDataflow, deleteDataflow, readDataflow, updateDataflow } from "./lifecycle";
import { diffDataflow } from "./plan";
import { RecoveryOptions, settleTimeFor } from "./recovery";
import { ConfigSource, ProviderSettings, resolveSettings } from "./settings";
import { DataflowInputs, DataflowOutputs, containsUnknown } from "./types";
import { checkDataflow } from "./validate";

type CheckResult = Awaited<ReturnType<NonNullable<pulumi.dynamic.ResourceProvider["check"]>>>;
type DiffResult = pulumi.dynamic.DiffResult;
type ReadResult = pulumi.dynamic.ReadResult;

const PROVIDER_KEY = "__provider";

export class DataflowProvider implements pulumi.dynamic.ResourceProvider {
  private config?: ConfigSource;
  private client?: FlowServiceClient;
  /** Flows that `check` read for an adoption, handed to `create` of the same run (one GET, not two). */
  private readonly readForAdoption = new Map<string, Flow>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async configure(req: Parameters<NonNullable<pulumi.dynamic.ResourceProvider["configure"]>>[0]): Promise<void> {
    this.config = req.config;
    this.client = undefined;
  }

  /** Settings are resolved when first needed, so `pulumi preview` works without credentials. */
  settings(): ProviderSettings {
    return resolveSettings(this.config, this.env);
  }

  private recovery(): RecoveryOptions {
    return { settleMs: settleTimeFor(this.settings().timeoutMs) };
  }

  private api(): FlowServiceClient {
    if (!this.client) {
      const debug = this.env.AEP_DEBUG === "1" || this.env.AEP_DEBUG === "true";
      const settings = this.settings();
      // Loaded here, not at the top: check and diff (all a preview does) never need the HTTP stack.
      const { FlowServiceClient } = require("../sdk/client") as typeof import("../sdk/client");
      this.client = new FlowServiceClient({
        ...settings,
        timeoutMs: settings.timeoutMs,
        logger: debug ? (line) => process.stderr.write(`[aep] ${line}\n`) : undefined,
      });
    }
    return this.client;
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    const previous = olds && Object.keys(olds).length ? (olds as Partial<DataflowInputs>) : undefined;
    const { inputs, failures } = checkDataflow(previous, news, { sandboxName: this.settings().sandboxName });
    if (failures.length === 0 && inputs.adoptId && !containsUnknown(inputs)) {
      if (previous) {
        // Adoption happened when the resource was created; later runs only remember what it said.
        if (previous.adoption !== undefined) inputs.adoption = previous.adoption;
      } else {
        const adoption = await this.planAdoption(inputs as DataflowInputs & { adoptId: string });
        if ("failure" in adoption) failures.push({ property: "adoptId", reason: adoption.failure });
        else inputs.adoption = adoption.summary;
      }
    }
    return { inputs, failures };
  }

  /** A read-only look at the flow to adopt, so the preview shows what adoption will change. */
  private async planAdoption(inputs: DataflowInputs & { adoptId: string }): Promise<{ summary: string } | { failure: string }> {
    let flow;
    try {
      flow = await this.api().getFlow(inputs.adoptId, { sandboxName: inputs.sandboxName });
    } catch (err) {
      return { summary: `adopts flow ${inputs.adoptId} in sandbox ${inputs.sandboxName} (not checked in this preview: ${(err as Error).message})` };
    }
    const problems = adoptionProblems(flow, inputs);
    if (problems.length) return { failure: problems.join("; ") };
    this.readForAdoption.set(`${inputs.sandboxName}/${inputs.adoptId}`, flow!);
    return { summary: describeAdoption(flow!, inputs) };
  }

  async diff(_id: string, olds: DataflowOutputs, news: DataflowInputs): Promise<DiffResult> {
    const { changes, replaces } = diffDataflow(olds, news);
    return { changes, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: DataflowInputs & { [PROVIDER_KEY]?: string }): Promise<{ id: string; outs: DataflowOutputs }> {
    const plain = stripEngineKeys(inputs);
    if (!plain.adoptId) return withProvider(inputs[PROVIDER_KEY], () => createDataflow(this.api(), plain, this.recovery()));
    // The flow as check read it moments ago; if it changed since, the etag-guarded PATCH finds out.
    const key = `${plain.sandboxName}/${plain.adoptId}`;
    const seen = this.readForAdoption.get(key);
    this.readForAdoption.delete(key);
    return withProvider(inputs[PROVIDER_KEY], () => adoptDataflow(this.api(), plain as DataflowInputs & { adoptId: string }, this.recovery(), seen));
  }

  async read(id: string, props: DataflowOutputs): Promise<ReadResult> {
    const result = await readDataflow(this.api(), id, props);
    // No id tells the engine the flow is gone, so refresh drops it from the stack.
    if (!result) return {};
    return { id, props: result.outs, inputs: result.inputs };
  }

  async update(id: string, olds: DataflowOutputs, news: DataflowInputs & { [PROVIDER_KEY]?: string }): Promise<{ outs: DataflowOutputs }> {
    return withProvider(news[PROVIDER_KEY], async () => ({ outs: await updateDataflow(this.api(), id, olds, stripEngineKeys(news), this.recovery()) }));
  }

  async delete(id: string, props: DataflowOutputs): Promise<void> {
    await deleteDataflow(this.api(), id, props);
  }
}

function stripEngineKeys<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__"))) as T;
}

/** A partial failure's properties become the resource's outputs, so they must carry `__provider` too. */
async function withProvider<T>(serializedProvider: string | undefined, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof PartialFailureError && serializedProvider !== undefined) {
      throw new PartialFailureError(err.id, { ...err.properties, [PROVIDER_KEY]: serializedProvider }, err.message);
    }
    throw err;
  }
}

/** The one provider instance of this process (the engine runs one process for all dynamic resources). */
export const provider = new DataflowProvider();

// The serialized shim (dataflow.ts) calls these by name: the one instance's methods.
export const configure = provider.configure.bind(provider);
export const check = provider.check.bind(provider);
export const diff = provider.diff.bind(provider);
export const create = provider.create.bind(provider);
export const read = provider.read.bind(provider);
export const update = provider.update.bind(provider);
const remove = provider.delete.bind(provider);
export { remove as delete };
