// The stack state once `recover` brought its flows in: a pure edit of `pulumi stack export`'s
// deployment, which `pulumi stack import` then writes.
import type { Flow } from "../../sdk/types";
import { outputsFromFlow } from "../mapping";
import type { DataflowInputs } from "../types";
import type { RecoveryPlan } from "./plan";
import type { Declared, Deployment, StateResource } from "./stack";

const PROVIDER_KEY = "__provider";
const DEFAULT_NODEJS_PROVIDER = /::pulumi:providers:pulumi-nodejs::default$/;

/** The state entry of a resource that holds `flow`, as a create of it would have recorded it. */
export function resourceFor(declared: Declared, flow: Flow, providerRef: string | undefined): StateResource {
  const inputs = declared.inputs as unknown as DataflowInputs & { [PROVIDER_KEY]?: string };
  const outputs: Record<string, unknown> = {
    ...outputsFromFlow(flow, inputs),
    ...(inputs.adoptId !== undefined ? { adoptId: inputs.adoptId } : {}),
    ...(inputs.adoption !== undefined ? { adoption: inputs.adoption } : {}),
    [PROVIDER_KEY]: inputs[PROVIDER_KEY],
  };
  return {
    urn: declared.urn,
    custom: true,
    id: flow.id,
    type: declared.type,
    inputs: declared.inputs,
    outputs: JSON.parse(JSON.stringify(outputs)),
    ...(declared.parent ? { parent: declared.parent } : {}),
    ...(providerRef ?? declared.provider ? { provider: providerRef ?? declared.provider } : {}),
    ...(declared.propertyDependencies ? { propertyDependencies: declared.propertyDependencies } : {}),
  };
}

/** `urn::id` of the stack's default Node.js dynamic provider, which every dynamic resource uses. */
export function defaultProviderRef(deployment: Deployment): string | undefined {
  const provider = (deployment.resources ?? []).find((r) => DEFAULT_NODEJS_PROVIDER.test(r.urn) && r.id);
  return provider ? `${provider.urn}::${provider.id}` : undefined;
}

/**
 * The deployment with every brought-in flow added as a resource, and the pending creates that are
 * now settled (brought in, or never landed) removed. Nothing else changes.
 */
export function applyRecovery(deployment: Deployment, plan: RecoveryPlan): Deployment {
  const providerRef = defaultProviderRef(deployment);
  const settled = new Set([...plan.bringIn.map((b) => b.declared.urn), ...plan.neverLanded.map((d) => d.urn)]);
  const added = plan.bringIn.map((b) => resourceFor(b.declared, b.flow, providerRef));
  const pending = (deployment.pending_operations ?? []).filter((op) => !(op.type === "creating" && settled.has(op.resource.urn)));
  return { ...deployment, resources: [...(deployment.resources ?? []), ...added], pending_operations: pending };
}
