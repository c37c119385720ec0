// Target connections (`/targetConnections`): where a flow writes. For the data lake, a dataset of the
// sandbox's Catalog (`params.dataSetId`; the sources catalogue's 1325 when it is missing) and
// optionally its schema (`data.schema`); no base connection, as none of Adobe's data lake examples
// carries one. No PATCH path is documented for a target connection (behaviour `connectionPatchPaths`).
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
// Codes 1304, 1312, 1325, 1365: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors;
// 1414, 1455: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { Fail, flowServiceError, invalid, invalidPatch } from "../errors";
import { ConnectionSpec, connectionSpec } from "../specs";
import {
  StoredConnection,
  checkAgainst,
  invalidParam,
  mandatory,
  optionalDescription,
  optionalName,
  specFacts,
  specNamed,
} from "./connections";
import { checkBase, dataConnectionKind, filledData, specFields } from "./data-connection";
import type { EntityKind, KindContext } from "./kind";

export interface StoredTargetConnection extends StoredConnection {
  data: Record<string, unknown>;
  params: Record<string, unknown>;
  baseConnectionId?: string;
}

/** The target spec's params; `dataSetId` must name a dataset of the sandbox's Catalog. */
function checkParams(ctx: KindContext, spec: ConnectionSpec, name: unknown, params: unknown, fail: Fail): Record<string, unknown> {
  const p = (params ?? {}) as Record<string, unknown>;
  const targetSpec = spec.targetSpec as { spec?: { required?: string[] } & Record<string, unknown> } | undefined;
  const needsDataset = targetSpec?.spec?.required?.includes("dataSetId") === true;
  if (needsDataset && (typeof p.dataSetId !== "string" || p.dataSetId.trim() === "")) {
    throw flowServiceError(
      1325,
      400,
      `The dataSetId param cannot be null or empty in target connection: ${typeof name === "string" ? name : "(unnamed)"}. Please provide valid dataSetId param and try again.`,
    );
  }
  if (targetSpec?.spec) checkAgainst(targetSpec.spec, p, "params", fail);
  // The catalogue has no code for a dataset that does not exist; 1312 says the value is not a valid input. Checked so that
  // a wrong id fails at create, not at the first run (behaviour `referentialChecks`).
  if (needsDataset && ctx.checks && !ctx.refs.dataset(ctx.caller.sandboxName, p.dataSetId as string)) {
    throw invalidParam(p.dataSetId as string, "dataSetId");
  }
  return { ...p };
}

export const targetConnectionKind: EntityKind<StoredTargetConnection> = {
  path: "targetConnections",
  // No PATCH path is documented for a target connection: only behaviour `connectionPatchPaths: lenient` takes any.
  ...dataConnectionKind("target connection"),
  spec(body) {
    const { spec } = specNamed(body);
    // Adobe documents no answer to a target connection on a spec without a target spec: 1100.
    if (!spec.targetSpec) throw invalid(`connection spec ${spec.name} (${spec.id}) is not a target`);
    return specFacts(spec);
  },
  build(ctx, b) {
    const { spec, version } = specNamed(b);
    // `name` is optional for a target connection (the spec's schema requires only connectionSpec and data).
    optionalName(b.name);
    const description = optionalDescription(b.description);
    // The spec's schema requires `data`:
    // https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml
    if (b.data === undefined) throw mandatory("data");
    if (!b.data || typeof b.data !== "object" || Array.isArray(b.data)) throw invalid("data must be an object");
    const base: Record<string, unknown> = { inheritedAttributes: {} };
    if (b.baseConnectionId !== undefined) {
      if (spec.authSpec.length === 0) {
        // As the sources catalogue's 1332 for source connections; no code is documented for target connections: 1100.
        throw invalid(`connection spec ${spec.name} (${spec.id}) takes no base connection: remove baseConnectionId`);
      }
      const found = ctx.checks ? checkBase(ctx, String(b.baseConnectionId), spec.id) : undefined;
      base.baseConnectionId = b.baseConnectionId;
      base.inheritedAttributes = { baseConnection: { id: b.baseConnectionId, connectionSpec: found?.connectionSpec ?? { id: spec.id } } };
    }
    return {
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(description !== undefined ? { description } : {}),
      ...base,
      data: filledData(b.data as Record<string, unknown>),
      params: checkParams(ctx, spec, b.name, b.params, invalid),
      ...specFields(spec, version),
    };
  },
  afterPatch(ctx, previous, next) {
    const spec = connectionSpec(previous.connectionSpec.id)!;
    optionalName(next.name, invalidPatch);
    optionalDescription(next.description, invalidPatch);
    next.params = checkParams(ctx, spec, next.name, next.params, invalidPatch);
    return next;
  },
};
