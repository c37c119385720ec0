// The store of identity descriptors: a create is one `POST /tenant/descriptors` (after a lost answer, the schema's
// descriptors are listed and the one it made is kept), then, for `enableProfile`, one PATCH of the schema's union tag
// — the order Adobe requires (a primary identity before the tag, XDM-1528). A change is one PUT of the whole
// descriptor; a delete one DELETE. The Registry has no conditional writes for descriptors.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/descriptors
import { answered, ERROR_CODES } from "../../adobe/error-codes";
import type { Descriptor } from "../../adobe/types";
import { PartialFailureError } from "../../errors";
import {
  IDENTITY_DESCRIPTOR,
  IdentityDescriptorInputs,
  IdentityDescriptorOutputs,
  changedInputs,
  descriptorInputsOf,
  holdsDeclared,
  outputsFromDescriptor,
  toRequest,
} from "../../kinds/identity-descriptor";
import { label } from "../../kinds/kind";
import { UNION_PATCH } from "../../kinds/schema";
import type { LifecycleContext } from "../context";
import { candidate, createOnce, lookupsOf } from "../lost-answers";
import type { Store } from "../store";
import { diffInputs, gone } from "./shared";

type Outs = IdentityDescriptorOutputs;

const what = (id: string | undefined, sandboxName: string) => label(IDENTITY_DESCRIPTOR, undefined, id, sandboxName);

/** The fields a PUT sends: a change of any of them is one PUT. */
const PUT_FIELDS = ["sourceProperty", "namespace", "isPrimary"];

/** `POST /tenant/descriptors`; after a lost answer, the schema's identity descriptors on this field made meanwhile are looked at. */
async function createWithoutDuplicates(
  ctx: LifecycleContext,
  inputs: IdentityDescriptorInputs,
): Promise<{ id: string; recovered: boolean }> {
  const { client } = ctx;
  const sandboxName = inputs.sandboxName;
  const outcome = await createOnce({
    ...lookupsOf(ctx, sandboxName),
    send: async () => (await client.createDescriptor(toRequest(inputs), { sandboxName }))["@id"],
    async findCandidates() {
      const filters = [`xdm:sourceSchema==${inputs.schemaId}`, "@type==xdm:descriptorIdentity"];
      const listed = await client.findDescriptors(filters, { sandboxName });
      return listed.filter((d) => holdsDeclared(d, inputs)).map((d) => candidate(d["@id"], d["@id"], d.created));
    },
    refuse: ({ verdict, err, attempt }) =>
      verdict.kind === "ambiguous" || attempt >= 2
        ? new Error(
            `${what(undefined, sandboxName)}: the create's answer was lost (${err.message}) and ${
              verdict.kind === "ambiguous"
                ? `several identity descriptors of ${inputs.sourceProperty} were found (${verdict.candidates.map((c) => c.id).join(", ")}): ${verdict.why}`
                : "none was found after a second try"
            }. Nothing was added to the stack. If one of them is this resource's, declare \`adoptId: "<its @id>"\`.`,
            { cause: err },
          )
        : undefined,
  });
  if ("sent" in outcome) return { id: outcome.sent, recovered: false };
  ctx.notice(`${what(outcome.kept, sandboxName)}: the create's answer was lost; the descriptor it made was found and is kept.`);
  return { id: outcome.kept, recovered: true };
}

/** The schema's union tag, after the descriptor exists; a refusal keeps the descriptor in the stack with `enableProfile: false`. */
async function enableProfile(ctx: LifecycleContext, id: string, outs: Outs): Promise<Outs> {
  try {
    await ctx.client.patchXdm("schemas", outs.schemaId, UNION_PATCH, { sandboxName: outs.sandboxName });
    return { ...outs, enableProfile: true };
  } catch (err) {
    const answer = err instanceof Error ? err.message : String(err);
    const advice = answered(err, "xdmUnionNeedsIdentity") ? ` ${ERROR_CODES.xdmUnionNeedsIdentity.todo}` : "";
    throw new PartialFailureError(
      id,
      { ...outs, enableProfile: false },
      `${what(id, outs.sandboxName)}: \`enableProfile\`: the descriptor is in place, but the union tag of schema ${outs.schemaId} ` +
        `was refused (${answer}).${advice} The descriptor is kept in the stack; the next \`pulumi up\` sends only the tag's PATCH.`,
    );
  }
}

