// The MappingSet provider: Data Prep's mapping sets on the same run as the Flow Service kinds (one
// client, one token, claims). Its lifecycle is its own (kinds/mapping-set.ts): a create is a
// `POST` (never repeated blindly: a lost answer is looked for first), a change is a full `PUT`
// that makes a new version, after a read that refuses to overwrite a version someone else made
// (Data Prep documents no etag), and a delete may not be supported at all (Data Prep documents no
// DELETE): then the mapping set is left, and the run says so.
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
import type * as pulumi from "@pulumi/pulumi";
import type { Entity, MappingSet } from "../adobe/types";
import { ConcurrentEditError, FlowGoneError } from "../errors";
import { engineValue, forEngine, stripEngineKeys } from "../engine/answers";
import {
  MappingSetInputs,
  MappingSetOutputs,
  checkMappingSet,
  holdsDeclared,
  mappingSetInputsOf,
  outputsFromMappingSet,
  toRequest,
} from "../kinds/mapping-set";
import { isoTime } from "../kinds/kind";
import { NOT_FOUND_STATE } from "./operations";
import { CLOCK_PROBES, isUnknownOutcome, judgeCreateRecovery, settle } from "./lost-answers";
import { Defaults, engineFailure, splitFindings, warningLine } from "../engine/check-answer";
import { refuses } from "../rules";
import { ProviderRun, notice } from "./context";
import { containsUnknown } from "../engine/unknown";

type ConfigureRequest = Parameters<NonNullable<pulumi.dynamic.ResourceProvider["configure"]>>[0];
type Outs = MappingSetOutputs & { state?: string };

const PROVIDER_KEY = "__provider";

function what(id: string | undefined, sandboxName: string): string {
  return id ? `MappingSet (mapping set ${id}, sandbox ${sandboxName})` : `MappingSet (sandbox ${sandboxName})`;
}

/** Rules that differ, by index, for messages (never the values of other properties). */
function describeChange(
  before: Pick<MappingSetInputs, "outputSchema" | "mappings">,
  after: Pick<MappingSetInputs, "outputSchema" | "mappings">,
): string {
  const schema = before.outputSchema?.schemaRef?.id !== after.outputSchema.schemaRef.id ? "outputSchema, " : "";
  return `${schema}mappings (${before.mappings?.length ?? 0} → ${after.mappings.length} rules)`;
}

export class MappingSetProvider implements pulumi.dynamic.ResourceProvider {
  constructor(readonly run: ProviderRun) {}

  async configure(req: ConfigureRequest): Promise<void> {
    this.run.configure(req.config);
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const previous = olds && Object.keys(olds).length ? (olds as Partial<MappingSetInputs>) : undefined;
    const sandboxName = this.run.settings().sandboxName;
    const { inputs, failures } = checkMappingSet(previous, news, { sandboxName });
    if (!failures.some((f) => refuses(f.rule)) && inputs.adoptId && !containsUnknown(inputs)) {
      if (previous?.adoption !== undefined) inputs.adoption = previous.adoption;
      else if (!previous) {
        try {
          const remote = await this.run.api().getLatestMappingSet(inputs.adoptId, undefined, { sandboxName: inputs.sandboxName });
          if (!remote)
            failures.push({
              property: "adoptId",
              rule: "adopt.identity",
              reason: `mapping set ${inputs.adoptId} does not exist in sandbox ${inputs.sandboxName}`,
            });
          else inputs.adoption = this.describeAdoption(remote, inputs);
        } catch (err) {
          notice(
            `${what(inputs.adoptId, inputs.sandboxName)}: adoption not checked in this preview (${(err as Error).message}); it is checked when the resource is created.`,
          );
        }
      }
    }
    const { refusals, warnings } = splitFindings(failures, false);
    for (const w of warnings) notice(`MappingSet (sandbox ${inputs.sandboxName}): ${warningLine(w)}`);
    const defaults: Defaults = { sandboxName: `aep:sandboxName ("${sandboxName}")` };
    return engineValue({ inputs, failures: refusals.map((f) => engineFailure(f, news, defaults)) });
  }

  private describeAdoption(remote: MappingSet, inputs: MappingSetInputs): string {
    const outs = outputsFromMappingSet(remote, { sandboxName: inputs.sandboxName });
    return `adopts mapping set ${remote.id} (version ${outs.version}) in sandbox ${inputs.sandboxName}: ${
      holdsDeclared(outs, inputs) ? "no change" : "PUT (a new version)"
    }`;
  }

