// The MappingSet kind: Data Prep's `/mappingSets`, the rules that map source fields to the XDM
// schema of the target dataset. Unlike Flow Service entities it has no draft, no state and no
// etag: a change is a full `PUT` that makes a new version (the output `version`), and a flow pins
// a version in its Mapping transformation, so the flow gets one PATCH when the mapping changes.
// The service reads rules back in another shape (`sourceType: "text/x.schema-path"` for ATTRIBUTE,
// rule ids, legacy duplicates), so rules are compared by what they mean. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
import { z } from "zod";
import type { MappingRule, MappingSet as ApiMappingSet, MappingSetRequest } from "../../sdk/types";
import { parseInputs, sandboxName } from "./check";
import { CheckFailure, isoTime } from "./kind";

export interface MappingSetInputs {
  /** The XDM schema the rules write to: `{ schemaRef: { id: <schema $id>, contentType: "application/vnd.adobe.xed-full+json;version=1" } }`. */
  outputSchema: { schemaRef: { id: string; contentType: string } };
  /** `ATTRIBUTE` (a source field), `EXPRESSION` (a Data Prep function) or `STATIC` (a constant) rules, in order. */
  mappings: MappingRule[];
  sandboxName: string;
  /** Take over the existing mapping set with this id when the resource is created (a new version is made if it differs). */
  adoptId?: string;
  adoption?: string;
}

