// A Flow Service create or action whose answer was lost: the sandbox is searched for what the create
// made (same name, identity and draft state; kinds/*/ say how to search), or the entity read to see
// whether the action landed, before anything is sent again (../lost-answers.ts judges).
import type { FlowServiceClient } from "../../adobe/client";
import { RecoveryOptions, createOnce, isUnknownOutcome, settle } from "../lost-answers";
import type { Entity, FlowAction } from "../../adobe/types";
import type { Claims } from "../claims";
import { EntityInputs, EntityKind, label } from "../../kinds/kind";
import { entityGone } from "../explain";
import { judgePatchConflict } from "./plan";
import { ACTION_TARGET } from "./state-machine";

/** Whether `remote` is the entity a create of `inputs` would have made: same name, identity and draft state. Pure. */
export function matchesDeclared<I extends EntityInputs>(kind: EntityKind<I>, remote: Entity, inputs: I): boolean {
  return (
    remote.name === inputs.name &&
    kind.identityProblems(remote, inputs).length === 0 &&
    (inputs.draft ? remote.state === "draft" : remote.state !== "draft")
  );
}

/** Entities in the inputs' sandbox that a create of `inputs` would have made, whenever created. */
export async function findMatching<I extends EntityInputs>(kind: EntityKind<I>, client: FlowServiceClient, inputs: I): Promise<Entity[]> {
  const found: Entity[] = [];
  const query = { property: kind.recoveryFilters(inputs) };
  for await (const entity of client.listAllEntities(kind.collection, query, { sandboxName: inputs.sandboxName })) {
    if (matchesDeclared(kind, entity, inputs)) found.push(entity);
  }
  return found;
}

/** Whether the entity holds exactly the declared patchable values (in normal form), not only the same name and identity. */
export function sameDeclaration<I extends EntityInputs>(kind: EntityKind<I>, remote: Entity, inputs: I): boolean {
  const read = kind.outputsFromRemote(remote, inputs as never) as unknown as Record<string, unknown>;
  return judgePatchConflict(kind.patch, read, read, inputs as unknown as Record<string, unknown>).kind === "landed";
}

/**
 * `POST /{collection}` without ever making two entities or taking another resource's. When the
 * outcome is unknown, the sandbox is searched for the entity (same name, identity and draft state,
 * created while the request was under way by the service's clock, held by no resource of this run:
 * ../lost-answers.ts `createOnce`); one match is adopted, none means the create did not land and it is
 * sent once more, several stop the run.
 */
export async function createWithoutDuplicates<I extends EntityInputs>(
  kind: EntityKind<I>,
  client: FlowServiceClient,
  inputs: I,
  opts: RecoveryOptions,
  claims: Claims,
): Promise<{ id: string; etag: string; recovered?: Entity }> {
  const what = label(kind, inputs.name, undefined, inputs.sandboxName);
  const outcome = await createOnce({
    sandboxName: inputs.sandboxName,
    client,
    recovery: opts,
    isClaimed: (id) => claims.isClaimed(inputs.sandboxName, id),
    send: () => client.createEntity(kind.collection, kind.createRequest(inputs), { draft: inputs.draft, sandboxName: inputs.sandboxName }),
    findCandidates: async () => (await findMatching(kind, client, inputs)).map((entity) => ({ entity, found: entity })),
    exactly: (entity) => sameDeclaration(kind, entity, inputs),
    searchFailed: (err, searchErr) =>
      new Error(
        `${what}: the create's answer was lost (${err.message}), and looking for the ${kind.noun} it may have made failed ` +
          `(${(searchErr as Error).message}). Nothing was added to the stack, but the ${kind.noun} may exist: ${recoverHint(kind)}`,
        { cause: searchErr },
      ),
    refuse({ verdict, err, attempt }) {
      if (verdict.kind === "ambiguous") {
        return new Error(
          `${what}: the create's answer was lost (${err.message}), and it cannot be told which ${kind.noun} it made: ` +
            `${verdict.candidates.map((f) => `${f.id} (created ${stamp(f.createdAt)})`).join(", ")} match the declaration and ${verdict.why}. ` +
            `Nothing was added to the stack. Some of them may belong to another stack declaring the same ${kind.noun} in this sandbox. ` +
            "Find which stack holds each (`pulumi stack export` in each stack), delete only those no stack holds " +
            `(AEP UI, or DELETE /${kind.collection}/{id}), keeping at most one, then ${recoverHint(kind)}`,
          { cause: err },
        );
      }
      if (attempt < 2) return undefined;
      return new Error(
        `${what}: the create failed twice without a clear answer (${err.message}), and no matching ${kind.noun} was found ` +
          `in the sandbox, so nothing was added to the stack. It may still land late: ${recoverHint(kind)}`,
        { cause: err },
      );
    },
  });
  return "sent" in outcome ? outcome.sent : { id: outcome.kept.id, etag: outcome.kept.etag, recovered: outcome.kept };
}

/** What to do once the stack may lack an entity that exists: the recover command knows every kind. */
function recoverHint(kind: EntityKind): string {
  return `run \`npx pulumi-aep-dataflows recover\` (it brings the ${kind.noun} into the stack if it landed), then \`pulumi up\`.`;
}

function stamp(createdAt: unknown): string {
  return typeof createdAt === "number" ? new Date(createdAt).toISOString() : "at an unknown time";
}

/**
 * `POST /{collection}/{id}/action?op=…` with its unknown outcomes resolved: the entity is read
 * again; if it is already in the action's target state the action landed, otherwise it is sent
 * once more. Returns the new etag, and the entity as read when a read was needed.
 */
export async function actionWithRecovery(
  kind: EntityKind,
  client: FlowServiceClient,
  id: string,
  action: FlowAction,
  sandboxName: string,
  opts: RecoveryOptions,
  name: string,
): Promise<{ etag: string; read?: Entity }> {
  try {
    return { etag: (await client.entityAction(kind.collection, id, action, { sandboxName })).etag };
  } catch (err) {
    if (!isUnknownOutcome(err)) throw err;
    await settle(opts);
    let entity: Entity | undefined;
    try {
      entity = await client.getEntity(kind.collection, id, { sandboxName });
    } catch (readErr) {
      throw new Error(
        `the ${action}'s answer was lost (${err.message}) and reading the ${kind.noun} back failed (${(readErr as Error).message}), so whether ` +
          `the ${action} landed is unknown. Run \`pulumi refresh\` (it reads the ${kind.noun}'s real state), then \`pulumi up\`.`,
        { cause: readErr },
      );
    }
    if (!entity) throw entityGone(kind, name, id, sandboxName, action);
    if (entity.state === ACTION_TARGET[action]) return { etag: entity.etag, read: entity };
    return { etag: (await client.entityAction(kind.collection, id, action, { sandboxName })).etag, read: entity };
  }
}
