// Pure planning for every Flow Service entity kind (kinds/*/ declare what differs between them). No I/O here.
//  - diffEntity: which properties changed, and whether that replaces the entity (for `pulumi preview`);
//  - planUpdate: the minimal JSON Patch (RFC 6902) and the actions (state-machine.ts) to send;
//  - judgePatchConflict: what a PATCH answered 412, or with an unknown outcome, means once the entity is read again.
import { isDeepStrictEqual } from "node:util";
import { compare } from "fast-json-patch";
import type { PatchOperation } from "../../adobe/types";
import type { EntityInputs, EntityKind, EntityOutputs, PatchRules } from "../../kinds/kind";
import { valueAt } from "../../kinds/kind";
import { sameToApi } from "../../kinds/normal-form";
import { EntityAction, afterAction, planActions } from "./state-machine";
import { containsUnknown } from "../../engine/unknown";

type Doc = Record<string, unknown>;

/** Whether two patchable documents hold the same values to the API, property by property (normal form). */
function sameDocument(rules: PatchRules, a: Doc, b: Doc): boolean {
  return rules.patchable.every((p) => sameToApi(a[p], b[p]));
}

/**
 * Minimal JSON Patch from the old to the new patchable document. A property that differs only in
 * form (0 vs "0", absent vs []) is not sent; a change below `rules.wholeElement` is sent as one
 * replace of that element, the granularity the API documents.
 */
export function planPatch(rules: PatchRules, olds: Doc, news: Doc): PatchOperation[] {
  const before = rules.document(olds);
  const after = rules.document(news);
  for (const prop of rules.patchable) {
    if (!sameToApi(before[prop], after[prop])) continue;
    if (before[prop] === undefined) delete after[prop];
    else after[prop] = before[prop];
  }
  const ops: PatchOperation[] = [];
  const collapsed = new Set<string>();
  for (const op of compare(before, after) as PatchOperation[]) {
    const deep = rules.wholeElement ? op.path.match(rules.wholeElement) : null;
    if (!deep) {
      ops.push(op);
      continue;
    }
    const element = deep[1];
    if (collapsed.has(element)) continue;
    collapsed.add(element);
    const value = element
      .split("/")
      .slice(1)
      .reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], after);
    ops.push({ op: "replace", path: element, value });
  }
  return ops;
}

/** What a PATCH answered 412 (or with an unknown outcome) means, judged from the entity read again. */
export type PatchConflict = { kind: "landed" } | { kind: "retry" } | { kind: "conflict"; paths: string[] };

/**
 * - the entity already holds the new values: an earlier attempt landed and only its answer was lost;
 * - it still holds the values the stack saw: only its etag moved (an action elsewhere), so the
 *   PATCH is sent once more with the new etag;
 * - anything else is someone else's edit, which Pulumi must not overwrite: the paths are named.
 * Write-only values cannot be read back: `remote` carries them as the stack last sent them.
 */
export function judgePatchConflict(rules: PatchRules, olds: Doc, remote: Doc, news: Doc): PatchConflict {
  const now = rules.document(remote);
  if (sameDocument(rules, now, rules.document(news))) return { kind: "landed" };
  const paths = changedPaths(rules, rules.document(olds), now);
  return paths.length ? { kind: "conflict", paths } : { kind: "retry" };
}

/** Property paths (`name`, `scheduleParams.interval`, `transformations[0]`) that differ between two patchable documents. */
export function changedPaths(rules: PatchRules, before: Doc, after: Doc): string[] {
  const paths: string[] = [];
  for (const prop of rules.patchable) {
    const b = before[prop];
    const a = after[prop];
    if (sameToApi(b, a)) continue;
    if (rules.keyed?.includes(prop) && a && b && typeof a === "object" && typeof b === "object") {
      const x = a as Doc;
      const y = b as Doc;
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (!sameToApi(x[k], y[k])) paths.push(`${prop}.${k}`);
    } else if (rules.indexed?.includes(prop) && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((t, i) => sameToApi(t, b[i]) || paths.push(`${prop}[${i}]`));
    } else {
      paths.push(prop);
    }
  }
  return paths;
}

