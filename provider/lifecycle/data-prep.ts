// The store of Data Prep's mapping sets: a create is a `POST` (never repeated blindly: a lost answer
// is looked for first, with the judge of lost-answers.ts), a change is a full `PUT` that makes a new
// version, after a read that refuses to overwrite a version someone else made (Data Prep documents
// no etag), and a delete may not be supported at all (Data Prep documents no DELETE): then the
// mapping set is left, and the run says so. Claims, not-found marking and adoption's bookkeeping are
// the shared lifecycle's.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
import type { MappingSet } from "../adobe/types";
import { EntityGoneError } from "../errors";
import { isoTime, label } from "../kinds/kind";
import {
  MAPPING_SET,
  MappingSetInputs,
  MappingSetOutputs,
  changedInputs,
  holdsDeclared,
  mappingSetInputsOf,
  outputsFromMappingSet,
  toRequest,
} from "../kinds/mapping-set";
import { containsUnknown } from "../engine/unknown";
import type { LifecycleContext } from "./context";
import { concurrentEdit } from "./explain";
import { candidate, createOnce, isUnknownOutcome, lookupsOf, settle } from "./lost-answers";
import type { Store } from "./store";

type Outs = MappingSetOutputs & { state?: string };

const what = (id: string | undefined, sandboxName: string) => label(MAPPING_SET, undefined, id, sandboxName);

/** What differs between two rule sets, for messages (never the values of other properties). */
function describeChange(
  before: Pick<MappingSetInputs, "outputSchema" | "mappings">,
  after: Pick<MappingSetInputs, "outputSchema" | "mappings">,
): string {
  const schema = before.outputSchema?.schemaRef?.id !== after.outputSchema.schemaRef.id ? "outputSchema, " : "";
  return `${schema}mappings (${before.mappings?.length ?? 0} → ${after.mappings.length} rules)`;
}

/** What the program declared, in its own form (kept when the service's form means the same): every given input. */
function declared(
  inputs: MappingSetInputs,
): Pick<MappingSetOutputs, "outputSchema" | "mappings" | "sandboxName"> & Partial<MappingSetOutputs> {
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined)) as MappingSetInputs;
}

function describeAdoption(remote: MappingSet, inputs: MappingSetInputs): string {
  const outs = outputsFromMappingSet(remote, { sandboxName: inputs.sandboxName });
  return `adopts mapping set ${remote.id} (version ${outs.version}) in sandbox ${inputs.sandboxName}: ${
    holdsDeclared(outs, inputs) ? "no change" : "PUT (a new version)"
  }`;
}

/**
 * `POST /mappingSets`, and after a lost answer a look at the sandbox's newest mapping sets for one
 * holding exactly these rules, created while the request was under way and held by no resource of
 * this run: one is kept, none means the create did not land and it is sent once more.
 */
async function createWithoutDuplicates(ctx: LifecycleContext, inputs: MappingSetInputs): Promise<{ id: string; version: number }> {
  const { client } = ctx;
  const sandboxName = inputs.sandboxName;
  const outcome = await createOnce({
    ...lookupsOf(ctx, sandboxName),
    send: () => client.createMappingSet(toRequest(inputs), { sandboxName }),
    async findCandidates() {
      const recent = await client.listMappingSets({ sandboxName, limit: 100 });
      return recent.filter((m) => holdsDeclared(outputsFromMappingSet(m, inputs), inputs)).map((m) => candidate(m, m.id, m.createdDate));
    },
    refuse: ({ verdict, err, attempt }) =>
      verdict.kind === "ambiguous" || attempt >= 2
        ? new Error(
            `${what(undefined, sandboxName)}: the create's answer was lost (${err.message}) and ${
              verdict.kind === "ambiguous"
                ? `several mapping sets with these rules were made meanwhile (${verdict.candidates.map((c) => c.id).join(", ")})`
                : "no mapping set with these rules was found"
            }. Nothing was added to the stack. If one of them is this resource's, declare \`adoptId: "<its id>"\` so that \`pulumi up\` takes it over.`,
            { cause: err },
          )
        : undefined,
  });
  if ("sent" in outcome) return outcome.sent;
  ctx.notice(`${what(outcome.kept.id, sandboxName)}: the create's answer was lost; the mapping set it made was found and is kept.`);
  return { id: outcome.kept.id, version: Number(outcome.kept.version ?? 0) };
}

/** `PUT /mappingSets/{id}`; after a lost answer the mapping set is read: if it holds the rules, the PUT landed. Returns the new version and when it was made. */
async function put(
  ctx: LifecycleContext,
  id: string,
  inputs: MappingSetInputs,
  before: MappingSetOutputs,
): Promise<Pick<MappingSetOutputs, "version" | "updatedAt">> {
  const { client } = ctx;
  // The new version's time, from the version itself (the PUT answers it whole): not the time of the version it replaced.
  const made = (m: { modifiedDate?: number }) => (isoTime(m.modifiedDate) ? { updatedAt: isoTime(m.modifiedDate) } : {});
  try {
    const answer = await client.replaceMappingSet(id, toRequest(inputs), { sandboxName: inputs.sandboxName });
    if (typeof answer?.version === "number") {
      // No etag guards a PUT: a version saved in the AEP UI between the read and the PUT (or one a service that reads
      // version 0 by default did not show) is superseded, not lost. Said, so it can be taken back.
      if (answer.version > before.version + 1) {
        const first = before.version + 1;
        const last = answer.version - 1;
        const versions = first === last ? `version ${first} was` : `versions ${first}–${last} were`;
        ctx.notice(
          `${what(id, inputs.sandboxName)}: the new rules are version ${answer.version}, not ${first}: ${versions} saved outside ` +
            `Pulumi meanwhile and ${first === last ? "is" : "are"} no longer the latest. Kept, and readable with ` +
            `\`GET /mappingSets/${id}?version=N\`; put those rules in the program to use them.`,
        );
      }
      return { version: answer.version, ...made(answer) };
    }
  } catch (err) {
    if (!isUnknownOutcome(err)) throw err;
    await settle(ctx.recovery);
  }
  const after = await client.getLatestMappingSet(id, before.version + 1, { sandboxName: inputs.sandboxName });
  if (after && holdsDeclared(outputsFromMappingSet(after, inputs), inputs)) {
    return { version: Number(after.version ?? before.version + 1), ...made(after) };
  }
  throw new Error(
    `${what(id, inputs.sandboxName)}: the PUT of the new rules got no clear answer and the mapping set does not hold them. ` +
      "Nothing was recorded; run `pulumi up` again.",
  );
}

