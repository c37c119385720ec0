// Reading a stack for `recover`: what the stack holds, what it was creating when a run was
// interrupted, what the program declares but the stack does not hold, and since when. Pure.
import { isSecretEnvelope } from "../../engine/wire";

/**
 * The resource type tokens this package owns, one family per host: `pulumi-nodejs:dynamic/aep:<Kind>`
 * (the TypeScript dynamic resources) and `aep:index:<Kind>` (the aep provider plugin: YAML, Python, …).
 */
const TYPE_PREFIXES = { dynamic: "pulumi-nodejs:dynamic/aep:", plugin: "aep:index:" } as const;

export type Host = keyof typeof TYPE_PREFIXES;

export function typeToken(typeName: string, host: Host = "dynamic"): string {
  return `${TYPE_PREFIXES[host]}${typeName}`;
}

export const DATAFLOW_TYPE = typeToken("Dataflow");

/** The kind (`Dataflow`) of one of this package's type tokens, from either host; undefined for any other type. */
export function kindOfType(type: string | undefined): string | undefined {
  if (typeof type !== "string") return undefined;
  const prefix = Object.values(TYPE_PREFIXES).find((p) => type.startsWith(p));
  return prefix ? type.slice(prefix.length) : undefined;
}

/** The host that declared a resource of this package's type: a dynamic resource, or the aep plugin. */
export function hostOfType(type: string): Host | undefined {
  return (Object.keys(TYPE_PREFIXES) as Host[]).find((h) => type.startsWith(TYPE_PREFIXES[h]));
}

/** Whether a resource is one of this package's (a flow, a connection, a mapping set), from either host. */
export function isPackageType(type: string | undefined): boolean {
  return kindOfType(type) !== undefined;
}

/** A resource as `pulumi stack export` writes it (the fields recover reads or writes). */
export interface StateResource {
  urn: string;
  custom?: boolean;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
  provider?: string;
  propertyDependencies?: Record<string, string[]>;
  [other: string]: unknown;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: { resource: StateResource; type: string }[] | null;
  [other: string]: unknown;
}

/** A resource the program declares (or was creating) that the stack does not hold. */
export interface Declared {
  urn: string;
  type: string;
  inputs: Record<string, unknown>;
  parent?: string;
  provider?: string;
  propertyDependencies?: Record<string, string[]>;
  /** Where it was found: a pending create of an interrupted run, or a create the preview plans. */
  source: "pending create" | "planned create";
  /** False for a pending create the program no longer declares (known only when the preview ran). */
  inProgram?: boolean;
}

export interface StackView {
  /** `<sandbox>/<id>` of every entity (flow, connection, mapping set) a resource of the stack holds. */
  held: Set<string>;
  /** The stack's resources of this package, with the inputs they were declared with. */
  resources: StateResource[];
  /** The sandboxes the stack's entities live in. */
  sandboxes: Set<string>;
  pendingCreates: Declared[];
}

export function heldKey(sandboxName: string, id: string): string {
  return `${sandboxName}/${id}`;
}

function sandboxOf(props: Record<string, unknown> | undefined): string | undefined {
  return typeof props?.sandboxName === "string" ? props.sandboxName : undefined;
}

export function readStack(deployment: Deployment): StackView {
  const held = new Set<string>();
  const sandboxes = new Set<string>();
  const resources: StateResource[] = [];
  for (const r of deployment.resources ?? []) {
    if (!isPackageType(r.type) || !r.id) continue;
    resources.push(r);
    const sandbox = sandboxOf(r.outputs) ?? sandboxOf(r.inputs);
    if (!sandbox) continue;
    held.add(heldKey(sandbox, r.id));
    sandboxes.add(sandbox);
  }
  const pendingCreates: Declared[] = (deployment.pending_operations ?? [])
    .filter((op) => op.type === "creating" && isPackageType(op.resource?.type) && op.resource.inputs)
    .map((op) => ({
      urn: op.resource.urn,
      type: op.resource.type,
      inputs: op.resource.inputs!,
      parent: op.resource.parent,
      provider: op.resource.provider,
      propertyDependencies: op.resource.propertyDependencies,
      source: "pending create" as const,
    }));
  return { held, sandboxes, resources, pendingCreates };
}

