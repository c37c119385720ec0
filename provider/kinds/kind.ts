// What an entity kind declares, so that one lifecycle serves them all: the Flow Service collection,
// what a JSON Patch may change and what forces a replacement, the write-only (credential)
// properties, whether it can be disabled, and the few conversions between the program's shapes and
// the API's. Each kind is a small file beside this one; plan.ts, lifecycle.ts and recovery.ts do the rest.
import type { z } from "zod";
import type { Entity, EntityCollection } from "../adobe/types";
import type { RuleId } from "../rules";
import type { ResourceDeclaration } from "./declare";

/** A kind's inputs as `check` gives them: parsed, the sandbox filled, and what check computed for an adoption. */
export type InputsOf<D extends ResourceDeclaration> = Omit<z.output<z.ZodObject<D["inputs"]>>, "sandboxName"> & {
  sandboxName: string;
  adoption?: string;
};

/** A kind's outputs: its inputs, and what only the provider gives. */
export type OutputsOf<D extends ResourceDeclaration> = InputsOf<D> & z.output<z.ZodObject<D["outputs"]>>;

/**
 * One finding of `check`: the property path, what is expected, and the rule it comes from
 * (rules.ts): a rule the service declares refuses; one from prose or a guess only warns.
 */
export interface CheckFailure {
  property: string;
  reason: string;
  rule: RuleId;
}

/** Inputs every Flow Service entity has. */
export interface EntityInputs {
  name: string;
  description?: string;
  /** true keeps the entity a draft; flipping it to false publishes it. */
  draft: boolean;
  sandboxName: string;
  /** Take over this existing entity on create instead of making a new one. */
  adoptId?: string;
  /** Computed by `check` for an adoption: what taking the entity over will change. */
  adoption?: string;
}

