// The MappingSet kind: Data Prep's `/mappingSets`, the rules that map source fields to the XDM
// schema of the target dataset. Unlike Flow Service entities it has no draft, no state and no
// etag: a change is a full `PUT` that makes a new version (the output `version`), and a flow pins
// a version in its Mapping transformation, so the flow gets one PATCH when the mapping changes.
// The service reads rules back in another shape (`sourceType: "text/x.schema-path"` for ATTRIBUTE,
// rule ids, legacy duplicates), so rules are compared by what they mean. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
import type { MappingRule, MappingSet as ApiMappingSet, MappingSetRequest } from "../../adobe/types";
import { UNKNOWN } from "../../engine/unknown";

import { emptyTextWarnings, parseDeclared, sandboxNameChecks, warning } from "../entity";
import { CheckFailure, InputsOf, OutputsOf, ResourceKind, isoTime } from "../kind";
import { MAPPING_SET_DECLARATION } from "./declaration";
import { plainChanged, plainRead, plainRequest } from "../wire";
import { destinationWarnings, outputSchemaRef } from "./destinations";

/**
 * A mapping set's inputs, from its declaration. Rules are typed as Data Prep reads them back: as an
 * output a rule changed outside Pulumi may carry a media type for `sourceType` (e.g. `text/x.aep-xl`).
 */
export type MappingSetInputs = Omit<InputsOf<typeof MAPPING_SET_DECLARATION>, "mappings"> & { mappings: MappingRule[] };
export type MappingSetOutputs = Omit<OutputsOf<typeof MAPPING_SET_DECLARATION>, "mappings"> & { mappings: MappingRule[] };

const MAPPING_SET_ID = /^[0-9a-f]{32}$/i;

/**
 * The written `sourceType`s a read-back one can stand for. "text/x.schema-path" is how an ATTRIBUTE
 * rule reads back (the mapping set guide); for expressions and constants Adobe documents no read
 * shape — its destination mappings use "text/x.aep-xl" for both — so any other media type read back
 * is taken to mean EXPRESSION or STATIC, and the source text decides.
 * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
 */
function writtenTypes(sourceType: unknown): string[] {
  const type = String(sourceType ?? "");
  if (type === "text/x.schema-path") return ["ATTRIBUTE"];
  if (type.startsWith("text/x.")) return ["EXPRESSION", "STATIC"];
  return [type.toUpperCase()];
}

export function checkMappingSet(
  _olds: Partial<MappingSetInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: MappingSetInputs; failures: CheckFailure[] } {
  const { inputs, failures } = parseDeclared<MappingSetInputs>(MAPPING_SET_DECLARATION, news, defaults);
  return { inputs, failures: [...failures, ...mappingSetWarnings(inputs)] };
}

/** What nobody documents about a mapping set's inputs, as warnings (rules.ts): Data Prep decides. */
export function mappingSetWarnings(inputs: Partial<MappingSetInputs>): CheckFailure[] {
  const out: CheckFailure[] = [...sandboxNameChecks(inputs.sandboxName)];
  const ref = inputs.outputSchema?.schemaRef;
  out.push(
    ...emptyTextWarnings("outputSchema.schemaRef.id", ref?.id, "the schema's $id (look it up by title with getSchema)"),
    ...emptyTextWarnings(
      "outputSchema.schemaRef.contentType",
      ref?.contentType,
      'a schema media type such as "application/vnd.adobe.xed-full+json;version=1"',
    ),
  );
  if (typeof inputs.adoptId === "string" && !MAPPING_SET_ID.test(inputs.adoptId) && inputs.adoptId !== UNKNOWN)
    out.push(
      warning(
        "id.form",
        "adoptId",
        `is not 32 hexadecimal digits, which every mapping set id has (given ${JSON.stringify(inputs.adoptId)})`,
      ),
    );
  const rules = Array.isArray(inputs.mappings) ? inputs.mappings : undefined;
  if (rules?.length === 0) out.push(warning("mapping.rules.present", "mappings", "holds no rule: the mapping set would map nothing"));
  const destinations = new Map<string, number>();
  (rules ?? []).forEach((r: Partial<MappingRule>, i) => {
    out.push(
      ...emptyTextWarnings(`mappings[${i}].source`, r?.source, "the source field, expression or constant"),
      ...emptyTextWarnings(
        `mappings[${i}].destination`,
        r?.destination,
        "the XDM path the value is written to (e.g. personalEmail.address)",
      ),
    );
    if (typeof r?.destination !== "string" || r.destination === UNKNOWN) return;
    const first = destinations.get(r.destination);
    if (first !== undefined)
      out.push(warning("mapping.destinations.unique", `mappings[${i}].destination`, `is also written by mappings[${first}]`));
    else destinations.set(r.destination, i);
  });
  return out;
}

