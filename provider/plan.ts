// Pure planning: what a change to a Dataflow means for the API. No I/O here.
//  - diffDataflow: which properties changed, and whether the flow must be replaced (for `pulumi preview`).
//  - planUpdate: the minimal JSON Patch (RFC 6902) and the actions (publish/enable/disable) to send.
import { isDeepStrictEqual } from "node:util";
import { compare } from "fast-json-patch";
import type { ApiScheduleParams, FlowAction, PatchOperation, Transformation } from "../sdk/types";
import { toApiSchedule } from "./mapping";
import { sameToApi } from "./normal-form";
import { DataflowInputs, DataflowOutputs, PATCHABLE_PROPERTIES, REPLACE_PROPERTIES, ScheduleParams, containsUnknown } from "./types";

export interface PatchableDocument {
  name?: string;
  description?: string;
  transformations?: Transformation[];
  scheduleParams?: ApiScheduleParams;
  options?: Record<string, unknown>;
}

/** The patchable part of a flow, in API form, without undefined keys (they are absent, not null). */
export function patchableDocument(x: Partial<DataflowInputs>): PatchableDocument {
  const doc: PatchableDocument = {};
  if (x.name !== undefined) doc.name = x.name;
  // An empty description and none at all are the same thing to the API.
  if (x.description) doc.description = x.description;
  if (x.transformations !== undefined) doc.transformations = x.transformations;
  if (x.scheduleParams !== undefined) doc.scheduleParams = toApiSchedule(x.scheduleParams);
  if (x.options !== undefined) doc.options = x.options;
  return doc;
}

/** Whether two patchable documents hold the same values to the API, property by property (normal form). */
function sameDocument(a: PatchableDocument, b: PatchableDocument): boolean {
  return PATCHABLE_PROPERTIES.every((p) => sameToApi(a[p], b[p]));
}

/**
 * Minimal JSON Patch from the old to the new patchable document. Changes inside one transformation
 * are sent as a replace of that whole element (`/transformations/<i>`), the granularity the API
 * documents; schedule keys are patched one by one (`/scheduleParams/<key>`).
 */
export function planPatch(olds: Partial<DataflowInputs>, news: Partial<DataflowInputs>): PatchOperation[] {
  const before = patchableDocument(olds);
  const after = patchableDocument(news);
  // A property that differs only in form (0 vs "0", absent vs []) is not sent.
  for (const prop of PATCHABLE_PROPERTIES) {
    if (!sameToApi(before[prop], after[prop])) continue;
    if (before[prop] === undefined) delete after[prop];
    else (after as Record<string, unknown>)[prop] = before[prop];
  }
  const ops: PatchOperation[] = [];
  const collapsed = new Set<string>();
  for (const op of compare(before, after) as PatchOperation[]) {
    const deep = op.path.match(/^\/transformations\/(\d+)\/.+/);
    if (!deep) {
      ops.push(op);
      continue;
    }
    const element = `/transformations/${deep[1]}`;
    if (collapsed.has(element)) continue;
    collapsed.add(element);
    ops.push({ op: "replace", path: element, value: after.transformations![Number(deep[1])] });
  }
  return ops;
}

/** The flow's effective enabled flag: from its last known server state when published. */
function isEnabled(o: Partial<DataflowOutputs>): boolean {
  if (o.state === "enabled") return true;
  if (o.state === "disabled") return false;
  return o.enabled ?? true;
}

/** Actions that bring the flow's state in line: publish when `draft` flips to false, then enable/disable. */
export function planActions(olds: Partial<DataflowOutputs>, news: Pick<DataflowInputs, "draft" | "enabled">): FlowAction[] {
  const wasDraft = olds.state !== undefined ? olds.state === "draft" : olds.draft !== false;
  if (news.draft) return [];
  if (wasDraft) return news.enabled ? ["publish"] : ["publish", "disable"];
  if (isEnabled(olds) === news.enabled) return [];
  return [news.enabled ? "enable" : "disable"];
}

/**
 * The actions to send once the flow has been read again in the middle of an update (after a 412 or
 * an unknown outcome). The declared state is reached from where the flow really is; but when the
 * update itself asked for no state change, a state changed outside Pulumi (a flow disabled in the
 * AEP UI) is someone else's edit: it is kept and recorded, and the next preview shows the difference.
 */
export function planActionsAfterRead(
  olds: Partial<DataflowOutputs>,
  remote: Partial<DataflowOutputs>,
  news: Pick<DataflowInputs, "draft" | "enabled">,
): FlowAction[] {
  if (planActions(olds, news).length === 0) return [];
  return planActions(remote, news);
}

/** What a PATCH answered 412 (or with an unknown outcome) means, judged from the flow read again. */
export type PatchConflict = { kind: "landed" } | { kind: "retry" } | { kind: "conflict"; paths: string[] };

/**
 * - the flow already holds the new values: an earlier attempt landed and only its answer was lost;
 * - it still holds the values the stack saw: only its etag moved (an enable/disable elsewhere), so
 *   the PATCH is sent once more with the new etag;
 * - anything else is someone else's edit, which Pulumi must not overwrite: the paths are named.
 */
