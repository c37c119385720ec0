// The vocabulary a resource kind is declared in, once: each input and output is a zod schema (what
// `check` accepts, and so the TypeScript types, `z.output<…>`) carrying its docs and what a change of
// it does (one JSON Patch, a replace, a publish…). From a declaration come the runtime validation,
// the kind's patchable, replace-on and write-only properties, and the Pulumi package schema (and so
// the generated TypeScript resources, the Python SDK and the reference docs). Named object and enum
// types are declared here too, so that every SDK names them alike. Pure.
import { z } from "zod";
import type { EnumTypeSpec, FunctionSpec, ObjectTypeSpec, PropertySpec, ResourceSpec, TypeSpec } from "../plugin/schema-format";

/** What a property is beside its zod shape. */
export interface PropertyDoc {
  /** Its description in the package schema, the SDKs and the docs (Markdown). */
  doc: string;
  /**
   * The Pulumi type, where it is not the zod shape's: a value also taken in another form (a whole
   * number given as text), or a named enum the runtime takes as plain text (and warns about).
   */
  type?: TypeSpec;
  /** A credential: a secret in the state and in every SDK. */
  secret?: boolean;
  /** A change replaces the entity (Pulumi's replaceOnChanges). */
  replaces?: boolean;
  /** A change is sent in place, in one JSON Patch, in the order the properties are declared. */
  patch?: boolean;
  /** Never read back from the service (credentials): kept as the stack last sent it, never diffed against a read. */
  writeOnly?: boolean;
  /**
   * Pulumi's or the provider's own, never in a request body: sent another way (the sandbox as a
   * header, `draft` as `mode=draft` and a publish, `enabled` as an action) or not at all (`adoptId`).
   */
  local?: boolean;
}

/** A named object or enum type: its token name (`aep:index:<name>`) and docs; an enum's values with theirs. */
interface TypeDoc {
  name: string;
  doc: string;
  values?: Record<string, string>;
}

const PROPERTIES = z.registry<PropertyDoc>();
const NAMED = z.registry<TypeDoc>();
/** Every named type, by name: what a declared `type` reference (`ref(…)`) resolves to. */
const BY_NAME = new Map<string, z.ZodType>();

function named<T extends z.ZodType>(schema: T, doc: TypeDoc): T {
  if (BY_NAME.has(doc.name)) throw new Error(`type ${doc.name} is declared twice`);
  BY_NAME.set(doc.name, schema);
  (schema as z.ZodType).register(NAMED, doc);
  return schema;
}
/** A declared property's schema → the schema it copies (a named type stays known by its copy). */
const ORIGIN = new WeakMap<z.ZodType, z.ZodType>();

/** The named type `schema` is, if it is one (or a property's copy of one). */
const TYPES = {
  get: (schema: z.ZodType): TypeDoc | undefined => NAMED.get(schema) ?? (ORIGIN.has(schema) ? NAMED.get(ORIGIN.get(schema)!) : undefined),
};

/** `schema` declared as a property: a copy carrying `doc` (a schema may be declared in several places). */
export function prop<T extends z.ZodType>(schema: T, doc: PropertyDoc): T {
  const declared = schema.clone() as T;
  ORIGIN.set(declared, schema);
  (declared as z.ZodType).register(PROPERTIES, doc);
  return declared;
}

/** A named object type: refused keys it does not declare. */
export function objectType<S extends z.ZodRawShape>(name: string, doc: string, shape: S) {
  return named(z.strictObject(shape), { name, doc });
}

/** A named object type that keeps keys it does not declare (a flow spec may declare more; a warning may say so). */
export function openObjectType<S extends z.ZodRawShape>(name: string, doc: string, shape: S) {
  return named(z.looseObject(shape), { name, doc });
}

/** A named string enum; `values` maps each value to its docs. */
export function enumType<V extends string>(name: string, doc: string, values: Record<V, string>) {
  const keys = Object.keys(values) as [V, ...V[]];
  return named(z.enum(keys), { name, doc, values });
}

/** A reference to a named type, for `PropertyDoc.type`. */
export function ref(type: z.ZodType): TypeSpec {
  const named = TYPES.get(type);
  if (!named) throw new Error("ref: not a named type (declare it with objectType or enumType)");
  return { $ref: `#/types/aep:index:${named.name}` };
}

// ---- From zod to the package schema ----

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

type Def = { type: string; [key: string]: unknown };
const def = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional and default wrappers, and the default if one is declared. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; defaultValue?: unknown } {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const d = def(inner);
    if (d.type === "optional") optional = true;
    else if (d.type === "default") {
      optional = true;
      defaultValue = typeof d.defaultValue === "function" ? (d.defaultValue as () => unknown)() : d.defaultValue;
    } else break;
    inner = d.innerType as z.ZodType;
  }
  return { inner, optional, defaultValue };
}

