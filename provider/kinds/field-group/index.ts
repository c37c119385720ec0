// The FieldGroup kind: `/tenant/fieldgroups`. The program declares the tenant's fields; the request places them
// under `_{TENANT_ID}` in one definition (`customFields`), as the field groups guide's create example does. A read
// finds them in whichever definition holds `_{TENANT_ID}` (an adopted field group may use other names), and the
// plan of a change is one JSON Patch of the fields, title, description and classes that differ. Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups
import { fieldFailures } from "./fields";
import type { PatchOperation, XdmResource } from "../../adobe/types";
import { UNKNOWN } from "../../engine/unknown";
import { emptyTextWarnings, parseDeclared, sandboxNameChecks, warning } from "../entity";
import { CheckFailure, InputsOf, OutputsOf, ResourceKind } from "../kind";
import { sameToApi } from "../normal-form";
import { asDeclared, breakingChanges, registryOutputs, sameFields, segment } from "../xdm";
import { FIELD_GROUP_DECLARATION } from "./declaration";

export type FieldGroupInputs = InputsOf<typeof FIELD_GROUP_DECLARATION>;
export type FieldGroupOutputs = OutputsOf<typeof FIELD_GROUP_DECLARATION>;

/** The definition a create puts the fields in. */
export const FIELDS_DEFINITION = "customFields";

/** `https://ns.adobe.com/{tenant}/mixins/{hash}`: the form of every tenant field group `$id`. */
const FIELD_GROUP_ID = /^https:\/\/ns\.adobe\.com\/[^/]+\/mixins\/[0-9a-f]+$/i;

export function checkFieldGroup(
  _olds: Partial<FieldGroupInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: FieldGroupInputs; failures: CheckFailure[] } {
  const { inputs, failures } = parseDeclared<FieldGroupInputs>(FIELD_GROUP_DECLARATION, news, defaults);
  failures.push(...sandboxNameChecks(inputs.sandboxName));
  failures.push(...fieldFailures(inputs.fields));
  for (const [i, cls] of (inputs.intendedToExtend ?? []).entries())
    failures.push(...emptyTextWarnings(`intendedToExtend[${i}]`, cls, "a class $id"));
  if (typeof inputs.adoptId === "string" && inputs.adoptId !== UNKNOWN && !FIELD_GROUP_ID.test(inputs.adoptId)) {
    failures.push(
      warning(
        "id.form",
        "adoptId",
        `is not a tenant field group $id (https://ns.adobe.com/{TENANT_ID}/mixins/{hash}; given ${JSON.stringify(inputs.adoptId)})`,
      ),
    );
  }
  return { inputs, failures };
}

/** The body of `POST /tenant/fieldgroups` (the guide's create example: `type`, `title`, `meta:intendedToExtend`, one definition). */
export function toRequest(inputs: FieldGroupInputs, tenantId: string): Record<string, unknown> {
  return {
    title: inputs.title,
    ...(inputs.description ? { description: inputs.description } : {}),
    type: "object",
    "meta:intendedToExtend": inputs.intendedToExtend,
    definitions: { [FIELDS_DEFINITION]: { properties: { [`_${tenantId}`]: { type: "object", properties: inputs.fields } } } },
    allOf: [{ $ref: `#/definitions/${FIELDS_DEFINITION}` }],
  };
}

/** The tenant id a read resource is namespaced under (`meta:tenantNamespace` `_acme` → `acme`), else `known`. */
export function tenantOf(remote: XdmResource, known: string | undefined): string {
  const ns = remote["meta:tenantNamespace"];
  return typeof ns === "string" && ns.startsWith("_") ? ns.slice(1) : (known ?? "");
}

/** Each tenant field as read, and the JSON Pointer of the `_{TENANT_ID}.properties` object holding it. */
function located(remote: XdmResource, tenantId: string): { fields: Record<string, unknown>; at: Record<string, string>; first?: string } {
  const fields: Record<string, unknown> = {};
  const at: Record<string, string> = {};
  let first: string | undefined;
  for (const [name, definition] of Object.entries(remote.definitions ?? {})) {
    const tenant = definition?.properties?.[`_${tenantId}`] as { properties?: Record<string, unknown> } | undefined;
    if (!tenant) continue;
    const pointer = `/definitions/${segment(name)}/properties/${segment(`_${tenantId}`)}/properties`;
    first ??= tenant.properties ? pointer : undefined;
    for (const [field, value] of Object.entries(tenant.properties ?? {})) {
      fields[field] = value;
      at[field] = pointer;
    }
  }
  return { fields, at, first };
}

