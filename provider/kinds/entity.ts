// What every Flow Service entity kind shares: the properties every one of them takes and gives,
// declared once with their docs (name, description, draft, sandboxName, adoptId; etag, state,
// createdAt, updatedAt, adoption), and what every kind's `check` shares: failures that name the
// property path and say what is expected, tagged with their rule (rules.ts: the service's
// declarations refuse, prose and guesses only warn), values still unknown in a preview left
// unjudged, and a published entity refused its way back to draft. Pure.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { HEADER_VALUE, SANDBOX_NAME_PATTERN } from "../adobe/settings";
import { UNKNOWN } from "../engine/unknown";
import type { RuleId } from "../rules";
import { ResourceDeclaration, defaultsOf, inputSchema, prop } from "./declare";
import type { CheckFailure, EntityInputs } from "./kind";
import { valueAt as valueAtPath } from "./kind";

export const LIMITS = { nameLength: 256, descriptionLength: 4096, connectionIds: 100, transformations: 100 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Adobe's pages, as property docs cite them. */
export const DOCS = {
  update: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update",
  updateDataflows: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows",
  draft: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft",
  cloudStorage: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage",
  mappingSet: "https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set",
  partial: "https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/batch/partial",
  monitor: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor",
  authSpec: "https://experienceleague.adobe.com/en/docs/experience-platform/sources/sources-sdk/config/authspec",
};
export const FLOW_SERVICE = "https://platform.adobe.io/data/foundation/flowservice";
export const DATA_PREP = "https://platform.adobe.io/data/foundation/conversion";
export const XED = "application/vnd.adobe.xed-full+json;version=1";

/** A refinement that refuses, tagged with the rule it enforces (parseInputs reads the tag). */
export function tagged(rule: RuleId, message: string): { message: string; params: { rule: RuleId } } {
  return { message, params: { rule } };
}

/** How a Flow Service entity kind is named in docs. */
export interface EntityWords {
  /** "flow", "base connection". */
  noun: string;
  /** `/flows`: where it is created. */
  collection: string;
}

/** What a change of a Flow Service entity's patchable property does. */
export function patchNote(w: EntityWords): string {
  return `Changed in place: one etag-guarded \`PATCH ${w.collection}/{id}\` (\`If-Match: <etag>\`, a minimal RFC 6902 JSON Patch).`;
}

/**
 * The inputs every Flow Service entity takes: name, description (patched in place), draft (a publish),
 * sandboxName (a replace), adoptId. `patchNote` and `publishNote` word what differs per kind.
 */
export function entityInputs(w: EntityWords, opts: { patchNote?: string; publishNote?: string } = {}) {
  const patch = opts.patchNote ?? patchNote(w);
  return {
    name: prop(
      z.string().refine((s) => s.trim().length > 0, tagged("name.present", "must be a non-empty string")),
      { doc: `The ${w.noun}'s name, as the AEP UI shows it (not blank). ${patch}`, patch: true },
    ),
    description: prop(z.string().optional(), {
      doc: `A description of the ${w.noun} (empty and absent are the same). ${patch}`,
      patch: true,
    }),
    draft: prop(z.boolean().default(true), {
      local: true,
      doc:
        `Keep the ${w.noun} a draft (default \`true\`: created with \`POST ${w.collection}?mode=draft\`). Setting it to \`false\` publishes ` +
        `it (\`POST ${w.collection}/{id}/action?op=publish\`), in Adobe's publish order: base connection, then source and target ` +
        `connections, then the flow (when the service refuses a publish, the error names each draft it uses). There is no way ` +
        `back: \`true\` after \`false\` is refused (give the resource a new name to start a new draft). A spec that declares ` +
        `\`attributes.isDraftModeSupported: false\` takes no draft: then set \`false\`.` +
        (opts.publishNote ? ` ${opts.publishNote}` : "") +
        ` ${DOCS.draft}`,
    }),
    sandboxName: prop(z.string().optional(), {
      local: true,
      doc:
        `The sandbox (\`x-sandbox-name\`, e.g. \`prod\`) the ${w.noun} lives in; default the provider's ` +
        `\`aep:sandboxName\` (itself default \`prod\`). As an output, the effective sandbox. Changing it replaces the ${w.noun} ` +
        `(a new one in the new sandbox, then the old one deleted).`,
      replaces: true,
    }),
    adoptId: prop(z.string().optional(), {
      local: true,
      doc:
        `Take over the existing ${w.noun} with this id (a UUID) when the resource is created, instead of creating one: it must ` +
        `exist in the sandbox with the declared spec and references, and is then brought to the declared inputs with at most one ` +
        `etag-guarded PATCH and the needed actions. Only read at creation: changing or removing it later changes nothing.`,
    }),
  };
}

/** The outputs every Flow Service entity adds to its inputs; `states` words the states it settles in. */
export function entityOutputs(w: EntityWords, states: string) {
  return {
    etag: prop(z.string(), {
      doc: `The ${w.noun}'s current etag, sent as \`If-Match\` on the next PATCH (a 412 is re-read, never overwritten).`,
    }),
    state: prop(z.string(), {
      doc:
        `The ${w.noun}'s state: ${states}; a transitional state the API reports; \`not-found\` after a refresh found none (the next ` +
        `\`pulumi up\` replaces it).`,
    }),
    createdAt: prop(z.string().optional(), { doc: `When the ${w.noun} was created (ISO 8601), as of the last read.` }),
    updatedAt: prop(z.string().optional(), {
      doc: `When the ${w.noun} was last changed (ISO 8601), as of the last read (writes return only \`{id, etag}\`).`,
    }),
    adoption: prop(z.string().optional(), {
      doc:
        `For an adopted ${w.noun} (\`adoptId\`): what taking it over changes, as \`pulumi preview\` shows it, e.g. ` +
        `\`adopts … in sandbox dev: PATCH replace /name\` or \`…: no change\`.`,
    }),
  };
}

/**
 * The `draft` and `enabled` outputs for an entity the API reports in `state`. While it is a draft,
 * `enabled` is only the declared intent (`previousEnabled`), so it is kept.
 */
export function flagsOf(state: string, previousEnabled: boolean | undefined): { draft: boolean; enabled: boolean } {
  const draft = state === "draft";
  return { draft, enabled: draft ? (previousEnabled ?? true) : state !== "disabled" };
}

/** The outputs every entity kind gives besides its inputs (etag, state, timestamps, adoption). */
const ENTITY_OUTPUT_KEYS = ["etag", "state", "createdAt", "updatedAt", "adoption"];

/** A kind's outputs besides those every entity gives (a streaming inlet URL, a mapping set's version). */
export function computedOf(declaration: ResourceDeclaration): string[] {
  return Object.keys(declaration.outputs).filter((k) => !ENTITY_OUTPUT_KEYS.includes(k));
}

/** The outputs every Flow Service entity always has. */
export const ENTITY_ALWAYS_OUTPUT = ["name", "draft", "sandboxName", "etag", "state"];

/** A warning (rule from prose or a guess) about `property`. */
export function warning(rule: RuleId, property: string, reason: string): CheckFailure {
  return { property, reason, rule };
}

/** Whether `value` is a known string (not the preview's unknown sentinel). */
function known(value: unknown): value is string {
  return typeof value === "string" && value !== UNKNOWN;
}

/** `value`, when it is a known string, in UUID form; else a warning naming `what`. */
export function uuidWarning(property: string, value: unknown, what: string): CheckFailure[] {
  return known(value) && !UUID.test(value)
    ? [
        warning(
          "id.form",
          property,
          `is not in UUID form (8-4-4-4-12 hexadecimal digits), which every ${what} id has (given ${shown(value)})`,
        ),
      ]
    : [];
}

/** The guesses about every Flow Service entity's common inputs: name and description lengths, the sandbox name's form, adoptId's form. */
export function entityWarnings(inputs: Partial<EntityInputs>, noun: string): CheckFailure[] {
  const out: CheckFailure[] = [];
  if (known(inputs.name) && inputs.name.length > LIMITS.nameLength)
    out.push(
      warning("name.length", "name", `has ${inputs.name.length} characters; names of more than ${LIMITS.nameLength} may be refused`),
    );
  if (known(inputs.description) && inputs.description.length > LIMITS.descriptionLength)
    out.push(
      warning(
        "description.length",
        "description",
        `has ${inputs.description.length} characters; descriptions of more than ${LIMITS.descriptionLength} may be refused`,
      ),
    );
  out.push(...sandboxNameChecks(inputs.sandboxName));
  out.push(...uuidWarning("adoptId", inputs.adoptId, noun));
  return out;
}

/**
 * A resource's sandbox name: refused when no request can carry it (empty, spaces, not visible ASCII: `sandboxName.sendable`),
 * else a warning when it is not lowercase letters, digits and dashes (the sandbox API's prose: `sandboxName.form`).
 */
export function sandboxNameChecks(value: unknown): CheckFailure[] {
  if (!known(value)) return [];
  if (!HEADER_VALUE.test(value)) {
    const why = value === "" ? "is empty: leave `sandboxName` out to use aep:sandboxName" : "cannot be sent as the x-sandbox-name header";
    return [warning("sandboxName.sendable", "sandboxName", `${shown(value)} ${why} (1 to 256 visible characters, no spaces; e.g. "prod")`)];
  }
  return SANDBOX_NAME_PATTERN.test(value)
    ? []
    : [
        warning(
          "sandboxName.form",
          "sandboxName",
          `${shown(value)} is not a sandbox name as Adobe writes them (lowercase letters, digits and dashes, e.g. "prod")`,
        ),
      ];
}

/** The guesses about a `{id, version}` spec reference. */
export function specRefWarnings(property: string, ref: { id?: unknown; version?: unknown } | undefined, what: string): CheckFailure[] {
  if (!ref) return [];
  const out = uuidWarning(`${property}.id`, ref.id, what);
  if (known(ref.version) && !/^\d+(\.\d+)*$/.test(ref.version))
    out.push(warning("specVersion.form", `${property}.version`, `is not a version such as "1.0" (given ${shown(ref.version)})`));
  return out;
}

/** A string that names something and is empty (a guess: the API specs declare plain strings). */
export function emptyTextWarnings(property: string, value: unknown, expected: string): CheckFailure[] {
  return known(value) && value.trim() === "" ? [warning("text.nonEmpty", property, `is empty: ${expected}`)] : [];
}

type Path = ReadonlyArray<PropertyKey>;

function formatPath(path: Path): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** True when `path` or any of its ancestors holds the preview sentinel. */
function underUnknown(root: unknown, path: Path): boolean {
  for (let i = 0; i <= path.length; i++) if (valueAt(root, path.slice(0, i)) === UNKNOWN) return true;
  return false;
}

/**
 * Validates `news` (the resource's inputs, `__`-prefixed engine keys removed) against `schema`.
 * When some property fails (or is unknown in a preview), the others are still normalised, so a
 * preview diff does not show a change that is only a difference of form.
 */
/** A given value as a reason quotes it: short, one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A kind's inputs parsed against its declaration (parseInputs), with what the declaration defaults
 * filled where the program gave nothing (even when another input failed to parse), and the sandbox
 * of the provider's settings when the resource names none.
 */
export function parseDeclared<I>(
  declaration: ResourceDeclaration,
  news: Record<string, unknown>,
  defaults: { sandboxName: string },
): { inputs: I; failures: CheckFailure[] } {
  const { parsed, failures } = parseInputs(inputSchema(declaration), declaration.name, news);
  const sandboxName = (parsed.sandboxName as string | undefined) ?? defaults.sandboxName;
  return { inputs: { ...defaultsOf(declaration), ...parsed, sandboxName } as I, failures };
}

export function parseInputs(
  schema: z.ZodObject,
  typeName: string,
  news: Record<string, unknown>,
): { parsed: Record<string, unknown>; failures: CheckFailure[] } {
  const raw = Object.fromEntries(Object.entries(news).filter(([k, v]) => !k.startsWith("__") && v !== undefined && v !== null));
  const result = schema.safeParse(raw);
  const failures: CheckFailure[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      // Nested keys belong to their parent property (`scheduleParams.frequncy` is not a scheduleParams key).
      const owner = issue.path.length ? `${formatPath(issue.path)} key` : `${typeName} property`;
      for (const key of issue.keys) {
        failures.push({ property: formatPath([...issue.path, key]), reason: `is not a ${owner} (check its spelling)`, rule: "shape" });
      }
      continue;
    }
    if (underUnknown(raw, issue.path)) continue;
    const value = valueAt(raw, issue.path);
    const missing = value === undefined && issue.code !== "custom";
    // The engine shows a nested property's value as <nil>: the reason says what was given, unless it may be a credential.
    const given = missing || issue.path.length < 2 || issue.path[0] === "auth" ? "" : ` (given ${shown(value)})`;
    const rule = ((issue as { params?: { rule?: RuleId } }).params?.rule ?? "shape") as RuleId;
    failures.push({ property: formatPath(issue.path), reason: missing ? "is required" : `${issue.message}${given}`, rule });
  }
  if (result.success) return { parsed: result.data as Record<string, unknown>, failures };
  const parsed: Record<string, unknown> = { ...raw };
  for (const [key, property] of Object.entries(schema.shape)) {
    if (!(key in raw)) continue;
    const r = (property as z.ZodType).safeParse(raw[key]);
    if (r.success) parsed[key] = r.data;
  }
  return { parsed, failures };
}

/** Whether a change between old and new inputs replaces the entity (so a new draft is possible). */
export function replaces(replaceOn: readonly string[], olds: object, news: object): boolean {
  return replaceOn.some((p) => valueAtPath(olds, p) !== undefined && !isDeepStrictEqual(valueAtPath(olds, p), valueAtPath(news, p)));
}

/** A published entity cannot return to draft: what to do instead. Undefined when the inputs do not ask for it. */
export function backToDraft(
  noun: string,
  replaceOn: readonly string[],
  olds: Partial<EntityInputs> | undefined,
  news: EntityInputs,
): CheckFailure | undefined {
  if (!(olds?.draft === false && news.draft === true) || replaces(replaceOn, olds, news)) return undefined;
  return {
    property: "draft",
    rule: "draft.noWayBack",
    reason:
      `the ${noun} is already published, and a published ${noun} cannot return to draft. Keep \`draft: false\`, or start a new ` +
      `draft: give the resource a new name in the program (Pulumi creates the new draft, then deletes the published ${noun}), ` +
      "or remove the published one first with `pulumi destroy --target <urn>`.",
  };
}
