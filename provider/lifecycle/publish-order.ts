// Adobe's publish order — a base connection before the source and target connections that use it,
// those before the flow — comes from the draft tutorial's prose, so the provider does not refuse a
// publish on it (rules.ts `publish.order`): it sends the publish, and when the service refuses,
// it reads the entities this one names and says which are drafts and what to do.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
import type { FlowServiceClient } from "../adobe/client";
import { FlowServiceError } from "../adobe/errors";
import type { EntityInputs, EntityKind } from "../kinds/kind";

/**
 * The service's refusal of a publish (`action?op=publish`, or a create without `mode=draft`),
 * explained when an entity this one names is a draft or missing; undefined when none is (the
 * refusal is about something else, and is reported as it is). `what` labels the resource.
 * Never throws: a failed look-up leaves the refusal as it was.
 */
export async function explainPublishRefusal(
  kind: EntityKind,
  client: FlowServiceClient,
  inputs: EntityInputs,
  err: unknown,
  what: string,
  during: "create" | "publish",
): Promise<Error | undefined> {
  if (!(err instanceof FlowServiceError) || err.status !== 400) return undefined;
  const prerequisites = kind.prerequisites?.(inputs) ?? [];
  const problems: string[] = [];
  try {
    for (const p of prerequisites) {
      const entity = await client.getEntity(p.collection, p.id, { sandboxName: inputs.sandboxName });
      if (!entity) problems.push(`\`${p.property}\`: ${p.noun} ${p.id} does not exist in sandbox ${inputs.sandboxName} (check the id)`);
      else if (entity.state === "draft") {
        problems.push(
          `\`${p.property}\`: ${p.noun} ${p.id} ("${entity.name}") is still a draft: publish it first — set \`draft: false\` on that ` +
            `${p.typeName} (when this resource takes its id output, Pulumi publishes it first), or publish it in the AEP UI`,
        );
      }
    }
  } catch {
    return undefined;
  }
  if (problems.length === 0) return undefined;
  const explained = new Error(
    `${what}: the service refused to ${during === "create" ? "create it published" : "publish it"} (HTTP 400${err.code ? ` ${err.code}` : ""}: ` +
      `${(err.detail ?? err.message).replace(/\.$/, "")}). Adobe's draft tutorial publishes an entity after those it uses: ` +
      `${problems.join("; ")}. Nothing was ${during === "create" ? "created" : "published"} by this call; then run \`pulumi up\` again.`,
  );
  Object.defineProperty(explained, "cause", { value: err, enumerable: false });
  return explained;
}
