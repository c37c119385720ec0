// The provider as the Pulumi engine runs it. This module is loaded at run time, in the provider
// process, by the thin serialized shim of each resource (resources/shim.ts): so its code and its
// dependencies never enter the stack state, and every resource of every kind shares one run (one
// client, one token, one config; run.ts).
import type * as pulumi from "@pulumi/pulumi";
import type { Entity } from "./adobe/types";
import { adoptedOutputs, adoptionProblems, adoptionSends, describeAdoption } from "./lifecycle/adopt";
import { engineAddress, watchEngine } from "./engine/watchdog";
import { explainRefusal } from "./errors";
import { engineValue, forEngine, operationsInFlight, stripEngineKeys, withoutStack } from "./engine/answers";
import { BASE_CONNECTION } from "./kinds/base-connection";
import { DATAFLOW } from "./kinds/dataflow";
import { SOURCE_CONNECTION } from "./kinds/source-connection";
import { MappingSetProvider } from "./lifecycle/mapping-set-provider";
import { TARGET_CONNECTION } from "./kinds/target-connection";
import { Defaults, Sent, aboutWhatIsSent, engineFailure, splitFindings, warningLine } from "./engine/check-answer";
import { CheckFailure, EntityInputs, EntityKind, EntityOutputs, inputsOf, label } from "./kinds/kind";
import { explainPublishRefusal } from "./lifecycle/publish-order";
import { refuses } from "./rules";
import { NOT_FOUND_STATE, adoptEntity, createEntity, deleteEntity, readEntity, updateEntity, withoutSpecDefaults } from "./lifecycle/operations";
import { diffEntity } from "./lifecycle/plan";
import { ProviderRun, notice } from "./lifecycle/context";
import { DataflowInputs, DataflowOutputs } from "./kinds/dataflow/types";
import { containsUnknown } from "./engine/unknown";

type CheckResult = Awaited<ReturnType<NonNullable<pulumi.dynamic.ResourceProvider["check"]>>>;
type DiffResult = pulumi.dynamic.DiffResult;
type ReadResult = pulumi.dynamic.ReadResult;
type ConfigureRequest = Parameters<NonNullable<pulumi.dynamic.ResourceProvider["configure"]>>[0];

const PROVIDER_KEY = "__provider";

export { engineValue };

type Ins = EntityInputs & { enabled?: boolean };
type Outs = EntityOutputs & { enabled?: boolean };

/** What an update from `previous` to `inputs` sends: the changed inputs, or everything when it replaces. */
function sentByUpdate(kind: EntityKind, previous: Partial<EntityInputs>, inputs: EntityInputs): Sent {
  const { changed, replaces } = diffEntity(kind, previous as Partial<EntityOutputs>, inputs);
  return replaces.length ? "all" : new Set(changed.map((p) => p.split(".")[0]));
}

/** The dynamic provider of one entity kind; all kinds of a process share one run. */
export class EntityProvider<I extends Ins = Ins, O extends Outs = Outs> implements pulumi.dynamic.ResourceProvider {
  private readonly k: EntityKind;

  constructor(
    readonly run: ProviderRun,
    readonly kind: EntityKind<I, O>,
  ) {
    this.k = kind as unknown as EntityKind;
  }

  async configure(req: ConfigureRequest): Promise<void> {
    this.run.configure(req.config);
  }

  /** Forgets what this run learned, as a new provider process would (see run.ts). */
  startRun(): void {
    this.run.startRun();
  }

  settings() {
    return this.run.settings();
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    try {
      return await this.checkInputs(olds, news);
    } catch (err) {
      throw withoutStack(err);
    }
  }

  private async checkInputs(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    const previous = olds && Object.keys(olds).length ? (olds as Partial<I>) : undefined;
    const sandboxName = this.run.settings().sandboxName;
    const { inputs, failures } = this.kind.check(previous, news, { sandboxName });
    const refusing = () => failures.some((f) => refuses(f.rule));
    let sent: Sent = previous ? sentByUpdate(this.k, previous, inputs) : "all";
    if (!refusing() && inputs.adoptId && !containsUnknown(inputs)) {
      if (previous) {
        // Adoption happened when the resource was created; later runs only remember what it said.
        if (previous.adoption !== undefined) inputs.adoption = previous.adoption;
      } else {
        const adoption = await this.planAdoption(inputs as I & { adoptId: string });
        if ("failure" in adoption) failures.push({ property: "adoptId", reason: adoption.failure, rule: "adopt.identity" });
        else {
          inputs.adoption = adoption.summary;
          if (adoption.sends) sent = adoption.sends;
        }
      }
    }
    let specRead = false;
    if (!refusing() && !containsUnknown(inputs) && this.kind.spec?.relevant(previous, inputs)) {
      const judged = await this.checkAgainstSpec(inputs, "check");
      specRead = judged.read;
      failures.push(...judged.failures);
    }
    const { refusals, warnings } = splitFindings(failures, specRead);
    const what = label(this.k, inputs.name, previous ? undefined : inputs.adoptId, inputs.sandboxName);
    for (const w of warnings.filter((f) => aboutWhatIsSent(f, sent))) notice(`${what}: ${warningLine(w)}`);
    const defaults: Defaults = { draft: "true", sandboxName: `aep:sandboxName ("${sandboxName}")`, enabled: "true" };
    return engineValue({ inputs, failures: refusals.map((f) => engineFailure(f, news, defaults)) });
  }