export function judgePatchConflict(
  olds: Partial<DataflowInputs>,
  remote: Partial<DataflowInputs>,
  news: Partial<DataflowInputs>,
): PatchConflict {
  const now = patchableDocument(remote);
  if (sameDocument(now, patchableDocument(news))) return { kind: "landed" };
  const paths = changedPaths(patchableDocument(olds), now);
  return paths.length ? { kind: "conflict", paths } : { kind: "retry" };
}

/** Property paths (`name`, `scheduleParams.interval`, `transformations[0]`) that differ. */
export function changedPaths(before: PatchableDocument, after: PatchableDocument): string[] {
  const paths: string[] = [];
  for (const prop of PATCHABLE_PROPERTIES) {
    const b = before[prop];
    const a = after[prop];
    if (sameToApi(b, a)) continue;
    if ((prop === "scheduleParams" || prop === "options") && a && b) {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (!sameToApi(x[k], y[k])) paths.push(`${prop}.${k}`);
    } else if (prop === "transformations" && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((t, i) => sameToApi(t, b[i]) || paths.push(`transformations[${i}]`));
    } else {
      paths.push(prop);
    }
  }
  return paths;
}

/** `known` once a PATCH to `news` landed: the patchable properties are the declared ones (absent stays absent). */
export function withPatched(known: DataflowOutputs, news: Partial<DataflowInputs>, etag: string): DataflowOutputs {
  const next: DataflowOutputs = { ...known, etag };
  for (const prop of PATCHABLE_PROPERTIES) {
    if (news[prop] === undefined) delete next[prop];
    else (next as unknown as Record<string, unknown>)[prop] = news[prop];
  }
  return next;
}

/** `known` once an action landed. */
export function withAction(known: DataflowOutputs, action: FlowAction, etag: string): DataflowOutputs {
  const state = action === "disable" ? "disabled" : "enabled";
  return { ...known, etag, state, draft: false, enabled: state === "enabled" };
}

/**
 * The outputs recorded after an update: what the flow is, as far as this run knows it (the state,
 * then each write's effect or what a read returned), plus what exists only on Pulumi's side. While
 * the flow is a draft, `enabled` is only the declared intent, so it is kept as declared.
 */
export function outputsFromKnown(known: DataflowOutputs, news: Partial<DataflowInputs>): DataflowOutputs {
  const outs: DataflowOutputs = { ...known };
  if (news.adoptId !== undefined) outs.adoptId = news.adoptId;
  else delete outs.adoptId;
  if (news.adoption !== undefined) outs.adoption = news.adoption;
  else delete outs.adoption;
  if (known.state === "draft" && news.enabled !== undefined) outs.enabled = news.enabled;
  return outs;
}

export interface UpdatePlan {
  patch: PatchOperation[];
  actions: FlowAction[];
}

export function planUpdate(olds: DataflowOutputs, news: DataflowInputs): UpdatePlan {
  return { patch: planPatch(olds, news), actions: planActions(olds, news) };
}

/** The state a flow is in once the actions of a plan have run. */
export function resultingState(draft: boolean, enabled: boolean): string {
  return draft ? "draft" : enabled ? "enabled" : "disabled";
}

export interface DataflowDiff {
  changes: boolean;
  replaces: string[];
  /** Every input property that differs, for messages and tests. */
  changed: string[];
}

const COMPARED = [...PATCHABLE_PROPERTIES, ...REPLACE_PROPERTIES, "draft", "enabled"] as const;

/**
 * Compares the old outputs with the new (checked) inputs. Server-side fields (etag, state,
 * timestamps) never count. A value still unknown in a preview counts as changed, and as a replace
 * when it is a replace property.
 */
export function diffDataflow(olds: Partial<DataflowOutputs>, news: Partial<DataflowInputs>): DataflowDiff {
  const changed: string[] = [];
  for (const prop of COMPARED) {
    const n = news[prop];
    if (containsUnknown(n) || !sameValue(prop, olds[prop], n, olds)) changed.push(prop);
  }
  const replaces = changed.filter((p) => (REPLACE_PROPERTIES as readonly string[]).includes(p));
  return { changes: changed.length > 0, replaces, changed };
}

function sameValue(prop: string, o: unknown, n: unknown, olds: Partial<DataflowOutputs>): boolean {
  // `enabled` only means something once published: a draft's enabled flag is just remembered.
  if (prop === "enabled" && olds.state === "draft") return o === n || (o === undefined && n === true);
  if (prop === "description") return (o ?? "") === (n ?? "");
  if (prop === "scheduleParams" && o && n) return sameToApi(toApiSchedule(o as ScheduleParams), toApiSchedule(n as ScheduleParams));
  if (prop === "transformations" || prop === "options" || prop === "scheduleParams") return sameToApi(o, n);
  return isDeepStrictEqual(o, n);
}
