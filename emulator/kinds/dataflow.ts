// Flows (`/flows`): the body checked against the flow spec it names (schedule, transformations,
// options; a published flow complete), the documented PATCH paths, enable/disable, access labels,
// and the references a flow makes: its connections (their specs in the flow spec's lists; the data
// lake as the target of a sources flow) and its mapping set (the version must exist; its schema
// must be the target dataset's).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels
// Codes (1402, 1410, 1412, 1413, 1419, 1422, 1425, 1444, 1455):
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { Fail, flowServiceError, invalid, invalidPatch } from "../errors";
import { DATA_LAKE, FlowSpec, connectionSpec, flowSpec } from "../specs";
import { createFail, incompleteForPublish, optionsFor, scheduleFor, transformationsFor } from "./dataflow-spec-checks";
import type { StoredEntity } from "./entity";
import type { EntityKind, KindContext } from "./kind";
import { schemaVersionOf } from "./references";

export interface StoredFlow extends StoredEntity {
  name: string;
  flowSpec: { id: string; version: string };
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  inheritedAttributes: Record<string, unknown>;
  transformations?: unknown[];
  scheduleParams?: Record<string, unknown>;
  options?: Record<string, unknown>;
  runs: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Paths PATCH may touch: the update tutorial's, labels (access labels tutorial) and options (partial ingestion).
 * `/policy`: only Adobe's aepp client patches it (`{"enforcementRefs": [...]}`, the spec's PolicyItemDTO); no page
 * documents it on a flow, and it is accepted so that such a client is not refused. Another path: 1455.
 */
const PATCHABLE = /^\/(name|description|labels(\/.*)?|policy(\/.*)?|scheduleParams(\/.*)?|transformations(\/.*)?|options(\/.*)?)$/;

function requireString(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== "string" || value.trim() === "") throw fail(`${field} must be a non-empty string`);
  return value;
}

// Connection ids: a non-empty array of ids. The sources catalogue has 1338 ("connection ID can't be null in
// flowRequest") and 1321 ("The length of {idType} should be one"); the emulator answers 1100 and allows several ids.
// Their form is not documented (every example is a UUID): an id that names no connection is refused by the references
// check (checkConnections), not by its form.
function requireIdList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && v.trim() !== "")) {
    throw invalid(`${field} must be a non-empty array of connection ids`);
  }
  return [...value];
}

function requireLabels(value: unknown, fail: Fail): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0))
    throw fail('labels must be an array of label names such as "core/C12"');
  return [...value];
}

function specOf(id: string): FlowSpec {
  const spec = flowSpec(id);
  if (!spec) throw flowServiceError(1413, 400, `The spec ID ${id} provided is invalid. Please provide a valid spec ID and try again.`);
  return spec;
}

const specRef = (c: StoredEntity) => c.connectionSpec as { id: string; version: string };

/**
 * Each connection must exist in the flow's sandbox and be of a connection spec the flow spec lists
 * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
 * prints CloudStorageToAEP's `sourceConnectionSpecIds`); a sources flow writes to the data lake only: the sources
 * catalogue's 1307 (https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors).
 * A connection that does not exist is not in the catalogue: 1100 naming it.
 */
function checkConnections(ctx: KindContext, spec: FlowSpec, flow: Pick<StoredFlow, "sourceConnectionIds" | "targetConnectionIds">): void {
  const sandbox = ctx.caller.sandboxName;
  for (const [kind, ids, allowed] of [
    ["source", flow.sourceConnectionIds, spec.sourceConnectionSpecIds],
    ["target", flow.targetConnectionIds, spec.targetConnectionSpecIds],
  ] as const) {
    for (const id of ids) {
      const conn = ctx.refs.connection(kind, sandbox, id);
      if (!conn) throw invalid(`${kind} connection ${id} does not exist in sandbox ${sandbox}`);
      const connSpec = specRef(conn).id;
      if (kind === "target" && isSourceFlow(ctx, spec, flow.sourceConnectionIds) && connSpec !== DATA_LAKE) {
        throw flowServiceError(1307, 400, `The target connection spec ID is not valid=${connSpec}. The allowed value is: ${DATA_LAKE}.`);
      }
      if (!allowed.includes(connSpec)) {
        throw invalid(
          `${kind} connection ${id} is of connection spec ${connectionSpec(connSpec)?.name ?? connSpec} (${connSpec}), which flow spec ${spec.name} does not take (its ${kind}ConnectionSpecIds: ${allowed.join(", ")})`,
        );
      }
    }
  }
}

