// `npx pulumi-aep-dataflows export --sandbox dev [...]`: writes a ready Pulumi program that adopts
// every listed flow, with its stack config; with --map, also the config of a target sandbox's stack.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { FlowServiceClient, LAST_UP_SHORT } from "../../adobe/client";
import { LAST_UP } from "../../adobe/errors";
import { SETTINGS, resolveSettings } from "../../adobe/settings";
import { ExportFilters, listSandboxFlows } from "./list";
import { PackageSource, ownManifest, ownPackageRoot, packageSource, programTools } from "./package-spec";
import { adoptionSteps, mapIds, renderProgram, renderStackConfig } from "./render";

export const EXPORT_USAGE = `usage: pulumi-aep-dataflows export --sandbox <name> [options]

Lists the flows of an AEP sandbox and writes a Pulumi program that adopts them (one Dataflow per
flow, adoptId set) plus its stack config. Credentials come from the environment: AEP_CLIENT_ID,
AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN), AEP_ORG_ID, and optionally AEP_ENDPOINT, AEP_IMS_ENDPOINT.

  --sandbox <name>         sandbox to export (required)
  --out <dir>              where to write the project (default ./aep-<sandbox>-dataflows)
  --project <name>         Pulumi project name (default aep-<sandbox>-dataflows)
  --stack <name>           stack whose config file is written (default: the sandbox name)
  --name <regex>           only flows whose name matches
  --flow-spec <id>         only flows of this flow spec
  --state <state>          only flows in this state: draft, enabled or disabled
  --map <ids.json>         promotion: a JSON object from source-sandbox ids to target-sandbox ids
  --target-sandbox <name>  promotion: the sandbox of the target stack (required with --map)
  --target-stack <name>    promotion: the target stack (default: the target sandbox name)
  --package <spec>         how the program's package.json names this package (default: where this
                           copy came from: ^<version> from a registry, file:<path> of the tarball or
                           folder it was installed from, file:<this checkout> when run from one)
  --force                  overwrite files in a non-empty --out directory
`;

export class UsageError extends Error {}

