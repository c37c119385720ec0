// Turns listed flows into a ready Pulumi program and stack config. Pure: no I/O.
import YAML from "yaml";
import type { Flow } from "../../adobe/types";
import { adoptedOutputs } from "../../lifecycle/flow-service/adopt";
import { DATAFLOW, fromApiSchedule } from "../../kinds/dataflow";
import type { EntityKind } from "../../kinds/kind";
import { planUpdate } from "../../lifecycle/flow-service/plan";
import { refuses } from "../../rules";
import { IdKeys, IdKind, resourceNames } from "./naming";

/** The versions of what the program needs besides this package: those this package is built and tested with. */
export interface ProgramTools {
  /** `@pulumi/pulumi`, e.g. "3.248.0". */
  pulumi: string;
  /** `typescript`, which Pulumi's Node.js host compiles index.ts with (its bundled one predates the tsconfig's target), e.g. "5.9.3". */
  typescript: string;
}

export interface ExportOptions {
  /** How the generated package.json names this package: a version range, `file:<path>` (a tarball or folder), a git URL (package-spec.ts). */
  packageSpec: string;
  tools: ProgramTools;
  project: string;
  sandboxName: string;
  /** Source (and default) stack name. */
  stack: string;
  generatedAt: string;
}

export interface SandboxIds {
  connections: Record<string, string>;
  mappings: Record<string, string>;
}

export interface Rendered {
  files: Record<string, string>;
  ids: SandboxIds;
  names: Map<string, string>;
}

/** A config look-up in the generated program, e.g. `connections["source-6f2f1c3e"]`. */
class ConfigRef {
  constructor(
    readonly map: "connections" | "mappings" | "adopt" | "published",
    readonly key: string,
  ) {}
}

const ref = (map: ConfigRef["map"], key: string) => new ConfigRef(map, key);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A string as TypeScript source. JSON's escaping covers quotes, backslashes, control characters and
 * lone surrogates; U+2028/U+2029 are escaped too, for tools that still treat them as line ends.
 */
