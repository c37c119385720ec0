// The Schema kind: `/tenant/schemas`. The program declares a class and field groups; the request is their `allOf`.
// A read takes the class from `meta:class` (else the first `allOf` entry) and the field groups from the other
// `allOf` entries, so what the registry adds to them never shows as a change. The plan of a change is one JSON
// Patch. Profile (the union tag) is irreversible: turning it off, or removing a field group once it is on, is
// refused before any write (rules.ts `xdm.evolution`, `xdm.profileIrreversible`). Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
import type { PatchOperation, XdmResource } from "../../adobe/types";
import { UNKNOWN } from "../../engine/unknown";
import { emptyTextWarnings, parseDeclared, sandboxNameChecks, warning } from "../entity";
import { CheckFailure, InputsOf, OutputsOf, ResourceKind } from "../kind";
import { sameToApi } from "../normal-form";
import { PROFILE_IRREVERSIBLE, registryOutputs } from "../xdm";
import { SCHEMA_DECLARATION } from "./declaration";

export type SchemaInputs = InputsOf<typeof SCHEMA_DECLARATION>;
export type SchemaOutputs = OutputsOf<typeof SCHEMA_DECLARATION>;

const PROFILE_CLASS_ID = "https://ns.adobe.com/xdm/context/profile";
const SCHEMA_ID = /^https:\/\/ns\.adobe\.com\/[^/]+\/schemas\/[0-9a-f]+$/i;

/** Whether a schema as read carries the union tag (enabled for Profile). */
export const isUnion = (remote: XdmResource) => (remote["meta:immutableTags"] ?? []).includes("union");

/** The refusal of `profileEnabled` true → false, said for check and the update. */
export const profileDisableRefusal = `true → false is refused: ${PROFILE_IRREVERSIBLE}. Set it back to true (false on a new resource only means "leave the tag as it is")`;

/** The field groups `news` drops from `olds`. */
export const removedFieldGroups = (olds: readonly string[], news: readonly string[]) => olds.filter((fg) => !news.includes(fg));

/** Why removing field groups from a Profile-enabled schema is refused, and the way out. */
export function fieldGroupRemovalRefusal(removed: string[]): string {
  return (
    `removes ${removed.join(", ")} from a schema enabled for Profile: a breaking change Adobe does not support (its fields would be ` +
    "removed; the composition page's evolution rules). Keep the field group, or declare a new Schema (another resource name and " +
    "title) without it"
  );
}

export function checkSchema(
  _olds: Partial<SchemaInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: SchemaInputs; failures: CheckFailure[] } {
  const { inputs, failures } = parseDeclared<SchemaInputs>(SCHEMA_DECLARATION, news, defaults);
  failures.push(...sandboxNameChecks(inputs.sandboxName), ...emptyTextWarnings("classId", inputs.classId, "a class $id"));
  if (
    typeof inputs.classId === "string" &&
    inputs.classId.trim() &&
    inputs.classId !== UNKNOWN &&
    !/^https?:\/\/\S+$/.test(inputs.classId)
  ) {
    // The registry then answers that the schema's allOf names no class, without naming classId.
    failures.push(
      warning(
        "id.form",
        "classId",
        `is not a class $id (an absolute URI such as ${PROFILE_CLASS_ID}; given ${JSON.stringify(inputs.classId)})`,
      ),
    );
  }
  if (typeof inputs.adoptId === "string" && inputs.adoptId !== UNKNOWN && !SCHEMA_ID.test(inputs.adoptId)) {
    failures.push(
      warning(
        "id.form",
        "adoptId",
        `is not a tenant schema $id (https://ns.adobe.com/{TENANT_ID}/schemas/{hash}; given ${JSON.stringify(inputs.adoptId)})`,
      ),
    );
  }
  return { inputs, failures };
}

/**
 * What Adobe does not allow once a schema is enabled for Profile, judged on the stack's outputs (whose `profileEnabled`
 * is true only while the union tag is there): turning it off, and removing a field group.
 */
export function schemaChangeRefusals(olds: Partial<SchemaInputs>, news: Partial<SchemaInputs>): CheckFailure[] {
  if (olds.profileEnabled !== true) return [];
  const failures: CheckFailure[] = [];
  if (news.profileEnabled === false)
    failures.push({ property: "profileEnabled", reason: profileDisableRefusal, rule: "xdm.profileIrreversible" });
  const removed = removedFieldGroups(olds.fieldGroups ?? [], news.fieldGroups ?? []);
  if (removed.length && !removed.some((r) => r === UNKNOWN) && !(news.fieldGroups ?? []).includes(UNKNOWN)) {
    failures.push({ property: "fieldGroups", reason: fieldGroupRemovalRefusal(removed), rule: "xdm.evolution" });
  }
  return failures;
}

