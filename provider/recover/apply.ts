// The stack state once `recover` brought its entities in: a pure edit of `pulumi stack export`'s
// deployment, which `pulumi stack import` then writes.
import type { Listed, Recoverable } from "./kinds";
import type { RecoveryPlan } from "./plan";
import { Declared, Deployment, SECRET_SIG, SECRET_VALUE, StateResource, isSecretEnvelope } from "./stack";

const PROVIDER_KEY = "__provider";
const DEFAULT_NODEJS_PROVIDER = /::pulumi:providers:pulumi-nodejs::default$/;

/** A secret as `pulumi stack import` takes it: in plain text, which the import encrypts with the stack's key. */
function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_SIG]: SECRET_VALUE, plaintext: JSON.stringify(value) };
}

/**
 * The inputs to record: as declared, with each "[secret]" placeholder of the preview replaced by
 * the value from the preview run with `--show-secrets`, as a secret. Returns the inputs and which
 * top-level properties are secret (their outputs are recorded as secrets too).
 */
export function recordedInputs(
  declared: Declared,
  revealed?: Record<string, unknown>,
): { inputs: Record<string, unknown>; secret: Set<string> } {
  const secret = new Set<string>();
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(declared.inputs)) {
    if (isSecretEnvelope(value)) {
      secret.add(key);
      inputs[key] = value;
    } else if (JSON.stringify(value).includes('"[secret]"') || value === "[secret]") {
      if (!revealed || !(key in revealed))
        throw new Error(`resource ${declared.urn}: input ${key} is secret and its value is not available`);
      secret.add(key);
      inputs[key] = secretValue(revealed[key]);
    } else {
      inputs[key] = value;
    }
  }
  return { inputs, secret };
}

/** The state entry of a resource that holds `entity` (of `kind`), as a create of it would have recorded it. */
export function resourceFor(
  declared: Declared,
  kind: Recoverable,
  entity: Listed,
  providerRef: string | undefined,
  revealed?: Record<string, unknown>,
): StateResource {
  const { inputs, secret } = recordedInputs(declared, revealed);
  const plainInputs = { ...declared.inputs, ...(revealed ?? {}) };
  const outputs: Record<string, unknown> = JSON.parse(
    JSON.stringify({ ...kind.outputs(entity, plainInputs), [PROVIDER_KEY]: declared.inputs[PROVIDER_KEY] }),
  );
  for (const key of secret) if (key in outputs) outputs[key] = secretValue(outputs[key]);
  return {
    urn: declared.urn,
    custom: true,
    id: entity.id,
    type: declared.type,
    inputs,
    outputs,
    ...(declared.parent ? { parent: declared.parent } : {}),
    ...((providerRef ?? declared.provider) ? { provider: providerRef ?? declared.provider } : {}),
    ...(declared.propertyDependencies ? { propertyDependencies: declared.propertyDependencies } : {}),
  };
}

/** `urn::id` of the stack's default Node.js dynamic provider, which every dynamic resource uses. */
export function defaultProviderRef(deployment: Deployment): string | undefined {
  const provider = (deployment.resources ?? []).find((r) => DEFAULT_NODEJS_PROVIDER.test(r.urn) && r.id);
  return provider ? `${provider.urn}::${provider.id}` : undefined;
}

/**
 * The deployment with every brought-in entity added as a resource, and the pending creates that are
 * now settled (brought in, or never landed) removed. A brought-in resource whose URN the stack
 * still holds was a replacement interrupted half-way: the old resource is marked for deletion, as
 * the engine marks it once a replacement exists, so the next `pulumi up` deletes it.
 */
export function applyRecovery(
  deployment: Deployment,
  plan: RecoveryPlan,
  revealed: Map<string, Record<string, unknown>> = new Map(),
): Deployment {
  const providerRef = defaultProviderRef(deployment);
  const settled = new Set([...plan.bringIn.map((b) => b.declared.urn), ...plan.neverLanded.map((d) => d.urn)]);
  const replaced = new Set(plan.bringIn.map((b) => b.declared.urn));
  const existing = (deployment.resources ?? []).map((r) => (replaced.has(r.urn) && r.delete !== true ? { ...r, delete: true } : r));
  const added = plan.bringIn.map((b) => resourceFor(b.declared, b.kind, b.entity, providerRef, revealed.get(b.declared.urn)));
  const pending = (deployment.pending_operations ?? []).filter((op) => !(op.type === "creating" && settled.has(op.resource.urn)));
  return { ...deployment, resources: [...existing, ...added], pending_operations: pending };
}
