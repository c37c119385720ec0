// What `recover` will do, decided from the stack and the sandbox's flows. Pure.
import type { Flow } from "../../sdk/types";
import { matchesDeclared } from "../recovery";
import { UNKNOWN, containsUnknown, type DataflowInputs } from "../types";
import { Declared, heldKey } from "./stack";

export interface RecoveryPlan {
  /** A declared resource the stack does not hold, and the one flow that a run of it made. */
  bringIn: { declared: Declared; flow: Flow }[];
  /** Several flows could be the one: nothing is decided for this resource. */
  ambiguous: { declared: Declared; candidates: Flow[] }[];
  /** Pending creates that no flow matches: they never landed; the next `pulumi up` creates them. */
  neverLanded: Declared[];
  /** Declared resources whose inputs are not known before `pulumi up` (outputs of other resources). */
  undecidable: Declared[];
  /** Flows the stack does not hold, made in the window, that no declaration matches: listed only. */
  unmatched: Flow[];
}

export interface RecoveryFacts {
  declared: Declared[];
  /** Every flow listed in the sandboxes concerned, each with its `sandboxName`. */
  flows: Flow[];
  /** `<sandbox>/<id>` of the flows the stack holds. */
  held: Set<string>;
  /** Flows created before this instant (service clock, epoch ms) predate the failed runs; undefined = unknown. */
  since?: number;
}

function sandboxOf(flow: Flow, fallback: string): string {
  return typeof flow.sandboxName === "string" ? flow.sandboxName : fallback;
}

export function planRecovery(facts: RecoveryFacts): RecoveryPlan {
  const inWindow = (f: Flow) => facts.since === undefined || (typeof f.createdAt === "number" && f.createdAt >= facts.since);
  const unheld = facts.flows.filter((f) => !facts.held.has(heldKey(sandboxOf(f, ""), f.id)) && inWindow(f));
  const plan: RecoveryPlan = { bringIn: [], ambiguous: [], neverLanded: [], undecidable: [], unmatched: [] };
  const claimedBy = new Map<string, Declared[]>();
  const candidatesOf = new Map<Declared, Flow[]>();
  for (const declared of facts.declared) {
    if (containsUnknown(declared.inputs) || Object.values(declared.inputs).includes(UNKNOWN)) {
      plan.undecidable.push(declared);
      continue;
    }
    const inputs = declared.inputs as unknown as DataflowInputs;
    const candidates = unheld.filter((f) => sandboxOf(f, inputs.sandboxName) === inputs.sandboxName && matchesDeclared(f, inputs));
    candidatesOf.set(declared, candidates);
    for (const c of candidates) claimedBy.set(c.id, [...(claimedBy.get(c.id) ?? []), declared]);
  }
  for (const [declared, candidates] of candidatesOf) {
    // A flow that two declarations could own belongs to neither until a person decides.
    const own = candidates.filter((c) => claimedBy.get(c.id)!.length === 1);
    if (candidates.length === 0) {
      if (declared.source === "pending create") plan.neverLanded.push(declared);
    } else if (candidates.length === 1 && own.length === 1) {
      plan.bringIn.push({ declared, flow: own[0] });
    } else {
      plan.ambiguous.push({ declared, candidates });
    }
  }
  plan.unmatched = unheld.filter((f) => !claimedBy.has(f.id));
  return plan;
}
