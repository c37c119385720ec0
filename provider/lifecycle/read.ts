// `read` (a refresh), the same for every kind: the entity as its store reads it now
// (flow-service/read.ts, data-prep.ts), or, when the service answers it does not exist, kept in the
// stack and marked `not-found` (a hidden one keeps running; dropping it would let the next `up` make
// a second one silently), so the next preview shows its replacement.
import type { ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { notice } from "./context";
import { NOT_FOUND_STATE } from "./store";
import type { Served } from "./store";

/** What read hands the engine. */
export interface ReadAnswer<I, O> {
  id: string;
  props: O;
  inputs: I;
}

/** `read` of one resource: `props` are the stack's outputs. */
export async function readResource<I extends ResourceInputs, O extends I & { state?: string }>(
  s: Served<I, O>,
  id: string,
  props: O,
): Promise<ReadAnswer<I, O>> {
  const result = await s.store.read(s.run.context(), id, props);
  if (result) {
    s.run.claims.note(props.sandboxName, id, "seen");
    return { id, props: result.outs, inputs: result.inputs };
  }
  const what = label(s.kind, props.name, id, props.sandboxName);
  notice(
    s.kind.accessLabels
      ? `${what} was not found (404 FLOW-1439-404): deleted outside Pulumi, or hidden by an access label the role of these ` +
          'credentials lacks (Adobe answers both the same way). It stays in the stack as state "not-found": the next `pulumi up` ' +
          "deletes and creates it again (a replace, shown by `pulumi preview`). If it still runs under a label, that DELETE is " +
          "refused and nothing is created; if it should not come back, remove it from the program."
      : `${what} was not found: deleted outside Pulumi. It stays in the stack as state "not-found": the next \`pulumi up\` creates it ` +
          "again (a replace, shown by `pulumi preview`); if it should not come back, remove it from the program.",
  );
  const outs = { ...props, state: NOT_FOUND_STATE };
  return { id, props: outs, inputs: s.store.inputsOf(outs) };
}
