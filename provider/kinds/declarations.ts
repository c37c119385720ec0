// Every resource kind's declaration, in the order the package schema, the SDKs and the docs list
// them. Adding a kind is a folder under provider/kinds/ and a line here. Pure.
import { BASE_CONNECTION_DECLARATION } from "./base-connection/declaration";
import { DATAFLOW_DECLARATION } from "./dataflow/declaration";
import { DATASET_DECLARATION } from "./dataset/declaration";
import { FIELD_GROUP_DECLARATION } from "./field-group/declaration";
import { IDENTITY_DESCRIPTOR_DECLARATION } from "./identity-descriptor/declaration";
import { MAPPING_SET_DECLARATION } from "./mapping-set/declaration";
import { SCHEMA_DECLARATION } from "./schema/declaration";
import { SOURCE_CONNECTION_DECLARATION } from "./source-connection/declaration";
import { TARGET_CONNECTION_DECLARATION } from "./target-connection/declaration";

export const RESOURCE_DECLARATIONS = [
  DATAFLOW_DECLARATION,
  BASE_CONNECTION_DECLARATION,
  SOURCE_CONNECTION_DECLARATION,
  TARGET_CONNECTION_DECLARATION,
  MAPPING_SET_DECLARATION,
  DATASET_DECLARATION,
  FIELD_GROUP_DECLARATION,
  SCHEMA_DECLARATION,
  IDENTITY_DESCRIPTOR_DECLARATION,
] as const;

/** The runtime kind names (what `pulumi-aep-dataflows/runtime`'s `forKind` takes). */
export type KindName = (typeof RESOURCE_DECLARATIONS)[number]["name"];