/** The creates of our resources that `pulumi preview --json` plans (resources the stack does not hold). */
export function plannedCreates(preview: {
  steps?: { op: string; urn: string; provider?: string; newState?: StateResource }[];
}): Declared[] {
  return (preview.steps ?? [])
    .filter((s) => s.op === "create" && isPackageType(s.newState?.type) && s.newState!.inputs)
    .map((s) => ({
      urn: s.urn,
      type: s.newState!.type,
      inputs: s.newState!.inputs!,
      parent: s.newState!.parent,
      provider: s.newState!.provider ?? s.provider,
      propertyDependencies: s.newState!.propertyDependencies,
      source: "planned create" as const,
    }));
}

/**
 * Pending creates first (they carry what the interrupted run sent), then the preview's, one per
 * URN. With a preview at hand, a pending create it does not plan is no longer in the program.
 */
export function declaredAbsent(pending: Declared[], planned: Declared[] | undefined): Declared[] {
  const byUrn = new Map<string, Declared>();
  const plannedUrns = new Set((planned ?? []).map((d) => d.urn));
  for (const d of pending) byUrn.set(d.urn, planned ? { ...d, inProgram: plannedUrns.has(d.urn) } : d);
  for (const d of planned ?? []) if (!byUrn.has(d.urn)) byUrn.set(d.urn, { ...d, inProgram: true });
  return [...byUrn.values()];
}

export interface HistoryEntry {
  kind: string;
  result: string;
  startTime: string;
  endTime?: string;
}

/**
 * The earliest time (this machine's clock, epoch ms) at which an interrupted or failed `pulumi up`
 * can have created something the stack does not hold: the end of the last update that succeeded.
 * Every run since — a failed one in the history, a killed one that left no entry at all — started
 * after it. Refreshes and previews create nothing and are skipped. With no successful update,
 * undefined: a killed first run may predate every entry. (`pulumi stack history --json` lists the
 * newest first, in whole seconds.)
 */
export function windowStart(history: HistoryEntry[]): number | undefined {
  const succeeded = history.find((e) => e.kind === "update" && e.result === "succeeded");
  return succeeded ? Date.parse(succeeded.endTime ?? succeeded.startTime) : undefined;
}

export { isSecretEnvelope };

/** `pulumi preview --json` shows a secret input as the string "[secret]". */
export function hasSecretPlaceholder(v: unknown): boolean {
  if (v === "[secret]") return true;
  if (Array.isArray(v)) return v.some(hasSecretPlaceholder);
  if (v && typeof v === "object") return Object.values(v).some(hasSecretPlaceholder);
  return false;
}

/** A secret as `pulumi stack export --show-secrets` writes it: the envelope with its value as JSON text. */
function revealedEnvelope(v: unknown): v is Record<string, unknown> & { plaintext: string } {
  return isSecretEnvelope(v) && typeof (v as Record<string, unknown>).plaintext === "string";
}

/** `value` with every secret envelope that carries its plaintext replaced by the value. */
export function revealSecrets(value: unknown): unknown {
  if (revealedEnvelope(value)) return revealSecrets(JSON.parse(value.plaintext));
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v)]));
  return value;
}

/** Whether a value holds a secret: an envelope of the state, or the preview's "[secret]". */
export function holdsSecret(v: unknown): boolean {
  if (isSecretEnvelope(v) || v === "[secret]") return true;
  if (Array.isArray(v)) return v.some(holdsSecret);
  if (v && typeof v === "object") return Object.values(v).some(holdsSecret);
  return false;
}
