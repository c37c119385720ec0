// `diff`, the same for every kind: what the store's plan says changes, and what replaces; an entity a
// refresh found missing is replaced (deleted first, so that one hidden by an access label stops the
// run before a second one exists); and an entity another resource of this run has just taken over
// is refused, since an entity is held by one resource only. What a replace or a change destroys
// beyond the entity (a dataset's data) is said under the resource, so `pulumi preview` shows it.
// Nothing is written; a change the store judges (store.judgeChange) may cost a read.
import type { ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { notice } from "./context";
import { NOT_FOUND_STATE } from "./store";
import type { Served } from "./store";

/** What diff hands the engine. */
export interface DiffAnswer {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** `diff` of one resource: `olds` are the stack's outputs, `news` the checked inputs. */
export async function diffResource<I extends ResourceInputs, O extends I & { state?: string }>(
  s: Served<I, O>,
  id: string,
  olds: O,
  news: I,
): Promise<DiffAnswer> {
  const { kind } = s;
  if (olds.state === NOT_FOUND_STATE) {
    notice(
      `${label(kind, olds.name, id, olds.sandboxName)} was not found at the last refresh: \`pulumi up\` replaces it (it is looked ` +
        "up first: if it exists again nothing is done" +
        `${kind.accessLabels ? "; if an access label hides it, its DELETE is refused and nothing is created" : ""}).`,
    );
    return { changes: true, replaces: ["state"], deleteBeforeReplace: true };
  }
  const refused = kind.changeRefusals?.(olds, news) ?? [];
  if (refused.length) {
    const where = label(kind, olds.name, id, olds.sandboxName);
    throw new Error(`${refused.map((f) => `${where}: \`${f.property}\` ${f.reason}.`).join("\n")} Nothing was sent.`);
  }
  const { changes, replaces } = s.store.diff(olds, news);
  const taken = id && olds.sandboxName ? s.run.claims.get(olds.sandboxName, id) : undefined;
  if (taken === "adopted" || taken === "recovered" || taken === "created") {
    // Another resource of this run took this resource's entity (it was declared first): an entity is held by one resource only.
    throw new Error(
      `${label(kind, olds.name, id, olds.sandboxName)} is held by this resource, and another resource of this run has just ${taken} it ` +
        `(adoptId). ${/^[aeiou]/.test(kind.noun) ? "An" : "A"} ${kind.noun} can be held by one resource only: remove that other resource (or its adoptId) from the program and run ` +
        `\`pulumi up\` again; its delete leaves the ${kind.noun} with this resource.`,
    );
  }
  const what = label(kind, olds.name, id, olds.sandboxName);
  const plan = changes && s.store.judgeChange ? await s.store.judgeChange(s.run.context(), id, olds, news, replaces) : {};
  if (plan.refusal) throw new Error(`${what}: ${plan.refusal}. Nothing was sent.`);
  if (plan.deleteFirst) {
    notice(`${what}: a change of ${replaces.join(", ")} replaces it: the ${kind.noun} is deleted first, then created again (${plan.why}).`);
  }
  if (replaces.length && kind.deleteWarning) {
    notice(`${what}: a change of ${replaces.join(", ")} replaces it, and the ${kind.noun} replaced is deleted: ${kind.deleteWarning}.`);
  } else if (changes) {
    for (const line of kind.changeWarnings?.(olds, news) ?? []) notice(`${what}: ${line}.`);
  }
  // A resource that stays holds its entity; one being replaced lets go of it once the new one exists.
  if (id && olds.sandboxName) s.run.claims.note(olds.sandboxName, id, replaces.length ? "replacing" : "held");
  return { changes, replaces, deleteBeforeReplace: plan.deleteFirst === true };
}
