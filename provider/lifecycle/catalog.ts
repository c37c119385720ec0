// The store of Catalog datasets: a create is one `POST /dataSets` (never repeated blindly: names
// are not unique, so after a lost answer the datasets of that name are looked at first, with the
// judge of lost-answers.ts), a change is one JSON Patch guarded by `If-Match` with the `E-Tag` of a
// read just before (a change made outside Pulumi since the last run is refused, not overwritten; a
// 412 is an edit made in between), and a delete is `DELETE /dataSets/{id}`. Claims, not-found
// marking and adoption's bookkeeping are the shared lifecycle's.
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/update-object
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/appendix
import { FlowServiceError } from "../adobe/errors";
import type { Dataset, PatchOperation } from "../adobe/types";
import { containsUnknown } from "../engine/unknown";
import { EntityGoneError } from "../errors";
import { label } from "../kinds/kind";
import {
  DATASET,
  DatasetInputs,
  DatasetOutputs,
  changedInputs,
  datasetInputsOf,
  inputsPatched,
  outputsFromDataset,
  planPatch,
  toRequest,
} from "../kinds/dataset";
import type { LifecycleContext } from "./context";
import { concurrentEdit } from "./explain";
import { candidate, createOnce, isUnknownOutcome, lookupsOf, settle } from "./lost-answers";
import type { Store } from "./store";

type Outs = DatasetOutputs;

const what = (name: string | undefined, id: string | undefined, sandboxName: string) => label(DATASET, name, id, sandboxName);

/** What the program declared, every given input (the outputs of a write Catalog answers with a link only). */
function declared(inputs: DatasetInputs): Outs {
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined)) as Outs;
}

/** `replace /name, add /tags/unifiedProfile`: what a patch sends, paths only (never values). */
const describePatch = (ops: PatchOperation[]) => ops.map((o) => `${o.op} ${o.path}`).join(", ");

/** Why `remote` cannot be taken over as `inputs` declare it: its schema cannot be changed. */
function identityProblem(remote: Dataset, inputs: DatasetInputs): string | undefined {
  const schema = remote.schemaRef?.id;
  return schema === inputs.schemaId
    ? undefined
    : `dataset ${remote.id} has schema ${JSON.stringify(schema)}, the program declares schemaId ${JSON.stringify(inputs.schemaId)} ` +
        "(Catalog cannot change a dataset's schema)";
}

/**
 * `POST /dataSets`, and after a lost answer a look at the datasets of this name (exactly) and schema
 * created while the request was under way and held by no resource of this run: one is kept, none
 * means the create did not land and it is sent once more, several is a question for the user.
 */
async function createWithoutDuplicates(ctx: LifecycleContext, inputs: DatasetInputs): Promise<{ id: string; found?: Dataset }> {
  const { client } = ctx;
  const sandboxName = inputs.sandboxName;
  const outcome = await createOnce({
    ...lookupsOf(ctx, sandboxName),
    send: () => client.createDataset(toRequest(inputs), { sandboxName }),
    async findCandidates() {
      const named = await client.findDatasets(inputs.name, { sandboxName, properties: "name,schemaRef,created" });
      return named.filter((d) => d.schemaRef?.id === inputs.schemaId).map((d) => candidate(d, d.id, d.created, d.name));
    },
    refuse: ({ verdict, err, attempt }) =>
      verdict.kind === "ambiguous" || attempt >= 2
        ? new Error(
            `${what(inputs.name, undefined, sandboxName)}: the create's answer was lost (${err.message}) and ${
              verdict.kind === "ambiguous"
                ? `several datasets named "${inputs.name}" with this schema were found (${verdict.candidates.map((c) => c.id).join(", ")}): ${verdict.why}`
                : `no dataset named "${inputs.name}" with this schema was found after a second try`
            }. Nothing was added to the stack. If one of them is this resource's, declare \`adoptId: "<its id>"\` so that \`pulumi up\` takes it over.`,
            { cause: err },
          )
        : undefined,
  });
  if ("sent" in outcome) return { id: outcome.sent };
  ctx.notice(
    `${what(inputs.name, outcome.kept.id, sandboxName)}: the create's answer was lost; the dataset it made was found and is kept.`,
  );
  return { id: outcome.kept.id, found: outcome.kept };
}

