// The `aep` package schema (provider/plugin/schema.ts) against the runtime it describes: every $ref
// resolves, each kind's accepted inputs (the zod schema its `check` parses with) are exactly the
// declared inputs at every depth, with the same required ones; replaceOnChanges is each kind's
// `replaceOn`; credentials are secrets; every setting, resource, property and function is documented.
// Pulumi's own codegen over the schema is in tests/e2e/schema.e2e.test.ts (it needs the CLI).
import type { z } from "zod";
import * as checkModule from "../provider/kinds/entity";
import { BASE_CONNECTION } from "../provider/kinds/base-connection";
import { DATAFLOW } from "../provider/kinds/dataflow";
import { checkDataset } from "../provider/kinds/dataset";
import { checkFieldGroup } from "../provider/kinds/field-group";
import { checkIdentityDescriptor } from "../provider/kinds/identity-descriptor";
import { checkSchema } from "../provider/kinds/schema";
import { checkMappingSet } from "../provider/kinds/mapping-set";
import { SOURCE_CONNECTION } from "../provider/kinds/source-connection";
import { TARGET_CONNECTION } from "../provider/kinds/target-connection";
import * as lookups from "../sdk/nodejs/lookups";
import { FUNCTION_TOKENS, KindName, TYPE_TOKENS, packageSchema } from "../provider/plugin/schema";
import type { ObjectTypeSpec, PackageSchema, PropertySpec, ResourceSpec, TypeSpec } from "../provider/plugin/schema-format";
import { inputSchema } from "../provider/kinds/declare";
import { ProviderRun } from "../provider/lifecycle/context";
import { datasetProvider, mappingSetProvider } from "../provider/runtime";
import { SETTINGS, SettingName } from "../provider/adobe/settings";
import { futureStart, futureStartIso } from "./helpers/dates";

const schema: PackageSchema = packageSchema("0.1.0");
const defaults = { sandboxName: "dev" };

type Check = (olds: undefined, news: Record<string, unknown>, d: { sandboxName: string }) => { failures: { property: string }[] };
const CHECKS: Record<KindName, Check> = {
  Dataflow: DATAFLOW.check,
  BaseConnection: BASE_CONNECTION.check,
  SourceConnection: SOURCE_CONNECTION.check,
  TargetConnection: TARGET_CONNECTION.check,
  MappingSet: checkMappingSet,
  Dataset: checkDataset,
  FieldGroup: checkFieldGroup,
  Schema: checkSchema,
  IdentityDescriptor: checkIdentityDescriptor,
};

const ENTITY_KINDS = {
  Dataflow: DATAFLOW,
  BaseConnection: BASE_CONNECTION,
  SourceConnection: SOURCE_CONNECTION,
  TargetConnection: TARGET_CONNECTION,
};

