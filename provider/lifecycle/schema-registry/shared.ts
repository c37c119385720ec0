// What the Schema Registry's stores share: a create never made twice (titles are unique in a sandbox, so after a
// lost answer the title is looked up, and an XDM-1521 "title not unique" answering the second try means the first
// landed), the check that an edit made outside Pulumi since the last run is not overwritten (the Registry takes no
// If-Match: `meta:registryMetadata.eTag` is compared with the stack's before the write), and the diff of a kind
// whose changes are in place but for a few inputs that replace.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide
import type { XdmCollection } from "../../adobe/client";
import { answered } from "../../adobe/error-codes";
import type { XdmResource } from "../../adobe/types";
import { containsUnknown } from "../../engine/unknown";
import type { ResourceInputs, ResourceKind } from "../../kinds/kind";
import { label } from "../../kinds/kind";
import type { LifecycleContext } from "../context";
import { concurrentEdit } from "../explain";
import { candidate, createOnce, lookupsOf } from "../lost-answers";
import type { Change } from "../store";
import { EntityGoneError } from "../../errors";

/** The diff of a registry kind: `replacing` inputs replace, every other changed one is changed in place. */
export function diffInputs<I extends Record<string, unknown>>(
  olds: I,
  news: I,
  replacing: readonly (keyof I & string)[],
  changedInputs: (olds: I, news: I) => string[],
): Change {
  const replaces = replacing.filter((k) => containsUnknown(news[k]) || olds[k] !== news[k]);
  // A value still unknown in a preview counts as changed.
  const unknown = Object.keys(news).filter((k) => containsUnknown(news[k]));
  const changed = [...new Set([...replaces, ...unknown, ...changedInputs(olds, news)])];
  return { changes: changed.length > 0, replaces, changed };
}

/**
 * `POST /tenant/{collection}`, never sent blindly twice. After a lost answer (no answer, a 5xx) the title is looked up
 * (`property=title==…`, the `xed-id` list): titles are unique in a sandbox, so a resource of that title created while
 * the request was under way and held by no resource of this run is the one it made, and is kept. None found: sent
 * once more; an XDM-1521 to that second try means the first one landed after the look-up, which is then repeated.
 */
export async function createWithoutDuplicates(
  ctx: LifecycleContext,
  kind: ResourceKind,
  collection: XdmCollection,
  body: Record<string, unknown>,
  sandboxName: string,
): Promise<{ resource: XdmResource; recovered: boolean }> {
  const { client } = ctx;
  const title = String(body.title);
  const what = label(kind, title, undefined, sandboxName);
  const outcome = await createOnce({
    ...lookupsOf(ctx, sandboxName),
    send: () => client.createXdm(collection, body, { sandboxName }),
    async findCandidates() {
      const [match] = (await client.findXdm(collection, [`title==${title}`], { sandboxName })).filter((r) => r.title === title);
      const found = match && (await client.getXdm(collection, match.$id, { sandboxName, major: match.version.split(".")[0] }));
      if (!found) return [];
      return [candidate(found, found.$id, found["meta:registryMetadata"]?.["repo:createdDate"], title)];
    },
    landedMeanwhile: (err) => answered(err, "xdmTitleNotUnique"),
    sinceFirstTry: true,
    refuse({ verdict, err, first, attempt, candidates }) {
      const [taken] = candidates;
      if (taken) {
        return new Error(
          `${what}: the create's answer was lost (${first.message}) and the ${kind.noun} titled "${title}" (${taken.found.$id}) ` +
            `${verdict.kind === "ambiguous" ? `cannot be told to be its: ${verdict.why}` : "was not made by it (it existed before, or another resource of this run holds it)"}. ` +
            `Nothing was added to the stack. Titles are unique in a sandbox: if it is this resource's, declare \`adoptId: "${taken.found.$id}"\`; else choose another title.`,
          { cause: err },
        );
      }
      if (attempt < 2) return undefined;
      return new Error(
        `${what}: the create's answer was lost (${first.message}) and no ${kind.noun} titled "${title}" was found after a second try. ` +
          "Nothing was added to the stack; run `pulumi up` again.",
        { cause: err },
      );
    },
  });
  if ("sent" in outcome) return { resource: outcome.sent, recovered: false };
  ctx.notice(
    `${label(kind, title, outcome.kept.$id, sandboxName)}: the create's answer was lost; the ${kind.noun} it made was found by its title and is kept.`,
  );
  return { resource: outcome.kept, recovered: true };
}

/**
 * Refuses a write over an edit made outside Pulumi since the last run: when the eTag read is not the stack's,
 * the declared inputs `changed` finds between the stack and the read must be none. Throws ConcurrentEditError.
 */
export function refuseOutsideEdit<I extends ResourceInputs>(
  kind: ResourceKind,
  remote: XdmResource,
  stackEtag: string | undefined,
  olds: I,
  current: I,
  changedInputs: (a: I, b: I) => string[],
  /** The entity already holds what this update sends: its own write whose answer was lost, or the same edit; nothing to keep. */
  holdsNews = false,
): void {
  if (holdsNews || (stackEtag !== undefined && remote["meta:registryMetadata"]?.eTag === stackEtag)) return;
  const changed = changedInputs(olds, current);
  if (changed.length) throw concurrentEdit(kind, remote.title, remote.$id, olds.sandboxName, changed);
}

/** `replace /title, add /allOf/-`: what a patch sends, paths only (never values). */
export const describePatch = (ops: { op: string; path: string }[]) => ops.map((o) => `${o.op} ${o.path}`).join(", ");

/** The major version of a stored `version` ("1.3" → "1"), what a lookup's Accept names. */
export const majorOf = (version: string | undefined) => (version ?? "1").split(".")[0] || "1";

/** The resource the stack holds answered 404 during a step: deleted outside Pulumi. */
export function gone(kind: ResourceKind, title: string | undefined, id: string, sandboxName: string, during: string): EntityGoneError {
  return new EntityGoneError(
    `${label(kind, title, id, sandboxName)} was not found during ${during}: it was deleted outside Pulumi. Nothing was changed. ` +
      "Run `pulumi refresh` (it marks it not-found), then `pulumi up` to create it again.",
  );
}
