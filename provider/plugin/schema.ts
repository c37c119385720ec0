// The Pulumi package schema of the `aep` provider plugin (`pulumi-resource-aep`), assembled from the
// declarations: the resources from provider/kinds/*/declaration.ts, the functions from
// provider/lookups/declaration.ts, the provider's configuration from provider/adobe/settings.ts.
// `pulumi package gen-sdk` makes the SDKs (Python, Node.js) from it, Pulumi YAML type-checks programs
// with it, `pulumi import` knows the types by it, and scripts/gen-resources.ts writes the TypeScript
// resources and the reference docs from it. Pure data.
// Format: https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/
import type { z } from "zod";
import { SETTINGS, SettingName } from "../adobe/settings";
import { functionSpecOf, namedTypeSpecs, resourceSpecOf } from "../kinds/declare";
import { KindName, RESOURCE_DECLARATIONS } from "../kinds/declarations";
import { LOOKUPS } from "../lookups/declaration";
import type { PackageSchema, PropertySpec } from "./schema-format";

export type { KindName };

/** The lookups, by name (what provider/lookups/reads.ts answers). */
export type LookupName = (typeof LOOKUPS)[number]["name"];

/** Resource type token (`aep:index:<Name>`) → the runtime kind that serves it. */
export const TYPE_TOKENS: Record<string, KindName> = Object.fromEntries(RESOURCE_DECLARATIONS.map((d) => [`aep:index:${d.name}`, d.name]));

/**
 * Function token (`aep:index:<name>`) → the lookup that answers it. Every function returns an
 * object: `getFlowRuns`, whose program-side lookup returns an array, returns it as `runs`.
 */
export const FUNCTION_TOKENS: Record<string, LookupName> = Object.fromEntries(LOOKUPS.map((f) => [`aep:index:${f.name}`, f.name]));

/** Every setting as a property: its description, environment variable, default and secrecy. */
function settingProperties(): Record<string, PropertySpec> {
  return Object.fromEntries(
    (Object.keys(SETTINGS) as SettingName[]).map((name) => {
      const setting = SETTINGS[name];
      const spec: PropertySpec = {
        type: setting.type,
        description: `${setting.doc} Pulumi config \`${setting.config}\`, else the environment variable \`${setting.env}\`.`,
        defaultInfo: { environment: [setting.env] },
        ...("default" in setting ? { default: setting.default } : {}),
        ...("secret" in setting && setting.secret ? { secret: true } : {}),
      };
      return [name, spec];
    }),
  );
}

/** Every property schema of the declarations: where the named types are found. */
function declaredProperties(): z.ZodType[] {
  return [
    ...RESOURCE_DECLARATIONS.flatMap((d) => [...Object.values(d.inputs), ...Object.values(d.outputs)]),
    ...LOOKUPS.flatMap((f) => [...Object.values(f.args), ...Object.values(f.result)]),
  ] as z.ZodType[];
}

/** The Pulumi package schema of the `aep` provider plugin at `version` (semver, e.g. the package.json version). */
export function packageSchema(version: string): PackageSchema {
  const settings = settingProperties();
  return {
    name: "aep",
    displayName: "Adobe Experience Platform Dataflows",
    version,
    description:
      "Adobe Experience Platform (AEP) ingestion pipelines as Pulumi resources: base, source and target connections, Data Prep " +
      "mapping sets and dataflows, stood up as drafts, changed with etag-guarded minimal JSON Patches, and published in Adobe's " +
      "order, through the Flow Service and Data Prep APIs; lookups find the ids that differ per sandbox by name.",
    keywords: ["pulumi", "aep", "adobe", "experience-platform", "dataflow", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    config: { variables: settings },
    provider: {
      description:
        "The provider of AEP dataflows. Each setting is read from the provider's inputs (or the stack's `aep:*` config for the " +
        "default provider), else its `AEP_*` environment variable, else its default. `pulumi preview` needs no credentials.",
      inputProperties: settings,
    },
    types: namedTypeSpecs(declaredProperties()),
    resources: Object.fromEntries(RESOURCE_DECLARATIONS.map((d) => [`aep:index:${d.name}`, resourceSpecOf(d)])),
    functions: Object.fromEntries(LOOKUPS.map((f) => [`aep:index:${f.name}`, functionSpecOf(f)])),
    language: {
      nodejs: {
        packageName: "@pulumi-aep/aep",
        packageDescription: "Adobe Experience Platform dataflows, connections and mapping sets as Pulumi resources.",
      },
      // The SDK carries the package's version (not codegen's "0.0.0"), so the engine asks for the
      // plugin at that version, and a pyproject.toml instead of a setup.py.
      python: {
        packageName: "pulumi_aep",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        respectSchemaVersion: true,
        pyproject: { enabled: true },
      },
    },
  };
}