const S3 = { id: "ecadc60c-7455-4d87-84dc-2a0e293d997b", version: "1.0" };
const ID = "11111111-1111-4111-8111-111111111111";
const XED = "application/vnd.adobe.xed-full+json;version=1";
/** One input of each kind that sets every property `check` accepts. */
const FULL: Record<KindName, Record<string, unknown>> = {
  Dataflow: {
    name: "orders",
    description: "d",
    flowSpec: { id: "9753525b-82c7-4dce-8a9b-5ccfce2b9876", version: "1.0" },
    sourceConnectionIds: [ID],
    targetConnectionIds: ["22222222-2222-4222-8222-222222222222"],
    transformations: [{ name: "Mapping", params: { mappingId: "0123456789abcdef0123456789abcdef", mappingVersion: 0 } }],
    scheduleParams: { startTime: futureStartIso(), frequency: "hour", interval: 1, backfill: true, endTime: futureStart(365) },
    options: { errorDiagnosticsEnabled: true, partialIngestionEnabled: true, partialIngestionPercent: 10 },
    draft: true,
    enabled: true,
    sandboxName: "dev",
    adoptId: ID,
  },
  BaseConnection: {
    name: "bucket",
    description: "d",
    connectionSpec: S3,
    auth: { specName: "Access Key", params: { s3AccessKey: "a", s3SecretKey: "b" } },
    draft: true,
    sandboxName: "dev",
    adoptId: ID,
  },
  SourceConnection: {
    name: "files",
    description: "d",
    baseConnectionId: ID,
    connectionSpec: S3,
    data: { format: "delimited", schema: null, properties: { columnDelimiter: ";" } },
    params: { path: "/in/*.csv", recursive: false },
    draft: true,
    sandboxName: "dev",
    adoptId: ID,
  },
  TargetConnection: {
    name: "dataset",
    description: "d",
    baseConnectionId: ID,
    connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c", version: "1.0" },
    data: { format: "parquet_xdm", schema: { id: "https://ns.adobe.com/acme/schemas/orders", version: XED }, properties: {} },
    params: { dataSetId: "abc" },
    draft: true,
    sandboxName: "dev",
    adoptId: ID,
  },
  MappingSet: {
    outputSchema: { schemaRef: { id: "https://ns.adobe.com/acme/schemas/orders", contentType: XED } },
    mappings: [{ sourceType: "ATTRIBUTE", source: "id", destination: "_id", name: "n", description: "d" }],
    sandboxName: "dev",
    adoptId: "0123456789abcdef0123456789abcdef",
  },
  Dataset: {
    name: "Orders",
    description: "d",
    schemaId: "https://ns.adobe.com/acme/schemas/orders",
    profileEnabled: true,
    identityEnabled: true,
    tags: { team: ["data"] },
    sandboxName: "dev",
    adoptId: "5f3c3cedb2805c194ff0b69a",
  },
  FieldGroup: {
    title: "Loyalty",
    description: "d",
    intendedToExtend: ["https://ns.adobe.com/xdm/context/profile"],
    fields: { tier: { type: "string" } },
    sandboxName: "dev",
    adoptId: "https://ns.adobe.com/acme/mixins/0123456789abcdef",
  },
  Schema: {
    title: "Loyalty members",
    description: "d",
    classId: "https://ns.adobe.com/xdm/context/profile",
    fieldGroups: ["https://ns.adobe.com/acme/mixins/0123456789abcdef"],
    profileEnabled: true,
    sandboxName: "dev",
    adoptId: "https://ns.adobe.com/acme/schemas/0123456789abcdef",
  },
  IdentityDescriptor: {
    schemaId: "https://ns.adobe.com/acme/schemas/0123456789abcdef",
    sourceProperty: "/_acme/loyaltyId",
    namespace: "Email",
    isPrimary: true,
    enableProfile: true,
    sandboxName: "dev",
    adoptId: "0123456789abcdef0123456789abcdef01234567",
  },
};

function resourceOf(kind: KindName): ResourceSpec {
  const token = Object.keys(TYPE_TOKENS).find((t) => TYPE_TOKENS[t] === kind);
  return schema.resources[token!];
}

/** The named type a `#/types/…` reference points at. */
function resolve(t: TypeSpec): TypeSpec | ObjectTypeSpec | PackageSchema["types"][string] {
  if (t.$ref?.startsWith("#/types/")) return schema.types[t.$ref.slice("#/types/".length)];
  return t;
}

/** Every `$ref` anywhere in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refsIn(v)));
  }
  return [];
}

/** Every property spec of the schema, with where it is. */
function allProperties(): [string, PropertySpec][] {
  const out: [string, PropertySpec][] = [];
  const add = (where: string, props: Record<string, PropertySpec> | undefined) =>
    Object.entries(props ?? {}).forEach(([k, p]) => out.push([`${where}.${k}`, p]));
  add("config", schema.config.variables);
  add("provider", schema.provider.inputProperties);
  for (const [token, r] of Object.entries(schema.resources)) {
    add(`${token} inputs`, r.inputProperties);
    add(`${token} outputs`, r.properties);
  }
  for (const [token, t] of Object.entries(schema.types)) if ("properties" in t) add(token, t.properties);
  for (const [token, f] of Object.entries(schema.functions)) {
    add(`${token} inputs`, f.inputs.properties);
    add(`${token} outputs`, f.outputs.properties);
  }
  return out;
}

