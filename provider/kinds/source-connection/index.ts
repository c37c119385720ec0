// The SourceConnection kind: `/sourceConnections`, where a flow reads: a path or table of the base
// connection's account, and the data's format. Its lifecycle is data-connection.ts's. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import { dataConnectionKind } from "../data-connection";
import { emptyTextWarnings } from "../entity";
import type { InputsOf, OutputsOf } from "../kind";
import { SOURCE_CONNECTION_DECLARATION } from "./declaration";

export type SourceConnectionInputs = InputsOf<typeof SOURCE_CONNECTION_DECLARATION>;
export type SourceConnectionOutputs = OutputsOf<typeof SOURCE_CONNECTION_DECLARATION>;

export const SOURCE_CONNECTION = dataConnectionKind<SourceConnectionInputs>({
  typeName: "SourceConnection",
  noun: "source connection",
  collection: "sourceConnections",
  specSide: "sourceSpec",
  flowProperty: "sourceConnectionIds",
  declaration: SOURCE_CONNECTION_DECLARATION,
  dataWarnings: (data) =>
    emptyTextWarnings(
      "data.format",
      (data as { format?: unknown } | undefined)?.format,
      'a data format such as "delimited", "json", "parquet" or "tabular"',
    ),
});
