// `delete`, the same for every kind: an entity another resource of this run holds (a rename without
// an alias adopted it under the new name) is left alone and only dropped from the stack; an entity a
// refresh found missing that answers again is not deleted (guards.ts); then the kind's store
// deletes it (flow-service/delete.ts, data-prep.ts).
import type { ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { refuseIfBackAgain } from "./guards";
import { NOT_FOUND_STATE } from "./store";
import type { Served } from "./store";

/** `delete` of one resource: `props` are the stack's outputs. */
export async function deleteResource<I extends ResourceInputs, O extends I & { state?: string }>(
  s: Served<I, O>,
  id: string,
  props: O,
): Promise<void> {
  const ctx = s.run.context();
  const held = ctx.claims.heldByAnother(props.sandboxName, id);
  if (held) {
    ctx.notice(
      `${label(s.kind, props.name, id, props.sandboxName)}: removed from the stack but NOT deleted, because another resource of this ` +
        `stack ${held === "held" ? "holds it" : `${held} it in this run`}. To rename a resource without this detour, give it ` +
        '`aliases: [{ name: "<old name>" }]`.',
    );
    return;
  }
  if (props.state === NOT_FOUND_STATE) {
    await refuseIfBackAgain(s, id, props);
    // Gone for sure, unless an access label may hide it: then the DELETE is still sent, since a labelled
    // entity answers GET with 404 but its DELETE with 403, which stops the replacement from making a second one.
    if (!s.kind.accessLabels) return;
  }
  await s.store.delete(ctx, id, props);
}