// ---- zod introspection (zod 4: every schema carries its `def`) ----

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
}
const defOf = (t: z.ZodType): ZodDef => (t as unknown as { def: ZodDef }).def;

/** The type under optional/default/nullable wrappers and transforms, and whether it may be omitted. */
function unwrap(t: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let optional = false;
  for (;;) {
    const def = defOf(t);
    if (def.type === "optional" || def.type === "default") {
      optional = true;
      t = def.innerType!;
    } else if (def.type === "nullable") t = def.innerType!;
    else if (def.type === "pipe") t = def.in!;
    else return { inner: t, optional };
  }
}

const PRIMITIVES: Record<string, string[]> = { string: ["string"], number: ["number", "integer"], boolean: ["boolean"] };

/**
 * Differences between what a zod schema accepts and a schema type, at every depth: object keys
 * and required keys, array items, map values, enums, primitives. A union the zod schema accepts
 * (a number or its string form) may be declared as one of its members or as a `oneOf`.
 */
function differences(zod: z.ZodType, spec: TypeSpec, path: string): string[] {
  const { inner } = unwrap(zod);
  const def = defOf(inner);
  const target = resolve(spec) as TypeSpec & { properties?: Record<string, PropertySpec>; required?: string[]; enum?: { value: string }[] };
  switch (def.type) {
    case "object": {
      if (!target.properties) return [`${path}: the kind takes an object, the schema declares ${JSON.stringify(spec)}`];
      return objectDifferences(def.shape!, target.properties, target.required ?? [], path);
    }
    case "array":
      return target.type === "array" && target.items
        ? differences(def.element!, target.items, `${path}[]`)
        : [`${path}: the kind takes an array, the schema declares ${JSON.stringify(spec)}`];
    case "record":
      return target.type === "object" && target.additionalProperties && !target.properties
        ? differences(def.valueType!, target.additionalProperties, `${path}.*`)
        : [`${path}: the kind takes a map, the schema declares ${JSON.stringify(spec)}`];
    case "unknown":
    case "any":
      return spec.$ref === "pulumi.json#/Any" ? [] : [`${path}: the kind takes anything, the schema declares ${JSON.stringify(spec)}`];
    case "enum": {
      const values = Object.values(def.entries!).sort();
      const declared = (target.enum ?? []).map((e) => e.value).sort();
      return JSON.stringify(values) === JSON.stringify(declared) ? [] : [`${path}: enum ${values} ≠ ${declared}`];
    }
    case "union": {
      const members = def.options!.map((o) => defOf(unwrap(o).inner).type);
      const declared = target.oneOf ? target.oneOf.map((o) => o.type) : [target.type];
      const ok = target.oneOf
        ? members.every((m) => declared.some((d) => PRIMITIVES[m]?.includes(d!)))
        : members.some((m) => PRIMITIVES[m]?.includes(target.type!));
      return ok ? [] : [`${path}: the kind takes ${members.join(" | ")}, the schema declares ${declared.join(" | ")}`];
    }
    default:
      return PRIMITIVES[def.type]?.includes(target.type!)
        ? []
        : [`${path}: the kind takes ${def.type}, the schema declares ${JSON.stringify(spec)}`];
  }
}

function objectDifferences(
  shape: Record<string, z.ZodType>,
  properties: Record<string, PropertySpec>,
  required: string[],
  path: string,
): string[] {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  const problems: string[] = [];
  for (const key of Object.keys(shape)) if (!(key in properties)) problems.push(`${at(key)}: accepted by check, not declared`);
  for (const key of Object.keys(properties)) if (!(key in shape)) problems.push(`${at(key)}: declared, refused by check`);
  for (const [key, t] of Object.entries(shape)) {
    if (!(key in properties)) continue;
    const mandatory = !unwrap(t).optional;
    if (mandatory !== required.includes(key)) problems.push(`${at(key)}: required by check: ${mandatory}, in the schema: ${!mandatory}`);
    problems.push(...differences(t, properties[key], at(key)));
  }
  return problems;
}