  /**
   * What the service's spec says about `inputs` (kinds/*.ts), and whether the spec was read. In
   * `check` a spec that cannot be read (no credentials in a preview, the service unreachable) is
   * skipped: the same check runs again right before the write, in the same process, from the same
   * cached read.
   */
  private async checkAgainstSpec(inputs: I, when: "check" | "write"): Promise<{ failures: CheckFailure[]; read: boolean }> {
    const rules = this.kind.spec!;
    const id = rules.id(inputs);
    const what = rules.collection === "flowSpecs" ? "flow spec" : "connection spec";
    let spec;
    try {
      spec = await this.run.specs.get(this.run.api(), rules.collection, id, inputs.sandboxName);
    } catch (err) {
      // Refused credentials, or a setting given with a wrong value, stop the run here (said once, as the check's
      // error), before anything could be written; anything else (no credentials in a preview, the service
      // unreachable) is left to the check before the write.
      if (when === "check" && !isRefusedCredentials(err) && !isWrongSetting(err)) {
        notice(
          `${label(this.k, inputs.name, undefined, inputs.sandboxName)}: not checked against its ${what} ${id} in this preview ` +
            `(${(err as Error).message}); \`pulumi up\` checks it before anything is written.`,
        );
        return { failures: [], read: false };
      }
      throw err;
    }
    if (!spec) {
      const reason = `${what} ${id} does not exist (GET /${rules.collection}/${id} answered 404): check the id`;
      return { failures: [{ property: rules.property, rule: "spec.exists", reason }], read: true };
    }
    return { failures: rules.failures(spec as never, inputs), read: true };
  }

  /**
   * What the spec refuses, before any write: the run stops with every refusal listed. Its
   * warnings were printed by check; the publish order is the service's to judge (explained when it
   * refuses: publish-order.ts).
   */
  private async refuseBeforeWriting(inputs: I, olds: Partial<I> | undefined, id?: string): Promise<void> {
    if (!this.kind.spec?.relevant(olds, inputs)) return;
    const refusals = (await this.checkAgainstSpec(inputs, "write")).failures.filter((f) => refuses(f.rule));
    if (refusals.length) {
      const spec = this.kind.spec.collection === "flowSpecs" ? "flow spec" : "connection spec";
      throw new Error(
        `${label(this.k, inputs.name, id, inputs.sandboxName)}: the ${spec} refuses ${refusals.map((f) => `${f.property}: ${f.reason}`).join("; ")}. Nothing was sent.`,
      );
    }
  }

  /**
   * The warnings about `inputs` (rules from prose or a guess), to name beside a refusal of the
   * service: with the spec's when this run has read it, else the offline ones.
   */
  private async warningsFor(inputs: I): Promise<CheckFailure[]> {
    const own = this.kind.check(undefined, inputs as unknown as Record<string, unknown>, { sandboxName: inputs.sandboxName }).failures;
    const rules = this.kind.spec;
    const spec = rules ? await this.run.specs.peek(rules.collection, rules.id(inputs)) : undefined;
    const fromSpec = spec && rules ? rules.failures(spec as never, inputs) : [];
    return splitFindings([...own, ...fromSpec], spec !== undefined).warnings;
  }

  /** A read-only look at the entity to adopt, so the preview shows what adoption will change. */
  private async planAdoption(inputs: I & { adoptId: string }): Promise<{ summary?: string; sends?: Set<string> } | { failure: string }> {
    let remote: Entity | undefined;
    try {
      remote = await this.run.api().getEntity(this.k.collection, inputs.adoptId, { sandboxName: inputs.sandboxName });
    } catch (err) {
      // Said now, not kept: the create reads the entity again and records what adoption really did.
      notice(
        `${label(this.k, inputs.name, inputs.adoptId, inputs.sandboxName)}: adoption not checked in this preview (${(err as Error).message}); it is checked when the resource is created.`,
      );
      return {};
    }
    const problems = adoptionProblems(this.k, remote, inputs);
    if (problems.length) return { failure: problems.join("; ") };
    this.run.readForAdoption.set(`${inputs.sandboxName}/${inputs.adoptId}`, remote!);
    // As the create will plan it: without what the service filled with its spec's defaults.
    const before = await withoutSpecDefaults(this.k, this.run.context(), adoptedOutputs(this.k, remote!, inputs) as never, inputs);
    return { summary: describeAdoption(this.k, remote!, inputs, before), sends: adoptionSends(this.k, remote!, inputs, before) };
  }