/**
 * A Mapping transformation's mapping set must exist in Data Prep in the flow's sandbox, at the
 * version it names (1412 "Invalid Mapping Version"), and map to the schema of the target dataset,
 * same id and version (1425). A mapping set Data Prep does not know cannot be validated: 1419.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
 */
function checkMapping(ctx: KindContext, flow: Pick<StoredFlow, "transformations" | "targetConnectionIds">): void {
  const sandbox = ctx.caller.sandboxName;
  for (const t of flow.transformations ?? []) {
    const { name, params } = t as { name?: string; params?: { mappingId?: unknown; mappingVersion?: unknown } };
    if (name !== "Mapping" || !params || params.mappingId === undefined) continue;
    const id = String(params.mappingId);
    const version = params.mappingVersion === undefined ? undefined : Number(params.mappingVersion);
    const mapping = ctx.refs.mappingSet(sandbox, id);
    if (!mapping) {
      throw flowServiceError(
        1419,
        400,
        `Error while validating mapping with id ${id}, version ${version ?? 0}. The mapping set does not exist in sandbox ${sandbox}. Please check your mapping or contact your admin.`,
      );
    }
    if (version === undefined) continue;
    if (!Number.isInteger(version) || !mapping.versions.includes(version)) {
      throw flowServiceError(1412, 400, "Invalid Mapping Version in request. Please provide correct mapping version.");
    }
    const mapped = mapping.schemaOf(version);
    for (const targetId of flow.targetConnectionIds) {
      const target = ctx.refs.connection("target", sandbox, targetId);
      const datasetId = (target?.params as { dataSetId?: unknown } | undefined)?.dataSetId;
      const dataset = typeof datasetId === "string" ? ctx.refs.dataset(sandbox, datasetId) : undefined;
      if (!mapped || !dataset?.schemaRef) continue;
      if (dataset.schemaRef.id !== mapped.id || schemaVersionOf(dataset.schemaRef.contentType) !== mapped.version) {
        throw flowServiceError(
          1425,
          400,
          `Error while matching schema in target dataset ${dataset.id} with schema in mapping ${id}. Schema with same id and version must be used in both mapping and target dataset.`,
        );
      }
    }
  }
}

/**
 * A flow cannot be published while one of its connections is a draft (the draft tutorial). Adobe
 * documents no code for this refusal: 1100 ("Invalid request … Error from flow provider") naming the
 * draft, as the catalogue's 1444 is about the flow's own state.
 */
function draftConnection(ctx: KindContext, flow: StoredFlow): string | undefined {
  for (const [kind, ids] of [
    ["source", flow.sourceConnectionIds],
    ["target", flow.targetConnectionIds],
  ] as const) {
    for (const id of ids) {
      if (ctx.refs.connection(kind, ctx.caller.sandboxName, id)?.state === "draft") {
        return `flow ${flow.id} cannot be published while its ${kind} connection ${id} is a draft: publish the ${kind} connection first (POST /${kind}Connections/${id}/action?op=publish)`;
      }
    }
  }
  return undefined;
}

/**
 * Whether a flow is a sources flow (one that ingests into Platform): its flow spec says so (`attributes.isSourceFlow`, as
 * the cloud storage tutorial prints CloudStorageToAEP), or its source connections are of a source's connection spec
 * (`attributes.isSource`; the streaming flow specs Adobe prints carry no isSourceFlow).
 */
function isSourceFlow(ctx: KindContext, spec: FlowSpec, sourceIds: string[]): boolean {
  if (spec.attributes.isSourceFlow === true) return true;
  return sourceIds.some((id) => {
    const conn = ctx.refs.connection("source", ctx.caller.sandboxName, id);
    return conn !== undefined && connectionSpec(specRef(conn).id)?.attributes.isSource === true;
  });
}

/**
 * What the flow inherits from its connections, as the update tutorial's GET shows; `properties.isSourceFlow` is the
 * filterable field of https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter.
 */