  async diff(id: string, olds: Outs, news: MappingSetInputs): Promise<pulumi.dynamic.DiffResult> {
    if (olds.state === NOT_FOUND_STATE) return { changes: true, replaces: ["state"], deleteBeforeReplace: true };
    const replaces = olds.sandboxName !== news.sandboxName ? ["sandboxName"] : [];
    if (olds.sandboxName && id) this.run.claims.note(olds.sandboxName, id, replaces.length ? "replacing" : "held");
    const unknown = containsUnknown(news.mappings) || containsUnknown(news.outputSchema);
    const changes = unknown || replaces.length > 0 || !holdsDeclared(olds, news);
    return { changes, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: MappingSetInputs & { [PROVIDER_KEY]?: string }): Promise<{ id: string; outs: MappingSetOutputs }> {
    const plain = stripEngineKeys(inputs);
    return forEngine(inputs[PROVIDER_KEY], async () => {
      if (plain.adoptId) return this.adopt(plain as MappingSetInputs & { adoptId: string });
      const created = await this.createWithoutDuplicates(plain);
      this.run.claims.note(plain.sandboxName, created.id, "created");
      // The POST answers the id and version; the rules are what was sent (a refresh reads them back).
      return { id: created.id, outs: { ...mappingSetDeclared(plain), version: Number(created.version ?? 0) } };
    });
  }

  private async adopt(inputs: MappingSetInputs & { adoptId: string }): Promise<{ id: string; outs: MappingSetOutputs }> {
    const sandboxName = inputs.sandboxName;
    if (this.run.claims.reserve(sandboxName, inputs.adoptId) !== undefined) {
      throw new Error(
        `${what(inputs.adoptId, sandboxName)} cannot be adopted: another resource of this stack holds it. Remove adoptId from one of them.`,
      );
    }
    try {
      const remote = await this.run.api().getLatestMappingSet(inputs.adoptId, undefined, { sandboxName });
      if (!remote) throw new Error(`${what(inputs.adoptId, sandboxName)} cannot be adopted: it does not exist in sandbox ${sandboxName}.`);
      const before = outputsFromMappingSet(remote, { sandboxName });
      const adoption = this.describeAdoption(remote, inputs);
      if (holdsDeclared(before, inputs)) return { id: remote.id, outs: { ...before, ...mappingSetDeclared(inputs), adoption } };
      const put = await this.put(remote.id, inputs, before);
      return { id: remote.id, outs: { ...before, ...mappingSetDeclared(inputs), ...put, adoption } };
    } catch (err) {
      this.run.claims.release(sandboxName, inputs.adoptId);
      throw err;
    }
  }

  /**
   * `POST /mappingSets`, and after a lost answer a look at the sandbox's newest mapping sets for one
   * holding exactly these rules, created while the request was under way and held by no resource of
   * this run: one is kept, none means the create did not land and it is sent once more.
   */
  private async createWithoutDuplicates(inputs: MappingSetInputs): Promise<{ id: string; version: number }> {
    const client = this.run.api();
    for (let attempt = 1; ; attempt++) {
      const sentAt = Date.now();
      try {
        return await client.createMappingSet(toRequest(inputs), { sandboxName: inputs.sandboxName });
      } catch (err) {
        if (!isUnknownOutcome(err)) throw err;
        await settle(this.run.recovery());
        const recent = await client.listMappingSets({ sandboxName: inputs.sandboxName, limit: 100 });
        const matches = recent.filter((m) => holdsDeclared(outputsFromMappingSet(m, inputs), inputs));
        if (matches.length) await client.calibrateClock(CLOCK_PROBES, { sandboxName: inputs.sandboxName });
        const window = {
          from: client.clock.earliestServiceTime(sentAt),
          to: err.answeredAt === undefined ? undefined : err.answeredAt + 1000,
        };
        const asEntities = matches.map((m) => ({ id: m.id, name: "", state: "", etag: "", createdAt: m.createdDate }) as Entity);
        const verdict = judgeCreateRecovery(asEntities, window, (id) => this.run.claims.isClaimed(inputs.sandboxName, id));
        if (verdict.kind === "adopt") {
          notice(
            `${what(verdict.flow.id, inputs.sandboxName)}: the create's answer was lost; the mapping set it made was found and is kept.`,
          );
          const found = matches.find((m) => m.id === verdict.flow.id)!;
          return { id: found.id, version: Number(found.version ?? 0) };
        }
        if (verdict.kind === "ambiguous" || attempt >= 2) {
          throw new Error(
            `${what(undefined, inputs.sandboxName)}: the create's answer was lost (${err.message}) and ${
              verdict.kind === "ambiguous"
                ? `several mapping sets with these rules were made meanwhile (${verdict.candidates.map((c) => c.id).join(", ")})`
                : "no mapping set with these rules was found"
            }. Nothing was added to the stack. If one of them is this resource's, declare \`adoptId: "<its id>"\` so that \`pulumi up\` takes it over.`,
            { cause: err },
          );
        }
      }
    }
  }

  async read(id: string, props: Outs): Promise<pulumi.dynamic.ReadResult> {
    return forEngine(undefined, async () => {
      const known = typeof props.version === "number" ? props.version : undefined;
      const remote = await this.run.api().getLatestMappingSet(id, known, { sandboxName: props.sandboxName });
      if (!remote) {
        notice(
          `${what(id, props.sandboxName)} was not found: deleted outside Pulumi. It stays in the stack as state "not-found": the next \`pulumi up\` creates it again (a replace, shown by \`pulumi preview\`).`,
        );
        const outs = { ...props, state: NOT_FOUND_STATE };
        return { id, props: outs, inputs: mappingSetInputsOf(outs) };
      }
      this.run.claims.note(props.sandboxName, id, "seen");
      const outs = outputsFromMappingSet(remote, props);
      return { id, props: outs, inputs: mappingSetInputsOf(outs) };
    });
  }

  async update(id: string, olds: Outs, news: MappingSetInputs & { [PROVIDER_KEY]?: string }): Promise<{ outs: MappingSetOutputs }> {
    return forEngine(news[PROVIDER_KEY], async () => {
      this.run.claims.note(olds.sandboxName, id, "held");
      const plain = stripEngineKeys(news);
      const remote = await this.run.api().getLatestMappingSet(id, olds.version, { sandboxName: olds.sandboxName });
      if (!remote)
        throw new FlowGoneError(
          `${what(id, olds.sandboxName)} was not found: deleted outside Pulumi. Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`,
        );
      const current = outputsFromMappingSet(remote, olds);
      if (holdsDeclared(current, plain)) return { outs: { ...current, ...mappingSetDeclared(plain) } };
      // Data Prep documents no etag: a version made since the stack's is someone else's edit, never overwritten.
      if (current.version !== olds.version && !holdsDeclared(current, olds)) {
        throw new ConcurrentEditError(
          id,
          ["mappings"],
          `${what(id, olds.sandboxName)} was changed outside Pulumi since the last update (version ${olds.version} → ${current.version}: ` +
            `${describeChange(olds, current)}); nothing was sent, so that edit is kept. Run \`pulumi refresh\` to take it into the stack, review it, then run \`pulumi up\` again.`,
        );
      }
      const put = await this.put(id, plain, current);
      return { outs: { ...current, ...mappingSetDeclared(plain), ...put } };
    });
  }

  /** `PUT /mappingSets/{id}`; after a lost answer the mapping set is read: if it holds the rules, the PUT landed. Returns the new version and when it was made. */
  private async put(
    id: string,
    inputs: MappingSetInputs,
    before: MappingSetOutputs,
  ): Promise<Pick<MappingSetOutputs, "version" | "updatedAt">> {
    const client = this.run.api();
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
          notice(
            `${what(id, inputs.sandboxName)}: the new rules are version ${answer.version}, not ${first}: ${versions} saved outside ` +
              `Pulumi meanwhile and ${first === last ? "is" : "are"} no longer the latest. Kept, and readable with ` +
              `\`GET /mappingSets/${id}?version=N\`; put those rules in the program to use them.`,
          );
        }
        return { version: answer.version, ...made(answer) };
      }
    } catch (err) {
      if (!isUnknownOutcome(err)) throw err;
      await settle(this.run.recovery());
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

  async delete(id: string, props: Outs): Promise<void> {
    await forEngine(undefined, async () => {
      if (this.run.claims.heldByAnother(props.sandboxName, id)) {
        notice(`${what(id, props.sandboxName)}: removed from the stack but NOT deleted, because another resource of this stack holds it.`);
        return;
      }
      if (props.state === NOT_FOUND_STATE) {
        // The replacement of a mapping set a refresh found gone: confirmed gone, there is nothing to
        // delete (and no DELETE to be refused); back again, it is kept, as for every other kind.
        const remote = await this.run.api().getMappingSet(id, { sandboxName: props.sandboxName });
        if (!remote) return;
        throw new Error(
          `${what(id, props.sandboxName)} was not found at the last refresh, but it exists again (version ${remote.version}). Nothing ` +
            "was deleted or created. Run `pulumi refresh` to take it back into the stack; the next `pulumi up` then keeps it.",
        );
      }
      const outcome = await this.run.api().deleteMappingSet(id, { sandboxName: props.sandboxName });
      if (outcome === "unsupported") {
        notice(
          `${what(id, props.sandboxName)}: removed from the stack, but the service refused to delete it (Data Prep documents no DELETE for ` +
            "mapping sets), so it is left in the sandbox. It is harmless once no flow uses it; remove it in the AEP UI if you wish.",
        );
      }
    });
  }
}

/** What the program declared, in its own form (kept when the service's form means the same). */
function mappingSetDeclared(
  inputs: MappingSetInputs,
): Pick<MappingSetOutputs, "outputSchema" | "mappings" | "sandboxName"> & Partial<MappingSetOutputs> {
  const { adoptId, adoption, outputSchema, mappings, sandboxName } = inputs;
  return {
    outputSchema,
    mappings,
    sandboxName,
    ...(adoptId !== undefined ? { adoptId } : {}),
    ...(adoption !== undefined ? { adoption } : {}),
  };
}
