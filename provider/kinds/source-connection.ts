// The SourceConnection kind: `/sourceConnections`, where a flow reads: a path or table of the base
// connection's account, and the data's format. Its lifecycle is data-connection.ts's. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import { z } from "zod";
import { emptyTextWarnings } from "./check";
import { DataConnectionInputs, dataConnectionKind } from "./data-connection";
import { EntityOutputs } from "./kind";

export interface SourceConnectionInputs extends DataConnectionInputs {
  /** The data's format: `delimited`, `json`, `parquet` for files, `tabular` for tables; `properties` such as `columnDelimiter`. */
  data?: { format: string; schema?: unknown; properties?: Record<string, unknown> };
  /** Spec-defined: `path` and `recursive` for files, `tableName` for tables. */
  params?: Record<string, unknown>;
}

export type SourceConnectionOutputs = SourceConnectionInputs & EntityOutputs;

export const SOURCE_CONNECTION = dataConnectionKind<SourceConnectionInputs>({
  typeName: "SourceConnection",
  noun: "source connection",
  collection: "sourceConnections",
  specSide: "sourceSpec",
  flowProperty: "sourceConnectionIds",
  data: z.strictObject({
    format: z.string(),
    schema: z.unknown().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  }),
  dataWarnings: (data) =>
    emptyTextWarnings(
      "data.format",
      (data as { format?: unknown } | undefined)?.format,
      'a data format such as "delimited", "json", "parquet" or "tabular"',
    ),
});
