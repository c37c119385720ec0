// How one entity looks at the others of its sandbox: a flow at its connections and mapping set, a
// source or target connection at its base connection and dataset, a mapping set at its schema, and
// a delete at whatever still uses the entity. Implemented by the Platform (platform.ts) over every store.
import type { StoredEntity } from "./entity";

export type ConnectionKind = "base" | "source" | "target";

/** What the Flow Service learns of a mapping set from Data Prep. */
export interface MappingSetFacts {
  id: string;
  versions: number[];
  /** The output schema's `$id` and the version in its content type, per mapping set version. */
  schemaOf(version: number): { id: string; version: string | undefined } | undefined;
}

export interface DatasetFacts {
  id: string;
  name: string;
  schemaRef?: { id: string; contentType?: string };
}

export interface SchemaFacts {
  $id: string;
  "meta:altId": string;
  title: string;
  version: string;
  /** The schema's fields as a `xed-full` lookup resolves them (its field groups' and its own; classes add none here). */
  fields(): Record<string, unknown>;
}

export interface References {
  connection(kind: ConnectionKind, sandbox: string, id: string): StoredEntity | undefined;
  /** The source and target connections built on base connection `baseId`. */
  connectionsOfBase(sandbox: string, baseId: string): { kind: "source" | "target"; id: string }[];
  /** The flows (in any state, including delete-finalizing) that list connection `id`. */
  flowsUsingConnection(sandbox: string, id: string): StoredEntity[];
  /** The flows whose Mapping transformation names mapping set `id`. */
  flowsUsingMapping(sandbox: string, id: string): StoredEntity[];
  mappingSet(sandbox: string, id: string): MappingSetFacts | undefined;
  dataset(sandbox: string, id: string): DatasetFacts | undefined;
  schema(sandbox: string, idOrAltId: string): SchemaFacts | undefined;
}

/**
 * The major version in a content type such as `application/vnd.adobe.xed-full+json;version=1`: what 1425 ("Schema with
 * same id and version must be used in both mapping and target dataset", the flow service catalogue) compares, as mapping
 * sets and datasets name no other version.
 */
export function schemaVersionOf(contentType: string | undefined): string | undefined {
  const m = /version=(\d+)/.exec(contentType ?? "");
  return m?.[1];
}
