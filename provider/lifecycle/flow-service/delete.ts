// How a Flow Service entity is deleted: `DELETE /{collection}/{id}`, waiting out someone else's
// delete or a transition, and a refusal because something still uses it names what does.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete
import { answered } from "../../adobe/error-codes";
import type { FlowServiceError } from "../../adobe/errors";
import type { EntityKind, EntityOutputs } from "../../kinds/kind";
import { label } from "../../kinds/kind";
import type { LifecycleContext } from "../context";
import { explainForbidden, stillInUse } from "../explain";
import { isStateRefusal, settleOptions, waitUntilSettled } from "./settling";

/** `DELETE /{collection}/{id}` of a Flow Service entity. */
export async function deleteEntity(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  props: Pick<EntityOutputs, "sandboxName" | "name">,
): Promise<void> {
  const sandboxName = props.sandboxName;
  const what = label(kind, props.name, id, sandboxName);
  try {
    await ctx.client.deleteEntity(kind.collection, id, { sandboxName });
  } catch (err) {
    if (answered(err, "stillInUse")) throw await usersOf(kind, ctx, id, props, err as FlowServiceError);
    if (!isStateRefusal(err)) throw explainForbidden(kind, err, props.name, id, sandboxName, "the DELETE");
    // Someone else's delete is under way (1458), or the entity is mid-transition (1421): wait it out.
    const remote = await waitUntilSettled(ctx.client, kind.collection, id, sandboxName, what, settleOptions(ctx));
    if (remote) await ctx.client.deleteEntity(kind.collection, id, { sandboxName });
  }
}

/**
 * The refusal of a DELETE because something still uses the entity (error-codes.ts `stillInUse`),
 * naming what uses it (Adobe's message does not: it is looked up, one page per kind of user).
 * Nothing was deleted: Pulumi keeps the resource.
 */
async function usersOf(
  kind: EntityKind,
  ctx: LifecycleContext,
  id: string,
  props: Pick<EntityOutputs, "sandboxName" | "name">,
  err: FlowServiceError,
): Promise<Error> {
  const sandboxName = props.sandboxName;
  let users: string;
  try {
    const found: string[] = [];
    for (const where of kind.usedBy?.users(id) ?? []) {
      const page = await ctx.client.listEntities(where.collection, { property: [where.filter] }, { sandboxName });
      for (const e of page.items) found.push(`${where.noun} ${e.id}${e.name ? ` (${JSON.stringify(e.name)})` : ""}`);
    }
    users = found.length
      ? `it is still used by ${found.join(", ")}`
      : "the service says it is still in use, but nothing using it was found (a dataflow deleted moments ago may still hold it: wait a minute and run the command again)";
  } catch (lookupErr) {
    users = `it is still in use (${err.detail}; looking up what uses it failed: ${(lookupErr as Error).message})`;
  }
  return stillInUse(kind, props.name, id, sandboxName, users, err);
}
