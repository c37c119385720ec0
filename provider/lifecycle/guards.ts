// The guards a write passes first, the same for every kind: the service's own spec judges the
// inputs (a flow or connection spec's JSON schema, read once per run), an entity a refresh found
// missing that answers again is not replaced, and an etag that is not one stops a PATCH. Only what
// the service declares refuses (provider/rules.ts); the rest was said as a warning in check.
import { refuses } from "../rules";
import type { CheckFailure, ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { notice } from "./context";
import { splitFindings } from "../engine/check-answer";
import type { Served } from "./store";

/** A setting given with a value that cannot work (an endpoint with the API's path): said in check, not left to the write. */
function isWrongSetting(err: unknown): boolean {
  return (err as Error).name === "SettingsError" && !(err as { missing?: boolean }).missing;
}

/** IMS refused the client credentials, or the gateway the token: no later call can succeed either. */
function isRefusedCredentials(err: unknown): boolean {
  const status = (err as { status?: number }).status;
  return (err as Error).name === "TokenRequestError" ? status === 400 || status === 401 : status === 401 || status === 403;
}

/**
 * What the service's spec says about `inputs` (kinds/*), and whether the spec was read. In `check`
 * a spec that cannot be read (no credentials in a preview, the service unreachable) is skipped: the
 * same judgement runs again right before the write, in the same process, from the same cached read.
 */
export async function judgeAgainstSpec<I extends ResourceInputs, O extends I>(
  s: Served<I, O>,
  inputs: I,
  when: "check" | "write",
): Promise<{ failures: CheckFailure[]; read: boolean }> {
  const rules = s.kind.spec!;
  const id = rules.id(inputs);
  const what = rules.collection === "flowSpecs" ? "flow spec" : "connection spec";
  let spec;
  try {
    spec = await s.run.specs.get(s.run.api(), rules.collection, id, inputs.sandboxName);
  } catch (err) {
    // Refused credentials, or a setting given with a wrong value, stop the run here (said once, as the check's
    // error), before anything could be written; anything else (no credentials in a preview, the service
    // unreachable) is left to the check before the write.
    if (when === "check" && !isRefusedCredentials(err) && !isWrongSetting(err)) {
      notice(
        `${label(s.kind, inputs.name, undefined, inputs.sandboxName)}: not checked against its ${what} ${id} in this preview ` +
          `(${(err as Error).message}); \`pulumi up\` checks it before anything is written.`,
      );
      return { failures: [], read: false };
    }
    throw err;
  }
  if (!spec) {
    const reason = `${what} ${id} does not exist (GET /${rules.collection}/${id} answered 404): check the id`;
    return { failures: [{ property: rules.property, rule: "spec.exists", reason }], read: true };
  }
  return { failures: rules.failures(spec as never, inputs), read: true };
}

/**
 * What the spec refuses, before any write: the run stops with every refusal listed. Its warnings
 * were printed by check; the publish order is the service's to judge (explained when it refuses:
 * explain.ts).
 */
export async function refuseBeforeWriting<I extends ResourceInputs, O extends I>(
  s: Served<I, O>,
  inputs: I,
  olds: Partial<I> | undefined,
  id?: string,
): Promise<void> {
  if (!s.kind.spec?.relevant(olds, inputs)) return;
  const refusals = (await judgeAgainstSpec(s, inputs, "write")).failures.filter((f) => refuses(f.rule));
  if (refusals.length) {
    const spec = s.kind.spec.collection === "flowSpecs" ? "flow spec" : "connection spec";
    throw new Error(
      `${label(s.kind, inputs.name, id, inputs.sandboxName)}: the ${spec} refuses ${refusals.map((f) => `${f.property}: ${f.reason}`).join("; ")}. Nothing was sent.`,
    );
  }
}

/**
 * The warnings about `inputs` (rules from prose or a guess), to name beside a refusal of the
 * service: with the spec's when this run has read it, else the offline ones.
 */
export async function warningsFor<I extends ResourceInputs, O extends I>(s: Served<I, O>, inputs: I): Promise<CheckFailure[]> {
  const own = s.kind.check(undefined, inputs as unknown as Record<string, unknown>, { sandboxName: inputs.sandboxName }).failures;
  const rules = s.kind.spec;
  const spec = rules ? await s.run.specs.peek(rules.collection, rules.id(inputs)) : undefined;
  const fromSpec = spec && rules ? rules.failures(spec as never, inputs) : [];
  return splitFindings([...own, ...fromSpec], spec !== undefined).warnings;
}

/**
 * The delete that starts the replacement of an entity marked not-found: if the entity answers
 * again (an access label was lifted, or the role now has it), it is alive, and replacing it would
 * throw its history away. Nothing is deleted; a refresh takes it back.
 */
export async function refuseIfBackAgain<I extends ResourceInputs, O extends I>(s: Served<I, O>, id: string, props: O): Promise<void> {
  const found = await s.store.describe(s.run.context(), id, props.sandboxName);
  if (found === undefined) return;
  throw new Error(
    `${label(s.kind, props.name, id, props.sandboxName)} was not found at the last refresh, but it exists again (${found})` +
      `${s.kind.accessLabels ? ": an access label was lifted, or these credentials' role now has it" : ""}. Nothing was deleted or ` +
      "created. Run `pulumi refresh` to take it back into the stack; the next `pulumi up` then keeps this " +
      `${s.kind.noun} and changes only what the program declares.`,
  );
}

/** Etags are quoted strings (`"7e05b480-…"`); anything else in state was damaged or hand-edited. */
export function isWellFormedEtag(etag: unknown): etag is string {
  return typeof etag === "string" && /^"[^"\s]{1,128}"$/.test(etag);
}