/** What the stack records besides the inputs. */
export interface EntityOutputs extends EntityInputs {
  etag: string;
  state: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface PatchRules {
  /** Properties a JSON Patch can change in place, in the order the patch lists them. */
  patchable: readonly string[];
  /** The API form of the patchable properties (what a PATCH compares and sends), without undefined keys. */
  document(x: Record<string, unknown>): Record<string, unknown>;
  /** A change below a match is sent as one replace of the element the first group names (`/transformations/0`). */
  wholeElement?: RegExp;
  /** Object properties whose differences are named key by key in messages (`scheduleParams.interval`). */
  keyed?: readonly string[];
  /** Array properties whose differences are named element by element in messages (`transformations[0]`). */
  indexed?: readonly string[];
}

export interface EntityKind<I extends EntityInputs = EntityInputs, O extends EntityOutputs = EntityOutputs> {
  /** The Pulumi type name; the type token is `pulumi-nodejs:dynamic/aep:<typeName>`. */
  typeName: string;
  /** Its inputs and outputs, declared once (declaration.ts in the kind's folder). */
  declaration: ResourceDeclaration;
  /** What Adobe calls it, for messages: "flow", "base connection". */
  noun: string;
  collection: EntityCollection;
  patch: PatchRules;
  /**
   * Properties (dotted paths allowed) the API cannot change in place: a change replaces the entity.
   * `sandboxName` is one for every kind.
   */
  replaceOn: readonly string[];
  /** Properties the service never gives back (credentials): kept as the stack last sent them, never diffed against a read. */
  writeOnly: readonly string[];
  /** Output-only properties besides etag, state, createdAt and updatedAt (e.g. a streaming inlet URL). */
  computed: readonly string[];
  /** Whether a published entity can be disabled and enabled (flows only). */
  canDisable: boolean;
  /** Validates and fills defaults, without any API call. Pure. */
  check(
    previous: Partial<I> | undefined,
    news: Record<string, unknown>,
    defaults: { sandboxName: string },
  ): { inputs: I; failures: CheckFailure[] };
  /** The body of `POST /{collection}`. */
  createRequest(inputs: I): Record<string, unknown>;
  /**
   * Outputs from the entity as the API returns it. `previous` supplies what the API cannot tell:
   * the sandbox, the write-only values, and the form the program declared values in.
   */
  outputsFromRemote(remote: Entity, previous: Pick<O, "sandboxName"> & Partial<O>): O;
  /** Whether the declared value of `prop` is what `old` holds, to the API; undefined falls back to the normal form. */
  sameValue?(prop: string, old: unknown, declared: unknown, olds: Partial<O>): boolean | undefined;
  /** Property filters for `GET /{collection}` that narrow the search for an entity a lost create made. */
  recoveryFilters(inputs: I): string[];
  /** Why `remote` is not the entity `inputs` declares (what cannot be patched differs); empty when it is. */
  identityProblems(remote: Entity, inputs: I): string[];
  /** The service's spec of this entity, which judges its inputs as the service will (read once per run per id). */
  spec?: SpecRules<I>;
  /**
   * Values the service filled with the defaults its spec declares where the program set nothing (a
   * schedule's `backfill`: `default: true` in flow specs' scheduleSpec): left out of what a read
   * records, so that they are not drift. The spec is read (once per run) only when `undeclared` says
   * the read holds a value the program did not declare.
   */
  specDefaults?: {
    undeclared(read: O, previous: Partial<O>): boolean;
    without(read: O, previous: Partial<O>, spec: never): O;
  };
  /** Entities that must be published before this one can be (Adobe's publish order): named when the service refuses a publish. */
  prerequisites?(inputs: I): Prerequisite[];
  /** What may still use this entity, to name it when the service refuses a DELETE because it is in use (1418, 1447). */
  usedBy?: UsageRule;
}

/** Where the users of an entity are listed, and how a program makes one depend on it. */
export interface UsageRule {
  /** `GET /{collection}?property=<filter>` lists the entities that use entity `id`. */
  users(id: string): { collection: EntityCollection; noun: string; filter: string }[];
  /** How a resource takes this one's id as an input, so Pulumi deletes it first (`baseConnectionId: base.id`). */
  asInput: string;
}

/** A flow spec or connection spec, and what it refuses in a kind's inputs. */
export interface SpecRules<I> {
  collection: "flowSpecs" | "connectionSpecs";
  id(inputs: I): string;
  /** The property naming the spec, for messages (`flowSpec.id`). */
  property: string;
  /** Whether a change between old and new inputs is one the spec judges (so the spec is read). */
  relevant(olds: Partial<I> | undefined, news: I): boolean;
  /** Everything the spec refuses in `inputs`, each with its property path. Pure. */
  failures(spec: never, inputs: I): CheckFailure[];
}

/** An entity that must be published first, and the property that names it. */
export interface Prerequisite {
  typeName: string;
  noun: string;
  collection: EntityCollection;
  id: string;
  property: string;
}

/** `BaseConnection "acme-s3" (base connection <id>, sandbox dev)`: how every message names an entity. */
export function label(kind: Pick<EntityKind, "typeName" | "noun">, name: string, id: string | undefined, sandboxName: string): string {
  return id
    ? `${kind.typeName} "${name}" (${kind.noun} ${id}, sandbox ${sandboxName})`
    : `${kind.typeName} "${name}" (sandbox ${sandboxName})`;
}

/** Inputs that exist only on Pulumi's side (the API does not know them): carried through a read. */
export function pulumiOnlyFields(props: Partial<EntityInputs>): Pick<EntityInputs, "adoptId" | "adoption"> {
  return {
    ...(props.adoptId !== undefined ? { adoptId: props.adoptId } : {}),
    ...(props.adoption !== undefined ? { adoption: props.adoption } : {}),
  };
}

/** The input part of outputs (what `read` hands back as the resource's inputs). */
export function inputsOf<I extends EntityInputs>(kind: Pick<EntityKind, "computed">, outputs: EntityOutputs): I {
  const inputs: Record<string, unknown> = { ...outputs };
  for (const key of ["etag", "state", "createdAt", "updatedAt", ...kind.computed]) delete inputs[key];
  return inputs as unknown as I;
}

/** Epoch milliseconds (as the API stamps entities) as an ISO 8601 string. */
export function isoTime(epochMs: unknown): string | undefined {
  return typeof epochMs === "number" && Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : undefined;
}

/** The value at a dotted path (`auth.specName`). */
export function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
