// The reference pages, written from the package schema (so from the declarations, like the SDKs):
// one page per resource (docs/resources/<kind>.md), one for the lookups (docs/lookups.md), the
// settings table of docs/installation-configuration.md, and the error codes (docs/error-codes.md,
// from provider/adobe/error-codes.ts). Terraform providers and Pulumi's registry
// keep one page per resource; these follow that layout. Pure: schema in, Markdown out (unformatted).
import type { EnumTypeSpec, ObjectTypeSpec, PackageSchema, PropertySpec, TypeSpec } from "../../provider/plugin/schema-format";
import { ERROR_CODES, ErrorCode } from "../../provider/adobe/error-codes";
import { TYPE_TOKENS } from "../../provider/plugin/schema";
import { GeneratedFile, kebab } from "./resources";

const TOKEN_PREFIX = "#/types/aep:index:";
const GENERATED = (from: string) => `<!-- Generated from ${from} by \`npm run gen\`: edit that file, not this page. -->\n\n`;

const refName = (spec: TypeSpec) => (spec.$ref?.startsWith(TOKEN_PREFIX) ? spec.$ref.slice(TOKEN_PREFIX.length) : undefined);

/** How a type reads in a page: `string`, `list of Transformation` (a link to its section), `integer or string`. */
function typeText(spec: TypeSpec): string {
  const named = refName(spec);
  if (named) return `[${named}](#${named.toLowerCase()})`;
  if (spec.$ref === "pulumi.json#/Any") return "any";
  if (spec.oneOf) return spec.oneOf.map(typeText).join(" or ");
  if (spec.type === "array") return `list of ${typeText(spec.items!)}`;
  if (spec.type === "object") return `map of ${spec.additionalProperties ? typeText(spec.additionalProperties) : "any"}`;
  return spec.type ?? "any";
}

/** One property as a list item: name, type, whether required, then its description and flags. */
function propertyItem(name: string, p: PropertySpec, required: boolean): string {
  const flags = [
    required ? "required" : "optional",
    ...(p.default !== undefined ? [`default \`${JSON.stringify(p.default)}\``] : []),
    ...(p.replaceOnChanges ? ["replaces on change"] : []),
    ...(p.secret ? ["secret"] : []),
  ];
  const text = p.description.replace(/\n\n/g, "\n\n  ");
  return `- **\`${name}\`** (${typeText(p)}; ${flags.join(", ")}): ${text}\n`;
}

function propertyList(properties: Record<string, PropertySpec>, required: string[]): string {
  return Object.entries(properties)
    .map(([name, p]) => propertyItem(name, p, required.includes(name)))
    .join("");
}

/** The named types `specs` reach, directly or through other types, in the schema's order. */
function reachable(schema: PackageSchema, specs: TypeSpec[]): string[] {
  const used = new Set<string>();
  const visit = (spec: TypeSpec): void => {
    const named = refName(spec);
    if (named && !used.has(named)) {
      used.add(named);
      const t = schema.types[`aep:index:${named}`];
      if (t && "properties" in t) Object.values(t.properties).forEach(visit);
    }
    if (spec.items) visit(spec.items);
    if (spec.additionalProperties) visit(spec.additionalProperties);
    spec.oneOf?.forEach(visit);
  };
  specs.forEach(visit);
  return Object.keys(schema.types)
    .map((t) => t.slice("aep:index:".length))
    .filter((n) => used.has(n));
}

function typeSections(schema: PackageSchema, names: string[]): string {
  if (!names.length) return "";
  let text = "## Types\n\n";
  for (const name of names) {
    const t = schema.types[`aep:index:${name}`] as ObjectTypeSpec | EnumTypeSpec;
    text += `### ${name}\n\n${t.description ?? ""}\n\n`;
    if ("enum" in t) text += t.enum.map((v) => `- \`${v.value}\`: ${v.description ?? ""}\n`).join("") + "\n";
    else text += `${propertyList(t.properties, t.required ?? [])}\n`;
  }
  return text;
}