function inherited(ctx: KindContext, spec: FlowSpec, sourceIds: string[], targetIds: string[]): Record<string, unknown> {
  const sandbox = ctx.caller.sandboxName;
  const describe = (kind: "source" | "target", id: string) => {
    const conn = ctx.refs.connection(kind, sandbox, id);
    if (!conn) return { id };
    const base = typeof conn.baseConnectionId === "string" ? ctx.refs.connection("base", sandbox, conn.baseConnectionId) : undefined;
    return {
      id,
      connectionSpec: specRef(conn),
      ...(base ? { baseConnection: { id: base.id, connectionSpec: specRef(base) } } : {}),
    };
  };
  return {
    sourceConnections: sourceIds.map((id) => describe("source", id)),
    targetConnections: targetIds.map((id) => describe("target", id)),
    properties: { isSourceFlow: isSourceFlow(ctx, spec, sourceIds) },
  };
}

export const dataflowKind: EntityKind<StoredFlow> = {
  path: "flows",
  noun: "flow",
  fields: new Set([
    "name",
    "description",
    "flowSpec",
    "sourceConnectionIds",
    "targetConnectionIds",
    "transformations",
    "scheduleParams",
    "options",
    "labels",
  ]),
  precheck(body) {
    if ("state" in body) throw flowServiceError(1410, 400, "`State` is not allowed in the create flow request.");
  },
  spec(body) {
    const ref = body.flowSpec as { id?: unknown; version?: unknown } | undefined;
    if (!ref || typeof ref !== "object" || typeof ref.id !== "string" || !UUID.test(ref.id)) {
      throw flowServiceError(1413, 400, "The spec ID provided is invalid. Please provide a valid spec ID and try again.");
    }
    // The spec's SpecInfoDTO requires `version` (a string); no code is documented: 1100.
    if (typeof ref.version !== "string") throw invalid('flowSpec.version must be a string such as "1.0"');
    const spec = specOf(ref.id);
    return { id: spec.id, name: spec.name, draftSupported: spec.attributes.isDraftModeSupported !== false };
  },
  build(ctx, b, draft) {
    const spec = specOf((b.flowSpec as { id: string }).id);
    const sourceConnectionIds = requireIdList(b.sourceConnectionIds, "sourceConnectionIds");
    const targetConnectionIds = requireIdList(b.targetConnectionIds, "targetConnectionIds");
    const flow: Record<string, unknown> = {
      name: requireString(b.name, "name", createFail),
      flowSpec: { ...(b.flowSpec as object) },
      sourceConnectionIds,
      targetConnectionIds,
      // The spec's and the destinations spec's form; the update tutorial's GET shows "/flows/{id}/runs" instead.
      runs: "/runs?property=flowId=={id}",
    };
    if (b.description !== undefined) {
      if (typeof b.description !== "string") throw invalid("description must be a string");
      flow.description = b.description;
    }
    if (b.transformations !== undefined) flow.transformations = transformationsFor(spec, b.transformations, ctx.behaviour, createFail);
    if (b.scheduleParams !== undefined) flow.scheduleParams = scheduleFor(spec, b.scheduleParams, ctx.behaviour, createFail);
    // The sources catalogue's 1360: "The start time cannot be set in the past" (it does not exempt drafts; the
    // pastStartTime switch does), https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors
    const start = Number((b.scheduleParams as { startTime?: unknown } | undefined)?.startTime);
    if (Number.isFinite(start) && start * 1000 < ctx.now && !(draft && ctx.behaviour.pastStartTime === "accept-drafts")) {
      throw flowServiceError(1360, 400, "The start time cannot be set in the past. Please provide a valid start time and try again.");
    }
    if (b.options !== undefined) flow.options = optionsFor(spec, b.options, ctx.behaviour, createFail);
    if (b.labels !== undefined) flow.labels = requireLabels(b.labels, createFail);
    if (ctx.checks) {
      checkConnections(ctx, spec, { sourceConnectionIds, targetConnectionIds });
      checkMapping(ctx, { transformations: flow.transformations as unknown[] | undefined, targetConnectionIds });
    }
    flow.inheritedAttributes = inherited(ctx, spec, sourceConnectionIds, targetConnectionIds);
    return flow;
  },
  patchPath(path) {
    return PATCHABLE.test(path) ? undefined : invalidPatch(`path "${path}" cannot be patched`);
  },
  patchFail: invalidPatch,
  afterPatch(ctx, previous, next) {
    const spec = specOf(previous.flowSpec.id);
    requireString(next.name, "name", invalidPatch);
    if (next.description !== undefined && typeof next.description !== "string") throw invalidPatch("description must be a string");
    if (next.scheduleParams !== undefined) next.scheduleParams = scheduleFor(spec, next.scheduleParams, ctx.behaviour, invalidPatch);
    if (next.transformations !== undefined)
      next.transformations = transformationsFor(spec, next.transformations, ctx.behaviour, invalidPatch);
    if (next.options !== undefined) next.options = optionsFor(spec, next.options, ctx.behaviour, invalidPatch);
    if (next.labels !== undefined) next.labels = requireLabels(next.labels, invalidPatch);
    // "startTime cannot change once it has passed" (update tutorial); the sources catalogue's 1366 "The start time has
    // passed and the update operation is no longer allowed". A draft has not started: exempt.
    const previousStart = previous.scheduleParams?.startTime;
    if (
      previous.state !== "draft" &&
      previousStart !== undefined &&
      String(next.scheduleParams?.startTime) !== String(previousStart) &&
      Number(previousStart) * 1000 < ctx.now
    ) {
      throw flowServiceError(1366, 400, "The start time has passed and the update operation is no longer allowed.");
    }
    // A published flow stays complete where behaviour `publishCompleteness` asks it (dataflow-spec-checks.ts); Adobe documents no
    // code for removing its schedule or mapping: 1455.
    if (previous.state !== "draft") {
      const incomplete = incompleteForPublish(spec, next, ctx.behaviour);
      if (incomplete) throw invalidPatch(incomplete);
    }
    if (ctx.checks) checkMapping(ctx, next);
    return next;
  },
  publishBlocker(ctx, flow, phase) {
    const spec = specOf(flow.flowSpec.id);
    const incomplete = incompleteForPublish(spec, flow, ctx.behaviour);
    // No code is documented for an incomplete flow: 1100 at create; 1444 ("Flow … is not in expected state") at publish.
    if (incomplete) {
      return phase === "create"
        ? invalid(incomplete)
        : flowServiceError(1444, 400, `Flow ${flow.id} is not in expected state: ${incomplete}.`);
    }
    if (!ctx.checks) return undefined;
    if (phase === "publish") {
      checkConnections(ctx, spec, flow);
      checkMapping(ctx, flow);
    }
    const draft = draftConnection(ctx, flow);
    return draft ? invalid(draft) : undefined;
  },
  notDraft(flow) {
    return flowServiceError(1444, 400, `Flow ${flow.id} is not in expected state draft.`);
  },
  // enable/disable: the destination update tutorial's ops
  // (https://experienceleague.adobe.com/en/docs/experience-platform/destinations/api/update-destination-dataflows).
  // A draft is not enabled until published and never goes back (the UI draft guide, experience-platform.en
  // help/sources/tutorials/ui/draft.md); an op that does not apply is 1422. Adobe documents 1422
  // but not whether enabling an enabled flow is refused; it is here (no switch). finalize is provider-only (1402).
  action(verb, flow) {
    switch (verb) {
      case "enable":
      case "disable":
        if (flow.state === "draft" || flow.state === (verb === "enable" ? "enabled" : "disabled")) {
          throw flowServiceError(
            1422,
            400,
            `The action ${verb} cannot be applied on the current state ${flow.state}. Please update the action and try again.`,
          );
        }
        return verb === "enable" ? "enabled" : "disabled";
      case "finalize":
      case "finalize_update":
        throw flowServiceError(1402, 400, `The action '${verb}' is supported for provider requests only.`);
      default:
        throw invalid(`unknown action op "${verb}": expected publish, enable or disable`);
    }
  },
  deleteBlocker: () => undefined,
  // Publish and enable initialise the flow's runs; the choice of state names is the catalogue's (1420, 1421, 1456, 1457).
  // Which operation passes through which state is not documented (behaviour `transitionMs`, default 0, skips them).
  transitions: {
    update: "updating",
    publish: "initializing",
    enable: "initializing",
    disable: "disabling",
    delete: "delete-finalizing",
  },
  view: (flow) => flow,
  controlView: (flow) => flow,
};
