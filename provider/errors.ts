// Errors the provider raises besides the SDK's FlowServiceError.
import type { FlowServiceError } from "./adobe/errors";
import type { CheckFailure } from "./kinds/kind";

/**
 * The flow exists (or was changed) but a later step failed. Pulumi's dynamic-provider host turns an
 * error carrying `id` and `properties` into a partial failure: the flow stays in state with these
 * outputs, so nothing is orphaned and the next `pulumi up` finishes the job.
 */
export class PartialFailureError extends Error {
  override readonly name = "PartialFailureError";
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    message: string,
  ) {
    super(message);
  }

  /** The host forwards these as the resource's init errors. */
  get reasons(): string[] {
    return [this.message];
  }
}

/** Someone changed the flow outside Pulumi since the last update; Pulumi will not overwrite it. */
export class ConcurrentEditError extends Error {
  override readonly name = "ConcurrentEditError";
  constructor(
    readonly flowId: string,
    /** Property paths that differ between the last state Pulumi saw and the flow now. */
    readonly properties: string[],
    message: string,
  ) {
    super(message);
  }
}

/** The flow was deleted outside Pulumi while an update was planned against it. */
export class FlowGoneError extends Error {
  override readonly name = "FlowGoneError";
}

/** Every property path of `value` whose leaf is a string of at least 6 characters, with that string. */
function leaves(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === "string" && value.length >= 6) out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/**
 * What to do about the refusals whose cause the sources catalogue names, by code
 * (https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/sources-errors). Check refuses both
 * by this machine's clock; the service judges by its own.
 */
const ADVICE: Record<string, string> = {
  "1360":
    " It is about `scheduleParams.startTime`: the service refuses a new flow whose start time has passed by its clock. Set a startTime " +
    "in the future.",
  "1366":
    " It is about `scheduleParams.startTime`: the flow's start time has passed by the service's clock, so it can no longer change. Keep " +
    "it (other schedule keys can change), or make a new flow with a future startTime: `pulumi up --replace <this resource's URN>`, or " +
    "give the resource a new name.",
};

/**
 * A create or an update the service refused (HTTP 400), said for the user: the resource, the
 * properties the refusal is about — found by the values it quotes (an id, a dataset id) among the
 * inputs, never printing an input's value itself, and never looking into credentials (`auth`) —
 * that this call wrote nothing, and what to do. Any other error is returned unchanged.
 * Shape: `err` as thrown by the client (FlowServiceError), `what` the resource's label
 * (`SourceConnection "Orders files" (sandbox dev)`).
 */
export function explainRefusal(
  err: unknown,
  what: string,
  verb: "create" | "update",
  inputs: Record<string, unknown>,
  /** What check warned about these inputs (rules from prose or a guess): named as what the refusal may be about. */
  warnings: CheckFailure[] = [],
): unknown {
  const e = err as Partial<FlowServiceError>;
  if (e?.name !== "FlowServiceError" || e.status !== 400 || typeof e.detail !== "string") return err;
  if (verb === "create" ? e.method !== "POST" : e.method !== "PATCH") return err;
  const detail = e.detail;
  const { auth: _credentials, ...searchable } = inputs;
  const named = [
    ...new Set(
      leaves(searchable, "", [])
        .filter(([, v]) => detail.includes(v))
        .map(([p]) => p),
    ),
  ];
  const advice = ADVICE[/-(\d{4})-400$/.exec(e.code ?? "")?.[1] ?? ""];
  const about = advice
    ? advice
    : named.length
      ? ` It is about ${named.map((p) => `\`${p}\``).join(", ")}: check that ${named.length > 1 ? "they name entities" : "it names an entity"} ` +
        `of the right kind that exist${named.length > 1 ? "" : "s"} in sandbox ${String(inputs.sandboxName ?? "")}.`
      : "";
  const warned = advice
    ? ""
    : warnings.length
      ? ` Before sending it, this package warned (rules the service does not declare): ${warnings.map((w) => `\`${w.property}\` ${w.reason}`).join("; ")}.`
      : "";
  const explained = new Error(
    `${what}: the service refused the ${verb} (HTTP 400${e.code ? ` ${e.code}` : ""}): ${detail.replace(/\.$/, "")}.${about}${warned} ` +
      `Nothing was ${verb === "create" ? "created" : "changed"} by this call; fix the program and run \`pulumi up\` again.`,
  );
  Object.defineProperty(explained, "cause", { value: err, enumerable: false });
  return explained;
}

/**
 * The service refused a PATCH for what it touches, not for its values (a path this kind does not
 * take, or PATCH switched off for the connector). Nothing was changed; the entity can only be
 * replaced to take the change. The message is the update's; an adoption words its own.
 */
export class PatchRefusedError extends Error {
  override readonly name = "PatchRefusedError";
  constructor(
    /** Property paths the PATCH tried to change (`name`, `auth.params`). */
    readonly properties: string[],
    /** The service's answer, as `HTTP 400 FLOW-1365-400: <its message>`. */
    readonly answer: string,
    message: string,
  ) {
    super(message);
  }
}
