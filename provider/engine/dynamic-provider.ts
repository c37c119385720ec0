// A kind as Pulumi's dynamic-provider host calls it (pulumi.dynamic.ResourceProvider): each method
// hands the call to the shared lifecycle (provider/lifecycle/) and its answer back in a form the
// engine can take (answers.ts: encodable values, a partial failure carrying the serialized provider,
// errors without a stack trace). The provider plugin (plugin/main.ts) calls the same objects.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceInputs } from "../kinds/kind";
import { checkResource } from "../lifecycle/check";
import type { ProviderRun } from "../lifecycle/context";
import { createResource } from "../lifecycle/create";
import { deleteResource } from "../lifecycle/delete";
import { diffResource } from "../lifecycle/diff";
import { readResource } from "../lifecycle/read";
import type { Served } from "../lifecycle/store";
import { updateResource } from "../lifecycle/update";
import { engineValue, forEngine, stripEngineKeys, withoutStack } from "./answers";
import { PROVIDER_KEY } from "./wire";

type CheckResult = Awaited<ReturnType<NonNullable<pulumi.dynamic.ResourceProvider["check"]>>>;
type ConfigureRequest = Parameters<NonNullable<pulumi.dynamic.ResourceProvider["configure"]>>[0];
type WithProvider<T> = T & { [PROVIDER_KEY]?: string };

/** The dynamic provider of one kind; every kind of a process shares one run. */
export class KindProvider<I extends ResourceInputs, O extends I & { state?: string }> implements pulumi.dynamic.ResourceProvider {
  constructor(readonly served: Served<I, O>) {}

  get run(): ProviderRun {
    return this.served.run;
  }

  async configure(req: ConfigureRequest): Promise<void> {
    this.run.configure(req.config);
  }

  /** Forgets what this run learned, as a new provider process would (see lifecycle/context.ts). */
  startRun(): void {
    this.run.startRun();
  }

  settings() {
    return this.run.settings();
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    try {
      return engineValue(await checkResource(this.served, olds, news));
    } catch (err) {
      throw withoutStack(err);
    }
  }

  async diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
    try {
      return engineValue(await diffResource(this.served, id, olds, news));
    } catch (err) {
      throw withoutStack(err);
    }
  }

  async create(inputs: WithProvider<I>): Promise<{ id: string; outs: O }> {
    return forEngine(inputs[PROVIDER_KEY], () => createResource(this.served, stripEngineKeys(inputs)));
  }

  async read(id: string, props: O): Promise<pulumi.dynamic.ReadResult> {
    return forEngine(undefined, () => readResource(this.served, id, props));
  }

  async update(id: string, olds: O, news: WithProvider<I>): Promise<{ outs: O }> {
    return forEngine(news[PROVIDER_KEY], async () => ({ outs: await updateResource(this.served, id, olds, stripEngineKeys(news)) }));
  }

  async delete(id: string, props: O): Promise<void> {
    await forEngine(undefined, () => deleteResource(this.served, id, props));
  }
}
