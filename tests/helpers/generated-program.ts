// Runs a program the exporter generated as Pulumi would, with stand-ins for the Pulumi SDK and the
// package, to see exactly what it declares.
import * as vm from "node:vm";
import ts from "typescript";
import YAML from "yaml";

export interface Declared {
  name: string;
  args: Record<string, unknown>;
}

/**
 * Runs a generated program as Pulumi would (TypeScript compiled, config from the stack file), with
 * stand-ins for the Pulumi SDK and the package: returns each Dataflow's name and arguments.
 */
export function runGenerated(files: Record<string, string>, project: string, stack: string): Declared[] {
  const compiled = ts.transpileModule(files["index.ts"], {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  expect(compiled.diagnostics ?? []).toEqual([]);
  const config = (YAML.parse(files[`Pulumi.${stack}.yaml`]) as { config: Record<string, unknown> }).config;
  const declared: Declared[] = [];
  const modules: Record<string, unknown> = {
    "@pulumi/pulumi": {
      Config: class {
        requireObject(key: string) {
          const v = config[`${project}:${key}`];
          if (v === undefined) throw new Error(`missing config ${key}`);
          return v;
        }
        getObject(key: string) {
          return config[`${project}:${key}`];
        }
      },
    },
    "pulumi-aep-dataflows": {
      Dataflow: class {
        constructor(name: string, args: Record<string, unknown>) {
          declared.push({ name, args });
        }
      },
    },
  };
  const module = { exports: {} as Record<string, unknown> };
  vm.runInNewContext(compiled.outputText, { require: (m: string) => modules[m], module, exports: module.exports });
  return declared;
}
