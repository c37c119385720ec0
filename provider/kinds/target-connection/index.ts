// The TargetConnection kind: `/targetConnections`, where a flow writes: for sources, a dataset of
// the data lake (connection spec c604ff05-…, no base connection), with the schema of that dataset.
// Its lifecycle is data-connection.ts's. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import { dataConnectionKind } from "../data-connection";
import { emptyTextWarnings } from "../entity";
import type { InputsOf, OutputsOf } from "../kind";
import { TARGET_CONNECTION_DECLARATION } from "./declaration";

/** The data lake's connection spec: the target of every sources flow. */
export const DATA_LAKE_CONNECTION_SPEC = { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" };

export type TargetConnectionInputs = InputsOf<typeof TARGET_CONNECTION_DECLARATION>;
export type TargetConnectionOutputs = OutputsOf<typeof TARGET_CONNECTION_DECLARATION>;

export const TARGET_CONNECTION = dataConnectionKind<TargetConnectionInputs>({
  typeName: "TargetConnection",
  noun: "target connection",
  collection: "targetConnections",
  specSide: "targetSpec",
  flowProperty: "targetConnectionIds",
  declaration: TARGET_CONNECTION_DECLARATION,
  dataWarnings(data) {
    const d = data as { format?: unknown; schema?: { id?: unknown; version?: unknown } } | undefined;
    return [
      ...emptyTextWarnings("data.format", d?.format, 'a data format such as "parquet_xdm", or none'),
      ...emptyTextWarnings("data.schema.id", d?.schema?.id, "the schema's $id (a URI)"),
      ...emptyTextWarnings(
        "data.schema.version",
        d?.schema?.version,
        'a schema media type such as "application/vnd.adobe.xed-full+json;version=1"',
      ),
    ];
  },
});