/** The tenant fields of a field group as read, in the form `declared` gives them (the registry's `meta:xdmType`s left out). */
export function fieldsOf(remote: XdmResource, tenantId: string, declared: unknown): Record<string, unknown> {
  return asDeclared(located(remote, tenantId).fields, declared) as Record<string, unknown>;
}

/** The fields a change from `remote` to `news` removes or retypes (`/tier removed`): breaking once a Profile schema uses it. */
export function breakingFieldChanges(remote: XdmResource, tenantId: string, news: FieldGroupInputs): string[] {
  return breakingChanges(located(remote, tenantId).fields, news.fields);
}

/** The JSON Patch bringing the field group as read to the declared inputs; empty when it holds them. */
export function planPatch(remote: XdmResource, news: FieldGroupInputs, tenantId: string): PatchOperation[] {
  const ops: PatchOperation[] = [];
  if (remote.title !== news.title) ops.push({ op: "replace", path: "/title", value: news.title });
  if ((remote.description ?? "") !== (news.description ?? "")) {
    ops.push(news.description ? { op: "add", path: "/description", value: news.description } : { op: "remove", path: "/description" });
  }
  if (!sameToApi(remote["meta:intendedToExtend"], news.intendedToExtend)) {
    ops.push({ op: "add", path: "/meta:intendedToExtend", value: news.intendedToExtend });
  }
  const { fields, at, first } = located(remote, tenantId);
  const added = Object.keys(news.fields).filter((f) => !(f in fields));
  if (added.length && !first) {
    // No definition holds the tenant's fields yet (an adopted, empty field group): one is added with them.
    if (!remote.definitions) ops.push({ op: "add", path: "/definitions", value: {} });
    const value = {
      properties: { [`_${tenantId}`]: { type: "object", properties: Object.fromEntries(added.map((f) => [f, news.fields[f]])) } },
    };
    ops.push({ op: "add", path: `/definitions/${FIELDS_DEFINITION}`, value });
    ops.push({ op: "add", path: "/allOf/-", value: { $ref: `#/definitions/${FIELDS_DEFINITION}` } });
  } else {
    for (const f of added) ops.push({ op: "add", path: `${first}/${segment(f)}`, value: news.fields[f] });
  }
  for (const [f, value] of Object.entries(fields)) {
    if (!(f in news.fields)) ops.push({ op: "remove", path: `${at[f]}/${segment(f)}` });
    else if (!sameFields(value, news.fields[f])) ops.push({ op: "replace", path: `${at[f]}/${segment(f)}`, value: news.fields[f] });
  }
  return ops;
}

/** The inputs that differ between two sets of inputs or outputs. */
export function changedInputs(olds: Partial<FieldGroupInputs>, news: Partial<FieldGroupInputs>): string[] {
  const differs: Record<string, boolean> = {
    sandboxName: olds.sandboxName !== news.sandboxName,
    title: olds.title !== news.title,
    description: (olds.description ?? "") !== (news.description ?? ""),
    intendedToExtend: !sameToApi(olds.intendedToExtend, news.intendedToExtend),
    fields: !sameFields(olds.fields, news.fields),
  };
  return Object.keys(differs).filter((k) => differs[k]);
}

/** Outputs from a field group as the registry returns it; `previous` supplies the sandbox, Pulumi's own inputs and the declared form. */
export function outputsFromFieldGroup(
  remote: XdmResource,
  previous: Partial<FieldGroupOutputs> & Pick<FieldGroupOutputs, "sandboxName">,
): FieldGroupOutputs {
  const tenantId = tenantOf(remote, previous.tenantId);
  const outputs: FieldGroupOutputs = {
    title: remote.title,
    intendedToExtend: remote["meta:intendedToExtend"] ?? [],
    fields: fieldsOf(remote, tenantId, previous.fields),
    sandboxName: previous.sandboxName,
    altId: remote["meta:altId"],
    version: remote.version,
    tenantId,
  };
  return { ...outputs, ...registryOutputs(remote, previous) };
}

/** The input part of outputs. */
export function fieldGroupInputsOf(outputs: FieldGroupOutputs): FieldGroupInputs {
  const { altId: _a, version: _v, tenantId: _t, etag: _e, state: _s, ...inputs } = outputs;
  return inputs;
}

/** The FieldGroup kind, for the shared lifecycle; its store is provider/lifecycle/schema-registry/field-groups.ts. */
export const FIELD_GROUP: ResourceKind<FieldGroupInputs> = {
  typeName: "FieldGroup",
  declaration: FIELD_GROUP_DECLARATION,
  noun: "field group",
  accessLabels: false,
  check: checkFieldGroup,
};
