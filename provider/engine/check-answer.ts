// What `check` hands the Pulumi engine: the findings of the rules that may refuse (rules.ts) as
// check failures, and the others as warnings printed under the resource. The engine prints a
// failure as "property <p> value {<the input's value>} has a problem: <reason>", reading the value
// from the program's inputs by the top-level name: so a nested property, or one the program did not
// set (a default), would show as `{<nil>}`. Such a failure is handed over without a property, its
// reason naming the path and, for a default, the default. Pure.
import type { CheckFailure } from "../kinds/kind";
import { RULES, SUPERSEDED_BY_SPEC, refuses } from "../rules";

/** A check failure as the engine takes it. */
export interface EngineCheckFailure {
  property: string;
  reason: string;
}

/** The defaults `check` fills, as a message names them. */
export type Defaults = Record<string, string>;

/**
 * The failure as the engine should print it: with its property when the program set that
 * top-level property (the engine then shows the value given), else with the path and the default
 * in the reason.
 */
export function engineFailure(failure: CheckFailure, news: Record<string, unknown>, defaults: Defaults): EngineCheckFailure {
  const { property, reason } = failure;
  const topLevel = property !== "" && !/[.[]/.test(property);
  if (topLevel && news[property] !== undefined && news[property] !== null) return { property, reason };
  if (property === "") return { property, reason };
  const defaulted = topLevel && defaults[property] !== undefined ? `\`${property}\` defaults to ${defaults[property]}; ` : "";
  return { property: "", reason: defaulted ? `${defaulted}${reason}` : `\`${property}\`: ${reason}` };
}

/** A warning's line: the path, what is wrong, and that the service decides. */
export function warningLine(failure: CheckFailure): string {
  const rule = RULES[failure.rule];
  return (
    `\`${failure.property}\` ${failure.reason} (${rule.source === "prose" ? "from Adobe's prose" : "a guess"}, rule ${failure.rule}: ` +
    "the service does not declare it, so the request is sent and the service decides)"
  );
}

/**
 * Splits findings into the refusals the engine gets and the warnings to print. `specRead`: the
 * spec was read, so its own rules replace the offline ones about the same inputs.
 */
export function splitFindings(findings: CheckFailure[], specRead: boolean): { refusals: CheckFailure[]; warnings: CheckFailure[] } {
  const kept = specRead ? findings.filter((f) => !SUPERSEDED_BY_SPEC.has(f.rule)) : findings;
  return { refusals: kept.filter((f) => refuses(f.rule)), warnings: kept.filter((f) => !refuses(f.rule)) };
}

/**
 * The top-level inputs a step sends the service: "all" for a create (or a replacement, which is
 * one), else those an update or an adoption changes, with `draft` when it publishes.
 */
export type Sent = ReadonlySet<string> | "all";

/**
 * Whether warning `failure` is about something this step sends. A warning says that the request is
 * sent and the service decides; about a property that is not sent (unchanged in an update, already
 * so in an adopted entity) it would say something untrue, on every preview. A published flow's
 * completeness (spec.publish.complete) is judged when it is published, and when what it names is sent.
 */
export function aboutWhatIsSent(failure: CheckFailure, sent: Sent): boolean {
  if (sent === "all") return true;
  const top = failure.property.split(/[.[]/)[0];
  return sent.has(top) || (failure.rule === "spec.publish.complete" && sent.has("draft"));
}