/** Whether two rules mean the same: kind, source and destination (not the rule's id, nor the form `sourceType` reads back in). */
function sameRule(a: Partial<MappingRule>, b: Partial<MappingRule>): boolean {
  const source = (r: Partial<MappingRule>) => r.source ?? (r as { sourceAttribute?: string }).sourceAttribute;
  const destination = (r: Partial<MappingRule>) => r.destination ?? (r as { destinationXdmPath?: string }).destinationXdmPath;
  const [x, y] = [writtenTypes(a.sourceType), writtenTypes(b.sourceType)];
  return x.some((t) => y.includes(t)) && source(a) === source(b) && destination(a) === destination(b);
}

/** Whether two rule lists mean the same, in order. */
export function sameRules(a: Partial<MappingRule>[] | undefined, b: Partial<MappingRule>[] | undefined): boolean {
  const [x, y] = [a ?? [], b ?? []];
  return x.length === y.length && x.every((r, i) => sameRule(r, y[i]));
}

export function sameSchemaRef(a: { id?: string } | undefined, b: { id?: string } | undefined): boolean {
  return (a?.id ?? "") === (b?.id ?? "");
}

/** Whether the mapping set holds what `inputs` declare (so no new version is needed). */
/** The inputs this kind converts itself (wire.ts sends and reads any other as it is). */
const CONVERTED = ["outputSchema", "mappings"];

/** What differs between a mapping set and declared inputs: `outputSchema`, `mappings` (by meaning), or another input. */
export function changedInputs(
  remote: Pick<MappingSetOutputs, "outputSchema" | "mappings">,
  inputs: Pick<MappingSetInputs, "outputSchema" | "mappings">,
): string[] {
  return [
    ...(sameSchemaRef(remote.outputSchema?.schemaRef, inputs.outputSchema?.schemaRef) ? [] : ["outputSchema"]),
    ...(sameRules(remote.mappings, inputs.mappings) ? [] : ["mappings"]),
    ...plainChanged(MAPPING_SET_DECLARATION, CONVERTED, remote, inputs),
  ];
}

export function holdsDeclared(
  remote: Pick<MappingSetOutputs, "outputSchema" | "mappings">,
  inputs: Pick<MappingSetInputs, "outputSchema" | "mappings">,
): boolean {
  return changedInputs(remote, inputs).length === 0;
}

export function toRequest(inputs: MappingSetInputs): MappingSetRequest {
  return { ...plainRequest(MAPPING_SET_DECLARATION, CONVERTED, inputs), outputSchema: inputs.outputSchema, mappings: inputs.mappings };
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
    // A read-back media type that stands for one written type only is shown as that type.
    sourceType: writtenTypes(r.sourceType).length === 1 ? writtenTypes(r.sourceType)[0] : String(r.sourceType),
    source: String(r.source ?? (r as { sourceAttribute?: string }).sourceAttribute ?? ""),
    destination: String(r.destination ?? (r as { destinationXdmPath?: string }).destinationXdmPath ?? ""),
    ...(r.name ? { name: r.name } : {}),
    ...(r.description ? { description: r.description } : {}),
  }));
  const outputs: MappingSetOutputs = {
    ...(plainRead(MAPPING_SET_DECLARATION, CONVERTED, remote, previous) as Partial<MappingSetOutputs>),
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

/**
 * The MappingSet kind, for the shared lifecycle; how its entities are written (a POST, then a PUT
 * per version) is provider/lifecycle/data-prep.ts. Data Prep documents no access labels. Its destinations are judged
 * against the output schema in check (destinations.ts, lifecycle/output-schema.ts).
 */
export const MAPPING_SET: ResourceKind<MappingSetInputs> = {
  typeName: "MappingSet",
  declaration: MAPPING_SET_DECLARATION,
  noun: "mapping set",
  accessLabels: false,
  check: checkMappingSet,
  // Judged when the mapping set is new or its schema or rules change (by meaning: the engine hands olds back with
  // their keys in another order), so an unchanged one costs no read.
  outputSchema: {
    ref: outputSchemaRef,
    relevant: (olds, news) =>
      !olds || !sameSchemaRef(olds.outputSchema?.schemaRef, news.outputSchema?.schemaRef) || !sameRules(olds.mappings, news.mappings),
    failures: (schema, inputs) => destinationWarnings(schema, Array.isArray(inputs.mappings) ? inputs.mappings : []),
  },
};
