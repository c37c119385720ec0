// What `recover` will do for one kind, decided from the stack and the entities listed in the
// sandboxes. Pure, and the same for every kind: kinds.ts says how an entity of a kind matches a
// declaration; `mergePlans` puts the kinds' plans together.
import { normalForm } from "../../kinds/normal-form";
import { UNKNOWN, containsUnknown } from "../../engine/unknown";
import type { Listed, Recoverable } from "./kinds";
import { Declared, StateResource, heldKey, holdsSecret, isSecretEnvelope, kindOfType } from "./stack";

export interface RecoveryPlan {
  /** A declared resource the stack does not hold, and the one entity that a run of it made. */
  bringIn: { declared: Declared; kind: Recoverable; entity: Listed }[];
  /** More entities than resources that could own them: nothing is decided for these resources. */
  ambiguous: { declared: Declared; kind: Recoverable; candidates: Listed[] }[];
  /** Pending creates that no entity matches: they never landed (or are gone from the program), and are dropped. */
  neverLanded: Declared[];
  /** Declared resources that cannot be matched: inputs not known before `pulumi up`, or secret and not readable. */
  undecidable: { declared: Declared; why: string }[];
  /** Entities of the window no resource holds that match a resource the stack holds: possible copies, listed only. */
  copies: { holder: string; kind: Recoverable; entity: Listed }[];
  /** Entities the stack does not hold, made in the window, that no declaration matches: listed only. */
  unmatched: { kind: Recoverable; entity: Listed }[];
}

export interface RecoveryFacts {
  /** Resources declared (or being created) that the stack does not hold; those of other kinds are left out. */
  declared: Declared[];
  /** Every entity of the kind listed in the sandboxes concerned, each with its `sandboxName`. */
  entities: Listed[];
  /** `<sandbox>/<id>` of the entities this stack, or another stack of the project, holds. */
  held: Set<string>;
  /** This stack's resources (to recognise copies of what it holds), their secrets revealed where they could be. */
  resources?: StateResource[];
  /** Entities created before this instant (service clock, epoch ms) predate the failed runs; undefined = unknown. */
  since?: number;
  /** By URN: a declaration's inputs with their secret values, to match on (never printed). */
  revealed?: Map<string, Record<string, unknown>>;
}

function sandboxOf(entity: Listed): string {
  return typeof entity.sandboxName === "string" ? entity.sandboxName : "";
}

/** Declarations that would make the very same entity share one key (normal form of everything declared). */
function declarationKey(inputs: Record<string, unknown>): string {
  const { adoptId: _a, adoption: _b, __provider: _c, ...rest } = inputs;
  return JSON.stringify(normalForm(rest));
}

/** The identity properties (dotted paths) whose value is behind a secret: an envelope, or the preview's "[secret]". */
function hiddenIdentity(kind: Recoverable, inputs: Record<string, unknown>): string[] {
  return kind.identity.filter((path) => {
    let v: unknown = inputs;
    for (const key of path.split(".")) {
      if (isSecretEnvelope(v) || v === "[secret]") return true;
      if (v === null || typeof v !== "object") return false;
      v = (v as Record<string, unknown>)[key];
    }
    return isSecretEnvelope(v) || v === "[secret]";
  });
}

/** Why a declaration cannot be matched; undefined when it can. */
function undecidableBecause(kind: Recoverable, inputs: Record<string, unknown>): string | undefined {
  if (containsUnknown(inputs) || Object.values(inputs).includes(UNKNOWN)) {
    return (
      "its inputs depend on outputs not known before `pulumi up` (another resource's id): once that resource is in the stack, " +
      "run recover again to check it, or check the sandbox by hand"
    );
  }
  const hidden = hiddenIdentity(kind, inputs);
  if (hidden.length)
    return `${hidden.join(", ")} ${hidden.length > 1 ? "are" : "is"} secret and could not be read: check the sandbox by hand`;
  return undefined;
}

export function planRecovery(kind: Recoverable, facts: RecoveryFacts): RecoveryPlan {
  const matchable = (d: Declared) => facts.revealed?.get(d.urn) ?? d.inputs;
  const inWindow = (e: Listed) => facts.since === undefined || (typeof e.createdAt === "number" && e.createdAt >= facts.since);
  const unheld = facts.entities.filter((e) => !facts.held.has(heldKey(sandboxOf(e), e.id)) && inWindow(e));
  const plan: RecoveryPlan = { bringIn: [], ambiguous: [], neverLanded: [], undecidable: [], copies: [], unmatched: [] };
  const decidable: Declared[] = [];
  for (const d of facts.declared.filter((x) => kindOfType(x.type) === kind.typeName)) {
    // Secret inputs are decidable through their non-secret parts; unknown ones are not.
    const why = undecidableBecause(kind, matchable(d));
    if (why) plan.undecidable.push({ declared: d, why });
    else decidable.push(d);
  }
  const groups = new Map<string, Declared[]>();
  for (const d of decidable) {
    const key = declarationKey(matchable(d));
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const pool = new Set(unheld.map((e) => e.id));
  const settled = new Set<Declared>();
  // Exact matches first (every declared value the same), then loose ones (what a create would
  // share): two resources that share a name but not their schedule keep their own entities.
  for (const exact of [true, false]) {
    for (const group of groups.values()) {
      const open = group.filter((d) => !settled.has(d)).sort((a, b) => a.urn.localeCompare(b.urn));
      if (!open.length) continue;
      const inputs = matchable(open[0]);
      const secret = holdsSecret(inputs);
      const candidates = unheld
        .filter((e) => pool.has(e.id) && sandboxOf(e) === inputs.sandboxName && kind.matches(e, inputs))
        .filter((e) => !exact || (!secret && kind.exactly(e, inputs)))
        .sort((a, b) => Number(a.createdAt ?? 0) - Number(b.createdAt ?? 0));
      if (!candidates.length) continue;
      if (candidates.length > open.length) {
        // More entities than resources that could own them: copies, or another stack's — a person decides.
        for (const d of open) plan.ambiguous.push({ declared: d, kind, candidates });
        for (const d of open) settled.add(d);
        for (const e of candidates) pool.delete(e.id);
        continue;
      }
      // Identical declarations make identical entities: which resource gets which does not matter.
      candidates.forEach((entity, i) => {
        plan.bringIn.push({ declared: open[i], kind, entity });
        settled.add(open[i]);
        pool.delete(entity.id);
      });
    }
  }
  for (const d of decidable) if (!settled.has(d) && d.source === "pending create") plan.neverLanded.push(d);
  for (const r of facts.resources ?? []) {
    if (kindOfType(r.type) !== kind.typeName || !r.inputs || undecidableBecause(kind, r.inputs)) continue;
    for (const e of unheld) {
      if (pool.has(e.id) && sandboxOf(e) === r.inputs.sandboxName && kind.matches(e, r.inputs)) {
        plan.copies.push({ holder: r.urn, kind, entity: e });
        pool.delete(e.id);
      }
    }
  }
  plan.unmatched = unheld.filter((e) => pool.has(e.id)).map((entity) => ({ kind, entity }));
  return plan;
}

/** The plans of several kinds as one. */
export function mergePlans(plans: RecoveryPlan[]): RecoveryPlan {
  return {
    bringIn: plans.flatMap((p) => p.bringIn),
    ambiguous: plans.flatMap((p) => p.ambiguous),
    neverLanded: plans.flatMap((p) => p.neverLanded),
    undecidable: plans.flatMap((p) => p.undecidable),
    copies: plans.flatMap((p) => p.copies),
    unmatched: plans.flatMap((p) => p.unmatched),
  };
}
