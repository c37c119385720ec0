// `check`, the same for every kind: the kind parses its inputs and applies its rules (kinds/*); for
// an adoption, the entity is read to say what taking it over will send; for a new or spec-relevantly
// changed resource, the service's spec judges the inputs (guards.ts), and a mapping set's output schema its
// destinations (output-schema.ts). Refusals go to the engine;
// warnings (rules from prose or a guess) are printed under the resource, only about what this step
// sends (engine/check-answer.ts). Nothing is written.
import { containsUnknown } from "../engine/unknown";
import { Defaults, Sent, aboutWhatIsSent, engineFailure, splitFindings, warningLine } from "../engine/check-answer";
import type { EngineCheckFailure } from "../engine/check-answer";
import { defaultsOf } from "../kinds/declare";
import type { ResourceInputs } from "../kinds/kind";
import { label } from "../kinds/kind";
import { refuses } from "../rules";
import { notice } from "./context";
import { judgeAgainstSpec } from "./guards";
import { judgeAgainstOutputSchema } from "./output-schema";
import type { AdoptionPlan, Served } from "./store";

/** What check hands the engine: the inputs with their defaults, and the refusals. */
export interface CheckAnswer<I> {
  inputs: I;
  failures: EngineCheckFailure[];
}

/** The defaults check fills, as a failure names them (`` `draft` defaults to true``). */
function defaultsNamed<I extends ResourceInputs, O extends I>(s: Served<I, O>, sandboxName: string): Defaults {
  const declared = Object.entries(defaultsOf(s.kind.declaration)).map(([name, value]) => [name, String(value)]);
  return { ...Object.fromEntries(declared), sandboxName: `aep:sandboxName ("${sandboxName}")` };
}

/**
 * A read-only look at the entity to adopt, so the preview shows what adoption will change; the
 * entity read is kept for the create of this run. Undefined when it cannot be read now (no
 * credentials in a preview): the create reads it and judges it then.
 */
async function planAdoption<I extends ResourceInputs, O extends I>(
  s: Served<I, O>,
  inputs: I & { adoptId: string },
): Promise<AdoptionPlan | undefined> {
  try {
    const plan = await s.store.planAdoption(s.run.context(), inputs);
    if ("seen" in plan) s.run.readForAdoption.set(`${inputs.sandboxName}/${inputs.adoptId}`, plan.seen);
    return plan;
  } catch (err) {
    // Said now, not kept: the create reads the entity again and records what adoption really did.
    notice(
      `${label(s.kind, inputs.name, inputs.adoptId, inputs.sandboxName)}: adoption not checked in this preview (${(err as Error).message}); ` +
        "it is checked when the resource is created.",
    );
    return undefined;
  }
}

/** `check` of one resource: `olds` are the stack's inputs (empty for a new resource), `news` the program's. */
export async function checkResource<I extends ResourceInputs, O extends I>(
  s: Served<I, O>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<CheckAnswer<I>> {
  const previous = olds && Object.keys(olds).length ? (olds as Partial<I>) : undefined;
  const sandboxName = s.run.settings().sandboxName;
  const { inputs, failures } = s.kind.check(previous, news, { sandboxName });
  const refusing = () => failures.some((f) => refuses(f.rule));
  let sent: Sent = "all";
  if (previous) {
    const change = s.store.diff(previous as O, inputs);
    if (!change.replaces.length) sent = new Set(change.changed.map((p) => p.split(".")[0]));
  }
  let seen: unknown;
  if (!refusing() && inputs.adoptId && !containsUnknown(inputs)) {
    if (previous) {
      // Adoption happened when the resource was created; later runs only remember what it said.
      if (previous.adoption !== undefined) inputs.adoption = previous.adoption;
    } else {
      const adoption = await planAdoption(s, inputs as I & { adoptId: string });
      if (adoption && "failure" in adoption) failures.push({ property: "adoptId", reason: adoption.failure, rule: "adopt.identity" });
      else if (adoption) {
        seen = adoption.seen;
        inputs.adoption = adoption.summary;
        sent = adoption.sends;
      }
    }
  }
  if (!refusing() && s.store.knownOutputs) {
    Object.assign(inputs, await s.store.knownOutputs(s.run.context(), inputs, previous as Partial<O> | undefined, seen));
  }
  let specRead = false;
  if (!refusing() && !containsUnknown(inputs) && s.kind.spec?.relevant(previous, inputs)) {
    const judged = await judgeAgainstSpec(s, inputs, "check");
    specRead = judged.read;
    failures.push(...judged.failures);
  }
  if (!refusing() && s.kind.outputSchema?.relevant(previous, inputs)) failures.push(...(await judgeAgainstOutputSchema(s, inputs)));
  const { refusals, warnings } = splitFindings(failures, specRead);
  const what = label(s.kind, inputs.name, previous ? undefined : inputs.adoptId, inputs.sandboxName);
  for (const w of warnings.filter((f) => aboutWhatIsSent(f, sent))) notice(`${what}: ${warningLine(w)}`);
  return { inputs, failures: refusals.map((f) => engineFailure(f, news, defaultsNamed(s, sandboxName))) };
}