function progressReporter(): (listed: number, total: number) => void {
  // A bar on a terminal, a line per page otherwise (CI logs).
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
    const bar = new SingleBar({ format: "listing flows [{bar}] {value}/{total}", stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return (listed, total) => {
      if (!started) {
        bar.start(total, listed);
        started = true;
      } else bar.update(listed, { total });
      bar.setTotal(total);
      if (listed >= total) bar.stop();
    };
  }
  return (listed, total) => process.stderr.write(`listed ${listed} of ${total} flows\n`);
}

export async function runExport(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sandbox: { type: "string" },
      out: { type: "string" },
      project: { type: "string" },
      stack: { type: "string" },
      name: { type: "string" },
      "flow-spec": { type: "string" },
      state: { type: "string" },
      map: { type: "string" },
      "target-sandbox": { type: "string" },
      "target-stack": { type: "string" },
      force: { type: "boolean", default: false },
      package: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) throw new UsageError("");
  if (positionals[0] !== "export") throw new UsageError(`unknown command "${positionals[0] ?? ""}"`);
  const sandbox = values.sandbox;
  if (!sandbox) throw new UsageError("--sandbox is required");
  if (values.state && !["draft", "enabled", "disabled"].includes(values.state))
    throw new UsageError(`--state: "${values.state}" is not draft, enabled or disabled`);
  if (values.map && !values["target-sandbox"]) throw new UsageError("--map needs --target-sandbox");
  let name: RegExp | undefined;
  try {
    name = values.name ? new RegExp(values.name) : undefined;
  } catch (err) {
    throw new UsageError(`--name: ${(err as Error).message}`);
  }
  const project = values.project ?? `aep-${sandbox}-dataflows`;
  const out = path.resolve(values.out ?? project);
  if (existsSync(out) && readdirSync(out).length && !values.force) {
    throw new UsageError(`--out ${out} is not empty; use --force to overwrite the generated files`);
  }
  const idMap = values.map ? readIdMap(values.map) : undefined;

  const filters: ExportFilters = { name, flowSpecId: values["flow-spec"], state: values.state as ExportFilters["state"] };
  const { flows, skippedNotSource } = await saidForTheEnvironment(async () => {
    const settings = resolveSettings(undefined, { ...env, AEP_SANDBOX_NAME: sandbox });
    const client = new FlowServiceClient({ ...settings, timeoutMs: settings.timeoutMs });
    return listSandboxFlows(client, sandbox, filters, progressReporter());
  });

  const stack = values.stack ?? sandbox;
  const root = ownPackageRoot();
  const source: PackageSource = values.package ? { spec: values.package, from: "--package" } : packageSource(root);
  // Existing stack files are updated in place (their salt, credentials and other settings are kept).
  const existing = (file: string) => (existsSync(path.join(out, file)) ? readFileSync(path.join(out, file), "utf8") : undefined);
  const rendered = renderProgram(
    flows,
    {
      project,
      sandboxName: sandbox,
      stack,
      generatedAt: new Date().toISOString().slice(0, 10),
      packageSpec: source.spec,
      tools: programTools(ownManifest(root)),
    },
    existing(`Pulumi.${stack}.yaml`),
  );
  const files = { ...rendered.files };
  if (idMap) {
    const targetSandbox = values["target-sandbox"]!;
    const targetFile = `Pulumi.${values["target-stack"] ?? targetSandbox}.yaml`;
    // Throws, listing every unmapped id, before anything is written.
    const mapped = mapIds(rendered.ids, idMap);
    files[targetFile] = renderStackConfig(project, targetSandbox, mapped, { adopt: {}, published: {} }, existing(targetFile));
  }
  mkdirSync(out, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(out, file), content);
  // Held to "adopts every flow, no change": a flow the program cannot declare exactly is named.
  const changing = flows.map((f) => ({ f, steps: adoptionSteps(f, sandbox) })).filter((x) => x.steps.length);
  return [
    `exported ${flows.length} flow(s) from sandbox ${sandbox} to ${out}:`,
    ...(skippedNotSource
      ? [
          `skipped ${skippedNotSource} destination dataflow(s): only source dataflows (inheritedAttributes.properties.isSourceFlow) can be declared as a Dataflow`,
        ]
      : []),
    ...changing.map(
      ({ f, steps }) =>
        `warning: flow ${f.id} ("${f.name}") cannot be declared exactly as it is; adopting it would send ${steps.join(", ")}. Review its declaration before \`pulumi up\`.`,
    ),
    ...Object.keys(files).map((f) => `  ${f}`),
    `package.json depends on pulumi-aep-dataflows ${source.spec} (${source.from}; --package <spec> names another)`,
    `next: cd ${path.relative(process.cwd(), out) || "."} && npm install && pulumi stack init ${stack} && pulumi up   (adopts every flow${changing.length ? "; see the warnings above" : ", no change"})`,
  ];
}

/**
 * Runs `step`; an error it throws is said for this command, which reads its settings from the environment only (not
 * from a stack) and its sandbox from `--sandbox`: each `aep:<name>` is named by its environment variable, and the
 * advice that is about a stack (`pulumi config set …`, what `pulumi refresh` and `destroy` use) is left out.
 */
async function saidForTheEnvironment<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof Error) err.message = forEnvironmentSettings(err.message);
    throw err;
  }
}

/** `message` with the stack's settings named as the environment variables `export` reads. Pure. */
export function forEnvironmentSettings(message: string): string {
  const envOf = (name: string) => (SETTINGS as Record<string, { env: string } | undefined>)[name]?.env;
  return message
    .split(LAST_UP)
    .join("")
    .split(LAST_UP_SHORT)
    .join("")
    .replace(/check aep:sandboxName or the resource's sandboxName/g, "check --sandbox")
    .replace(/`pulumi config set (?:--secret )?aep:(\w+) (<\w+>)`/g, (m, name: string, value: string) =>
      envOf(name) ? `\`export ${envOf(name)}=${value}\`` : m,
    )
    .replace(/aep:(\w+) \/ (AEP_\w+)/g, "$2")
    .replace(/aep:(\w+)/g, (m, name: string) => envOf(name) ?? m);
}

function readIdMap(file: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--map ${file}: ${(err as Error).message}`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data) || !Object.values(data).every((v) => typeof v === "string")) {
    throw new UsageError(`--map ${file}: expected a JSON object from source ids to target ids (strings)`);
  }
  return data as Record<string, string>;
}