function stringCode(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** An object key as TypeScript source; `__proto__` is computed, so it stays an ordinary property. */
function keyCode(key: string): string {
  if (key === "__proto__") return `[${stringCode(key)}]`;
  return IDENTIFIER.test(key) ? key : stringCode(key);
}

/**
 * TypeScript source for JSON-like data with config look-ups where ConfigRefs stand. Built from the
 * structure, never by rewriting text, so no value a user can type in the AEP UI (names,
 * descriptions, params) can turn into code. `indent` is the indentation of the line it starts on;
 * `undefined` properties are left out. Also used by the plugin's refusal of a TypeScript import.
 */
export function literal(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (value instanceof ConfigRef) {
    const lookup = `${value.map}[${stringCode(value.key)}]`;
    return value.map === "published" ? `!${lookup}` : lookup;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${literal(v, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${keyCode(k)}: ${literal(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  if (typeof value === "string") return stringCode(value);
  return JSON.stringify(value) ?? "undefined";
}

function mappingIdOf(t: { params?: Record<string, unknown> }): string | undefined {
  const id = t.params?.mappingId;
  return typeof id === "string" && id ? id : undefined;
}

/**
 * `value` without its `null` keys: the service returns `null` for what nobody set (a transformation's
 * `params`, an option), which a program says by leaving the key out (kinds/normal-form.ts).
 */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

/** Every sandbox-specific id the flows use, in order of first use. */
function usedIds(flows: Flow[]): { kind: IdKind; id: string }[] {
  return flows.flatMap((f) => [
    ...f.sourceConnectionIds.map((id) => ({ kind: "source" as const, id })),
    ...f.targetConnectionIds.map((id) => ({ kind: "target" as const, id })),
    ...((f.transformations ?? []) as { params?: Record<string, unknown> }[]).flatMap((t) => {
      const m = mappingIdOf(t);
      return m ? [{ kind: "mapping" as const, id: m }] : [];
    }),
  ]);
}

/** Every sandbox-specific id the flows use, under its config key. */
export function collectIds(flows: Flow[], keys: IdKeys = new IdKeys(usedIds(flows))): SandboxIds {
  const ids: SandboxIds = { connections: {}, mappings: {} };
  for (const { kind, id } of usedIds(flows)) (kind === "mapping" ? ids.mappings : ids.connections)[keys.key(kind, id)] = id;
  return ids;
}

/**
 * The Dataflow arguments that declare `flow` as it is. With `keys`, ids and the draft flag are
 * references to the stack config the export writes; without, they are the flow's own values (what
 * the program will resolve them to in the exported sandbox).
 */
function dataflowArgs(flow: Flow, name: string, keys?: IdKeys): Record<string, unknown> {
  const idOf = (map: ConfigRef["map"], kind: IdKind, id: string) => (keys ? ref(map, keys.key(kind, id)) : id);
  const args: Record<string, unknown> = { adoptId: keys ? ref("adopt", name) : flow.id, name: flow.name };
  if (flow.description) args.description = flow.description;
  args.flowSpec = { id: flow.flowSpec.id, version: flow.flowSpec.version };
  args.sourceConnectionIds = flow.sourceConnectionIds.map((id) => idOf("connections", "source", id));
  args.targetConnectionIds = flow.targetConnectionIds.map((id) => idOf("connections", "target", id));
  if (flow.transformations) {
    args.transformations = (flow.transformations as { name: string; params?: Record<string, unknown> }[]).map((t) => {
      const m = mappingIdOf(t);
      const declared = withoutNulls(t);
      return m ? { ...declared, params: { ...t.params, mappingId: idOf("mappings", "mapping", m) } } : declared;
    });
  }
  if (flow.scheduleParams) args.scheduleParams = fromApiSchedule(flow.scheduleParams);
  const options = flow.options ? withoutNulls(flow.options) : {};
  if (Object.keys(options).length > 0) args.options = options;
  args.draft = keys ? ref("published", name) : flow.state === "draft";
  args.enabled = flow.state !== "disabled";
  return args;
}

/**
 * What adopting `flow` with the exported declaration would send: nothing, or the export would
 * change a live flow when the user expects "zero changes". Every exported flow is held to it.
 */
export function adoptionSteps(flow: Flow, sandboxName: string): string[] {
  const { inputs, failures } = DATAFLOW.check(undefined, dataflowArgs(flow, ""), { sandboxName });
  // Only what check refuses stops an adoption; a warning (a rule from prose or a guess) does not.
  const refused = failures.filter((f) => refuses(f.rule));
  if (refused.length) return refused.map((f) => `${f.property}: ${f.reason}`);
  const { patch, actions } = planUpdate(
    DATAFLOW as unknown as EntityKind,
    adoptedOutputs(DATAFLOW as unknown as EntityKind, flow, inputs),
    inputs,
  );
  return [...patch.map((op) => `PATCH ${op.op} ${op.path}`), ...actions];
}

export function renderProgram(flows: Flow[], opts: ExportOptions, existingStackConfig?: string): Rendered {
  const names = resourceNames(flows);
  const keys = new IdKeys(usedIds(flows));
  const ordered = [...flows].sort((a, b) => names.get(a.id)!.localeCompare(names.get(b.id)!));
  const resources = ordered.map(
    (f) => `new Dataflow(${JSON.stringify(names.get(f.id))}, ${literal(dataflowArgs(f, names.get(f.id)!, keys), "")});`,
  );
  const index = `// Generated by \`pulumi-aep-dataflows export\` from sandbox "${opts.sandboxName}" on ${opts.generatedAt}.
// Each Dataflow adopts its existing flow (\`adoptId\`) on the first \`pulumi up\`, changing nothing.
// What differs per sandbox is stack config (Pulumi.<stack>.yaml): connection and mapping ids, the
// flows to adopt, and which flows are published.
import * as pulumi from "@pulumi/pulumi";
import { Dataflow } from "pulumi-aep-dataflows";

const config = new pulumi.Config();
const connections = config.requireObject<Record<string, string>>("connections");
const mappings = config.getObject<Record<string, string>>("mappings") ?? {};
const adopt = config.getObject<Record<string, string>>("adopt") ?? {};
const published = config.getObject<Record<string, boolean>>("published") ?? {};

${resources.join("\n\n")}
`;
  const files: Record<string, string> = {
    "index.ts": index,
    "Pulumi.yaml": `name: ${opts.project}\nruntime: nodejs\ndescription: Dataflows exported from AEP sandbox ${opts.sandboxName}.\n`,
    "package.json": `${JSON.stringify(programManifest(opts), null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true }, files: ["index.ts"] }, null, 2)}\n`,
  };
  const ids = collectIds(flows, keys);
  files[`Pulumi.${opts.stack}.yaml`] = renderStackConfig(
    opts.project,
    opts.sandboxName,
    ids,
    {
      adopt: Object.fromEntries(ordered.map((f) => [names.get(f.id)!, f.id])),
      published: Object.fromEntries(ordered.filter((f) => f.state !== "draft").map((f) => [names.get(f.id)!, true])),
    },
    existingStackConfig,
  );
  return { files, ids, names };
}

/** The program's package.json: this package from where it came, the Pulumi SDK and TypeScript it is tested with. */
function programManifest(opts: ExportOptions): Record<string, unknown> {
  return {
    name: opts.project,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": opts.tools.pulumi, "pulumi-aep-dataflows": opts.packageSpec },
    devDependencies: { typescript: opts.tools.typescript },
  };
}

/**
 * Pulumi stack config for the exported program. An existing stack file is updated, not replaced:
 * only the keys the exporter owns (aep:sandboxName and the project's connections, mappings, adopt,
 * published) change; the encryption salt, credentials and any other setting stay as they are.
 */
export function renderStackConfig(
  project: string,
  sandboxName: string,
  ids: SandboxIds,
  extra: { adopt: Record<string, string>; published: Record<string, boolean> },
  existing?: string,
): string {
  const doc = existing ? YAML.parseDocument(existing) : new YAML.Document({ config: {} });
  if (!YAML.isMap(doc.get("config"))) doc.set("config", doc.createNode({}));
  const sorted = <T>(values: Record<string, T>) => Object.fromEntries(Object.entries(values).sort(([x], [y]) => x.localeCompare(y)));
  doc.setIn(["config", "aep:sandboxName"], sandboxName);
  const owned: [string, Record<string, unknown>][] = [
    ["connections", ids.connections],
    ["mappings", ids.mappings],
    ["adopt", extra.adopt],
    ["published", extra.published],
  ];
  for (const [key, values] of owned) {
    if (Object.keys(values).length) doc.setIn(["config", `${project}:${key}`], doc.createNode(sorted(values)));
    else doc.deleteIn(["config", `${project}:${key}`]);
  }
  return String(doc);
}

export class UnmappedIdsError extends Error {
  constructor(readonly unmapped: string[]) {
    super(
      `${unmapped.length} id(s) have no entry in the id map, so the target stack was not written: ${unmapped.join(", ")}. ` +
        "Add each source id with its target-sandbox id to the map (connections and mapping sets are per-sandbox objects).",
    );
  }
}

/** The source sandbox's ids translated for a target sandbox; every id must be mapped. */
export function mapIds(ids: SandboxIds, idMap: Record<string, string>): SandboxIds {
  const unmapped: string[] = [];
  const translate = (values: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(values).map(([key, id]) => {
        const target = idMap[id];
        if (typeof target !== "string" || !target) unmapped.push(`${key} (${id})`);
        return [key, target];
      }),
    );
  const mapped = { connections: translate(ids.connections), mappings: translate(ids.mappings) };
  if (unmapped.length) throw new UnmappedIdsError(unmapped);
  return mapped;
}