/** The body of `POST /tenant/schemas`: the class first, then the field groups (the schemas guide). */
export function toRequest(inputs: SchemaInputs): Record<string, unknown> {
  return {
    type: "object",
    title: inputs.title,
    description: inputs.description ?? "",
    allOf: [{ $ref: inputs.classId }, ...inputs.fieldGroups.map(($ref) => ({ $ref }))],
  };
}

/** The union tag's PATCH: the schemas guide's and the tutorial's body. */
export const UNION_PATCH: PatchOperation[] = [{ op: "add", path: "/meta:immutableTags", value: ["union"] }];

/** The class of a schema as read: `meta:class`, else its first `allOf` entry. */
export const classOf = (remote: XdmResource) => remote["meta:class"] ?? remote.allOf?.[0]?.$ref ?? "";

/** The field groups of a schema as read: its `allOf` entries other than the class. */
export function fieldGroupsOf(remote: XdmResource): string[] {
  const cls = classOf(remote);
  return (remote.allOf ?? []).map((e) => e.$ref).filter((r) => r !== cls);
}

/** The JSON Patch bringing the schema as read to the declared inputs; empty when it holds them. */
export function planPatch(remote: XdmResource, news: SchemaInputs): PatchOperation[] {
  const ops: PatchOperation[] = [];
  if (remote.title !== news.title) ops.push({ op: "replace", path: "/title", value: news.title });
  if ((remote.description ?? "") !== (news.description ?? "")) ops.push({ op: "add", path: "/description", value: news.description ?? "" });
  const have = fieldGroupsOf(remote);
  // Removed from the highest index down, so each index still names its entry when its turn comes.
  const refs = (remote.allOf ?? []).map((e) => e.$ref);
  const removes = refs.flatMap((r, i) => (have.includes(r) && !news.fieldGroups.includes(r) ? [i] : [])).reverse();
  for (const i of removes) ops.push({ op: "remove", path: `/allOf/${i}` });
  for (const fg of news.fieldGroups.filter((f) => !have.includes(f))) ops.push({ op: "add", path: "/allOf/-", value: { $ref: fg } });
  if (news.profileEnabled && !isUnion(remote)) ops.push(...UNION_PATCH);
  return ops;
}

/** The inputs that differ between two sets of inputs or outputs. */
export function changedInputs(olds: Partial<SchemaInputs>, news: Partial<SchemaInputs>): string[] {
  const differs: Record<string, boolean> = {
    classId: olds.classId !== news.classId,
    sandboxName: olds.sandboxName !== news.sandboxName,
    title: olds.title !== news.title,
    description: (olds.description ?? "") !== (news.description ?? ""),
    fieldGroups: !sameToApi([...(olds.fieldGroups ?? [])].sort(), [...(news.fieldGroups ?? [])].sort()),
    profileEnabled: (olds.profileEnabled ?? false) !== (news.profileEnabled ?? false),
  };
  return Object.keys(differs).filter((k) => differs[k]);
}

/**
 * Outputs from a schema as the registry returns it. `profileEnabled` is what the program declared while the tag is
 * there (a `false` may be a schema an IdentityDescriptor enabled), and false when it is not; with nothing declared (a
 * `pulumi import`), whether the tag is there.
 */
export function outputsFromSchema(
  remote: XdmResource,
  previous: Partial<SchemaOutputs> & Pick<SchemaOutputs, "sandboxName">,
): SchemaOutputs {
  const read = fieldGroupsOf(remote);
  const declared = previous.fieldGroups ?? [];
  const outputs: SchemaOutputs = {
    title: remote.title,
    classId: classOf(remote),
    // In the declared order when they are the same set (allOf keeps the order they were added in).
    fieldGroups: sameToApi([...read].sort(), [...declared].sort()) ? [...declared] : read,
    profileEnabled: isUnion(remote) && previous.profileEnabled !== false,
    sandboxName: previous.sandboxName,
    altId: remote["meta:altId"],
    version: remote.version,
  };
  return { ...outputs, ...registryOutputs(remote, previous) };
}

/** The input part of outputs. */
export function schemaInputsOf(outputs: SchemaOutputs): SchemaInputs {
  const { altId: _a, version: _v, etag: _e, state: _s, ...inputs } = outputs;
  return inputs;
}

/** The Schema kind, for the shared lifecycle; its store is provider/lifecycle/schema-registry/schemas.ts. */
export const SCHEMA: ResourceKind<SchemaInputs> = {
  typeName: "Schema",
  declaration: SCHEMA_DECLARATION,
  noun: "schema",
  accessLabels: false,
  check: checkSchema,
  changeRefusals: schemaChangeRefusals,
};