/** The Pulumi type of a zod schema: primitives, arrays, maps, named types, unions; a transform's input. */
export function typeSpecOf(schema: z.ZodType): TypeSpec {
  const declared = PROPERTIES.get(schema)?.type;
  if (declared) return declared;
  const { inner } = unwrap(schema);
  if (inner !== schema) return typeSpecOf(inner);
  const named = TYPES.get(schema);
  if (named) return { $ref: `#/types/aep:index:${named.name}` };
  const d = def(schema);
  switch (d.type) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "number": {
      const checks = (d.checks as { _zod: { def: { format?: string } } }[] | undefined) ?? [];
      return { type: checks.some((c) => /int/.test(c._zod.def.format ?? "")) ? "integer" : "number" };
    }
    case "array":
      return { type: "array", items: typeSpecOf(d.element as z.ZodType) };
    case "record":
      return { type: "object", additionalProperties: typeSpecOf(d.valueType as z.ZodType) };
    case "unknown":
    case "any":
      return ANY;
    case "pipe":
      return typeSpecOf(d.in as z.ZodType);
    case "union":
      return { oneOf: (d.options as z.ZodType[]).map(typeSpecOf) };
    default:
      throw new Error(`typeSpecOf: a ${d.type} schema has no Pulumi type: declare one (prop's type) or name it (objectType)`);
  }
}

/** A declared property as the package schema describes it. */
export function propertySpecOf(name: string, schema: z.ZodType): PropertySpec {
  const doc = PROPERTIES.get(schema);
  if (!doc) throw new Error(`property ${name} is not declared (wrap its schema in prop(…, { doc }))`);
  const { defaultValue } = unwrap(schema);
  return {
    ...typeSpecOf(schema),
    description: doc.doc,
    // Pulumi's schema takes constant defaults only (booleans, numbers, strings): a list's default is the docs' and check's.
    ...(defaultValue !== undefined && typeof defaultValue !== "object" ? { default: defaultValue as boolean | number | string } : {}),
    ...(doc.secret ? { secret: true } : {}),
    ...(doc.replaces ? { replaceOnChanges: true, willReplaceOnChanges: true } : {}),
  };
}

/** The properties of a shape, each as the package schema describes it, in declaration order. */
export function propertySpecs(shape: z.ZodRawShape): Record<string, PropertySpec> {
  return Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, propertySpecOf(name, schema as z.ZodType)]));
}

/** The keys of a shape that must be given (neither optional nor defaulted). */
export function requiredKeys(shape: z.ZodRawShape): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !unwrap(schema as z.ZodType).optional)
    .map(([name]) => name);
}

/** A named type as the package schema describes it. */
function namedTypeSpec(schema: z.ZodType): ObjectTypeSpec | EnumTypeSpec {
  const named = TYPES.get(schema)!;
  const d = def(schema);
  if (d.type === "enum") {
    return {
      type: "string",
      description: named.doc,
      enum: Object.entries(named.values ?? {}).map(([value, description]) => ({ value, description })),
    };
  }
  return objectSpecOf(named.doc, d.shape as z.ZodRawShape);
}

/**
 * Every named type reachable from `roots` (through declared `type` references too), by token, each
 * after the types it holds (so a package schema lists them bottom-up).
 */
export function namedTypeSpecs(roots: z.ZodType[]): Record<string, ObjectTypeSpec | EnumTypeSpec> {
  const seen = new Set<z.ZodType>();
  const found = new Map<string, z.ZodType>();
  const visit = (schema: z.ZodType): void => {
    if (seen.has(schema)) return;
    seen.add(schema);
    for (const name of refsIn(PROPERTIES.get(schema)?.type)) {
      const target = BY_NAME.get(name);
      if (!target) throw new Error(`type ${name} is referenced but not declared`);
      visit(target);
    }
    const d = def(schema);
    const children: unknown[] =
      d.type === "object"
        ? Object.values(d.shape as z.ZodRawShape)
        : [d.innerType, d.element, d.valueType, d.in, ...((d.options as unknown[]) ?? [])];
    for (const child of children) if (child) visit(child as z.ZodType);
    const named = TYPES.get(schema);
    if (named && !found.has(named.name)) found.set(named.name, schema);
  };
  roots.forEach(visit);
  return Object.fromEntries([...found].map(([name, schema]) => [`aep:index:${name}`, namedTypeSpec(schema)]));
}

function refsIn(type: TypeSpec | undefined): string[] {
  if (!type) return [];
  const own = type.$ref?.startsWith("#/types/aep:index:") ? [type.$ref.slice("#/types/aep:index:".length)] : [];
  return [...own, ...refsIn(type.items), ...refsIn(type.additionalProperties), ...(type.oneOf ?? []).flatMap(refsIn)];
}

// ---- Resources ----

/** A resource kind, declared once. */
export interface ResourceDeclaration<
  In extends z.ZodRawShape = z.ZodRawShape,
  Out extends z.ZodRawShape = z.ZodRawShape,
  Name extends string = string,
> {
  /** The kind's name: the type token's last part, the TypeScript class. */
  name: Name;
  /** Its description (Markdown): what it is, and its lifecycle. */
  doc: string;
  /** What the program declares: each a `prop()`. */
  inputs: In;
  /** What only the provider gives (computed): each a `prop()`. */
  outputs: Out;
  /** The outputs always set, inputs included. */
  alwaysOutput: readonly string[];
}

