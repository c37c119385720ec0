// `pulumi import aep:index:<Kind>` in a TypeScript/JavaScript project: refused before anything is
// written, with the code that adopts the entity instead. Such programs declare this package's
// dynamic resources (`new Dataflow(…)`, type `pulumi-nodejs:dynamic/aep:Dataflow`), never the
// plugin's `aep:index:Dataflow`; an import would leave in the state a protected resource that the
// program does not declare (and, with the Node.js host of scripts/get-pulumi.sh, print no code:
// "GenerateProgram not implemented"). The package's own way in is `adoptId`. Pure but for the
// directory walk, whose file reader is injected.
import * as path from "node:path";
import YAML from "yaml";
import { literal } from "../commands/export/render";

/** Pulumi's project file names, in the order Pulumi looks for them. */
const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/**
 * The project `name` and `runtime` name (`nodejs`, `python`, `yaml`, …) of a project file's text,
 * the runtime written either as a string or as `{ name, options }`; each is left out when the text
 * does not give it (or is not YAML).
 */
export function runtimeOf(projectFile: string): { project?: string; runtime?: string } {
  let doc: unknown;
  try {
    doc = YAML.parse(projectFile);
  } catch {
    return {};
  }
  if (!doc || typeof doc !== "object") return {};
  const { name, runtime } = doc as { name?: unknown; runtime?: unknown };
  const runtimeName = typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | null)?.name;
  return {
    ...(typeof name === "string" ? { project: name } : {}),
    ...(typeof runtimeName === "string" ? { runtime: runtimeName } : {}),
  };
}

/**
 * The runtime of the project a provider plugin runs for. Pulumi starts a plugin in the program's
 * directory (the project's root, or the directory its `main` names) and passes the project's name
 * as PULUMI_PROJECT (pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go, v3.248), so the
 * project file is the nearest one above `dir` with that name; failing that, the nearest one at all.
 * `read` answers a file's text, or undefined when it does not exist. Undefined when none is found.
 */
export function projectRuntime(
  dir: string,
  projectName: string | undefined,
  read: (file: string) => string | undefined,
): string | undefined {
  let nearest: string | undefined;
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    for (const file of PROJECT_FILES) {
      const text = read(path.join(at, file));
      if (text === undefined) continue;
      const { project, runtime } = runtimeOf(text);
      if (!projectName || project === projectName) return runtime;
      nearest ??= runtime;
    }
    if (path.dirname(at) === at) return nearest;
  }
}

/** Runtimes whose programs declare this package's dynamic resources, not the plugin's types. */
export function declaresDynamicResources(runtime: string | undefined): boolean {
  return runtime === "nodejs";
}

export interface ImportedEntity {
  /** The resource type's class in the package root, e.g. `Dataflow`. */
  kind: string;
  /** The resource name `pulumi import` was given. */
  name: string;
  id: string;
  /** The sandbox it was read from (the stack's `aep:sandboxName`). */
  sandboxName: string;
  /** The inputs the read derived from the entity (what `pulumi import` would have generated). */
  inputs: Record<string, unknown>;
}

/**
 * TypeScript that declares `entity` with the package's resource and `adoptId`, so that `pulumi up`
 * adopts it. `sandboxName` is left out: the program's default, the stack's `aep:sandboxName`, is the
 * sandbox it was read from, and a stack of another sandbox then adopts its own entity.
 */
export function adoptionCode(entity: ImportedEntity): string {
  const { sandboxName: _sandbox, ...inputs } = entity.inputs;
  return `import { ${entity.kind} } from "pulumi-aep-dataflows";

new ${entity.kind}(${literal(entity.name, "")}, ${literal({ adoptId: entity.id, ...inputs }, "")});`;
}

/**
 * The error `pulumi import` shows in a TypeScript/JavaScript project: why nothing was imported, the
 * code to paste (with `adoptId`), what `pulumi up` then does, and the export command for many flows.
 * Credentials are never in it: a base connection's cannot be read back, and the user is told where
 * they go.
 */
export function typescriptImportRefusal(entity: ImportedEntity, typeToken: string): string {
  const lines = [
    `${typeToken} "${entity.name}" (${entity.id}, sandbox ${entity.sandboxName}) was not imported, and nothing of it was written to ` +
      `the stack: this is a TypeScript/JavaScript project (Pulumi.yaml runtime: nodejs), whose programs declare the package's own ` +
      `${entity.kind} class, not the plugin's ${typeToken}, so an imported one would stay in the state, protected, declared by no ` +
      `program. To bring it under this stack, paste this into the program (read from the sandbox just now):`,
    "",
    adoptionCode(entity),
    "",
    "Then `pulumi up` adopts it (`adoptId`), writing nothing when it already matches; `pulumi preview` shows in the resource's " +
      "`adoption` property what taking it over would change.",
  ];
  if (entity.kind === "BaseConnection") {
    lines.push(
      "Its credentials cannot be read back (Adobe never returns them): before `pulumi up`, set each as a config secret " +
        '(`pulumi config set --secret <key> …`) and pass it in `auth.params` with `config.requireSecret("<key>")`.',
    );
  }
  lines.push(
    `For many flows: \`npx pulumi-aep-dataflows export --sandbox ${entity.sandboxName} --out <dir>\` (credentials from AEP_CLIENT_ID, ` +
      "AEP_CLIENT_SECRET, AEP_ORG_ID) writes a whole program that adopts every flow of the sandbox, with its stack config.",
  );
  return lines.join("\n");
}
