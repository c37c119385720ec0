// A Dataflow checked against its flow spec, as the service will check it: draft support
// (`attributes.isDraftModeSupported: false`, which Adobe's draft tutorial says to read before using
// mode=draft), the spec's own schedule schema (some declare `endTime`; streaming specs have none),
// its transformations and options; and, as warnings, what the tutorials say a published flow has. The spec is read once per
// run per id (`GET /flowSpecs/{id}`, lifecycle/context.ts), and only when a resource is new or one of these inputs
// changed, so a preview of an unchanged stack makes no call. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage
import type { FlowSpec } from "../../adobe/types";
import { sameToApi } from "../normal-form";
import { warning } from "../entity";
import { jsonSchemaFailures } from "../json-schema";
import type { CheckFailure } from "../kind";
import { Time, epochSeconds } from "./time";
import type { DataflowInputs } from "./types";

/** Whether a change between old and new inputs is one the spec judges (so the spec is read). */
export function specRelevantChange(olds: Partial<DataflowInputs> | undefined, news: DataflowInputs): boolean {
  if (!olds) return true;
  return (["flowSpec", "draft", "scheduleParams", "transformations", "options"] as const).some((p) => !sameToApi(olds[p], news[p]));
}

function schemaFailures(
  rule: "spec.schedule" | "spec.transformations" | "spec.options",
  schema: Record<string, unknown> | undefined,
  value: unknown,
  property: string,
  specName: string,
): CheckFailure[] {
  return jsonSchemaFailures(
    rule,
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

/**
 * Everything `spec` says about `inputs`, each with its property path and rule (rules.ts): what its
 * JSON schemas and explicit attributes declare refuses; what is inferred from an absent declaration,
 * or from the tutorials' prose, warns. Pure.
 */
export function specFailures(spec: FlowSpec, inputs: DataflowInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const name = spec.name;
  if (inputs.draft && spec.attributes?.isDraftModeSupported === false) {
    failures.push({
      property: "draft",
      rule: "spec.draftSupport",
      reason: `flow spec ${name} (${spec.id}) declares attributes.isDraftModeSupported: false, so it takes no draft; set \`draft: false\` to create the flow published`,
    });
  }
  if (inputs.scheduleParams !== undefined) {
    if (!spec.scheduleSpec?.spec) {
      failures.push(
        warning(
          "spec.schedule.absent",
          "scheduleParams",
          `flow spec ${name} declares no schedule (its flows run continuously), so the service may refuse or ignore one`,
        ),
      );
    } else {
      const api = toApiScheduleForSpec(inputs.scheduleParams);
      failures.push(...schemaFailures("spec.schedule", spec.scheduleSpec.spec, api, "scheduleParams", name));
    }
  }
  const declared = transformationSpecs(spec);
  (inputs.transformations ?? []).forEach((t, i) => {
    const match = declared.find((d) => d.name === t.name);
    if (!match) {
      failures.push({
        property: `transformations[${i}].name`,
        rule: "spec.transformations",
        reason: `"${t.name}" is not a transformation of flow spec ${name} (${declared.map((d) => d.name).join(", ") || "it has none"})`,
      });
    } else {
      // No params are judged as empty ones: a param the spec requires is missing either way.
      failures.push(...schemaFailures("spec.transformations", match.spec, t.params ?? {}, `transformations[${i}].params`, name));
    }
  });
  if (inputs.options !== undefined) {
    if (!spec.optionSpec?.spec)
      failures.push(
        warning("spec.options.absent", "options", `flow spec ${name} declares no options, so the service may refuse or ignore them`),
      );
    else failures.push(...schemaFailures("spec.options", spec.optionSpec.spec, inputs.options, "options", name));
  }
  if (!inputs.draft) {
    // The sources tutorials' prose: a published flow has a schedule and a mapping; the draft tutorial: a draft may omit them.
    if (spec.scheduleSpec?.spec && inputs.scheduleParams === undefined) {
      failures.push(
        warning("spec.publish.complete", "scheduleParams", `is not given: Adobe's tutorials give a published flow of spec ${name} one`),
      );
    }
    if (declared.some((d) => d.name === "Mapping") && !(inputs.transformations ?? []).some((t) => t.name === "Mapping")) {
      failures.push(
        warning(
          "spec.publish.complete",
          "transformations",
          `has no "Mapping" transformation: Adobe's tutorials give a published flow of spec ${name} one`,
        ),
      );
    }
  }
  return failures;
}

/** The schedule as the spec's JSON schema judges it: times as epoch seconds (ISO text is the program's form, not the API's). */
function toApiScheduleForSpec(s: DataflowInputs["scheduleParams"]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...s };
  for (const key of ["startTime", "endTime"]) if (out[key] !== undefined) out[key] = epochSeconds(out[key] as Time);
  return out;
}
