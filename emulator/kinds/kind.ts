// What a Flow Service entity kind declares (flows, base connections, source and target connections)
// for the one shared lifecycle in store/entities.ts: its path, the fields a create takes, the spec it
// names, the JSON Patch paths it takes, what blocks a publish or a delete, its actions and
// transitional states, and what a GET shows. Each kind is one small file beside this one.
import type { Behaviour } from "../behaviour";
import type { Caller } from "../caller";
import type { EmulatorError, Fail } from "../errors";
import type { TransitionalState, Transition, SettledState } from "../transitions";
import type { StoredEntity } from "./entity";
import type { References } from "./references";

/** What a kind needs to judge a request: who asks, the switches, and the other entities of the sandbox. */
export interface KindContext {
  caller: Caller;
  behaviour: Behaviour;
  refs: References;
  /** The service's clock, epoch ms. */
  now: number;
  /** Whether references to other entities are checked (behaviour `referentialChecks`). */
  checks: boolean;
}

/** The spec a create body names, as far as the shared lifecycle needs it. */
export interface SpecFacts {
  id: string;
  name: string;
  draftSupported: boolean;
}

export type Operation = "update" | "action" | "delete";

export interface EntityKind<T extends StoredEntity = StoredEntity> {
  /** The path under the Flow Service root, and the `type` a 404 report names. */
  path: "flows" | "connections" | "sourceConnections" | "targetConnections";
  /** How messages name one: "flow", "base connection". */
  noun: string;
  /** The fields a create body may carry; any other is refused. */
  fields: ReadonlySet<string>;
  /** Refusals that come before anything else is read (e.g. `state` in a flow's body, 1410). */
  precheck?(body: Record<string, unknown>): void;
  /** The spec the body names; throws the kind's error for a bad reference. */
  spec(body: Record<string, unknown>): SpecFacts;
  /** The kind's fields from a checked create body, in the shape it is stored (and read back). */
  build(ctx: KindContext, body: Record<string, unknown>, draft: boolean, spec: SpecFacts): Record<string, unknown>;
  /** Undefined when `path` may be patched; else the refusal. */
  patchPath(path: string, ctx: KindContext): EmulatorError | undefined;
  /** The error for a patch that cannot be applied or leaves the entity invalid. */
  patchFail: Fail;
  /** The entity after a PATCH, checked and normalised; throws with `patchFail`. */
  afterPatch(ctx: KindContext, previous: T, next: T): T;
  /** Why the entity cannot be published (or created published) as it stands. */
  publishBlocker(ctx: KindContext, entity: T, phase: "create" | "publish"): EmulatorError | undefined;
  /** The refusal of a publish of an entity that is not a draft. */
  notDraft(entity: T): EmulatorError;
  /** Actions other than publish: the state they lead to, or a thrown refusal. */
  action(op: string, entity: T): SettledState;
  /** Why the entity cannot be deleted now (something still uses it). */
  deleteBlocker(ctx: KindContext, entity: T): EmulatorError | undefined;
  /** A refusal of an update or delete that depends on the entity's own state. */
  writeGuard?(ctx: KindContext, entity: T, operation: "update" | "delete"): EmulatorError | undefined;
  /** The transitional state each operation passes through ("update", "publish", "enable", "delete"...). */
  transitions: Partial<Record<string, TransitionalState>>;
  /** A kind's own refusal of a call made during a transition; undefined for the catalogue's generic ones. */
  duringTransition?(t: Transition, operation: Operation): EmulatorError | undefined;
  /** The patch operations as `lastOperation.ops` keeps them (a kind with credentials redacts them). */
  recordedOps?(ops: unknown[]): unknown[];
  /** What a GET shows of the stored entity. */
  view(entity: T, behaviour: Behaviour): Record<string, unknown>;
  /** What the control plane shows (never a credential). */
  controlView(entity: T): Record<string, unknown>;
}
