// `npm run gen`: writes what comes from the declarations, through the package schema: the TypeScript
// resources and types (scripts/codegen/resources.ts), the reference pages (scripts/codegen/docs.ts,
// and the settings table of docs/installation-configuration.md), and the page of pre-write rules
// (provider/rules.ts), formatted as the repository formats them. `--check` writes nothing and exits
// 1, naming the files, when what is committed differs from what they give (tests/codegen.test.ts
// runs it).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { packageSchema } from "../provider/plugin/schema";
import { rulesTable } from "../provider/rules";
import { generateDocs, settingsTable } from "./codegen/docs";
import { GeneratedFile, generateFiles } from "./codegen/resources";

/** The root of the package (this file is scripts/ or dist/scripts/ below it), or `--root <dir>` (a copy, in tests). */
const rootArg = process.argv.indexOf("--root");
const ROOT =
  rootArg > 0
    ? path.resolve(process.argv[rootArg + 1]!)
    : path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");

/** The page of pre-write rules, from provider/rules.ts. */
function rulesPage(): GeneratedFile {
  const text =
    "<!-- Generated from provider/rules.ts by `npm run gen`: edit the table there. -->\n\n" +
    "# Rules applied before a write\n\n" +
    "Every rule the provider applies before it writes: in `check` (so `pulumi preview` shows it) and in the guards right " +
    "before a create, update, publish or delete. Only a rule the service declares (its API spec's shapes, a flow or " +
    "connection spec's JSON schema, an explicit spec attribute, its error catalogue), one no request can express, one " +
    "that keeps this package's guarantees (no duplicate, no overwritten edit), or an evolution rule of the data model " +
    "that Adobe's documentation states as the service's (a breaking change to what a Profile-enabled schema uses: " +
    "`documented-rule`) refuses before a write. A rule from a page's " +
    "prose or from a guess only warns (a `[aep]` line under the resource), and only when the step sends the value it is " +
    "about (a create sends everything; an update or an adoption what it changes; a publish is judged for completeness): " +
    "the request is sent, the service decides, and when it refuses, the error names the property, quotes the service and " +
    "says what to do.\n\n" +
    `${rulesTable()}\n`;
  return { path: "docs/pre-write-rules.md", text };
}

const SETTINGS_PAGE = "docs/installation-configuration.md";
const SETTINGS_START = "<!-- settings: generated from provider/adobe/settings.ts by `npm run gen` -->";
const SETTINGS_END = "<!-- /settings -->";

/** docs/installation-configuration.md, its text kept but for the settings table between the markers. */
function settingsPage(table: string): GeneratedFile {
  const text = readFileSync(path.join(ROOT, SETTINGS_PAGE), "utf8");
  const start = text.indexOf(SETTINGS_START);
  const end = text.indexOf(SETTINGS_END);
  if (start < 0 || end < start) throw new Error(`${SETTINGS_PAGE} lacks the lines ${SETTINGS_START} and ${SETTINGS_END}`);
  return { path: SETTINGS_PAGE, text: `${text.slice(0, start + SETTINGS_START.length)}\n\n${table}\n\n${text.slice(end)}` };
}

/** Every generated file, formatted with the repository's prettier configuration. Paths are relative to the package root. */
export async function formattedFiles(): Promise<GeneratedFile[]> {
  const schema = packageSchema("0.0.0");
  const files = [...generateFiles(schema), ...generateDocs(schema), settingsPage(settingsTable(schema)), rulesPage()];
  return Promise.all(
    files.map(async (f) => {
      const options = (await prettier.resolveConfig(path.join(ROOT, f.path))) ?? {};
      const parser = f.path.endsWith(".md") ? "markdown" : "typescript";
      return { path: f.path, text: await prettier.format(f.text, { ...options, parser }) };
    }),
  );
}

/** The generated files whose committed text differs from what the schema gives. */
export async function staleFiles(): Promise<string[]> {
  const read = (p: string) => {
    try {
      return readFileSync(path.join(ROOT, p), "utf8");
    } catch {
      return undefined;
    }
  };
  return (await formattedFiles()).filter((f) => read(f.path) !== f.text).map((f) => f.path);
}

async function main(): Promise<void> {
  if (process.argv.includes("--check")) {
    const stale = await staleFiles();
    if (stale.length) {
      process.stderr.write(
        `gen: not what the declarations and provider/rules.ts give: ${stale.join(", ")}; run \`npm run gen\`, and commit the result\n`,
      );
      process.exit(1);
    }
    return;
  }
  for (const f of await formattedFiles()) {
    mkdirSync(path.dirname(path.join(ROOT, f.path)), { recursive: true });
    writeFileSync(path.join(ROOT, f.path), f.text);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`gen: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
