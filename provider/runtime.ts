// The Dataflow provider as the Pulumi engine runs it. This module is loaded at run time, in the
// provider process, by the thin serialized shim in dataflow.ts: so its code and its dependencies
// never enter the stack state, and every resource shares one client, one token and one config.
import type * as pulumi from "@pulumi/pulumi";
import type { FlowServiceClient } from "../sdk/client";
import type { Flow } from "../sdk/types";
import { FlowClaims } from "./claims";
import { watchEngine, engineAddress, requireEngine } from "./engine";
import { PartialFailureError } from "./errors";
import { adoptionProblems, describeAdoption } from "./adopt";
import {
  LifecycleContext,
  NOT_FOUND_STATE,
  adoptDataflow,
  createDataflow,
  deleteDataflow,
  readDataflow,
  updateDataflow,
} from "./lifecycle";
import { inputsOf } from "./mapping";
import { diffDataflow } from "./plan";
import { RecoveryOptions, label, settleTimeFor } from "./recovery";
import { FlowSpecCache, specFailures, specRelevantChange } from "./specs";
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
  /** Which resource of this run holds which flow (see claims.ts). */
  private claims = new FlowClaims();
  /** Flow specs read in this run, one GET per spec id. */
  private specs = new FlowSpecCache();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async configure(req: Parameters<NonNullable<pulumi.dynamic.ResourceProvider["configure"]>>[0]): Promise<void> {
    this.config = req.config;
    this.client = undefined;
  }

  /**
   * Forgets what this run learned, as a new provider process would: the engine starts one per
   * `pulumi up`, and in-process tests that play several runs with one provider call this between them.
   */
  startRun(): void {
    this.claims = new FlowClaims();
    this.specs = new FlowSpecCache();
    this.readForAdoption.clear();
  }

  /** Settings are resolved when first needed, so `pulumi preview` works without credentials. */
  settings(): ProviderSettings {
    return resolveSettings(this.config, this.env);
  }

  private recovery(): RecoveryOptions {
    return { settleMs: settleTimeFor(this.settings().timeoutMs) };
  }

  private context(): LifecycleContext {
    return {
      client: this.api(),
      recovery: this.recovery(),
      claims: this.claims,
      notice,
      settleTimeoutMs: this.settings().settleTimeoutMs,
    };
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
        beforeWrite: () => requireEngine(),
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
    if (failures.length === 0 && !containsUnknown(inputs) && specRelevantChange(previous, inputs)) {
      failures.push(...(await this.checkAgainstSpec(inputs, "check")));
    }
    return engineValue({ inputs, failures });
  }

  /**
   * What the flow spec refuses in `inputs` (specs.ts). In `check` a spec that cannot be read (no
   * credentials in a preview, the service unreachable) is skipped: the same check runs again right
   * before the write, in the same process, from the same cached read.
   */
  private async checkAgainstSpec(inputs: DataflowInputs, when: "check" | "write"): Promise<{ property: string; reason: string }[]> {
    let spec;
    try {
      spec = await this.specs.get(this.api(), inputs.flowSpec.id, inputs.sandboxName);
    } catch (err) {
      // Refused credentials stop the run here, before anything could be written; anything else
      // (no credentials in a preview, the service unreachable) is left to the check before the write.
      if (when === "check" && !isRefusedCredentials(err)) return [];
      throw err;
    }
    if (!spec) {
      return [
        {
          property: "flowSpec.id",
          reason: `flow spec ${inputs.flowSpec.id} does not exist (GET /flowSpecs/${inputs.flowSpec.id} answered 404): check the id`,
        },
      ];
    }
    return specFailures(spec, inputs);
  }

  /** The spec's refusals, before any write: the run stops with every failure listed. */
  private async refuseWhatTheSpecRefuses(inputs: DataflowInputs, olds: Partial<DataflowInputs> | undefined): Promise<void> {
    if (!specRelevantChange(olds, inputs)) return;
    const failures = await this.checkAgainstSpec(inputs, "write");
    if (failures.length) {
      throw new Error(
        `${label(inputs.name, undefined, inputs.sandboxName)}: the flow spec refuses ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}. Nothing was sent.`,
      );
    }
  }

  /** A read-only look at the flow to adopt, so the preview shows what adoption will change. */
  private async planAdoption(inputs: DataflowInputs & { adoptId: string }): Promise<{ summary?: string } | { failure: string }> {
    let flow;
    try {
      flow = await this.api().getFlow(inputs.adoptId, { sandboxName: inputs.sandboxName });
    } catch (err) {
      // Said now, not kept: the create reads the flow again and records what adoption really did.
      notice(
        `${label(inputs.name, inputs.adoptId, inputs.sandboxName)}: adoption not checked in this preview (${(err as Error).message}); it is checked when the resource is created.`,
      );
      return {};
    }
    const problems = adoptionProblems(flow, inputs);
    if (problems.length) return { failure: problems.join("; ") };
    this.readForAdoption.set(`${inputs.sandboxName}/${inputs.adoptId}`, flow!);
    return { summary: describeAdoption(flow!, inputs) };
  }

  async diff(id: string, olds: DataflowOutputs, news: DataflowInputs): Promise<DiffResult> {
    if (olds.state === NOT_FOUND_STATE) {
      // The flow answered "not found" at the last refresh. Replacing it is a create that the preview
      // shows as such; deleting first means a flow that is only hidden by an access label (its DELETE
      // is forbidden) stops the run before a second flow exists.
      return engineValue({ changes: true, replaces: ["state"], deleteBeforeReplace: true });
    }
    const { changes, replaces } = diffDataflow(olds, news);
    const taken = id && olds.sandboxName ? this.claims.get(olds.sandboxName, id) : undefined;
    if (taken === "adopted" || taken === "recovered" || taken === "created") {
      // Another resource of this run took this resource's flow (it was declared first): a flow is held by one resource only.
      throw new Error(
        `${label(olds.name, id, olds.sandboxName)} is held by this resource, and another resource of this run has just ${taken} it ` +
          "(adoptId). A flow can be held by one resource only: remove that other resource (or its adoptId) from the program and run " +
          "`pulumi up` again; its delete leaves the flow with this resource.",
      );
    }
    // A resource that stays holds its flow; one being replaced lets go of it once the new one exists.
    if (id && olds.sandboxName) this.claims.note(olds.sandboxName, id, replaces.length ? "replacing" : "held");
    return engineValue({ changes, replaces, deleteBeforeReplace: false });
  }

  async create(inputs: DataflowInputs & { [PROVIDER_KEY]?: string }): Promise<{ id: string; outs: DataflowOutputs }> {
    const plain = stripEngineKeys(inputs);
    await forEngine(undefined, () => this.refuseWhatTheSpecRefuses(plain, undefined));
    if (!plain.adoptId) return forEngine(inputs[PROVIDER_KEY], () => createDataflow(this.context(), plain));
    // The flow as check read it moments ago; if it changed since, the etag-guarded PATCH finds out.
    const key = `${plain.sandboxName}/${plain.adoptId}`;
    const seen = this.readForAdoption.get(key);
    this.readForAdoption.delete(key);
    return forEngine(inputs[PROVIDER_KEY], () => adoptDataflow(this.context(), plain as DataflowInputs & { adoptId: string }, seen));
  }

  async read(id: string, props: DataflowOutputs): Promise<ReadResult> {
    return forEngine(undefined, async () => {
      const result = await readDataflow(this.context(), id, props);
      if (result) return { id, props: result.outs, inputs: result.inputs };
      // Adobe answers "not found" both for a deleted flow and for one hidden by an access label the
      // credentials' role lacks (which keeps running). Dropping it would let the next `up` create a
      // second flow silently; it is kept, marked, and the next preview shows it being replaced.
      notice(
        `${label(props.name, id, props.sandboxName)} was not found (404 FLOW-1439-404): deleted outside Pulumi, or hidden by an access ` +
          'label the role of these credentials lacks (Adobe answers both the same way). It stays in the stack as state "not-found": ' +
          "the next `pulumi up` deletes and creates it again (a replace, shown by `pulumi preview`). If it still runs under a label, " +
          "that DELETE is refused and nothing is created; if it should not come back, remove it from the program.",
      );
      const outs = { ...props, state: NOT_FOUND_STATE };
      return { id, props: outs, inputs: inputsOf(outs) };
    });
  }

  async update(id: string, olds: DataflowOutputs, news: DataflowInputs & { [PROVIDER_KEY]?: string }): Promise<{ outs: DataflowOutputs }> {
    return forEngine(news[PROVIDER_KEY], async () => {
      this.claims.note(olds.sandboxName, id, "held");
      const plain = stripEngineKeys(news);
      await this.refuseWhatTheSpecRefuses(plain, olds);
      return { outs: await updateDataflow(this.context(), id, olds, plain) };
    });
  }

  async delete(id: string, props: DataflowOutputs): Promise<void> {
    await forEngine(undefined, () => deleteDataflow(this.context(), id, props));
  }
}

