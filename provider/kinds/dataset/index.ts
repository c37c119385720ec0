// The Dataset kind: Catalog's `/dataSets`. No draft and no state; Catalog answers a write with only
// a link list, a read with an `E-Tag` that guards the next write. Profile and Identity enablement
// are tags (`unifiedProfile`, `unifiedIdentity`) the program sees as booleans; only the custom tags
// the program names are compared, so tags Catalog adds never show as a change. The plan of a change
// is one JSON Patch (the update-object guide's JSON Patch mode). Pure.
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/update-object
import type { Dataset, DatasetRequest, PatchOperation } from "../../adobe/types";
import { UNKNOWN } from "../../engine/unknown";
import { emptyTextWarnings, parseDeclared, sandboxNameChecks, warning } from "../entity";
import { CheckFailure, InputsOf, OutputsOf, ResourceKind, isoTime } from "../kind";
import { sameToApi } from "../normal-form";
import { DATASET_DECLARATION, DATASET_DELETE_WARNING, PROFILE_DISABLE_WARNING } from "./declaration";

export type DatasetInputs = InputsOf<typeof DATASET_DECLARATION>;
export type DatasetOutputs = OutputsOf<typeof DATASET_DECLARATION>;

/** The schema media type a dataset names (the create-dataset guide's `schemaRef.contentType`). */
export const DATASET_SCHEMA_CONTENT_TYPE = "application/vnd.adobe.xed+json;version=1";

const DATASET_ID = /^[0-9a-f]{24}$/i;

/** The tags behind `profileEnabled` and `identityEnabled`. */
const FLAGS = { profileEnabled: "unifiedProfile", identityEnabled: "unifiedIdentity" } as const;
type Flag = keyof typeof FLAGS;

/** The inputs a JSON Patch changes, in the order a patch lists them. */
const PATCHED = ["name", "description", "profileEnabled", "identityEnabled", "tags"] as const;

/**
 * Whether tag values say "enabled": Adobe's pages write `enabled:true` (enable-for-profile) and its
 * spec's POST example `enabled: true`; both count.
 */
export function isEnabled(values: readonly string[] | undefined): boolean {
  return (values ?? []).some((v) => v.replace(/:\s+/, ":").toLowerCase() === "enabled:true");
}

export function checkDataset(
  _olds: Partial<DatasetInputs> | undefined,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: DatasetInputs; failures: CheckFailure[] } {
  const { inputs, failures } = parseDeclared<DatasetInputs>(DATASET_DECLARATION, news, defaults);
  failures.push(
    ...sandboxNameChecks(inputs.sandboxName),
    ...emptyTextWarnings("schemaId", inputs.schemaId, "the schema's $id (look it up by title with getSchema)"),
  );
  for (const [flag, tag] of Object.entries(FLAGS)) {
    if (inputs.tags && tag in inputs.tags) {
      failures.push({
        property: `tags.${tag}`,
        reason: `is what \`${flag}\` declares: set \`${flag}: true\` (or false) instead of the tag`,
        rule: "dataset.tags.reserved",
      });
    }
  }
  if (typeof inputs.adoptId === "string" && inputs.adoptId !== UNKNOWN && !DATASET_ID.test(inputs.adoptId)) {
    failures.push(
      warning("id.form", "adoptId", `is not 24 hexadecimal digits, which every dataset id has (given ${JSON.stringify(inputs.adoptId)})`),
    );
  }
  return { inputs, failures };
}

/** The body of `POST /dataSets`: the declared fields, the schema as a `schemaRef`, the flags as tags. */
export function toRequest(inputs: DatasetInputs): DatasetRequest {
  const tags: Record<string, string[]> = { ...(inputs.tags ?? {}) };
  for (const [flag, tag] of Object.entries(FLAGS)) if (inputs[flag as Flag]) tags[tag] = ["enabled:true"];
  return {
    name: inputs.name,
    ...(inputs.description ? { description: inputs.description } : {}),
    schemaRef: { id: inputs.schemaId, contentType: DATASET_SCHEMA_CONTENT_TYPE },
    ...(Object.keys(tags).length ? { tags } : {}),
  };
}