/** A declaration, with its types inferred. */
export function declareResource<In extends z.ZodRawShape, Out extends z.ZodRawShape, Name extends string>(
  declaration: ResourceDeclaration<In, Out, Name>,
): ResourceDeclaration<In, Out, Name> {
  return declaration;
}

const INPUT_SCHEMAS = new WeakMap<ResourceDeclaration, z.ZodObject>();

/** What `check` parses a kind's inputs with: its declared inputs, nothing else (made once per declaration). */
export function inputSchema<In extends z.ZodRawShape>(declaration: ResourceDeclaration<In>): z.ZodObject<In, z.core.$strict> {
  let schema = INPUT_SCHEMAS.get(declaration as ResourceDeclaration);
  if (!schema) INPUT_SCHEMAS.set(declaration as ResourceDeclaration, (schema = z.strictObject(declaration.inputs)));
  return schema as z.ZodObject<In, z.core.$strict>;
}

/** The resource as the package schema describes it. */
export function resourceSpecOf(declaration: ResourceDeclaration): ResourceSpec {
  const inputs = propertySpecs(declaration.inputs);
  return {
    description: declaration.doc,
    inputProperties: inputs,
    requiredInputs: requiredKeys(declaration.inputs),
    properties: { ...inputs, ...propertySpecs(declaration.outputs) },
    required: [...declaration.alwaysOutput],
  };
}

/** The property paths (dotted into named object types) whose doc says `flag`, in declaration order. */
function pathsWith(shape: z.ZodRawShape, flag: "replaces" | "patch" | "writeOnly", prefix = ""): string[] {
  return Object.entries(shape).flatMap(([name, schema]) => {
    const path = `${prefix}${name}`;
    if (PROPERTIES.get(schema as z.ZodType)?.[flag]) return [path];
    const { inner } = unwrap(schema as z.ZodType);
    const d = def(inner);
    return d.type === "object" && TYPES.get(inner) ? pathsWith(d.shape as z.ZodRawShape, flag, `${path}.`) : [];
  });
}

/**
 * The inputs whose change replaces the entity (paths such as `auth.specName` included): the kind's
 * own, then `sandboxName`, which every kind shares (the order messages and diffs list them in).
 */
export const replaceOnOf = (d: ResourceDeclaration) => {
  const paths = pathsWith(d.inputs, "replaces");
  return [...paths.filter((p) => p !== "sandboxName"), ...paths.filter((p) => p === "sandboxName")];
};
/** The inputs a JSON Patch changes in place, in the order a patch lists them. */
export const patchableOf = (d: ResourceDeclaration) => pathsWith(d.inputs, "patch");
/** The write-only inputs (credentials). */
export const writeOnlyOf = (d: ResourceDeclaration) => pathsWith(d.inputs, "writeOnly");

/** The inputs a request body carries (all but the `local` ones), in declaration order. */
export const sentOf = (d: ResourceDeclaration) => Object.keys(d.inputs).filter((k) => !PROPERTIES.get(d.inputs[k] as z.ZodType)?.local);

// ---- Functions (lookups) ----

/** A lookup, declared once: a read-only function of the package. */
export interface FunctionDeclaration<
  Args extends z.ZodRawShape = z.ZodRawShape,
  Result extends z.ZodRawShape = z.ZodRawShape,
  Name extends string = string,
> {
  /** Its name: the function token's last part (`aep:index:<name>`), the TypeScript function. */
  name: Name;
  /** Its description (Markdown): what it reads, and how often. */
  doc: string;
  /** What a program gives it: each a `prop()`. */
  args: Args;
  /** What it gives: each a `prop()`. */
  result: Result;
  /** The result object's description. */
  resultDoc: string;
}

/** A lookup's declaration, with its types inferred. */
export function declareFunction<Args extends z.ZodRawShape, Result extends z.ZodRawShape, Name extends string>(
  declaration: FunctionDeclaration<Args, Result, Name>,
): FunctionDeclaration<Args, Result, Name> {
  return declaration;
}

/** An unnamed object type as the package schema describes it. */
function objectSpecOf(description: string, shape: z.ZodRawShape): ObjectTypeSpec {
  const required = requiredKeys(shape);
  return { type: "object", description, properties: propertySpecs(shape), ...(required.length ? { required } : {}) };
}

/** The lookup as the package schema describes it. */
export function functionSpecOf(declaration: FunctionDeclaration): FunctionSpec {
  return {
    description: declaration.doc,
    inputs: objectSpecOf("", declaration.args),
    outputs: objectSpecOf(declaration.resultDoc, declaration.result),
  };
}

/** The inputs a declaration gives a default, with it (`draft: true`). */
export function defaultsOf(declaration: ResourceDeclaration): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(declaration.inputs)
      .map(([name, schema]) => [name, unwrap(schema as z.ZodType).defaultValue] as const)
      .filter(([, value]) => value !== undefined),
  );
}