/** The zod schema a kind's `check` parses its inputs with (that of the declaration it hands parseDeclared). */
function acceptedShape(kind: KindName): z.ZodObject {
  const spy = jest.spyOn(checkModule, "parseDeclared");
  try {
    CHECKS[kind](undefined, {}, defaults);
    expect(spy).toHaveBeenCalled();
    return inputSchema(spy.mock.calls[0][0]);
  } finally {
    spy.mockRestore();
  }
}

/** Dotted paths of the properties whose change replaces the resource, nested types included. */
function replacePaths(props: Record<string, PropertySpec>, prefix = ""): string[] {
  return Object.entries(props).flatMap(([key, p]) => {
    const here = prefix + key;
    const target = resolve(p);
    return [
      ...(p.replaceOnChanges ? [here] : []),
      ...("properties" in target && target.properties ? replacePaths(target.properties, `${here}.`) : []),
    ];
  });
}

const KINDS = Object.keys(CHECKS) as KindName[];

describe("the aep package schema", () => {
  it("is plain JSON with a package name, a semver version, tokens of the schema's form, and both languages", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema).toMatchObject({ name: "aep", version: "0.1.0", license: "Apache-2.0" });
    expect(schema.language.python).toEqual({
      packageName: "pulumi_aep",
      requires: { pulumi: ">=3.0.0,<4.0.0" },
      respectSchemaVersion: true,
      pyproject: { enabled: true },
    });
    expect(schema.language.nodejs.packageName).toBe("@pulumi-aep/aep");
    const token = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/; // pulumi.json's $defs.token
    for (const t of [...Object.keys(schema.types), ...Object.keys(schema.resources), ...Object.keys(schema.functions)]) {
      expect(t).toMatch(token);
    }
  });

  it("resolves every $ref to a declared type, and declares no type nothing uses", () => {
    const refs = refsIn(schema);
    const unresolved = refs.filter((r) => r !== "pulumi.json#/Any" && !(r.startsWith("#/types/") && r.slice(8) in schema.types));
    expect(unresolved).toEqual([]);
    const used = new Set(refs.map((r) => r.slice(8)));
    expect(Object.keys(schema.types).filter((t) => !used.has(t))).toEqual([]);
  });

  it("maps the resource and function tokens to the runtime's kinds and lookups", () => {
    expect(Object.keys(TYPE_TOKENS).sort()).toEqual(Object.keys(schema.resources).sort());
    expect(Object.keys(FUNCTION_TOKENS).sort()).toEqual(Object.keys(schema.functions).sort());
    for (const [token, kind] of Object.entries(TYPE_TOKENS)) {
      expect(token).toBe(`aep:index:${kind}`);
      if (kind in ENTITY_KINDS) expect(ENTITY_KINDS[kind as keyof typeof ENTITY_KINDS].typeName).toBe(kind);
    }
    for (const [token, name] of Object.entries(FUNCTION_TOKENS)) {
      expect(token).toBe(`aep:index:${name}`);
      expect(typeof lookups[name]).toBe("function");
    }
  });

  it("documents every resource, function, type and property", () => {
    const terse = allProperties().filter(([, p]) => !(p.description.length >= 20));
    expect(terse.map(([where]) => where)).toEqual([]);
    for (const r of Object.values(schema.resources))
      expect(r.description).toMatch(/`POST https:\/\/platform\.adobe\.io\/data\/foundation\//);
    for (const f of Object.values(schema.functions)) expect(f.description.length).toBeGreaterThan(60);
    for (const t of Object.values(schema.types)) expect(t.description).toBeTruthy();
  });

  it("declares every aep:* setting as config and provider input, with its environment variable", () => {
    const names = Object.keys(SETTINGS).sort();
    expect(Object.keys(schema.config.variables).sort()).toEqual(names);
    expect(Object.keys(schema.provider.inputProperties).sort()).toEqual(names);
    for (const name of names as SettingName[]) {
      for (const spec of [schema.config.variables[name], schema.provider.inputProperties[name]]) {
        expect(spec.defaultInfo).toEqual({ environment: [SETTINGS[name].env] });
        expect(spec.description).toContain(SETTINGS[name].config);
        expect(spec.secret === true).toBe("secret" in SETTINGS[name]);
      }
    }
    expect(schema.config.variables.timeoutSeconds).toMatchObject({ type: "number", default: 30 });
    expect(schema.config.variables.settleTimeoutSeconds).toMatchObject({ type: "number", default: 300 });
  });

  it("marks credentials secret: aep:clientSecret, aep:accessToken and a base connection's auth", () => {
    for (const key of ["clientSecret", "accessToken"]) {
      expect(schema.config.variables[key].secret).toBe(true);
      expect(schema.provider.inputProperties[key].secret).toBe(true);
    }
    const base = schema.resources["aep:index:BaseConnection"];
    expect(base.inputProperties.auth.secret).toBe(true);
    expect(base.properties!.auth.secret).toBe(true);
    expect((schema.types["aep:index:Auth"] as ObjectTypeSpec).properties.params.secret).toBe(true);
  });

  describe.each(KINDS)("%s", (kind) => {
    const resource = resourceOf(kind);

    it("declares exactly the inputs its check accepts, at every depth, with the same required ones", () => {
      const shape = acceptedShape(kind).shape as Record<string, z.ZodType>;
      expect(objectDifferences(shape, resource.inputProperties, resource.requiredInputs ?? [], "")).toEqual([]);
    });

    it("accepts a full input of the declared properties, and refuses an undeclared key and each output-only property", () => {
      expect(Object.keys(FULL[kind]).sort()).toEqual(Object.keys(resource.inputProperties).sort());
      expect(CHECKS[kind](undefined, FULL[kind], defaults).failures).toEqual([]);
      const outputOnly = Object.keys(resource.properties!).filter((k) => !(k in resource.inputProperties));
      expect(outputOnly.length).toBeGreaterThan(0);
      for (const key of [...outputOnly, "notAProperty"]) {
        const { failures } = CHECKS[kind](undefined, { ...FULL[kind], [key]: "x" }, defaults);
        expect(failures).toEqual([{ property: key, reason: expect.stringContaining(`is not a ${kind} property`), rule: "shape" }]);
      }
    });

    it("outputs every input and marks the always-set outputs required", () => {
      for (const [key, p] of Object.entries(resource.inputProperties)) expect(resource.properties![key]).toEqual(p);
      for (const key of resource.required ?? []) expect(resource.properties).toHaveProperty([key]);
      expect(resource.required).toEqual(expect.arrayContaining([...(resource.requiredInputs ?? []), "sandboxName"]));
    });
  });

  it("the comparison itself finds a missing input, a nested key too many and a required mismatch", () => {
    const shape = acceptedShape("Dataflow").shape as Record<string, z.ZodType>;
    const { options: _options, ...inputs } = resourceOf("Dataflow").inputProperties;
    const schedule = schema.types["aep:index:ScheduleParams"] as ObjectTypeSpec;
    const original = schedule.properties;
    schedule.properties = { ...original, everyOther: { type: "boolean", description: "not a key check takes" } };
    try {
      expect(objectDifferences(shape, inputs, ["name", "flowSpec", "sourceConnectionIds"], "")).toEqual([
        "options: accepted by check, not declared",
        "targetConnectionIds: required by check: true, in the schema: false",
        "scheduleParams.everyOther: declared, refused by check",
      ]);
    } finally {
      schedule.properties = original;
    }
  });

  it.each(Object.entries(ENTITY_KINDS))("%s: replaceOnChanges is the kind's replaceOn", (kind, entityKind) => {
    const paths = replacePaths(resourceOf(kind as KindName).inputProperties);
    expect(paths.sort()).toEqual([...entityKind.replaceOn].sort());
  });

  it("MappingSet: replaceOnChanges is what its diff replaces on (sandboxName), a rule change being a new version", async () => {
    const resource = resourceOf("MappingSet");
    expect(replacePaths(resource.inputProperties)).toEqual(["sandboxName"]);
    const provider = mappingSetProvider(new ProviderRun({}));
    const olds = { ...(FULL.MappingSet as never as Parameters<typeof provider.diff>[1]), version: 0 };
    const changed: Record<string, unknown> = {
      outputSchema: { schemaRef: { id: "https://ns.adobe.com/acme/schemas/other", contentType: XED } },
      mappings: [{ sourceType: "STATIC", source: "x", destination: "_id" }],
      sandboxName: "prod",
      adoptId: "fedcba9876543210fedcba9876543210",
    };
    const replacing: string[] = [];
    for (const key of Object.keys(resource.inputProperties)) {
      const diff = await provider.diff("m1", olds, { ...olds, [key]: changed[key] } as never);
      replacing.push(...(diff.replaces ?? []));
    }
    expect(replacing).toEqual(["sandboxName"]);
  });

  it("Dataset: replaceOnChanges is what its diff replaces on (schemaId, sandboxName); every other input changes in place", async () => {
    const resource = resourceOf("Dataset");
    expect(replacePaths(resource.inputProperties).sort()).toEqual(["sandboxName", "schemaId"]);
    const provider = datasetProvider(new ProviderRun({}));
    const olds = FULL.Dataset as never as Parameters<typeof provider.diff>[1];
    const changed: Record<string, unknown> = {
      name: "Other",
      description: "e",
      schemaId: "https://ns.adobe.com/acme/schemas/other",
      profileEnabled: false,
      identityEnabled: false,
      tags: { team: ["ops"] },
      sandboxName: "prod",
      adoptId: "5f3c3cedb2805c194ff0b69b",
    };
    const replacing: Record<string, string[]> = {};
    for (const key of Object.keys(resource.inputProperties)) {
      const diff = await provider.diff("d1", olds, { ...olds, [key]: changed[key] } as never);
      replacing[key] = diff.replaces ?? [];
    }
    expect(replacing).toEqual({
      name: [],
      description: [],
      schemaId: ["schemaId"],
      profileEnabled: [],
      identityEnabled: [],
      tags: [],
      sandboxName: ["sandboxName"],
      adoptId: [],
    });
  });

  it("declares each lookup's inputs and outputs", () => {
    const f = schema.functions;
    expect(Object.keys(f["aep:index:getFlowSpec"].inputs.properties).sort()).toEqual(["name", "sandboxName"]);
    expect(Object.keys(f["aep:index:getConnectionSpec"].inputs.properties).sort()).toEqual(["name", "sandboxName"]);
    expect(Object.keys(f["aep:index:getDataset"].inputs.properties).sort()).toEqual(["name", "sandboxName"]);
    expect(Object.keys(f["aep:index:getSchema"].inputs.properties).sort()).toEqual(["sandboxName", "title"]);
    expect(Object.keys(f["aep:index:getFlowRuns"].inputs.properties).sort()).toEqual(["flowId", "limit", "sandboxName"]);
    // The result types' keys are checked at compile time (`satisfies Record<keyof FlowSpecResult, …>`); required ones here.
    for (const fn of Object.values(f)) {
      for (const key of fn.inputs.required ?? []) expect(fn.inputs.properties).toHaveProperty([key]);
      for (const key of fn.outputs.required ?? []) expect(fn.outputs.properties).toHaveProperty([key]);
    }
    expect(f["aep:index:getFlowRuns"].outputs.properties.runs.items).toEqual({ $ref: "#/types/aep:index:FlowRun" });
  });
});