export interface MappingSetOutputs extends MappingSetInputs {
  /** The version the rules are in (0 at creation, one more on every change): what a flow's Mapping transformation pins. */
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

const MAPPING_SET_ID = /^[0-9a-f]{32}$/i;

/** The read shape's names for the written `sourceType`s ("text/x.schema-path" is how an ATTRIBUTE rule reads back). */
const SOURCE_TYPE_READ: Record<string, string> = {
  "text/x.schema-path": "ATTRIBUTE",
  "text/x.aep-sl": "EXPRESSION",
  "text/x.static": "STATIC",
};

const rule = z.strictObject({
  sourceType: z.enum(["ATTRIBUTE", "EXPRESSION", "STATIC"], {
    error: 'must be "ATTRIBUTE" (a source field), "EXPRESSION" (a Data Prep function) or "STATIC" (a constant)',
  }),
  source: z.string().min(1, "must name the source field, expression or constant"),
  destination: z.string().min(1, "must be the XDM path the value is written to (e.g. personalEmail.address)"),
  name: z.string().optional(),
  description: z.string().optional(),
});

const schema = z.strictObject({
  outputSchema: z.strictObject({
    schemaRef: z.strictObject({
      id: z.string().min(1, "must be the schema's $id (look it up by title with getSchema)"),
      contentType: z.string().min(1, 'must be a schema media type such as "application/vnd.adobe.xed-full+json;version=1"'),
    }),
  }),
  mappings: z.array(rule).min(1, "needs at least one rule"),
  sandboxName: sandboxName.optional(),
  adoptId: z.string().regex(MAPPING_SET_ID, "must be a mapping set id (32 hexadecimal digits)").optional(),
});

export function checkMappingSet(
  _olds: Partial<MappingSetInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: MappingSetInputs; failures: CheckFailure[] } {
  const { parsed, failures } = parseInputs(schema, "MappingSet", news);
  const destinations = new Map<string, number>();
  ((parsed.mappings as MappingRule[] | undefined) ?? []).forEach((r, i) => {
    if (typeof r?.destination !== "string") return;
    const first = destinations.get(r.destination);
    if (first !== undefined) failures.push({ property: `mappings[${i}].destination`, reason: `is also written by mappings[${first}]` });
    else destinations.set(r.destination, i);
  });
  return {
    inputs: { ...parsed, sandboxName: (parsed.sandboxName as string | undefined) ?? defaults.sandboxName } as MappingSetInputs,
    failures,
  };
}

/** What a rule means: its kind, source and destination (not its id, nor the form `sourceType` reads back in). */
function meaning(r: Partial<MappingRule>): string {
  const type = SOURCE_TYPE_READ[String(r.sourceType)] ?? String(r.sourceType ?? "").toUpperCase();
  const source = r.source ?? (r as { sourceAttribute?: string }).sourceAttribute;
  const destination = r.destination ?? (r as { destinationXdmPath?: string }).destinationXdmPath;
  return JSON.stringify([type, source, destination]);
}

/** Whether two rule lists mean the same, in order. */
export function sameRules(a: Partial<MappingRule>[] | undefined, b: Partial<MappingRule>[] | undefined): boolean {
  const x = (a ?? []).map(meaning);
  const y = (b ?? []).map(meaning);
  return x.length === y.length && x.every((m, i) => m === y[i]);
}

export function sameSchemaRef(a: { id?: string } | undefined, b: { id?: string } | undefined): boolean {
  return (a?.id ?? "") === (b?.id ?? "");
}

/** Whether the mapping set holds what `inputs` declare (so no new version is needed). */
export function holdsDeclared(
  remote: Pick<MappingSetOutputs, "outputSchema" | "mappings">,
  inputs: Pick<MappingSetInputs, "outputSchema" | "mappings">,
): boolean {
  return sameSchemaRef(remote.outputSchema?.schemaRef, inputs.outputSchema.schemaRef) && sameRules(remote.mappings, inputs.mappings);
}

export function toRequest(inputs: MappingSetInputs): MappingSetRequest {
  return { outputSchema: inputs.outputSchema, mappings: inputs.mappings };
}

/**
 * Outputs from a mapping set as Data Prep returns it, with the rules and schema in the form the
 * program declared them when they mean the same (so a refresh shows no change of form).
 */
export function outputsFromMappingSet(
  remote: ApiMappingSet,
  previous: Partial<MappingSetOutputs> & Pick<MappingSetOutputs, "sandboxName">,
): MappingSetOutputs {
  const schemaRef = remote.outputSchema?.schemaRef ?? { id: String((remote as { xdmSchema?: string }).xdmSchema ?? ""), contentType: "" };
  const remoteRules: MappingRule[] = (remote.mappings ?? []).map((r) => ({
    sourceType: SOURCE_TYPE_READ[String(r.sourceType)] ?? String(r.sourceType),
    source: String(r.source ?? (r as { sourceAttribute?: string }).sourceAttribute ?? ""),
    destination: String(r.destination ?? (r as { destinationXdmPath?: string }).destinationXdmPath ?? ""),
    ...(r.name ? { name: r.name } : {}),
    ...(r.description ? { description: r.description } : {}),
  }));
  const outputs: MappingSetOutputs = {
    outputSchema:
      previous.outputSchema && sameSchemaRef(schemaRef, previous.outputSchema.schemaRef)
        ? previous.outputSchema
        : { schemaRef: { id: schemaRef.id, contentType: schemaRef.contentType ?? "" } },
    mappings: previous.mappings && sameRules(remoteRules, previous.mappings) ? previous.mappings : remoteRules,
    sandboxName: previous.sandboxName,
    version: Number(remote.version ?? 0),
  };
  if (previous.adoptId !== undefined) outputs.adoptId = previous.adoptId;
  if (previous.adoption !== undefined) outputs.adoption = previous.adoption;
  const createdAt = isoTime(remote.createdDate);
  const updatedAt = isoTime(remote.modifiedDate);
  if (createdAt) outputs.createdAt = createdAt;
  if (updatedAt) outputs.updatedAt = updatedAt;
  return outputs;
}

/** The input part of outputs. */
export function mappingSetInputsOf(outputs: MappingSetOutputs): MappingSetInputs {
  const { version: _v, createdAt: _c, updatedAt: _u, ...inputs } = outputs;
  return inputs;
}