/** IMS refused the client credentials, or the gateway the token: no later call can succeed either. */
function isRefusedCredentials(err: unknown): boolean {
  const status = (err as { status?: number }).status;
  return (err as Error).name === "TokenRequestError" ? status === 400 || status === 401 : status === 401 || status === 403;
}

/** A line in the run's output: the engine shows a provider's stderr lines in its diagnostics. */
function notice(line: string): void {
  process.stderr.write(`[aep] ${line}\n`);
}

function stripEngineKeys<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__"))) as T;
}

/**
 * A value the engine can take: plain JSON, no `undefined` anywhere. Pulumi's host encodes results
 * with protobuf's Struct, which throws on `undefined`; thrown while it builds a partial-failure
 * answer, that error is never reported and the CLI waits forever. So everything handed back goes
 * through here.
 */
export function engineValue<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * Runs one provider operation and makes whatever it hands the engine encodable: its result, and
 * the properties of a partial failure (which become the resource's outputs, so they carry
 * `__provider` too). Any other error reaches the engine as a plain Error with its message.
 */
async function forEngine<T>(serializedProvider: string | undefined, op: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return engineValue(await op());
  } catch (err) {
    if (err instanceof PartialFailureError) {
      const properties = serializedProvider === undefined ? err.properties : { ...err.properties, [PROVIDER_KEY]: serializedProvider };
      throw new PartialFailureError(err.id, engineValue(properties), err.message);
    }
    if (err instanceof Error) throw err;
    throw new Error(String(err), { cause: err });
  } finally {
    inFlight--;
  }
}

/** Provider operations (create, read, update, delete) under way: the engine watchdog waits for them. */
let inFlight = 0;

/** The one provider instance of this process (the engine runs one process for all dynamic resources). */
export const provider = new DataflowProvider();

const engine = engineAddress();
if (engine) watchEngine(engine, () => inFlight);

// The serialized shim (dataflow.ts) calls these by name: the one instance's methods.
export const configure = provider.configure.bind(provider);
export const check = provider.check.bind(provider);
export const diff = provider.diff.bind(provider);
export const create = provider.create.bind(provider);
export const read = provider.read.bind(provider);
export const update = provider.update.bind(provider);
const remove = provider.delete.bind(provider);
export { remove as delete };
