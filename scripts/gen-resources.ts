// `npm run gen`: writes the TypeScript resources and types from the package schema (see
// scripts/codegen/resources.ts), formatted as the repository formats code. `--check` writes
// nothing and exits 1, naming the files, when what is committed differs from what the schema gives
// (tests/codegen.test.ts runs it).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { packageSchema } from "../provider/plugin/schema";
import { rulesTable } from "../provider/rules";
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
    "connection spec's JSON schema, an explicit spec attribute, its error catalogue), one no request can express, or one " +
    "that keeps this package's guarantees (no duplicate, no overwritten edit) refuses before a write. A rule from a page's " +
    "prose or from a guess only warns (a `[aep]` line under the resource), and only when the step sends the value it is " +
    "about (a create sends everything; an update or an adoption what it changes; a publish is judged for completeness): " +
    "the request is sent, the service decides, and when it refuses, the error names the property, quotes the service and " +
    "says what to do.\n\n" +
    `${rulesTable()}\n`;
  return { path: "docs/pre-write-rules.md", text };
}

/** Every generated file, formatted with the repository's prettier configuration. Paths are relative to the package root. */
export async function formattedFiles(): Promise<GeneratedFile[]> {
  const files = [...generateFiles(packageSchema("0.0.0")), rulesPage()];
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
        `gen: not what provider/plugin/schema.ts and provider/rules.ts give: ${stale.join(", ")}; run \`npm run gen\`, and commit the result\n`,
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