/** `docs/resources/<kind>.md`: what the resource is, its lifecycle, inputs, outputs and types. */
function resourcePage(schema: PackageSchema, token: string, kind: string): GeneratedFile {
  const r = schema.resources[token]!;
  const inputs = r.inputProperties;
  const computed = Object.fromEntries(Object.entries(r.properties ?? {}).filter(([name]) => !(name in inputs)));
  const always = r.required ?? [];
  let text = GENERATED(`provider/kinds/${kebab(kind)}/declaration.ts`);
  text += `# ${kind}\n\n`;
  text +=
    `TypeScript: \`new ${kind}(name, args)\` from \`pulumi-aep-dataflows\`; other languages: \`${token}\` ` +
    `(Python \`pulumi_aep.${kind}\`, YAML \`type: ${token}\`).\n\n`;
  text += `${r.description}\n\n`;
  text += `## Inputs\n\n${propertyList(inputs, r.requiredInputs ?? [])}\n`;
  text +=
    "## Outputs\n\nEvery input is also an output (" +
    `always set: ${always
      .filter((n) => n in inputs)
      .map((n) => `\`${n}\``)
      .join(", ")}), and:\n\n${propertyList(computed, always)}\n`;
  text += typeSections(schema, reachable(schema, Object.values(r.properties ?? inputs)));
  return { path: `docs/resources/${kebab(kind)}.md`, text };
}

/** `docs/lookups.md`: every lookup, what it takes and gives. */
function lookupsPage(schema: PackageSchema): GeneratedFile {
  let text = GENERATED("provider/lookups/declaration.ts");
  text += "# Lookups\n\n";
  text +=
    "Read-only functions that find, by name, the ids that differ per sandbox, so one program serves every sandbox. In " +
    "TypeScript they are imported from `pulumi-aep-dataflows` (`getFlowRuns` gives the list of runs itself); in other languages " +
    "they are the `aep:index:<name>` functions of the `aep` plugin.\n\n";
  const functions = Object.entries(schema.functions);
  for (const [token, f] of functions) {
    const name = token.slice("aep:index:".length);
    text += `## ${name}\n\n${f.description}\n\n### Arguments\n\n${propertyList(f.inputs.properties, f.inputs.required ?? [])}\n`;
    text += `### Result\n\n${f.outputs.description ?? ""}\n\n${propertyList(f.outputs.properties, f.outputs.required ?? [])}\n`;
  }
  text += typeSections(
    schema,
    reachable(
      schema,
      functions.flatMap(([, f]) => Object.values(f.outputs.properties)),
    ),
  );
  return { path: "docs/lookups.md", text };
}

/** The settings table of docs/installation-configuration.md (between its `settings` markers). */
export function settingsTable(schema: PackageSchema): string {
  const rows = Object.entries(schema.config.variables).map(([name, p]) => {
    const env = p.defaultInfo?.environment?.join(", ") ?? "";
    const description = p.description.replace(/ Pulumi config `[^`]+`, else the environment variable `[^`]+`\.$/, "");
    return `| \`aep:${name}\` | \`${env}\` | ${p.secret ? "yes" : ""} | ${description.replace(/\|/g, "\\|")} |`;
  });
  return ["| Setting | Environment variable | Secret | What it is |", "|---|---|---|---|", ...rows].join("\n");
}

/** `docs/error-codes.md`: every code of Adobe's services the package reacts to, what it means and what to do. */
function errorCodesPage(): GeneratedFile {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const rows = Object.values(ERROR_CODES as Record<string, ErrorCode>).map(
    (row) =>
      `| ${row.codes.map((c) => `\`${c}\``).join(", ")} | ${row.status} | ${cell(row.meaning)} | ${cell(row.todo)} | ${row.source} |`,
  );
  const text =
    GENERATED("provider/adobe/error-codes.ts") +
    "# Error codes\n\n" +
    "The codes of Adobe's services this package reacts to: the provider's decisions (wait, read again, explain) and its " +
    "messages match codes only through this table. A Flow Service code comes as `FLOW-<number>-<status>` in the error " +
    "body's type URL; a gateway code as a bare `error_code`.\n\n" +
    "| codes | HTTP status | what the service means | what to do | documented in |\n|---|---|---|---|---|\n" +
    `${rows.join("\n")}\n`;
  return { path: "docs/error-codes.md", text };
}

/** Every reference page generated from `schema` (and the error-code table), unformatted. */
export function generateDocs(schema: PackageSchema): GeneratedFile[] {
  return [...Object.entries(TYPE_TOKENS).map(([token, kind]) => resourcePage(schema, token, kind)), lookupsPage(schema), errorCodesPage()];
}
