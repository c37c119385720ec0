// Source connections (`/sourceConnections`): where a flow reads, on a base connection of the same
// connection spec; `data.format` and `params` checked against the spec's source spec (file-based:
// delimited|json|parquet, a one-character delimiter, the documented encodings and compressions;
// table-based: tabular). A GET adds what the server fills in: `data.schema`/`data.properties` null,
// `params.columns` [], `providerRefId`, `inheritedAttributes.baseConnection`.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage,
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter
// Codes 1304, 1312, 1327, 1331, 1332, 1365: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors;
// 1414, 1455: https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { flowServiceError, invalid, invalidPatch } from "../errors";
import { ConnectionSpec, connectionSpec } from "../specs";
import {
  StoredConnection,
  checkAgainst,
  invalidParam,
  mandatory,
  optionalDescription,
  requireName,
  specFacts,
  specNamed,
} from "./connections";
import { checkBase, dataConnectionKind, filledData, specFields } from "./data-connection";
import type { EntityKind, KindContext } from "./kind";

export interface StoredSourceConnection extends StoredConnection {
  name: string;
  baseConnectionId?: string;
  data?: Record<string, unknown>;
  params?: Record<string, unknown>;
}

/** The cloud storage tutorial's values for file-based sources. */
const FILE_FORMATS = ["delimited", "json", "parquet"];
const ENCODINGS = ["UTF-8", "ISO-8859-1"];
const COMPRESSIONS = ["bzip2", "gzip", "deflate", "zipDeflate", "tarGzip", "tar"];

/**
 * Only `/params/filters` is documented (the filter tutorial); behaviour `connectionPatchPaths:
 * lenient` also takes the name, the description and any param (data-connection.ts).
 */
const DOCUMENTED = /^\/params\/filters(\/.*)?$/;

function checkData(spec: ConnectionSpec, data: unknown): Record<string, unknown> | undefined {
  const sourceSpec = spec.sourceSpec as { type?: string } | undefined;
  // The HTTP API (no source spec here) sends no `data` in its tutorial, though the spec's schema requires `data`;
  // the file and table connectors' tutorials always send it, and it is required for them.
  if (!sourceSpec) return data === undefined ? undefined : { ...(data as object) };
  if (data === undefined) throw mandatory("data");
  if (!data || typeof data !== "object" || Array.isArray(data)) throw invalid("data must be an object");
  const d = data as { format?: unknown; properties?: Record<string, unknown> };
  const formats = sourceSpec.type === "Tabular" ? ["tabular"] : FILE_FORMATS;
  if (typeof d.format !== "string" || !formats.includes(d.format)) {
    throw flowServiceError(
      1327,
      400,
      `The format of source data supplied=${String(d.format)} in SourceConnection is not supported. The allowed values are: ${formats.join(", ")}. Please provide allowed values and try again.`,
    );
  }
  const p = d.properties ?? {};
  if (p.columnDelimiter !== undefined && (typeof p.columnDelimiter !== "string" || [...p.columnDelimiter].length !== 1)) {
    throw flowServiceError(
      1331,
      400,
      "Column Delimiter cannot be more than one character in SourceConnection. Please provide valid column delimiter and try again.",
    );
  }
  if (p.encoding !== undefined && !ENCODINGS.includes(String(p.encoding))) throw invalidParam(String(p.encoding), "encoding");
  if (p.compressionType !== undefined && !COMPRESSIONS.includes(String(p.compressionType))) {
    throw invalidParam(String(p.compressionType), "compressionType");
  }
  return { ...d };
}

function checkParams(spec: ConnectionSpec, params: unknown, fail = invalid): Record<string, unknown> | undefined {
  const sourceSpec = spec.sourceSpec as { type?: string; spec?: Record<string, unknown> } | undefined;
  if (!sourceSpec?.spec) return params === undefined ? undefined : { ...(params as object) };
  checkAgainst(sourceSpec.spec, params ?? {}, "params", fail);
  const p = { ...(params as Record<string, unknown>) };
  // A table-based source's columns read back as [] when none were sent (the filter tutorial's GET).
  if (sourceSpec.type === "Tabular" && p.columns === undefined) p.columns = [];
  return p;
}

function baseFields(ctx: KindContext, spec: ConnectionSpec, baseConnectionId: unknown): Record<string, unknown> {
  if (spec.authSpec.length === 0) {
    if (baseConnectionId === undefined) return { inheritedAttributes: {} };
    // The sources catalogue's 1332: some specs take no base connection.
    throw flowServiceError(
      1332,
      400,
      `The source connection request with the connectionSpecId: ${spec.id} cannot have a baseConnectionId. Please remove the baseConnectionId and try again.`,
    );
  }
  // The spec's schema does not require baseConnectionId; every tutorial for a connector with an auth spec sends one:
  // behaviour `sourceBaseConnection` takes a source without it (default), or requires it (1304).
  if (baseConnectionId === undefined) {
    if (ctx.behaviour.sourceBaseConnection === "required") throw mandatory("baseConnectionId");
    return { inheritedAttributes: {} };
  }
  if (typeof baseConnectionId !== "string") throw invalid("baseConnectionId must be a base connection id");
  const base = ctx.checks ? checkBase(ctx, baseConnectionId, spec.id) : undefined;
  return {
    baseConnectionId,
    inheritedAttributes: {
      baseConnection: { id: baseConnectionId, connectionSpec: base?.connectionSpec ?? { id: spec.id, version: spec.version } },
    },
  };
}

export const sourceConnectionKind: EntityKind<StoredSourceConnection> = {
  path: "sourceConnections",
  ...dataConnectionKind("source connection", DOCUMENTED),
  spec(body) {
    const { spec } = specNamed(body);
    // `attributes.isSource` (the draft tutorial's connection spec); Adobe documents no answer to a source connection on a
    // spec that is not a source: 1100.
    if (spec.attributes.isSource !== true) throw invalid(`connection spec ${spec.name} (${spec.id}) is not a source`);
    return specFacts(spec);
  },
  build(ctx, b) {
    const { spec, version } = specNamed(b);
    const description = optionalDescription(b.description);
    const data = checkData(spec, b.data);
    const params = checkParams(spec, b.params);
    return {
      name: requireName(b.name),
      ...(description !== undefined ? { description } : {}),
      ...baseFields(ctx, spec, b.baseConnectionId),
      ...(data !== undefined || spec.sourceSpec ? { data: filledData(data) } : {}),
      ...(params !== undefined ? { params } : {}),
      ...specFields(spec, version),
    };
  },
  afterPatch(_ctx, previous, next) {
    const spec = connectionSpec(previous.connectionSpec.id)!;
    requireName(next.name, invalidPatch);
    optionalDescription(next.description, invalidPatch);
    const params = checkParams(spec, next.params, invalidPatch);
    if (params !== undefined) next.params = params;
    return next;
  },
};
