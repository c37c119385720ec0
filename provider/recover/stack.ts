// Reading a stack for `recover`: what the stack holds, what it was creating when a run was
// interrupted, what the program declares but the stack does not hold, and since when. Pure.

/** The dynamic resource type tokens this package owns (`pulumi-nodejs:dynamic/aep:<Kind>`). */
export const DATAFLOW_TYPE = "pulumi-nodejs:dynamic/aep:Dataflow";

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
}

export interface StackView {
  /** `<sandbox>/<id>` of every flow a resource of the stack holds. */
  held: Set<string>;
  /** The sandboxes the stack's flows live in. */
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
  for (const r of deployment.resources ?? []) {
    if (r.type !== DATAFLOW_TYPE || !r.id) continue;
    const sandbox = sandboxOf(r.outputs) ?? sandboxOf(r.inputs);
    if (!sandbox) continue;
    held.add(heldKey(sandbox, r.id));
    sandboxes.add(sandbox);
  }
  const pendingCreates: Declared[] = (deployment.pending_operations ?? [])
    .filter((op) => op.type === "creating" && op.resource?.type === DATAFLOW_TYPE && op.resource.inputs)
    .map((op) => ({
      urn: op.resource.urn,
      type: op.resource.type,
      inputs: op.resource.inputs!,
      parent: op.resource.parent,
      provider: op.resource.provider,
      propertyDependencies: op.resource.propertyDependencies,
      source: "pending create" as const,
    }));
  return { held, sandboxes, pendingCreates };
}

/** The creates of our resources that `pulumi preview --json` plans (resources the stack does not hold). */
export function plannedCreates(preview: { steps?: { op: string; urn: string; provider?: string; newState?: StateResource }[] }): Declared[] {
  return (preview.steps ?? [])
    .filter((s) => s.op === "create" && s.newState?.type === DATAFLOW_TYPE && s.newState.inputs)
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

/** Pending creates first (they carry what the interrupted run sent), then the preview's, one per URN. */
export function declaredAbsent(pending: Declared[], planned: Declared[]): Declared[] {
  const byUrn = new Map<string, Declared>();
  for (const d of [...pending, ...planned]) if (!byUrn.has(d.urn)) byUrn.set(d.urn, d);
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
 * can have created something the stack does not hold: the start of the updates that did not
 * succeed since the last one that did (a provider crash ends a run as "failed"), or, when the last
 * recorded update succeeded, its end (a killed CLI records no entry for the run it was doing).
 * Refreshes and previews create nothing and are skipped. `pulumi stack history --json` lists the
 * newest first, in whole seconds. Undefined when no update is recorded.
 */
export function windowStart(history: HistoryEntry[]): number | undefined {
  const updates = history.filter((e) => e.kind === "update");
  if (updates.length === 0) return undefined;
  let start: number | undefined;
  for (const entry of updates) {
    if (entry.result === "succeeded") break;
    start = Date.parse(entry.startTime);
  }
  if (start !== undefined) return start;
  return Date.parse(updates[0].endTime ?? updates[0].startTime);
}
