// `update`, the same for every kind: the resource keeps its entity (claims), the guards run (the
// service's spec), then the kind's store changes it (flow-service/update.ts, data-prep.ts); a
// refusal of the service is explained (explain.ts).
import type { ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { explainCreateOrUpdate } from "./create";
import { refuseBeforeWriting } from "./guards";
import type { Served } from "./store";

/** `update` of one resource: `olds` are the stack's outputs, `news` the checked inputs (without the engine's own keys). */
export async function updateResource<I extends ResourceInputs, O extends I>(s: Served<I, O>, id: string, olds: O, news: I): Promise<O> {
  s.run.claims.note(olds.sandboxName, id, "held");
  await refuseBeforeWriting(s, news, olds, id);
  return s.store.update(s.run.context(), id, olds, news).catch(async (err) => {
    const changed = s.store.diff(olds, news).changed;
    throw await explainCreateOrUpdate(s, err, news, label(s.kind, news.name, id, news.sandboxName), "update", changed);
  });
}