/** The store of Data Prep mapping sets. */
export const MAPPING_SET_STORE: Store<MappingSetInputs, Outs> = {
  diff(olds, news) {
    const replaces = olds.sandboxName !== news.sandboxName ? ["sandboxName"] : [];
    // A value still unknown in a preview counts as changed.
    const unknown = (["outputSchema", "mappings"] as const).filter((key) => containsUnknown(news[key]));
    const changed = [...replaces, ...new Set([...unknown, ...changedInputs(olds, news)])];
    return { changes: changed.length > 0, replaces, changed };
  },

  inputsOf: (outs) => mappingSetInputsOf(outs),

  async planAdoption(ctx, inputs) {
    const remote = await ctx.client.getLatestMappingSet(inputs.adoptId, undefined, { sandboxName: inputs.sandboxName });
    if (!remote) return { failure: `mapping set ${inputs.adoptId} does not exist in sandbox ${inputs.sandboxName}` };
    const outs = outputsFromMappingSet(remote, { sandboxName: inputs.sandboxName });
    return {
      summary: describeAdoption(remote, inputs),
      // A PUT sends everything; so it is about every input that differs, or none.
      sends: holdsDeclared(outs, inputs) ? new Set<string>() : new Set(["outputSchema", "mappings", ...changedInputs(outs, inputs)]),
      seen: remote,
    };
  },

  async create(ctx, inputs) {
    const created = await createWithoutDuplicates(ctx, inputs);
    ctx.claims.note(inputs.sandboxName, created.id, "created");
    // The POST answers the id and version; the rules are what was sent (a refresh reads them back).
    return { id: created.id, outs: { ...declared(inputs), version: Number(created.version ?? 0) } };
  },

  async adopt(ctx, inputs) {
    const sandboxName = inputs.sandboxName;
    // Read again, not taken from check: a version saved since would otherwise be overwritten by the PUT.
    const remote = await ctx.client.getLatestMappingSet(inputs.adoptId, undefined, { sandboxName });
    if (!remote) throw new Error(`${what(inputs.adoptId, sandboxName)} cannot be adopted: it does not exist in sandbox ${sandboxName}.`);
    const before = outputsFromMappingSet(remote, { sandboxName });
    const adoption = describeAdoption(remote, inputs);
    if (holdsDeclared(before, inputs)) return { id: remote.id, outs: { ...before, ...declared(inputs), adoption } };
    const written = await put(ctx, remote.id, inputs, before);
    return { id: remote.id, outs: { ...before, ...declared(inputs), ...written, adoption } };
  },

  async read(ctx, id, props) {
    const known = typeof props.version === "number" ? props.version : undefined;
    const remote = await ctx.client.getLatestMappingSet(id, known, { sandboxName: props.sandboxName });
    if (!remote) return undefined;
    const outs = outputsFromMappingSet(remote, props);
    return { outs, inputs: mappingSetInputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    const remote = await ctx.client.getLatestMappingSet(id, olds.version, { sandboxName: olds.sandboxName });
    if (!remote)
      throw new EntityGoneError(
        `${what(id, olds.sandboxName)} was not found: deleted outside Pulumi. Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`,
      );
    const current = outputsFromMappingSet(remote, olds);
    if (holdsDeclared(current, news)) return { ...current, ...declared(news) };
    // Data Prep documents no etag: a version made since the stack's is someone else's edit, never overwritten.
    if (current.version !== olds.version && !holdsDeclared(current, olds)) {
      const changed = MAPPING_SET_STORE.diff(olds, current).changed;
      throw concurrentEdit(
        MAPPING_SET,
        undefined,
        id,
        olds.sandboxName,
        changed,
        `version ${olds.version} → ${current.version}: ${describeChange(olds, current)}`,
      );
    }
    const written = await put(ctx, id, news, current);
    return { ...current, ...declared(news), ...written };
  },

  async delete(ctx, id, props) {
    const outcome = await ctx.client.deleteMappingSet(id, { sandboxName: props.sandboxName });
    if (outcome === "unsupported") {
      ctx.notice(
        `${what(id, props.sandboxName)}: removed from the stack, but the service refused to delete it (Data Prep documents no DELETE for ` +
          "mapping sets), so it is left in the sandbox. It is harmless once no flow uses it; remove it in the AEP UI if you wish.",
      );
    }
  },

  async describe(ctx, id, sandboxName) {
    const remote = await ctx.client.getMappingSet(id, { sandboxName });
    return remote ? `version ${remote.version}` : undefined;
  },
};
