// Pure planning: what a change to a Dataflow means for the API. No I/O here.
//  - diffDataflow: which properties changed, and whether the flow must be replaced (for `pulumi preview`).
//  - planUpdate: the minimal JSON Patch (RFC 6902) and the actions (publish/enable/disable) to send.
import { isDeepStrictEqual } from "node:util";
import { compare } from "fast-json-patch";
import type { ApiScheduleParams, FlowAction, PatchOperation, Transformation } from "../sdk/types";
import { toApiSchedule } from "./mapping";
import {
  DataflowInputs,
  DataflowOutputs,
  PATCHABLE_PROPERTIES,
  REPLACE_PROPERTIES,
  ScheduleParams,
  containsUnknown,
} from "./types";

export interface PatchableDocument {
  name?: string;
  description?: string;
  transformations?: Transformation[];
  scheduleParams?: ApiScheduleParams;
}

/** The patchable part of a flow, in API form, without undefined keys (they are absent, not null). */
export function patchableDocument(x: Partial<DataflowInputs>): PatchableDocument {
  const doc: PatchableDocument = {};
  if (x.name !== undefined) doc.name = x.name;
  // An empty description and none at all are the same thing to the API.
  if (x.description) doc.description = x.description;
  if (x.transformations !== undefined) doc.transformations = x.transformations;
  if (x.scheduleParams !== undefined) doc.scheduleParams = toApiSchedule(x.scheduleParams);
  return doc;
}

/**
 * Minimal JSON Patch from the old to the new patchable document. Changes inside one transformation
 * are sent as a replace of that whole element (`/transformations/<i>`), the granularity the API
 * documents; schedule keys are patched one by one (`/scheduleParams/<key>`).
 */
export function planPatch(olds: Partial<DataflowInputs>, news: Partial<DataflowInputs>): PatchOperation[] {
  const before = patchableDocument(olds);
  const after = patchableDocument(news);
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
  if (prop === "scheduleParams" && o && n) {
    return isDeepStrictEqual(toApiSchedule(o as ScheduleParams), toApiSchedule(n as ScheduleParams));
  }
  return isDeepStrictEqual(o, n);
}
