// Adoption: a Dataflow with `adoptId` takes over an existing flow when it is created, instead of
// making a new one (Pulumi's import does not work for dynamic resources). Pure functions here; the
// calls are in lifecycle.ts and runtime.ts.
import { isDeepStrictEqual } from "node:util";
import type { Flow } from "../sdk/types";
import { outputsFromFlow } from "./mapping";
import { planUpdate } from "./plan";
import type { DataflowInputs, DataflowOutputs } from "./types";

/** Why `flow` cannot be adopted as declared; empty when it can. */
export function adoptionProblems(flow: Flow | undefined, inputs: DataflowInputs): string[] {
  const id = inputs.adoptId;
  if (!flow) return [`flow ${id} does not exist in sandbox ${inputs.sandboxName}: check adoptId and sandboxName`];
  const problems: string[] = [];
  if (!isDeepStrictEqual({ id: flow.flowSpec.id, version: flow.flowSpec.version }, inputs.flowSpec)) {
    problems.push(`flow ${id} has flowSpec ${JSON.stringify(flow.flowSpec)}, the program declares ${JSON.stringify(inputs.flowSpec)}`);
  }
  for (const key of ["sourceConnectionIds", "targetConnectionIds"] as const) {
    if (!isDeepStrictEqual(flow[key], inputs[key])) {
      problems.push(
        `flow ${id} has ${key} ${JSON.stringify(flow[key])}, the program declares ${JSON.stringify(inputs[key])} (connections cannot be changed in place)`,
      );
    }
  }
  if (flow.state !== "draft" && inputs.draft) {
    problems.push(`flow ${id} is published (${flow.state}); declare draft: false to adopt it (a published flow cannot return to draft)`);
  }
  return problems;
}

/** The flow as state would hold it before adoption, to plan from. */
export function adoptedOutputs(flow: Flow, inputs: DataflowInputs): DataflowOutputs {
  return outputsFromFlow(flow, { sandboxName: inputs.sandboxName, enabled: inputs.enabled });
}

/** One line for `pulumi preview`: what adopting the flow will send. */
export function describeAdoption(flow: Flow, inputs: DataflowInputs): string {
  const { patch, actions } = planUpdate(adoptedOutputs(flow, inputs), inputs);
  const steps = [...(patch.length ? [`PATCH ${patch.map((op) => `${op.op} ${op.path}`).join(", ")}`] : []), ...actions];
  return `adopts flow ${flow.id} (${flow.state}) in sandbox ${inputs.sandboxName}: ${steps.length ? steps.join("; ") : "no change"}`;
}
