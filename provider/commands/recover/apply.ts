// The stack state once `recover` brought its entities in: a pure edit of `pulumi stack export`'s
// deployment, which `pulumi stack import` then writes.
import type { Listed, Recoverable } from "./kinds";
import type { RecoveryPlan } from "./plan";
import { PROVIDER_KEY, SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY } from "../../engine/wire";
import { Declared, Deployment, StateResource, hostOfType, isSecretEnvelope } from "./stack";

const DEFAULT_NODEJS_PROVIDER = /::pulumi:providers:pulumi-nodejs::default$/;
/** The aep plugin's provider resources: `pulumi:providers:aep`, default (`default`, `default_0_9_0`) or explicit. */
const AEP_PROVIDER = /::pulumi:providers:aep::[^:]+$/;
const DEFAULT_AEP_PROVIDER = /::pulumi:providers:aep::default(_[\w.-]+)?$/;

/** A secret as `pulumi stack import` takes it: in plain text, which the import encrypts with the stack's key. */
function secretValue(value: unknown): Record<string, unknown> {
  return { [SPECIAL_SIG_KEY]: SPECIAL_SECRET_SIG, plaintext: JSON.stringify(value) };
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

/**
 * The state entry of a resource that holds `entity` (of `kind`), as a create of it would have
 * recorded it: a dynamic resource's outputs carry its `__provider` input (the serialized provider);
 * a plugin resource has none, and `providerRef` names its `pulumi:providers:aep` resource.
 */
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

/** The URN of a provider reference (`<urn>::<id>`). */
function urnOfRef(ref: string): string {
  return ref.slice(0, ref.lastIndexOf("::"));
}

/**
 * The provider reference (`urn::id`) a brought-in resource records. A dynamic resource: the stack's
 * default Node.js provider (its `__provider` input carries the code). A resource of the aep plugin:
 * the `pulumi:providers:aep` resource its create named (the pending create's, or the preview's) with
 * the id the stack holds for it; else the one the stack's other aep resources use; else the stack's
 * default aep provider. Undefined when the stack holds none (the reference as declared is kept then).
 */
export function providerRefFor(deployment: Deployment, declared: Declared): string | undefined {
  if (hostOfType(declared.type) !== "plugin") return defaultProviderRef(deployment);
  const resources = deployment.resources ?? [];
  const providers = resources.filter((r) => AEP_PROVIDER.test(r.urn) && r.id && r.delete !== true);
  const held = (ref: string | undefined) => (ref ? providers.find((p) => p.urn === urnOfRef(ref)) : undefined);
  const chosen =
    held(declared.provider) ??
    resources
      .filter((r) => hostOfType(r.type) === "plugin")
      .map((r) => held(r.provider))
      .find((p) => p !== undefined) ??
    providers.find((p) => DEFAULT_AEP_PROVIDER.test(p.urn));
  return chosen ? `${chosen.urn}::${chosen.id}` : undefined;
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
  const settled = new Set([...plan.bringIn.map((b) => b.declared.urn), ...plan.neverLanded.map((d) => d.urn)]);
  const replaced = new Set(plan.bringIn.map((b) => b.declared.urn));
  const existing = (deployment.resources ?? []).map((r) => (replaced.has(r.urn) && r.delete !== true ? { ...r, delete: true } : r));
  const added = plan.bringIn.map((b) =>
    resourceFor(b.declared, b.kind, b.entity, providerRefFor(deployment, b.declared), revealed.get(b.declared.urn)),
  );
  const pending = (deployment.pending_operations ?? []).filter((op) => !(op.type === "creating" && settled.has(op.resource.urn)));
  return { ...deployment, resources: [...existing, ...added], pending_operations: pending };
}
