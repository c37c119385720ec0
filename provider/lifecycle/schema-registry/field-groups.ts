// The store of tenant field groups: a create is one `POST /tenant/fieldgroups` (the tenant id from `GET /stats`, once
// per run; after a lost answer the title is looked up, shared.ts), a change one RFC 6902 PATCH of what differs, after a
// read that refuses an edit made outside Pulumi (eTag) and a breaking change while a Profile-enabled schema uses the
// field group, and a delete one DELETE.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/field-groups
import type { XdmResource } from "../../adobe/types";
import { containsUnknown } from "../../engine/unknown";
import {
  FIELD_GROUP,
  FieldGroupInputs,
  FieldGroupOutputs,
  breakingFieldChanges,
  changedInputs,
  fieldGroupInputsOf,
  outputsFromFieldGroup,
  planPatch,
  tenantOf,
  toRequest,
} from "../../kinds/field-group";
import { label } from "../../kinds/kind";
import { PROFILE_IRREVERSIBLE, XDM_DOCS, breakingChanges } from "../../kinds/xdm";
import type { LifecycleContext } from "../context";
import type { Store } from "../store";
import { createWithoutDuplicates, describePatch, diffInputs, gone, majorOf, refuseOutsideEdit } from "./shared";

type Outs = FieldGroupOutputs;

/** The Profile-enabled schemas using field group `id` (`meta:extends` lists a schema's field groups; both filters ANDed). */
async function profileSchemasUsing(ctx: LifecycleContext, id: string, sandboxName: string): Promise<string[]> {
  const found = await ctx.client.findXdm("schemas", [`meta:extends==${id}`, "meta:immutableTags==union"], { sandboxName });
  return found.map((s) => `"${s.title}" (${s.$id})`);
}

/**
 * Why a change that removes or retypes fields (`breaking`, paths under the tenant) cannot be made: the field group is
 * used by a Profile-enabled schema (rules.ts `xdm.evolution`); undefined when none uses it. One schema list, made only
 * for a breaking change.
 */
async function breakingRefusal(ctx: LifecycleContext, id: string, breaking: string[], tenantId: string, sandboxName: string) {
  if (!breaking.length) return undefined;
  const users = await profileSchemasUsing(ctx, id, sandboxName);
  if (!users.length) return undefined;
  return (
    `\`fields\`: ${breaking.map((b) => `_${tenantId}${b}`).join(", ")} is a breaking change, and the field group is used by ` +
    `schema(s) enabled for Profile: ${users.join(", ")}. Adobe allows only additive changes then (${XDM_DOCS.composition}). ` +
    "Keep the field as it was and add a new field beside it (in this field group, or in a new FieldGroup added to the schema " +
    "beside this one: removing this one from a Profile-enabled schema is refused too)"
  );
}

/** Refuses, before any write, a breaking change of a field group a Profile-enabled schema uses (read just before). */
async function refuseBreaking(ctx: LifecycleContext, remote: XdmResource, news: FieldGroupInputs, tenantId: string): Promise<void> {
  const refusal = await breakingRefusal(ctx, remote.$id, breakingFieldChanges(remote, tenantId, news), tenantId, news.sandboxName);
  if (refusal) throw new Error(`${label(FIELD_GROUP, remote.title, remote.$id, news.sandboxName)}: ${refusal}. Nothing was sent.`);
}

/** Reads the field group, or throws the "deleted outside Pulumi" error. */
async function readOrGone(ctx: LifecycleContext, id: string, olds: Partial<Outs> & Pick<Outs, "sandboxName">, during: string) {
  const remote = await ctx.client.getXdm("fieldgroups", id, { sandboxName: olds.sandboxName, major: majorOf(olds.version) });
  if (!remote) throw gone(FIELD_GROUP, olds.title, id, olds.sandboxName, during);
  return remote;
}

/** Brings `remote` to `news` with one PATCH (none when it holds them); the outputs after it. */
async function patchTo(ctx: LifecycleContext, remote: XdmResource, news: FieldGroupInputs, extra: Partial<Outs>): Promise<Outs> {
  const tenantId = tenantOf(remote, extra.tenantId);
  const ops = planPatch(remote, news, tenantId);
  if (!ops.length) return outputsFromFieldGroup(remote, { ...news, ...extra, tenantId });
  await refuseBreaking(ctx, remote, news, tenantId);
  const patched = await ctx.client.patchXdm("fieldgroups", remote.$id, ops, { sandboxName: news.sandboxName });
  return outputsFromFieldGroup(patched, { ...news, ...extra, tenantId });
}