/** `/tags/{name}` as a JSON Pointer (RFC 6901: `~` and `/` escaped). */
const tagPath = (name: string) => `/tags/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;

/**
 * The JSON Patch that brings the dataset as read (`remote`) to the declared inputs (`news`); `olds`
 * names the custom tags the stack managed (one the program no longer names is removed). Empty when
 * the dataset holds what is declared.
 */
export function planPatch(remote: Dataset, olds: Partial<DatasetInputs>, news: DatasetInputs): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const tags = remote.tags ?? {};
  if (remote.name !== news.name) ops.push({ op: "replace", path: "/name", value: news.name });
  if ((remote.description ?? "") !== (news.description ?? "")) {
    ops.push(news.description ? { op: "add", path: "/description", value: news.description } : { op: "remove", path: "/description" });
  }
  const tagOps: PatchOperation[] = [];
  for (const [flag, tag] of Object.entries(FLAGS)) {
    const want = news[flag as Flag] === true;
    if (isEnabled(tags[tag]) === want) continue;
    // Enable with `add`, disable with `replace … ["enabled:false"]` (enable-for-profile's bodies).
    tagOps.push(
      want ? { op: "add", path: tagPath(tag), value: ["enabled:true"] } : { op: "replace", path: tagPath(tag), value: ["enabled:false"] },
    );
  }
  for (const [name, values] of Object.entries(news.tags ?? {})) {
    if (!sameToApi(tags[name], values)) tagOps.push({ op: "add", path: tagPath(name), value: values });
  }
  for (const name of Object.keys(olds.tags ?? {})) {
    if (!(name in (news.tags ?? {})) && name in tags) tagOps.push({ op: "remove", path: tagPath(name) });
  }
  // A dataset without a tags object gets one first: RFC 6902 adds a member only to an existing object.
  if (tagOps.length && !remote.tags) ops.push({ op: "add", path: "/tags", value: {} });
  return [...ops, ...tagOps];
}

/** The top-level inputs a patch changes (`/tags/unifiedProfile` is `profileEnabled`). */
export function inputsPatched(ops: PatchOperation[]): string[] {
  const names = ops.map((o) => {
    const [, top, sub] = o.path.split("/");
    if (top !== "tags" || sub === undefined) return top;
    return Object.entries(FLAGS).find(([, tag]) => tag === sub)?.[0] ?? "tags";
  });
  return PATCHED.filter((p) => names.includes(p));
}

/**
 * Outputs from a dataset as Catalog returns it. `previous` supplies the sandbox, Pulumi's own
 * inputs, and which custom tags are managed (only those are recorded: Catalog's own are not drift).
 */
export function outputsFromDataset(
  remote: Dataset,
  previous: Partial<DatasetOutputs> & Pick<DatasetOutputs, "sandboxName">,
): DatasetOutputs {
  const tags = remote.tags ?? {};
  const outputs: DatasetOutputs = {
    name: remote.name,
    schemaId: remote.schemaRef?.id ?? "",
    profileEnabled: isEnabled(tags[FLAGS.profileEnabled]),
    identityEnabled: isEnabled(tags[FLAGS.identityEnabled]),
    sandboxName: previous.sandboxName,
  };
  if (remote.description) outputs.description = remote.description;
  if (previous.tags) {
    const managed = Object.keys(previous.tags).filter((k) => k in tags);
    outputs.tags = Object.fromEntries(managed.map((k) => [k, sameToApi(tags[k], previous.tags![k]) ? previous.tags![k] : tags[k]]));
  }
  if (previous.adoptId !== undefined) outputs.adoptId = previous.adoptId;
  if (previous.adoption !== undefined) outputs.adoption = previous.adoption;
  if (typeof remote.version === "string") outputs.version = remote.version;
  const createdAt = isoTime(remote.created);
  const updatedAt = isoTime(remote.updated);
  if (createdAt) outputs.createdAt = createdAt;
  if (updatedAt) outputs.updatedAt = updatedAt;
  return outputs;
}

/** The inputs that differ between two sets of inputs or outputs (what replaces first), by what they mean to Catalog. */
export function changedInputs(olds: Partial<DatasetInputs>, news: Partial<DatasetInputs>): string[] {
  const differs: Record<string, boolean> = {
    schemaId: olds.schemaId !== news.schemaId,
    sandboxName: olds.sandboxName !== news.sandboxName,
    name: olds.name !== news.name,
    description: (olds.description ?? "") !== (news.description ?? ""),
    profileEnabled: (olds.profileEnabled ?? false) !== (news.profileEnabled ?? false),
    identityEnabled: (olds.identityEnabled ?? false) !== (news.identityEnabled ?? false),
    tags: !sameToApi(olds.tags, news.tags),
  };
  return Object.keys(differs).filter((k) => differs[k]);
}

/** The input part of outputs. */
export function datasetInputsOf(outputs: DatasetOutputs): DatasetInputs {
  const { version: _v, createdAt: _c, updatedAt: _u, state: _s, ...inputs } = outputs;
  return inputs;
}

/** What a change does to data that a preview should say: disabling Profile deletes the profile data of the dataset. */
function changeWarnings(olds: Partial<DatasetInputs>, news: Partial<DatasetInputs>): string[] {
  return olds.profileEnabled === true && news.profileEnabled === false ? [`profileEnabled: true → false: ${PROFILE_DISABLE_WARNING}`] : [];
}

/**
 * The Dataset kind, for the shared lifecycle; how its datasets are written (a POST, guarded JSON
 * Patches, a DELETE) is provider/lifecycle/catalog.ts. Catalog documents no access labels on datasets'
 * reads: a 404 means deleted.
 */
export const DATASET: ResourceKind<DatasetInputs> = {
  typeName: "Dataset",
  declaration: DATASET_DECLARATION,
  noun: "dataset",
  accessLabels: false,
  check: checkDataset,
  deleteWarning: DATASET_DELETE_WARNING,
  changeWarnings: changeWarnings as ResourceKind["changeWarnings"],
};