/** `known` once a PATCH to `news` landed: the patchable properties are the declared ones (absent stays absent). */
export function withPatched<O extends EntityOutputs>(rules: PatchRules, known: O, news: Partial<EntityInputs>, etag: string): O {
  const next: Doc = { ...(known as unknown as Doc), etag };
  for (const prop of rules.patchable) {
    const value = (news as Doc)[prop];
    if (value === undefined) delete next[prop];
    else next[prop] = value;
  }
  return next as unknown as O;
}

/** `known` once an action landed. */
export function withAction<O extends EntityOutputs>(known: O, action: EntityAction, etag: string): O {
  const { state, draft, enabled } = afterAction(action);
  const next = { ...known, etag, state, draft } as O & { enabled?: boolean };
  if ("enabled" in known) next.enabled = enabled;
  return next;
}

/**
 * The outputs recorded after a create or update: what the entity is, as far as this run knows it
 * (the state, then each write's effect or what a read returned), plus what exists only on Pulumi's
 * side. While a flow is a draft, `enabled` is only the declared intent, so it is kept as declared.
 */
export function outputsFromKnown<O extends EntityOutputs>(known: O, news: Partial<EntityInputs> & { enabled?: boolean }): O {
  const outs = { ...known } as O & { enabled?: boolean };
  if (news.adoptId !== undefined) outs.adoptId = news.adoptId;
  else delete outs.adoptId;
  if (news.adoption !== undefined) outs.adoption = news.adoption;
  else delete outs.adoption;
  if (known.state === "draft" && news.enabled !== undefined) outs.enabled = news.enabled;
  return outs;
}

export interface UpdatePlan {
  patch: PatchOperation[];
  actions: EntityAction[];
}

export function planUpdate(kind: EntityKind, olds: EntityOutputs, news: EntityInputs): UpdatePlan {
  return {
    patch: planPatch(kind.patch, olds as unknown as Doc, news as unknown as Doc),
    actions: planActions(olds, news, kind.canDisable),
  };
}

export interface EntityDiff {
  changes: boolean;
  replaces: string[];
  /** Every input property (or dotted path) that differs, for messages and tests. */
  changed: string[];
}

/** The properties a diff compares: patchable, replace, write-only, and the declared state. */
function compared(kind: EntityKind): string[] {
  const props = [...kind.patch.patchable, ...kind.replaceOn, ...kind.writeOnly, "draft", ...(kind.canDisable ? ["enabled"] : [])];
  return [...new Set(props)];
}

/**
 * Compares the old outputs with the new (checked) inputs. Server-side fields (etag, state,
 * timestamps) never count. A value still unknown in a preview counts as changed, and as a replace
 * when it is a replace property.
 */
export function diffEntity(kind: EntityKind, olds: Partial<EntityOutputs>, news: Partial<EntityInputs>): EntityDiff {
  const changed: string[] = [];
  for (const prop of compared(kind)) {
    const n = valueAt(news, prop);
    if (containsUnknown(n) || !sameValue(kind, prop, valueAt(olds, prop), n, olds)) changed.push(prop);
  }
  const replaces = changed.filter((p) => kind.replaceOn.includes(p));
  return { changes: changed.length > 0, replaces, changed };
}

function sameValue(kind: EntityKind, prop: string, o: unknown, n: unknown, olds: Partial<EntityOutputs>): boolean {
  const own = kind.sameValue?.(prop, o, n, olds);
  if (own !== undefined) return own;
  // `enabled` only means something once published: a draft's enabled flag is just remembered.
  if (prop === "enabled" && olds.state === "draft") return o === n || (o === undefined && n === true);
  if (prop === "description") return (o ?? "") === (n ?? "");
  if (kind.replaceOn.includes(prop)) return isDeepStrictEqual(o, n);
  return sameToApi(o, n);
}