  async diff(id: string, olds: O, news: I): Promise<DiffResult> {
    try {
      return this.diffInputs(id, olds, news);
    } catch (err) {
      throw withoutStack(err);
    }
  }

  private diffInputs(id: string, olds: O, news: I): DiffResult {
    if (olds.state === NOT_FOUND_STATE) {
      // The entity answered "not found" at the last refresh. Replacing it is a create that the
      // preview shows as such; deleting first means an entity only hidden by an access label (its
      // DELETE is forbidden) stops the run before a second one exists.
      notice(
        `${label(this.k, olds.name, id, olds.sandboxName)} was not found at the last refresh: \`pulumi up\` replaces it (it is looked ` +
          `up first: if it exists again nothing is done; if an access label hides it, its DELETE is refused and nothing is created).`,
      );
      return engineValue({ changes: true, replaces: ["state"], deleteBeforeReplace: true });
    }
    const { changes, replaces } = diffEntity(this.k, olds, news);
    const taken = id && olds.sandboxName ? this.run.claims.get(olds.sandboxName, id) : undefined;
    if (taken === "adopted" || taken === "recovered" || taken === "created") {
      // Another resource of this run took this resource's entity (it was declared first): an entity is held by one resource only.
      throw new Error(
        `${label(this.k, olds.name, id, olds.sandboxName)} is held by this resource, and another resource of this run has just ${taken} it ` +
          `(adoptId). A ${this.k.noun} can be held by one resource only: remove that other resource (or its adoptId) from the program and run ` +
          `\`pulumi up\` again; its delete leaves the ${this.k.noun} with this resource.`,
      );
    }
    // A resource that stays holds its entity; one being replaced lets go of it once the new one exists.
    if (id && olds.sandboxName) this.run.claims.note(olds.sandboxName, id, replaces.length ? "replacing" : "held");
    return engineValue({ changes, replaces, deleteBeforeReplace: false });
  }

  async create(inputs: I & { [PROVIDER_KEY]?: string }): Promise<{ id: string; outs: O }> {
    const plain = stripEngineKeys(inputs);
    // The entity to adopt as check read it moments ago; if it changed since, the etag-guarded PATCH finds out.
    const key = `${plain.sandboxName}/${plain.adoptId}`;
    const seen = plain.adoptId ? this.run.readForAdoption.get(key) : undefined;
    await forEngine(undefined, () => this.refuseBeforeWriting(plain, undefined));
    if (!plain.adoptId) {
      const what = label(this.k, plain.name, undefined, plain.sandboxName);
      return forEngine(inputs[PROVIDER_KEY], () =>
        createEntity(this.kind, this.run.context(), plain).catch(async (err) => {
          throw await this.explain(err, plain, what, "create");
        }),
      );
    }
    this.run.readForAdoption.delete(key);
    return forEngine(inputs[PROVIDER_KEY], () => adoptEntity(this.kind, this.run.context(), plain as I & { adoptId: string }, seen));
  }

  /**
   * A refusal of the service, said for the user: a publish refused while an entity this one names
   * is a draft (publish-order.ts), else the properties it is about, with the warnings check gave
   * about these inputs (errors.ts).
   */
  private async explain(err: unknown, inputs: I, what: string, verb: "create" | "update"): Promise<unknown> {
    if (verb === "create" && !inputs.draft) {
      const order = await explainPublishRefusal(this.k, this.run.api(), inputs, err, what, "create");
      if (order) return order;
    }
    return explainRefusal(err, what, verb, inputs as unknown as Record<string, unknown>, await this.warningsFor(inputs));
  }

  async read(id: string, props: O): Promise<ReadResult> {
    return forEngine(undefined, async () => {
      const result = await readEntity(this.kind, this.run.context(), id, props);
      if (result) return { id, props: result.outs, inputs: result.inputs };
      // Adobe answers "not found" both for a deleted entity and for one hidden by an access label
      // the credentials' role lacks (which keeps running). Dropping it would let the next `up`
      // create a second one silently; it is kept, marked, and the next preview shows it being replaced.
      notice(
        `${label(this.k, props.name, id, props.sandboxName)} was not found (404 FLOW-1439-404): deleted outside Pulumi, or hidden by an access ` +
          'label the role of these credentials lacks (Adobe answers both the same way). It stays in the stack as state "not-found": ' +
          "the next `pulumi up` deletes and creates it again (a replace, shown by `pulumi preview`). If it still runs under a label, " +
          "that DELETE is refused and nothing is created; if it should not come back, remove it from the program.",
      );
      const outs = { ...props, state: NOT_FOUND_STATE };
      return { id, props: outs, inputs: inputsOf(this.k, outs) };
    });
  }

