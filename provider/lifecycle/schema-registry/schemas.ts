// The store of tenant schemas: a create is one `POST /tenant/schemas` (after a lost answer the title is looked up,
// shared.ts), then, for `profileEnabled`, one PATCH of the union tag; a change one RFC 6902 PATCH of what differs,
// after a read that refuses an edit made outside Pulumi (eTag) and the removal of a field group from a
// Profile-enabled schema; a delete is a read (a Profile-enabled schema cannot be deleted: refused before the DELETE)
// and one DELETE.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/schemas
import { answered, ERROR_CODES } from "../../adobe/error-codes";
import type { XdmResource } from "../../adobe/types";
import { PartialFailureError } from "../../errors";
import { label } from "../../kinds/kind";
import {
  SCHEMA,
  SchemaInputs,
  SchemaOutputs,
  UNION_PATCH,
  changedInputs,
  classOf,
  fieldGroupRemovalRefusal,
  fieldGroupsOf,
  isUnion,
  outputsFromSchema,
  planPatch,
  removedFieldGroups,
  schemaInputsOf,
  toRequest,
} from "../../kinds/schema";
import { PROFILE_IRREVERSIBLE } from "../../kinds/xdm";
import { UNKNOWN } from "../../engine/unknown";
import type { LifecycleContext } from "../context";
import type { Store } from "../store";
import { createWithoutDuplicates, describePatch, diffInputs, gone, majorOf, refuseOutsideEdit } from "./shared";

type Outs = SchemaOutputs;

const what = (title: string | undefined, id: string | undefined, sandboxName: string) => label(SCHEMA, title, id, sandboxName);

/** Why `remote` cannot be taken over as `inputs` declare it: its class cannot change. */
function identityProblem(remote: XdmResource, inputs: SchemaInputs): string | undefined {
  const cls = classOf(remote);
  return cls === inputs.classId
    ? undefined
    : `schema ${remote.$id} has class ${JSON.stringify(cls)}, the program declares classId ${JSON.stringify(inputs.classId)}`;
}

/** The union tag's refusal (XDM-1528: no primary identity yet) said with the way this package offers; else the error as it is. */
function explainUnion(err: unknown, title: string, id: string, sandboxName: string): unknown {
  if (!answered(err, "xdmUnionNeedsIdentity")) return err;
  return new Error(
    `${what(title, id, sandboxName)}: \`profileEnabled\`: the registry refused the union tag (HTTP 400 ${err.code}: ${err.detail}). ` +
      `${ERROR_CODES.xdmUnionNeedsIdentity.todo} The schema is unchanged by this PATCH.`,
    { cause: err },
  );
}

/** Brings `remote` to `news` with one PATCH (none when it holds them), refusing a breaking change first; the outputs after it. */
async function patchTo(ctx: LifecycleContext, remote: XdmResource, news: SchemaInputs, extra: Partial<Outs> = {}): Promise<Outs> {
  const ops = planPatch(remote, news);
  if (!ops.length) return outputsFromSchema(remote, { ...news, ...extra });
  const removed = removedFieldGroups(fieldGroupsOf(remote), news.fieldGroups);
  if (isUnion(remote) && removed.length) {
    throw new Error(
      `${what(remote.title, remote.$id, news.sandboxName)}: \`fieldGroups\` ${fieldGroupRemovalRefusal(removed)}. Nothing was sent.`,
    );
  }
  const patched = await ctx.client
    .patchXdm("schemas", remote.$id, ops, { sandboxName: news.sandboxName })
    .catch((err) => Promise.reject(explainUnion(err, news.title, remote.$id, news.sandboxName)));
  return outputsFromSchema(patched, { ...news, ...extra });
}

async function readOrGone(ctx: LifecycleContext, id: string, olds: Partial<Outs> & Pick<Outs, "sandboxName">, during: string) {
  const remote = await ctx.client.getXdm("schemas", id, { sandboxName: olds.sandboxName, major: majorOf(olds.version) });
  if (!remote) throw gone(SCHEMA, olds.title, id, olds.sandboxName, during);
  return remote;
}

