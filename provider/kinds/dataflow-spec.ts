// A Dataflow checked against its flow spec, as the service will check it: draft support
// (`attributes.isDraftModeSupported`, which Adobe's draft tutorial says to read before using
// mode=draft), the spec's own schedule schema (some declare `endTime`; streaming specs have none),
// its transformations and options, and what a published flow must have. The spec is read once per
// run per id (`GET /flowSpecs/{id}`, run.ts), and only when a resource is new or one of these inputs
// changed, so a preview of an unchanged stack makes no call. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import type { FlowSpec } from "../../sdk/types";
import { sameToApi } from "../normal-form";
import type { DataflowInputs } from "../types";
import { jsonSchemaFailures } from "./json-schema";
import type { CheckFailure } from "./kind";

/** Whether a change between old and new inputs is one the spec judges (so the spec is read). */
export function specRelevantChange(olds: Partial<DataflowInputs> | undefined, news: DataflowInputs): boolean {
  if (!olds) return true;
  return (["flowSpec", "draft", "scheduleParams", "transformations", "options"] as const).some((p) => !sameToApi(olds[p], news[p]));
}

function schemaFailures(schema: Record<string, unknown> | undefined, value: unknown, property: string, specName: string): CheckFailure[] {
  return jsonSchemaFailures(
    schema,
    value,
    property,
    `flow spec ${specName}`,
    () => `does not match flow spec ${specName}'s schedule (interval and backfill must be absent when frequency is "once")`,
  );
}

/** The transformation specs, under whichever of its two documented names the spec carries them. */
function transformationSpecs(spec: FlowSpec): { name: string; spec?: Record<string, unknown> }[] {
  return spec.transformationSpecs ?? spec.transformationSpec ?? [];
}

/** Everything `spec` refuses in `inputs`, each with its property path. Pure. */
export function specFailures(spec: FlowSpec, inputs: DataflowInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const name = spec.name;
  if (inputs.draft && spec.attributes?.isDraftModeSupported !== true) {
    failures.push({
      property: "draft",
      reason: `flow spec ${name} (${spec.id}) does not support drafts (attributes.isDraftModeSupported is not true); set \`draft: false\` to create the flow published`,
    });
  }
  if (inputs.scheduleParams !== undefined) {
    if (!spec.scheduleSpec?.spec) {
      failures.push({
        property: "scheduleParams",
        reason: `flow spec ${name} has no schedule (its flows run continuously); remove scheduleParams`,
      });
    } else {
      const declaredKeys = Object.keys((spec.scheduleSpec.spec.properties as Record<string, unknown> | undefined) ?? {});
      for (const key of Object.keys(inputs.scheduleParams)) {
        if (declaredKeys.length && !declaredKeys.includes(key)) {
          failures.push({
            property: `scheduleParams.${key}`,
            reason: `is not declared by flow spec ${name} (it declares ${declaredKeys.join(", ")})`,
          });
        }
      }
      failures.push(
        ...schemaFailures(spec.scheduleSpec.spec, inputs.scheduleParams, "scheduleParams", name).filter(
          (f) => !failures.some((g) => g.property === f.property),
        ),
      );
    }
  }
  const declared = transformationSpecs(spec);
  (inputs.transformations ?? []).forEach((t, i) => {
    const match = declared.find((d) => d.name === t.name);
    if (!match) {
      failures.push({
        property: `transformations[${i}].name`,
        reason: `"${t.name}" is not a transformation of flow spec ${name} (${declared.map((d) => d.name).join(", ") || "it has none"})`,
      });
    } else {
      // No params are judged as empty ones: a param the spec requires is missing either way.
      failures.push(...schemaFailures(match.spec, t.params ?? {}, `transformations[${i}].params`, name));
    }
  });
  if (inputs.options !== undefined) {
    if (!spec.optionSpec?.spec) failures.push({ property: "options", reason: `flow spec ${name} has no options` });
    else failures.push(...schemaFailures(spec.optionSpec.spec, inputs.options, "options", name));
  }
  if (!inputs.draft) {
    // The prose of the sources tutorials requires a schedule and a mapping of a published flow; drafts may omit them.
    if (spec.scheduleSpec?.spec && inputs.scheduleParams === undefined) {
      failures.push({ property: "scheduleParams", reason: `is required to publish a flow of spec ${name} (a draft may omit it)` });
    }
    if (declared.some((d) => d.name === "Mapping") && !(inputs.transformations ?? []).some((t) => t.name === "Mapping")) {
      failures.push({
        property: "transformations",
        reason: `needs a "Mapping" transformation to publish a flow of spec ${name} (a draft may omit it)`,
      });
    }
  }
  return failures;
}