export const FIELD_GROUP_STORE: Store<FieldGroupInputs, Outs> = {
  diff: (olds, news) => diffInputs<FieldGroupInputs>(olds, news, ["sandboxName"], changedInputs),

  inputsOf: (outs) => fieldGroupInputsOf(outs),

  // Said by `pulumi preview` too: the stack's fields show whether the change removes or retypes one; only then are the
  // Profile-enabled schemas using the field group listed (the update lists them again, after its read).
  async judgeChange(ctx, id, olds, news, replaces) {
    if (replaces.length || !olds.tenantId || containsUnknown(news.fields)) return {};
    const breaking = breakingChanges(olds.fields, news.fields);
    return { refusal: await breakingRefusal(ctx, id, breaking, olds.tenantId, olds.sandboxName) };
  },

  // The tenant id is the org's, the same in every sandbox: kept from the last check, else read once per run (`GET /stats`).
  async knownOutputs(ctx, inputs, previous, seen) {
    if (previous?.tenantId) return { tenantId: previous.tenantId };
    const adopted = seen ? tenantOf(seen as XdmResource, undefined) : "";
    if (adopted) return { tenantId: adopted };
    return ctx.tenantId!(inputs.sandboxName).then(
      (tenantId) => ({ tenantId }),
      () => ({}),
    );
  },

  async planAdoption(ctx, inputs) {
    const remote = await ctx.client.getXdm("fieldgroups", inputs.adoptId, { sandboxName: inputs.sandboxName });
    if (!remote) return { failure: `field group ${inputs.adoptId} does not exist in sandbox ${inputs.sandboxName}` };
    const ops = planPatch(remote, inputs, tenantOf(remote, undefined));
    return {
      summary: `adopts field group ${remote.$id} ("${remote.title}") in sandbox ${inputs.sandboxName}: ${ops.length ? `PATCH ${describePatch(ops)}` : "no change"}`,
      sends: new Set(changedInputs(outputsFromFieldGroup(remote, inputs), inputs)),
      seen: remote,
    };
  },

  async create(ctx, inputs) {
    const tenantId = await ctx.tenantId!(inputs.sandboxName);
    const { resource, recovered } = await createWithoutDuplicates(
      ctx,
      FIELD_GROUP,
      "fieldgroups",
      toRequest(inputs, tenantId),
      inputs.sandboxName,
    );
    ctx.claims.note(inputs.sandboxName, resource.$id, recovered ? "recovered" : "created");
    return { id: resource.$id, outs: outputsFromFieldGroup(resource, { ...inputs, tenantId }) };
  },

  async adopt(ctx, inputs) {
    // Read again, not taken from check: the PATCH is planned against the field group as it is now.
    const remote = await readOrGone(ctx, inputs.adoptId, inputs, "the adoption's read");
    const ops = planPatch(remote, inputs, tenantOf(remote, undefined));
    const adoption = `adopts field group ${remote.$id} ("${remote.title}") in sandbox ${inputs.sandboxName}: ${ops.length ? `PATCH ${describePatch(ops)}` : "no change"}`;
    return { id: remote.$id, outs: await patchTo(ctx, remote, inputs, { adoption }) };
  },

  async read(ctx, id, props) {
    const remote = await ctx.client.getXdm("fieldgroups", id, { sandboxName: props.sandboxName, major: majorOf(props.version) });
    if (!remote) return undefined;
    const outs = outputsFromFieldGroup(remote, props);
    // A refresh keeps the tenant id among the inputs, where check put it (knownOutputs); an import, with no state
    // yet, hands back only the declared inputs: they become the program's code.
    const inputs = fieldGroupInputsOf(outs);
    return { outs, inputs: props.tenantId ? { ...inputs, tenantId: outs.tenantId } : inputs };
  },

  async update(ctx, id, olds, news) {
    const remote = await readOrGone(ctx, id, olds, "the update's read");
    const holdsNews = planPatch(remote, news, tenantOf(remote, olds.tenantId)).length === 0;
    refuseOutsideEdit(FIELD_GROUP, remote, olds.etag, olds, outputsFromFieldGroup(remote, olds), changedInputs, holdsNews);
    return patchTo(ctx, remote, news, { tenantId: olds.tenantId });
  },

  async delete(ctx, id, props) {
    // A schema enabled for Profile is never deleted (schemas.ts leaves it in the sandbox): the field groups it uses stay
    // with it, or it would be left without its fields, its primary identity's among them. One list tells.
    const users = await profileSchemasUsing(ctx, id, props.sandboxName);
    if (users.length) {
      ctx.notice(
        `${label(FIELD_GROUP, props.title, id, props.sandboxName)}: removed from the stack, but not deleted: schema(s) enabled for ` +
          `Profile use it (${users.join(", ")}), and ${PROFILE_IRREVERSIBLE}, so it stays with them (no DELETE was sent); its title ` +
          "stays taken in the sandbox.",
      );
      return;
    }
    const deleted = await ctx.client.deleteXdm("fieldgroups", id, { sandboxName: props.sandboxName });
    if (!deleted) ctx.notice(`${label(FIELD_GROUP, props.title, id, props.sandboxName)}: already gone (the registry answered 404).`);
  },

  async describe(ctx, id, sandboxName) {
    const remote = await ctx.client.getXdm("fieldgroups", id, { sandboxName });
    return remote && `field group "${remote.title}" (version ${remote.version})`;
  },
};