export const SCHEMA_STORE: Store<SchemaInputs, Outs> = {
  diff: (olds, news) => diffInputs<SchemaInputs>(olds, news, ["classId", "sandboxName"], changedInputs),

  inputsOf: (outs) => schemaInputsOf(outs),

  // A replace is create-then-delete unless said otherwise. Titles are unique in a sandbox (XDM-1521), so a class change
  // that keeps the title deletes the old schema first; a schema enabled for Profile can never be deleted, so its replace
  // is refused. The stack may not know the union tag (an IdentityDescriptor's enableProfile adds it): one read tells.
  async judgeChange(ctx, id, olds, news, replaces) {
    // Only a replace or the removal of a field group can be refused; the stack tells whether it is enabled for Profile
    // only when it declared it (an IdentityDescriptor's enableProfile adds the tag): else one read tells.
    const removed = removedFieldGroups(olds.fieldGroups ?? [], news.fieldGroups ?? []);
    const unknown = removed.includes(UNKNOWN) || (news.fieldGroups ?? []).includes(UNKNOWN);
    if (!replaces.length && (!removed.length || unknown)) return {};
    let union = olds.profileEnabled === true;
    if (!union) {
      const remote = await ctx.client
        .getXdm("schemas", id, { sandboxName: olds.sandboxName, major: majorOf(olds.version) })
        .catch((err) => {
          throw new Error(
            `${what(olds.title, id, olds.sandboxName)}: whether it is enabled for Profile (then this change is refused) could not ` +
              `be read: ${(err as Error).message}. Nothing was sent; run again.`,
            { cause: err },
          );
        });
      union = remote !== undefined && isUnion(remote);
    }
    if (!replaces.length) return union ? { refusal: `\`fieldGroups\` ${fieldGroupRemovalRefusal(removed)}` } : {};
    if (union) {
      return {
        refusal:
          `a change of ${replaces.join(", ")} replaces it, but it is enabled for Profile, and ${PROFILE_IRREVERSIBLE}: its replace would leave it in the sandbox, out of the stack. ` +
          "Declare the new schema as another Schema resource (another resource name and title), point the datasets, " +
          "descriptors and mappings at it, then remove this one from the program (its delete leaves it in the sandbox, said)",
      };
    }
    const deleteFirst = olds.sandboxName === news.sandboxName && olds.title === news.title;
    return deleteFirst
      ? {
          deleteFirst,
          why:
            "its title stays, and titles are unique in a sandbox (XDM-1521); what uses its id in a property that replaces " +
            "(datasets, identity descriptors) is replaced with it, first deleted",
        }
      : {};
  },

  async planAdoption(ctx, inputs) {
    const remote = await ctx.client.getXdm("schemas", inputs.adoptId, { sandboxName: inputs.sandboxName });
    if (!remote) return { failure: `schema ${inputs.adoptId} does not exist in sandbox ${inputs.sandboxName}` };
    const problem = identityProblem(remote, inputs);
    if (problem) return { failure: problem };
    const ops = planPatch(remote, inputs);
    return {
      summary: `adopts schema ${remote.$id} ("${remote.title}") in sandbox ${inputs.sandboxName}: ${ops.length ? `PATCH ${describePatch(ops)}` : "no change"}`,
      sends: new Set(changedInputs(outputsFromSchema(remote, inputs), inputs)),
      seen: remote,
    };
  },

  async create(ctx, inputs) {
    const sandboxName = inputs.sandboxName;
    const { resource, recovered } = await createWithoutDuplicates(ctx, SCHEMA, "schemas", toRequest(inputs), sandboxName);
    ctx.claims.note(sandboxName, resource.$id, recovered ? "recovered" : "created");
    if (!inputs.profileEnabled || isUnion(resource)) return { id: resource.$id, outs: outputsFromSchema(resource, inputs) };
    try {
      const tagged = await ctx.client.patchXdm("schemas", resource.$id, UNION_PATCH, { sandboxName });
      return { id: resource.$id, outs: outputsFromSchema(tagged, inputs) };
    } catch (err) {
      // The schema exists: kept in the stack without the tag, so the next `pulumi up` sends only the PATCH.
      const outs = outputsFromSchema(resource, { ...inputs, profileEnabled: false });
      const why = explainUnion(err, inputs.title, resource.$id, sandboxName) as Error;
      throw new PartialFailureError(resource.$id, outs, `${why.message} The schema itself was created and is kept in the stack.`);
    }
  },

  async adopt(ctx, inputs) {
    const remote = await readOrGone(ctx, inputs.adoptId, inputs, "the adoption's read");
    const problem = identityProblem(remote, inputs);
    if (problem)
      throw new Error(`${what(inputs.title, inputs.adoptId, inputs.sandboxName)} cannot be adopted: ${problem}. Nothing was changed.`);
    const ops = planPatch(remote, inputs);
    const adoption = `adopts schema ${remote.$id} ("${remote.title}") in sandbox ${inputs.sandboxName}: ${ops.length ? `PATCH ${describePatch(ops)}` : "no change"}`;
    return { id: remote.$id, outs: await patchTo(ctx, remote, inputs, { adoption }) };
  },

  async read(ctx, id, props) {
    const remote = await ctx.client.getXdm("schemas", id, { sandboxName: props.sandboxName, major: majorOf(props.version) });
    if (!remote) return undefined;
    const outs = outputsFromSchema(remote, props);
    return { outs, inputs: schemaInputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    const remote = await readOrGone(ctx, id, olds, "the update's read");
    refuseOutsideEdit(
      SCHEMA,
      remote,
      olds.etag,
      olds,
      outputsFromSchema(remote, olds),
      changedInputs,
      planPatch(remote, news).length === 0,
    );
    return patchTo(ctx, remote, news);
  },

  async delete(ctx, id, props) {
    // Read first: an IdentityDescriptor may have enabled Profile since the stack's last read of the schema.
    const remote = await ctx.client.getXdm("schemas", id, { sandboxName: props.sandboxName, major: majorOf(props.version) });
    if (!remote) {
      ctx.notice(`${what(props.title, id, props.sandboxName)}: already gone (the registry answered 404).`);
      return;
    }
    // Adobe can never delete it: like a mapping set Data Prep cannot delete, it is left in the sandbox and said, so that a
    // destroy (whose other deletes already ran: Pulumi deletes dependents first) ends with a consistent stack.
    if (isUnion(remote)) {
      ctx.notice(
        `${what(props.title, id, props.sandboxName)}: removed from the stack, but not deleted: it is enabled for Profile, and ` +
          `${PROFILE_IRREVERSIBLE}. It is left in the sandbox (no DELETE was sent); its title stays taken there.`,
      );
      return;
    }
    await ctx.client.deleteXdm("schemas", id, { sandboxName: props.sandboxName });
  },

  async describe(ctx, id, sandboxName) {
    const remote = await ctx.client.getXdm("schemas", id, { sandboxName });
    return remote && `schema "${remote.title}" (version ${remote.version})`;
  },
};
