// What `recover` will do, decided from the stack and the sandbox's flows. Pure.
import type { Flow } from "../../sdk/types";
import { normalForm } from "../normal-form";
import { DATAFLOW } from "../kinds/dataflow";
import { matchesDeclared, sameDeclaration } from "../recovery";
import { UNKNOWN, containsUnknown, type DataflowInputs } from "../types";
import { Declared, StateResource, hasSecretPlaceholder, heldKey } from "./stack";

export interface RecoveryPlan {
  /** A declared resource the stack does not hold, and the one flow that a run of it made. */
  bringIn: { declared: Declared; flow: Flow }[];
  /** More flows than resources that could own them: nothing is decided for these resources. */
  ambiguous: { declared: Declared; candidates: Flow[] }[];
  /** Pending creates that no flow matches: they never landed (or are gone from the program), and are dropped. */
  neverLanded: Declared[];
  /** Declared resources whose inputs are not known before `pulumi up` (outputs of other resources). */
  undecidable: Declared[];
  /** Flows of the window no resource holds that match a resource the stack holds: possible copies, listed only. */
  copies: { holder: string; flow: Flow }[];
  /** Flows the stack does not hold, made in the window, that no declaration matches: listed only. */
  unmatched: Flow[];
}

export interface RecoveryFacts {
  declared: Declared[];
  /** Every flow listed in the sandboxes concerned, each with its `sandboxName`. */
  flows: Flow[];
  /** `<sandbox>/<id>` of the flows this stack, or another stack of the project, holds. */
  held: Set<string>;
  /** This stack's resources (to recognise copies of what it holds). */
  resources?: StateResource[];
  /** Flows created before this instant (service clock, epoch ms) predate the failed runs; undefined = unknown. */
  since?: number;
}

function sandboxOf(flow: Flow): string {
  return typeof flow.sandboxName === "string" ? flow.sandboxName : "";
}

/** Declarations that would make the very same flow share one key (normal form of everything declared). */
function declarationKey(inputs: Record<string, unknown>): string {
  const { adoptId: _a, adoption: _b, __provider: _c, ...rest } = inputs;
  return JSON.stringify(normalForm(rest));
}

export function planRecovery(facts: RecoveryFacts): RecoveryPlan {
  const inWindow = (f: Flow) => facts.since === undefined || (typeof f.createdAt === "number" && f.createdAt >= facts.since);
  const unheld = facts.flows.filter((f) => !facts.held.has(heldKey(sandboxOf(f), f.id)) && inWindow(f));
  const plan: RecoveryPlan = { bringIn: [], ambiguous: [], neverLanded: [], undecidable: [], copies: [], unmatched: [] };
  const decidable: Declared[] = [];
  for (const d of facts.declared) {
    // Unknown values are not decidable; secret inputs are, through their non-secret keys.
    if (containsUnknown(d.inputs) || Object.values(d.inputs).includes(UNKNOWN)) plan.undecidable.push(d);
    else decidable.push(d);
  }
  const groups = new Map<string, Declared[]>();
  for (const d of decidable) groups.set(declarationKey(d.inputs), [...(groups.get(declarationKey(d.inputs)) ?? []), d]);
  const pool = new Set(unheld.map((f) => f.id));
  const settled = new Set<Declared>();
  // Exact matches first (every declared value the same), then matches by name, spec, connections
  // and draft state only: two resources that share a name but not their schedule keep their own flows.
  for (const exact of [true, false]) {
    for (const group of groups.values()) {
      const open = group.filter((d) => !settled.has(d)).sort((a, b) => a.urn.localeCompare(b.urn));
      if (!open.length) continue;
      const inputs = open[0].inputs as unknown as DataflowInputs;
      const secret = hasSecretPlaceholder(inputs);
      const candidates = unheld
        .filter((f) => pool.has(f.id) && sandboxOf(f) === inputs.sandboxName && matchesDeclared(DATAFLOW, f, inputs))
        .filter((f) => !exact || (!secret && sameDeclaration(DATAFLOW, f, inputs)))
        .sort((a, b) => Number(a.createdAt ?? 0) - Number(b.createdAt ?? 0));
      if (!candidates.length) continue;
      if (candidates.length > open.length) {
        // More flows than resources that could own them: copies, or another stack's — a person decides.
        for (const d of open) plan.ambiguous.push({ declared: d, candidates });
        for (const d of open) settled.add(d);
        for (const f of candidates) pool.delete(f.id);
        continue;
      }
      // Identical declarations make identical flows: which resource gets which does not matter.
      candidates.forEach((flow, i) => {
        plan.bringIn.push({ declared: open[i], flow });
        settled.add(open[i]);
        pool.delete(flow.id);
      });
    }
  }
  for (const d of decidable) if (!settled.has(d) && d.source === "pending create") plan.neverLanded.push(d);
  for (const r of facts.resources ?? []) {
    const inputs = r.inputs as unknown as DataflowInputs | undefined;
    if (!inputs?.flowSpec || containsUnknown(inputs)) continue;
    for (const f of unheld) {
      if (pool.has(f.id) && sandboxOf(f) === inputs.sandboxName && matchesDeclared(DATAFLOW, f, inputs)) {
        plan.copies.push({ holder: r.urn, flow: f });
        pool.delete(f.id);
      }
    }
  }
  plan.unmatched = unheld.filter((f) => pool.has(f.id));
  return plan;
}