/**
 * The guarded PATCH: `If-Match` with the E-Tag read just before. A 412 is an edit made since that
 * read (never overwritten). After a lost answer the dataset is read again: it holds the change (it
 * landed), it is as it was (sent once more with the new E-Tag), or someone else changed it.
 */
async function patchGuarded(
  ctx: LifecycleContext,
  id: string,
  olds: Partial<DatasetInputs>,
  news: DatasetInputs,
  read: { dataset: Dataset; etag?: string },
): Promise<void> {
  const { client } = ctx;
  const sandboxName = news.sandboxName;
  const ops = planPatch(read.dataset, olds, news);
  const conflict = (paths: string[]) => concurrentEdit(DATASET, news.name, id, sandboxName, paths);
  for (let attempt = 1; ; attempt++) {
    try {
      await client.patchDataset(id, ops, { sandboxName, etag: read.etag });
      return;
    } catch (err) {
      if (err instanceof FlowServiceError && err.status === 412)
        throw conflict(["(the dataset changed between the read and the PATCH: 412)"]);
      if (err instanceof FlowServiceError && err.status === 404) throw gone(news.name, id, sandboxName, "the PATCH");
      if (!isUnknownOutcome(err) || attempt >= 2) throw err;
      await settle(ctx.recovery);
      const again = await client.getDataset(id, { sandboxName });
      if (!again) throw gone(news.name, id, sandboxName, "the PATCH");
      if (planPatch(again.dataset, olds, news).length === 0) return;
      const moved = changedInputs(outputsFromDataset(read.dataset, news), outputsFromDataset(again.dataset, news));
      if (moved.length) throw conflict(moved);
      read = again;
    }
  }
}

function gone(name: string | undefined, id: string, sandboxName: string, during: string): EntityGoneError {
  return new EntityGoneError(
    `${what(name, id, sandboxName)} was not found during ${during}: it was deleted outside Pulumi. Nothing was changed. Run ` +
      "`pulumi refresh` (it marks it not-found), then `pulumi up` to create it again.",
  );
}

/**
 * The outputs after a write (a POST or a PATCH), from one read right after it: Catalog answers a write with
 * `["@/dataSets/{id}"]` only (create-dataset and update-object pages), and the version and times it then set are what a
 * refresh would read. What was declared is kept over what was read. When that read fails, the write stands: the outputs
 * are what was declared over `before`, without version and update time (a refresh reads them), and that is said.
 */
async function afterWrite(ctx: LifecycleContext, id: string, news: DatasetInputs, before: Partial<Outs> = {}): Promise<Outs> {
  const sandboxName = news.sandboxName;
  const read = await ctx.client.getDataset(id, { sandboxName }).catch((err: Error) => err);
  if (read && !(read instanceof Error)) return { ...outputsFromDataset(read.dataset, news), ...declared(news) };
  ctx.notice(
    `${what(news.name, id, sandboxName)}: written, but the read after the write ${read ? `failed (${read.message})` : "found no dataset"}; ` +
      "`version` and `updatedAt` are known after a `pulumi refresh`.",
  );
  const { version: _v, updatedAt: _u, ...kept } = before;
  return { ...kept, ...declared(news) } as Outs;
}

