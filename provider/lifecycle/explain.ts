// What a refusal of the service means for the user, said once for every step: the resource, what
// happened, that nothing (or what) was written, and what to do. Codes are matched through the table
// of provider/adobe/error-codes.ts. Every function returns the error to throw; none writes.
import type { FlowServiceClient } from "../adobe/client";
import { ERROR_CODES, ErrorCodeName, SETTING_ROWS, answered } from "../adobe/error-codes";
import { FlowServiceError } from "../adobe/errors";
import type { PatchOperation } from "../adobe/types";
import { ConcurrentEditError, EntityGoneError, PatchRefusedError } from "../errors";
import type { CheckFailure, EntityInputs, EntityKind, ResourceKind } from "../kinds/kind";
import { label, valueAt } from "../kinds/kind";

/** Why an entity the stack holds answered "not found", and what to do: the message every path shares. */
export function entityGone(kind: ResourceKind, name: string | undefined, id: string, sandboxName: string, during: string): EntityGoneError {
  return new EntityGoneError(
    `${label(kind, name, id, sandboxName)} was not found during ${during}: it was deleted outside Pulumi, or it carries an access ` +
      "label that the role of these credentials lacks (Adobe answers both with the same 404 FLOW-1439-404). Nothing was " +
      "changed. If it was deleted, run `pulumi refresh` (it marks it not-found), then `pulumi up` to create it again; " +
      "if it is labelled, use credentials whose role has the label.",
  );
}

/** A "not found" answer becomes the shared message; every other error passes through unchanged. */
export function explainNotFound(kind: ResourceKind, err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  return answered(err, "entityNotFound") ? entityGone(kind, name, id, sandboxName, during) : err;
}

/** 403 2120 on a write: the answer Adobe gives a role that lacks one of the entity's access labels. */
export function explainForbidden(kind: ResourceKind, err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  if (!answered(err, "hiddenByLabel")) return err;
  return new Error(
    `${label(kind, name, id, sandboxName)}: ${during} was refused (403 FLOW-2120-403, insufficient permissions). The ${kind.noun} most likely ` +
      "carries an access label that the role of these credentials lacks, and it still exists and runs. Nothing was changed. Use " +
      `credentials whose role has the ${kind.noun}'s labels, or ask an administrator to add the label to the role.`,
  );
}

/** A write to an existing entity refused as not found or forbidden, said as such; anything else unchanged. */
export function explainWrite(kind: ResourceKind, err: unknown, name: string, id: string, sandboxName: string, during: string): unknown {
  return explainForbidden(kind, explainNotFound(kind, err, name, id, sandboxName, during), name, id, sandboxName, during);
}

/**
 * The service's refusal of a publish (`action?op=publish`, or a create without `mode=draft`),
 * explained when an entity this one names is a draft or missing; undefined when none is (the
 * refusal is about something else, and is reported as it is). `what` labels the resource.
 * Adobe's publish order — a base connection before the source and target connections that use it,
 * those before the flow — comes from the draft tutorial's prose, so the provider does not refuse a
 * publish on it (rules.ts `publish.order`): it sends the publish, and reads what the entity names
 * only when the service refuses. Never throws: a failed look-up leaves the refusal as it was.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
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
  const e = err;
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
  return withCause(
    new Error(
      `${what}: the service refused to ${during === "create" ? "create it published" : "publish it"} (HTTP 400${e.code ? ` ${e.code}` : ""}: ` +
        `${(e.detail ?? e.message).replace(/\.$/, "")}). Adobe's draft tutorial publishes an entity after those it uses: ` +
        `${problems.join("; ")}. Nothing was ${during === "create" ? "created" : "published"} by this call; then run \`pulumi up\` again.`,
    ),
    err,
  );
}

/** Every property path of `value` whose leaf is a string of at least 6 characters, with that string. */
function leaves(value: unknown, path: string, out: [string, string][]): [string, string][] {
  // A plain word ("string", "object": a field's type) names nothing: only values that can name an entity are looked for.
  if (typeof value === "string" && value.length >= 6 && !/^[a-z]+$/.test(value)) out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * A create or an update the service refused (HTTP 400), said for the user: the resource, the
 * properties the refusal is about — found by the values it quotes (an id, a dataset id) among the
 * inputs, never printing an input's value itself, and never looking into credentials (`auth`) —
 * or, for a code the error-code table explains (1360, 1366), what it is about; that this call
 * wrote nothing, and what to do. Any other error is returned unchanged.
 * Shape: `err` as thrown by the client (FlowServiceError), `what` the resource's label
 * (`SourceConnection "Orders files" (sandbox dev)`).
 */
export function explainRefusal(
  err: unknown,
  what: string,
  verb: "create" | "update",
  inputs: Record<string, unknown>,
  /** What check warned about these inputs (rules from prose or a guess): named as what the refusal may be about. */
  warnings: CheckFailure[] = [],
  /** For an update, the inputs (top-level or dotted paths) it changes: only they are named, the rest was accepted before. */
  changed?: readonly string[],
): unknown {
  const e = err as Partial<FlowServiceError>;
  if (e?.name !== "FlowServiceError" || e.status !== 400 || typeof e.detail !== "string") return err;
  if (verb === "create" ? e.method !== "POST" : e.method !== "PATCH") return err;
  const detail = e.detail;
  // Not `auth` (credentials), nor what the provider carries in the inputs besides the program's (a tenant id, an adoption's summary).
  const { auth: _credentials, tenantId: _tenant, adoption: _adoption, ...searchable } = inputs;
  const named = [
    ...new Set(
      leaves(searchable, "", [])
        .filter(([, v]) => detail.includes(v))
        .map(([p]) => p)
        .filter((p) => !changed || changed.some((c) => p === c || p.startsWith(`${c}.`) || p.startsWith(`${c}[`))),
    ),
  ];
  // A code the table explains (a start time passed, a title taken) says what to do itself.
  const explained = (Object.keys(ERROR_CODES) as ErrorCodeName[]).find((name) => !SETTING_ROWS.includes(name) && answered(err, name));
  const advice = explained && ERROR_CODES[explained].todo ? ` ${ERROR_CODES[explained].todo}` : "";
  const about = advice
    ? advice
    : named.length
      ? ` It is about ${named.map((p) => `\`${p}\``).join(", ")}: check that ${named.length > 1 ? "they name entities" : "it names an entity"} ` +
        `of the right kind that exist${named.length > 1 ? "" : "s"} in sandbox ${String(inputs.sandboxName ?? "")}.`
      : "";
  const warned = advice
    ? ""
    : warnings.length
      ? ` Before sending it, this package warned (rules the service does not declare): ${warnings.map((w) => `\`${w.property}\` ${w.reason}`).join("; ")}.`
      : "";
  return withCause(
    new Error(
      `${what}: the service refused the ${verb} (HTTP 400${e.code ? ` ${e.code}` : ""}): ${detail.replace(/\.$/, "")}.${about}${warned} ` +
        `Nothing was ${verb === "create" ? "created" : "changed"} by this call; fix the program and run \`pulumi up\` again.`,
    ),
    err,
  );
}