export const IDENTITY_DESCRIPTOR_STORE: Store<IdentityDescriptorInputs, Outs> = {
  diff: (olds, news) => diffInputs<IdentityDescriptorInputs>(olds, news, ["schemaId", "sandboxName"], changedInputs),

  inputsOf: (outs) => descriptorInputsOf(outs),

  async planAdoption(ctx, inputs) {
    const remote = await ctx.client.getDescriptor(inputs.adoptId, { sandboxName: inputs.sandboxName });
    if (!remote) return { failure: `descriptor ${inputs.adoptId} does not exist in sandbox ${inputs.sandboxName}` };
    if (remote["@type"] !== "xdm:descriptorIdentity" || remote["xdm:sourceSchema"] !== inputs.schemaId)
      return { failure: `descriptor ${inputs.adoptId} is not an identity descriptor of schema ${inputs.schemaId}` };
    const put = !holdsDeclared(remote, inputs);
    return {
      summary: `adopts identity descriptor ${inputs.adoptId} in sandbox ${inputs.sandboxName}: ${put ? "PUT" : "no change"}${inputs.enableProfile ? ", then the schema's union tag" : ""}`,
      sends: new Set([...(put ? PUT_FIELDS : []), ...(inputs.enableProfile ? ["enableProfile"] : [])]),
      seen: remote,
    };
  },

  async create(ctx, inputs) {
    const { id, recovered } = await createWithoutDuplicates(ctx, inputs);
    ctx.claims.note(inputs.sandboxName, id, recovered ? "recovered" : "created");
    const outs: Outs = { ...inputs, enableProfile: false };
    return { id, outs: inputs.enableProfile ? await enableProfile(ctx, id, outs) : outs };
  },

  async adopt(ctx, inputs, seen) {
    const remote =
      (seen as Descriptor | undefined) ?? (await ctx.client.getDescriptor(inputs.adoptId, { sandboxName: inputs.sandboxName }));
    if (!remote) throw gone(IDENTITY_DESCRIPTOR, undefined, inputs.adoptId, inputs.sandboxName, "the adoption's read");
    const put = !holdsDeclared(remote, inputs);
    if (put) await ctx.client.replaceDescriptor(inputs.adoptId, toRequest(inputs), { sandboxName: inputs.sandboxName });
    const adoption = `adopts identity descriptor ${inputs.adoptId} in sandbox ${inputs.sandboxName}: ${put ? "PUT" : "no change"}`;
    const outs: Outs = { ...inputs, enableProfile: false, adoption };
    return { id: inputs.adoptId, outs: inputs.enableProfile ? await enableProfile(ctx, inputs.adoptId, outs) : outs };
  },

  async read(ctx, id, props) {
    const remote = await ctx.client.getDescriptor(id, { sandboxName: props.sandboxName });
    if (!remote) return undefined;
    const outs = outputsFromDescriptor(remote, props);
    return { outs, inputs: descriptorInputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    let outs: Outs = { ...news, enableProfile: olds.enableProfile };
    if (changedInputs(olds, news).some((k) => PUT_FIELDS.includes(k))) {
      await ctx.client.replaceDescriptor(id, toRequest(news), { sandboxName: news.sandboxName }).catch((err) => {
        throw answered(err, "xdmNotFound") ? gone(IDENTITY_DESCRIPTOR, undefined, id, news.sandboxName, "the PUT") : err;
      });
    }
    if (news.enableProfile && !olds.enableProfile) outs = await enableProfile(ctx, id, outs);
    return outs;
  },

  async delete(ctx, id, props) {
    const deleted = await ctx.client.deleteDescriptor(id, { sandboxName: props.sandboxName });
    if (!deleted) ctx.notice(`${what(id, props.sandboxName)}: already gone (the registry answered 404).`);
    else if (props.enableProfile)
      ctx.notice(`${what(id, props.sandboxName)}: deleted; the schema stays enabled for Profile (the union tag cannot be removed).`);
  },

  async describe(ctx, id, sandboxName) {
    const remote = await ctx.client.getDescriptor(id, { sandboxName });
    return remote && `identity descriptor of ${String(remote["xdm:sourceProperty"])}`;
  },
};
