// What a resource kind declares, so that one lifecycle (provider/lifecycle/) serves them all: every
// kind its declaration, its `check` and how messages name it (ResourceKind); a Flow Service entity
// kind also its collection, what a JSON Patch may change and what forces a replacement, the
// write-only (credential) properties, whether it can be disabled, and the few conversions between
// the program's shapes and the API's (EntityKind). Each kind is a folder beside this file.
import type { z } from "zod";
import type { Entity, EntityCollection, XdmResource } from "../adobe/types";
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

/** Inputs every kind has (a Flow Service entity has a name and a draft flag besides). */
export interface ResourceInputs {
  sandboxName: string;
  /** Take over this existing entity on create instead of making a new one. */
  adoptId?: string;
  /** Computed by `check` for an adoption: what taking the entity over will change. */
  adoption?: string;
  /** The entity's name, when it has one (a mapping set has none). */
  name?: string;
}

/** What every kind declares for the shared lifecycle. */
export interface ResourceKind<I extends ResourceInputs = ResourceInputs> {
  /** The Pulumi type name; the type token is `pulumi-nodejs:dynamic/aep:<typeName>`. */
  typeName: string;
  /** Its inputs and outputs, declared once (declaration.ts in the kind's folder). */
  declaration: ResourceDeclaration;
  /** What Adobe calls it, for messages: "flow", "base connection", "mapping set". */
  noun: string;
  /**
   * Whether the service may hide an entity of this kind behind an access label the caller's role
   * lacks, answering "not found" for it as for a deleted one (Flow Service entities:
   * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels).
   * Then an entity a refresh found missing is deleted before it is made again (a hidden one refuses
   * the DELETE with 403, and nothing is duplicated); else it is simply made again.
   */
  accessLabels: boolean;
  /** Validates and fills defaults, without any API call. Pure. */
  check(
    previous: Partial<I> | undefined,
    news: Record<string, unknown>,
    defaults: { sandboxName: string },
  ): { inputs: I; failures: CheckFailure[] };
  /** The service's spec of this entity, which judges its inputs as the service will (read once per run per id). */
  spec?: SpecRules<I>;
  /** The XDM schema the entity writes to, whose fields judge its inputs (read once per run per schema). */
  outputSchema?: OutputSchemaRules<I>;
  /**
   * What deleting an entity of this kind destroys beyond the entity, when it does (a dataset's data): said
   * by `pulumi preview` under a resource that a change replaces, and when the delete is sent.
   */
  deleteWarning?: string;
  /**
   * Changes refused by diff, judged on the stack's outputs (what the entity holds) rather than on the inputs check
   * sees: after a partial failure the recorded inputs say more than was done (an `enableProfile: true` whose union
   * tag was refused). Pure.
   */
  changeRefusals?(olds: Partial<I>, news: Partial<I>): CheckFailure[];
  /** What a change in place destroys, one line each (disabling Profile on a dataset): said by `pulumi preview`. Pure. */
  changeWarnings?(olds: Partial<I>, news: Partial<I>): string[];
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

/** A Flow Service entity kind: `/flows`, `/connections`, `/sourceConnections`, `/targetConnections`. */
export interface EntityKind<I extends EntityInputs = EntityInputs, O extends EntityOutputs = EntityOutputs> extends ResourceKind<I> {
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

/** The XDM schema an entity writes to (a mapping set's), and what its fields warn about in the inputs. */
export interface OutputSchemaRules<I> {
  /** The schema's `$id` and the major version its content type names; undefined while either is not known. */
  ref(inputs: I): { id: string; major: string } | undefined;
  /** Whether a change between old and new inputs is one the schema judges (so the schema is read). */
  relevant(olds: Partial<I> | undefined, news: I): boolean;
  /** What the schema's fields say of `inputs`, each with its property path. `schema` is the `xed-full` lookup. Pure. */
  failures(schema: XdmResource, inputs: I): CheckFailure[];
}

/** An entity that must be published first, and the property that names it. */
export interface Prerequisite {
  typeName: string;
  noun: string;
  collection: EntityCollection;
  id: string;
  property: string;
}

/**
 * `BaseConnection "acme-s3" (base connection <id>, sandbox dev)`: how every message names an entity
 * (one without a name, a mapping set: `MappingSet (mapping set <id>, sandbox dev)`).
 */
export function label(
  kind: Pick<ResourceKind, "typeName" | "noun">,
  name: string | undefined,
  id: string | undefined,
  sandboxName: string,
): string {
  const named = name === undefined ? kind.typeName : `${kind.typeName} "${name}"`;
  return id ? `${named} (${kind.noun} ${id}, sandbox ${sandboxName})` : `${named} (sandbox ${sandboxName})`;
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
