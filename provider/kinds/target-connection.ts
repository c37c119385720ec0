// The TargetConnection kind: `/targetConnections`, where a flow writes: for sources, a dataset of
// the data lake (connection spec c604ff05-…, no base connection), with the schema of that dataset.
// Its lifecycle is data-connection.ts's. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import { z } from "zod";
import { DataConnectionInputs, dataConnectionKind } from "./data-connection";
import { EntityOutputs } from "./kind";

/** The data lake's connection spec: the target of every sources flow. */
export const DATA_LAKE_CONNECTION_SPEC = { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" };

export interface TargetConnectionInputs extends DataConnectionInputs {
  /** The dataset's XDM schema: `{id: <schema $id>, version: "application/vnd.adobe.xed-full+json;version=1"}`. */
  data?: { format?: string; schema?: { id: string; version: string }; properties?: Record<string, unknown> };
  /** Spec-defined; for the data lake `{dataSetId}`. */
  params?: Record<string, unknown>;
}

export type TargetConnectionOutputs = TargetConnectionInputs & EntityOutputs;

export const TARGET_CONNECTION = dataConnectionKind<TargetConnectionInputs>({
  typeName: "TargetConnection",
  noun: "target connection",
  collection: "targetConnections",
  specSide: "targetSpec",
  flowProperty: "targetConnectionIds",
  data: z.strictObject({
    format: z.string().min(1).optional(),
    schema: z
      .strictObject({
        id: z.string().min(1, "must be the schema's $id (a URI)"),
        version: z.string().min(1, 'must be a schema media type such as "application/vnd.adobe.xed-full+json;version=1"'),
      })
      .optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  }),
});
