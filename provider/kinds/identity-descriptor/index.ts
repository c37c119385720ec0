// The IdentityDescriptor kind: `/tenant/descriptors` with `@type: xdm:descriptorIdentity`. The body is the guide's
// create example (`xdm:sourceVersion` 1, `xdm:property` `xdm:code`); a change is a PUT of the whole body; a
// read compares the four declared fields only (the registry adds `@id`, `meta:*`, `version`, times). Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors
import type { Descriptor, IdentityDescriptorBody } from "../../adobe/types";
import { parseDeclared, sandboxNameChecks, warning } from "../entity";
import { CheckFailure, InputsOf, OutputsOf, ResourceKind } from "../kind";
import { PROFILE_IRREVERSIBLE } from "../xdm";
import { IDENTITY_DESCRIPTOR_DECLARATION } from "./declaration";

export type IdentityDescriptorInputs = InputsOf<typeof IDENTITY_DESCRIPTOR_DECLARATION>;
export type IdentityDescriptorOutputs = OutputsOf<typeof IDENTITY_DESCRIPTOR_DECLARATION>;

export function checkIdentityDescriptor(
  _olds: Partial<IdentityDescriptorInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: IdentityDescriptorInputs; failures: CheckFailure[] } {
  const { inputs, failures } = parseDeclared<IdentityDescriptorInputs>(IDENTITY_DESCRIPTOR_DECLARATION, news, defaults);
  failures.push(...sandboxNameChecks(inputs.sandboxName));
  if (inputs.enableProfile && !inputs.isPrimary) {
    // Another primary descriptor or the identityMap field group may serve: the registry decides (XDM-1528).
    failures.push(
      warning(
        "xdm.unionIdentity",
        "enableProfile",
        "is set on a descriptor that is not primary (`isPrimary: false`): Profile needs a primary identity",
      ),
    );
  }
  return { inputs, failures };
}

/** `enableProfile` true → false, judged on the stack's outputs (true only once the union tag was added). */
export function descriptorChangeRefusals(olds: Partial<IdentityDescriptorInputs>, news: Partial<IdentityDescriptorInputs>): CheckFailure[] {
  return olds.enableProfile === true && news.enableProfile === false
    ? [
        {
          property: "enableProfile",
          reason: `true → false is refused: ${PROFILE_IRREVERSIBLE}. Set it back to true`,
          rule: "xdm.profileIrreversible",
        },
      ]
    : [];
}

/** The body of `POST` and `PUT /tenant/descriptors` (the descriptors guide's identity example). */
export function toRequest(inputs: IdentityDescriptorInputs): IdentityDescriptorBody {
  return {
    "@type": "xdm:descriptorIdentity",
    "xdm:sourceSchema": inputs.schemaId,
    "xdm:sourceVersion": 1,
    "xdm:sourceProperty": inputs.sourceProperty,
    "xdm:namespace": inputs.namespace,
    "xdm:property": "xdm:code",
    "xdm:isPrimary": inputs.isPrimary,
  };
}

/** Whether the descriptor as read holds what the inputs declare (what a PUT would send). */
export function holdsDeclared(remote: Descriptor, inputs: IdentityDescriptorInputs): boolean {
  return (
    remote["@type"] === "xdm:descriptorIdentity" &&
    remote["xdm:sourceSchema"] === inputs.schemaId &&
    remote["xdm:sourceProperty"] === inputs.sourceProperty &&
    remote["xdm:namespace"] === inputs.namespace &&
    (remote["xdm:isPrimary"] === true) === inputs.isPrimary
  );
}

/** Outputs from a descriptor as read; `previous` supplies the sandbox and Pulumi's own inputs (`enableProfile` included). */
export function outputsFromDescriptor(
  remote: Descriptor,
  previous: Partial<IdentityDescriptorOutputs> & Pick<IdentityDescriptorOutputs, "sandboxName">,
): IdentityDescriptorOutputs {
  return {
    schemaId: String(remote["xdm:sourceSchema"] ?? ""),
    sourceProperty: String(remote["xdm:sourceProperty"] ?? ""),
    namespace: String(remote["xdm:namespace"] ?? ""),
    isPrimary: remote["xdm:isPrimary"] === true,
    enableProfile: previous.enableProfile ?? false,
    sandboxName: previous.sandboxName,
    ...(previous.adoptId !== undefined ? { adoptId: previous.adoptId } : {}),
    ...(previous.adoption !== undefined ? { adoption: previous.adoption } : {}),
  };
}

/** The inputs that differ between two sets of inputs or outputs. */
export function changedInputs(olds: Partial<IdentityDescriptorInputs>, news: Partial<IdentityDescriptorInputs>): string[] {
  return (["schemaId", "sandboxName", "sourceProperty", "namespace", "isPrimary", "enableProfile"] as const).filter(
    (k) => (olds[k] ?? false) !== (news[k] ?? false),
  );
}

/** The input part of outputs. */
export function descriptorInputsOf(outputs: IdentityDescriptorOutputs): IdentityDescriptorInputs {
  const { state: _s, ...inputs } = outputs;
  return inputs;
}

/** The IdentityDescriptor kind, for the shared lifecycle; its store is provider/lifecycle/schema-registry/descriptors.ts. */
export const IDENTITY_DESCRIPTOR: ResourceKind<IdentityDescriptorInputs> = {
  typeName: "IdentityDescriptor",
  declaration: IDENTITY_DESCRIPTOR_DECLARATION,
  noun: "identity descriptor",
  accessLabels: false,
  check: checkIdentityDescriptor,
  changeRefusals: descriptorChangeRefusals,
};