/** The store of Catalog datasets. */
export const DATASET_STORE: Store<DatasetInputs, Outs> = {
  diff(olds, news) {
    const replaces = (["schemaId", "sandboxName"] as const).filter((k) => containsUnknown(news[k]) || olds[k] !== news[k]);
    // A value still unknown in a preview counts as changed.
    const unknown = (["name", "description", "tags"] as const).filter((k) => containsUnknown(news[k]));
    const changed = [...new Set([...replaces, ...unknown, ...changedInputs(olds, news)])];
    return { changes: changed.length > 0, replaces, changed };
  },

  inputsOf: (outs) => datasetInputsOf(outs),

  async planAdoption(ctx, inputs) {
    const read = await ctx.client.getDataset(inputs.adoptId, { sandboxName: inputs.sandboxName });
    if (!read) return { failure: `dataset ${inputs.adoptId} does not exist in sandbox ${inputs.sandboxName}` };
    const problem = identityProblem(read.dataset, inputs);
    if (problem) return { failure: problem };
    const ops = planPatch(read.dataset, inputs, inputs);
    return {
      summary: `adopts dataset ${read.dataset.id} ("${read.dataset.name}") in sandbox ${inputs.sandboxName}: ${ops.length ? `PATCH ${describePatch(ops)}` : "no change"}`,
      sends: new Set(inputsPatched(ops)),
      seen: read,
    };
  },

  async create(ctx, inputs) {
    const { id, found } = await createWithoutDuplicates(ctx, inputs);
    ctx.claims.note(inputs.sandboxName, id, found ? "recovered" : "created");
    return { id, outs: await afterWrite(ctx, id, inputs) };
  },

  async adopt(ctx, inputs) {
    const sandboxName = inputs.sandboxName;
    // Read again, not taken from check: its E-Tag guards the PATCH, so an edit made since is not overwritten.
    const read = await ctx.client.getDataset(inputs.adoptId, { sandboxName });
    if (!read)
      throw new Error(`${what(inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: it does not exist in sandbox ${sandboxName}.`);
    const problem = identityProblem(read.dataset, inputs);
    if (problem) throw new Error(`${what(inputs.name, inputs.adoptId, sandboxName)} cannot be adopted: ${problem}. Nothing was changed.`);
    const ops = planPatch(read.dataset, inputs, inputs);
    const adoption = `adopts dataset ${read.dataset.id} ("${read.dataset.name}") in sandbox ${sandboxName}: ${ops.length ? `PATCH ${describePatch(ops)}` : "no change"}`;
    const before = outputsFromDataset(read.dataset, inputs);
    if (!ops.length) return { id: read.dataset.id, outs: { ...before, ...declared(inputs), adoption } };
    await patchGuarded(ctx, read.dataset.id, inputs, inputs, read);
    return { id: read.dataset.id, outs: await afterWrite(ctx, read.dataset.id, { ...inputs, adoption }, before) };
  },

  async read(ctx, id, props) {
    const read = await ctx.client.getDataset(id, { sandboxName: props.sandboxName });
    if (!read) return undefined;
    const outs = outputsFromDataset(read.dataset, props);
    return { outs, inputs: datasetInputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    const read = await ctx.client.getDataset(id, { sandboxName: olds.sandboxName });
    if (!read) throw gone(olds.name, id, olds.sandboxName, "the update's read");
    const current = outputsFromDataset(read.dataset, olds);
    if (planPatch(read.dataset, olds, news).length === 0) return { ...current, ...declared(news) };
    // Declared properties changed outside Pulumi since the last run: someone else's edit, never overwritten.
    const changed = changedInputs(olds, current);
    if (changed.length) throw concurrentEdit(DATASET, olds.name, id, olds.sandboxName, changed);
    await patchGuarded(ctx, id, olds, news, read);
    return afterWrite(ctx, id, news, current);
  },

  async delete(ctx, id, props) {
    const deleted = await ctx.client.deleteDataset(id, { sandboxName: props.sandboxName });
    ctx.notice(
      deleted
        ? `${what(props.name, id, props.sandboxName)}: deleted; ${DATASET.deleteWarning}.`
        : `${what(props.name, id, props.sandboxName)}: already gone (Catalog answered that there was nothing to delete).`,
    );
  },

  async describe(ctx, id, sandboxName) {
    const read = await ctx.client.getDataset(id, { sandboxName });
    return read && `dataset "${read.dataset.name}"${read.dataset.version ? ` (version ${read.dataset.version})` : ""}`;
  },
};
