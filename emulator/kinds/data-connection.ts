// What source and target connections share (the provider's data connections): the fields a create
// takes, the PATCH paths, their base connection (same spec, published first), the `data` the server
// fills in, what a GET adds from the spec, and a lifecycle of publish alone, with no delete while a
// flow uses them. Each kind's own checks are in source-connection.ts and target-connection.ts.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter
import { EmulatorError, flowServiceError, invalid, invalidPatch } from "../errors";
import { ConnectionSpec, connectionSpec } from "../specs";
import { StoredConnection, invalidPath, notDraft, specUnchangeable, touchesSpec, withoutInternals } from "./connections";
import type { StoredEntity } from "./entity";
import type { EntityKind, KindContext } from "./kind";

/** What a source or target connection's create body may carry. */
const FIELDS: ReadonlySet<string> = new Set(["name", "description", "baseConnectionId", "data", "params", "connectionSpec"]);

/** The PATCH paths behaviour `connectionPatchPaths: lenient` also takes: the name, the description and any param. */
const LENIENT = /^\/(name|description|params(\/.*)?)$/;

/**
 * The server fills the unset parts of `data` with nulls, as the filter tutorial's GET shows:
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter
 */
export function filledData(data: Record<string, unknown> | undefined): Record<string, unknown> {
  return { format: null, schema: null, properties: null, ...(data ?? {}) };
}

/**
 * A source or target connection's base connection: it must exist in the sandbox and be of the
 * same connection spec. Not in either catalogue: 1100 naming it. Adobe documents neither check; they are made so that
 * a wrong id fails at create rather than at the first run (behaviour `referentialChecks` turns them off).
 */
export function checkBase(ctx: KindContext, baseId: string, specId: string): StoredEntity {
  const base = ctx.refs.connection("base", ctx.caller.sandboxName, baseId);
  if (!base) throw invalid(`base connection ${baseId} does not exist in sandbox ${ctx.caller.sandboxName}`);
  const baseSpec = (base.connectionSpec as { id: string }).id;
  if (baseSpec !== specId) {
    throw invalid(
      `base connection ${baseId} is of connection spec ${connectionSpec(baseSpec)?.name ?? baseSpec} (${baseSpec}), not ${connectionSpec(specId)?.name ?? specId} (${specId})`,
    );
  }
  return base;
}

/**
 * "A source or target connection cannot be published while its base connection is a draft"
 * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft). No code
 * is documented for the refusal: 1100 naming the draft, as the catalogue's 1444 is about the entity's
 * own state.
 */
export function draftBase(ctx: KindContext, noun: string, entity: StoredEntity): EmulatorError | undefined {
  if (typeof entity.baseConnectionId !== "string") return undefined;
  const base = ctx.refs.connection("base", ctx.caller.sandboxName, entity.baseConnectionId);
  if (base?.state !== "draft") return undefined;
  return invalid(
    `${noun} ${entity.id} cannot be published while its base connection ${base.id} is a draft: publish the base connection first (POST /connections/${base.id}/action?op=publish)`,
  );
}

/**
 * A source or target connection a flow uses cannot be deleted: the catalogue's 1447 "Found active
 * flows containing id …". The delete tutorial says to delete the dataflows first
 * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/delete).
 */
export function usedByFlows(ctx: KindContext, entity: StoredEntity): EmulatorError | undefined {
  const flows = ctx.refs.flowsUsingConnection(ctx.caller.sandboxName, entity.id);
  if (flows.length === 0) return undefined;
  return flowServiceError(
    1447,
    400,
    `Found active flows containing id ${entity.id}. Delete these flows first: ${flows.map((f) => f.id).join(", ")}.`,
  );
}

/**
 * The `connectionSpec` and what a GET of a source or target connection adds from its spec: `providerRefId` (the spec's
 * source and target connection DTOs; the filter tutorial's GET). Its value is not documented; the spec's providerId here.
 */
export function specFields(spec: ConnectionSpec, version: string): Record<string, unknown> {
  return { connectionSpec: { id: spec.id, version }, providerRefId: spec.providerId };
}

/**
 * What source and target connections share beside their own checks: the fields a create takes; the PATCH paths (never
 * the connection spec, 1414; the kind's `documented` paths; with behaviour `connectionPatchPaths: lenient` the name,
 * the description and any param; else 1365; a patch that leaves the connection invalid is 1455); publish after their
 * base connection (the draft tutorial's order), `action?op=publish` alone (the spec's op enum for both is PUBLISH),
 * no delete while a flow uses them, and the transitional states the spec lists for them ("inProgress, updating,
 * enabling, disabling, enabled, and disabled"):
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml.
 * Another op: 1100, as no code is documented. Which operation passes through which state is not documented.
 */
export function dataConnectionKind(
  noun: "source connection" | "target connection",
  documented?: RegExp,
): Omit<EntityKind<StoredConnection>, "path" | "spec" | "build" | "afterPatch"> {
  return {
    noun,
    fields: FIELDS,
    patchPath(path, ctx) {
      if (touchesSpec(path)) return specUnchangeable();
      const allowed = documented?.test(path) || (ctx.behaviour.connectionPatchPaths === "lenient" && LENIENT.test(path));
      return allowed ? undefined : invalidPath(path);
    },
    patchFail: invalidPatch,
    publishBlocker: (ctx, entity) => (ctx.checks ? draftBase(ctx, noun, entity) : undefined),
    notDraft: (entity) => notDraft(noun, entity),
    action(verb) {
      throw invalid(`unknown action op "${verb}": a ${noun} takes publish`);
    },
    deleteBlocker: usedByFlows,
    transitions: { publish: "inProgress", update: "updating" },
    view: (entity) => withoutInternals(entity),
    controlView: (entity) => withoutInternals(entity),
  };
}