/** `/name` → `name`, `/auth/params` → `auth.params`, `/transformations/0` → `transformations[0]`. */
function propertyOf(path: string): string {
  return path
    .split("/")
    .slice(1)
    .reduce((acc, key) => (/^\d+$/.test(key) ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), "");
}

/** What `holder` has for `property`, for a message: a string quoted, nothing as "no …", and never a write-only value. */
export function holding(kind: EntityKind, holder: object, property: string): string {
  if (kind.writeOnly.some((w) => property === w || property.startsWith(`${w}.`))) return `${property} as it is (write-only, never shown)`;
  const value = valueAt(holder, property.replace(/\[(\d+)\]/g, ".$1"));
  if (value === undefined || value === null || value === "") return `no ${property}`;
  return `${property} ${JSON.stringify(value)}`;
}

/**
 * A PATCH refused for what it touches rather than for its values (error-codes.ts `patchRefused`):
 * the whole PATCH is refused, so nothing changed; only a replacement can take the change.
 */
export function patchRefused(
  kind: EntityKind,
  news: EntityInputs,
  id: string,
  sandboxName: string,
  patch: PatchOperation[],
  olds: object,
  err: FlowServiceError,
): PatchRefusedError {
  const properties = [...new Set(patch.map((op) => propertyOf(op.path)))];
  const answer = `HTTP ${err.status} ${err.code}: ${err.detail}`;
  const dependents = kind.collection === "flows" ? "" : "replaces the resources that take its id (and so their dataflows), ";
  return new PatchRefusedError(
    properties,
    answer,
    `${label(kind, news.name, id, sandboxName)}: the service refused to change ${properties.join(", ")} in place (${answer}). ` +
      `Nothing was changed. Either undo the change in the program (the ${kind.noun} still has ${properties.map((p) => holding(kind, olds, p)).join(", ")}), ` +
      `or replace the ${kind.noun}: \`pulumi up --replace <urn>\` (URNs: \`pulumi stack --show-urns\`) creates a new one with these values, ` +
      `${dependents}then deletes this one.`,
  );
}

/**
 * Someone changed the entity since the stack's last update: nothing is sent, the edit is kept.
 * `changed`: the property paths that differ; `how`: what the message says changed, when not they.
 */
export function concurrentEdit(
  kind: ResourceKind,
  name: string | undefined,
  id: string,
  sandboxName: string,
  changed: string[],
  how = changed.join(", "),
): ConcurrentEditError {
  return new ConcurrentEditError(
    id,
    changed,
    `${label(kind, name, id, sandboxName)} was changed outside Pulumi since the last update (${how}); ` +
      "nothing was sent, so that edit is kept. Run `pulumi refresh` to take it into the stack, review it, " +
      "then run `pulumi up` again.",
  );
}

/** A DELETE the service refused because something uses the entity, naming what does (`users`) and what to do. Nothing was deleted. */
export function stillInUse(kind: EntityKind, name: string, id: string, sandboxName: string, users: string, err: FlowServiceError): Error {
  const input = kind.usedBy ? ` (e.g. \`${kind.usedBy.asInput}\`)` : "";
  return new Error(
    `${label(kind, name, id, sandboxName)} cannot be deleted: ${users}. The service refused the DELETE (HTTP ${err.status} ${err.code}), ` +
      "so nothing was deleted and it stays in the stack. Delete what uses it first: a resource of this stack is deleted before this one " +
      `when it takes this one's id as an input${input}; anything else in the AEP UI. Then run the command again. To leave the ` +
      `${kind.noun} in AEP and only drop it from the stack, run \`pulumi state delete <urn>\` (URNs: \`pulumi stack --show-urns\`).`,
    { cause: err },
  );
}

/** `explained` with `cause` attached, not enumerable (so an engine encoding the error does not carry the request). */
function withCause(explained: Error, cause: unknown): Error {
  Object.defineProperty(explained, "cause", { value: cause, enumerable: false });
  return explained;
}
