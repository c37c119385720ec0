// What the shared lifecycle (check.ts, diff.ts, create.ts, read.ts, update.ts, delete.ts) needs from
// the service a kind's entities live in: how a change is planned, and how an entity is made, adopted,
// read, changed and deleted there. The Flow Service's entities have one store for all their kinds
// (flow-service/: drafts, etag-guarded PATCHes, publish); Data Prep's mapping sets have theirs
// (data-prep.ts: a POST, then a PUT per version). Claims, not-found marking, guards, adoption's
// bookkeeping and the messages around them are the lifecycle's, the same for every kind.
import type { ResourceInputs, ResourceKind } from "../kinds/kind";
import type { LifecycleContext, ProviderRun } from "./context";

/** What adopting an existing entity as declared would do, judged read-only (in `check`). */
export type AdoptionPlan =
  | {
      /** One line for `pulumi preview`: what adopting it sends (paths and actions, never values). */
      summary: string;
      /** The top-level inputs whose values adopting it sends, with `draft` when it publishes (what a warning may be about). */
      sends: ReadonlySet<string>;
      /** The entity as read, handed to the create of the same run (one GET, not two). */
      seen: unknown;
    }
  | {
      /** Why it cannot be adopted as declared. */
      failure: string;
    };

/** A change from the outputs a stack holds to new inputs. Pure. */
export interface Change {
  changes: boolean;
  /** The inputs whose change replaces the entity. */
  replaces: string[];
  /** Every input (or dotted path) that differs. */
  changed: string[];
}

/** What a change must do beyond the plain steps, or why it cannot be done (store.judgeChange). */
export interface ChangePlan {
  /** The old entity must be deleted before the new one is created (the new one keeps a key that must be unique). */
  deleteFirst?: boolean;
  /** Why it must go first, said by `pulumi preview` under the resource. */
  why?: string;
  /** Why this change cannot be done, after the resource's label (`a change of classId replaces it, but …`): refused by diff, before any write. */
  refusal?: string;
}

/** How the entities of one kind are planned, written and read at their service. */
export interface Store<I extends ResourceInputs, O extends I> {
  /** What differs between the stack's outputs and the new inputs. Pure. */
  diff(olds: O, news: I): Change;
  /**
   * For a change (`replaces` the inputs that replace it, maybe none): whether the old entity must go first, or why the
   * change cannot be done, so `pulumi preview` says it rather than the `up`. May read (what the stack's outputs cannot
   * tell: a union tag, the schemas using a field group), only when the outputs show the change could be refused; never writes.
   */
  judgeChange?(ctx: LifecycleContext, id: string, olds: O, news: I, replaces: string[]): Promise<ChangePlan>;
  /**
   * Outputs known before any write (a field group's tenant id), added to the checked inputs: in a preview the engine
   * shows a provider's new inputs as the outputs of an update, so what takes them (a descriptor's field path, a
   * mapping's destination) stays known instead of `[unknown]`. `seen`: the entity check read for an adoption. Reads at
   * most once per run; `{}` when it cannot read.
   */
  knownOutputs?(ctx: LifecycleContext, inputs: I, previous: Partial<O> | undefined, seen: unknown): Promise<Partial<O>>;
  /** The input part of outputs (what a read hands back as the resource's inputs). Pure. */
  inputsOf(outs: O): I;
  /** What adopting `inputs.adoptId` would do, with one read; throws when it cannot read. */
  planAdoption(ctx: LifecycleContext, inputs: I & { adoptId: string }): Promise<AdoptionPlan>;
  /** Makes the entity; an answer lost on the way is looked for, never blindly sent twice. */
  create(ctx: LifecycleContext, inputs: I): Promise<{ id: string; outs: O }>;
  /** Takes over `inputs.adoptId` (reserved for this resource already) and brings it to the inputs. `seen`: as check read it. */
  adopt(ctx: LifecycleContext, inputs: I & { adoptId: string }, seen: unknown): Promise<{ id: string; outs: O }>;
  /** The entity as the service has it now; undefined when the service answers it does not exist. */
  read(ctx: LifecycleContext, id: string, props: O): Promise<{ outs: O; inputs: I } | undefined>;
  /** Brings the entity from `olds` to `news`; returns the outputs. */
  update(ctx: LifecycleContext, id: string, olds: O, news: I): Promise<O>;
  /** Deletes the entity (the lifecycle has made sure no other resource holds it). */
  delete(ctx: LifecycleContext, id: string, props: O): Promise<void>;
  /** The entity if it exists, described for a message (`draft`, `version 3`); undefined when it does not. */
  describe(ctx: LifecycleContext, id: string, sandboxName: string): Promise<string | undefined>;
}

/** A kind as a provider process serves it: its run (settings, client, claims), its declaration and rules, and its store. */
export interface Served<I extends ResourceInputs, O extends I> {
  run: ProviderRun;
  kind: ResourceKind<I>;
  store: Store<I, O>;
}

/**
 * What the outputs of an entity (of any kind) carry once a refresh found it missing, until the next
 * `pulumi up` replaces it: the stack's own state, never the service's (read.ts, diff.ts, delete.ts).
 */
export const NOT_FOUND_STATE = "not-found";