  async update(id: string, olds: O, news: I & { [PROVIDER_KEY]?: string }): Promise<{ outs: O }> {
    return forEngine(news[PROVIDER_KEY], async () => {
      this.run.claims.note(olds.sandboxName, id, "held");
      const plain = stripEngineKeys(news);
      await this.refuseBeforeWriting(plain, olds as unknown as Partial<I>, id);
      const outs = await updateEntity(this.kind, this.run.context(), id, olds, plain).catch(async (err) => {
        throw await this.explain(err, plain, label(this.k, plain.name, id, plain.sandboxName), "update");
      });
      return { outs };
    });
  }

  async delete(id: string, props: O): Promise<void> {
    await forEngine(undefined, async () => {
      // A 404 here still sends the DELETE: an entity hidden by an access label answers GET with 404
      // but its DELETE with 403, and that refusal is what stops the replacement from making a second one.
      if (props.state === NOT_FOUND_STATE) await this.refuseIfBackAgain(id, props);
      await deleteEntity(this.k, this.run.context(), id, props);
    });
  }

  /**
   * The delete that starts the replacement of an entity marked not-found: if the entity answers
   * again (its access label was lifted, or the role now has it), it is alive and running, and
   * replacing it would throw its history away. Nothing is deleted; a refresh takes it back.
   */
  private async refuseIfBackAgain(id: string, props: O): Promise<void> {
    const entity = await this.run.api().getEntity(this.k.collection, id, { sandboxName: props.sandboxName });
    if (!entity) return;
    throw new Error(
      `${label(this.k, props.name, id, props.sandboxName)} was not found at the last refresh, but it exists again (${entity.state}): ` +
        "an access label was lifted, or these credentials' role now has it. Nothing was deleted or created. Run `pulumi refresh` to " +
        `take it back into the stack; the next \`pulumi up\` then keeps this ${this.k.noun} and changes only what the program declares.`,
    );
  }
}

/** The Dataflow provider on a run of its own (tests build one per case). */
export class DataflowProvider extends EntityProvider<DataflowInputs, DataflowOutputs> {
  constructor(env: NodeJS.ProcessEnv = process.env) {
    super(new ProviderRun(env), DATAFLOW);
  }
}

/** A setting given with a value that cannot work (an endpoint with the API's path): said in check, not left to the write. */
function isWrongSetting(err: unknown): boolean {
  return (err as Error).name === "SettingsError" && !(err as { missing?: boolean }).missing;
}

/** IMS refused the client credentials, or the gateway the token: no later call can succeed either. */
function isRefusedCredentials(err: unknown): boolean {
  const status = (err as { status?: number }).status;
  return (err as Error).name === "TokenRequestError" ? status === 400 || status === 401 : status === 401 || status === 403;
}

/** The one run of this process (the engine runs one provider process for all dynamic resources). */
/** The run every kind of this process shares: one set of settings, one client (one token), one claims table. */
export const run = new ProviderRun();

const PROVIDERS: Record<string, pulumi.dynamic.ResourceProvider> = {
  ...Object.fromEntries(
    [DATAFLOW, BASE_CONNECTION, SOURCE_CONNECTION, TARGET_CONNECTION].map((kind) => [
      kind.typeName,
      new EntityProvider(run, kind as unknown as EntityKind),
    ]),
  ),
  MappingSet: new MappingSetProvider(run),
};

/**
 * The provider of one kind, by its type name: what each resource's serialized shim calls.
 * Throws for a kind this version of the package does not know (a stack written by a newer one).
 */
export function forKind(typeName: string): pulumi.dynamic.ResourceProvider {
  const provider = PROVIDERS[typeName];
  if (!provider) {
    throw new Error(
      `this version of pulumi-aep-dataflows has no "${typeName}" resource; the stack was written by another version: ` +
        `install the version the program was written for (known here: ${Object.keys(PROVIDERS).join(", ")}).`,
    );
  }
  return provider;
}

/** The Dataflow provider of this process. */
export const provider = PROVIDERS.Dataflow as EntityProvider;

// The Dataflow shim of stacks written before the package had other kinds calls these by name.
export const configure = provider.configure.bind(provider);
export const check = provider.check.bind(provider);
export const diff = provider.diff.bind(provider);
export const create = provider.create.bind(provider);
export const read = provider.read.bind(provider);
export const update = provider.update.bind(provider);
const remove = provider.delete.bind(provider);
export { remove as delete };

const engine = engineAddress();
if (engine) watchEngine(engine, operationsInFlight);
