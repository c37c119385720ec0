// The Pulumi package schema format, the parts this package uses:
// https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/
// (meta-schema: github.com/pulumi/pulumi pkg/codegen/schema/pulumi.json). Types only.

/** A reference to a type: a primitive, an array, a map, a named type (`$ref`) or a union (`oneOf`). */
export interface TypeSpec {
  type?: "boolean" | "integer" | "number" | "string" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
  plain?: boolean;
}

/** A property of a resource, an object type, a function, or the provider's configuration. */
export interface PropertySpec extends TypeSpec {
  description: string;
  default?: boolean | number | string;
  defaultInfo?: { environment: string[] };
  secret?: boolean;
  /** A change of this property replaces the resource instead of updating it. */
  replaceOnChanges?: boolean;
  /** The provider replaces the resource when this property changes (informational). */
  willReplaceOnChanges?: boolean;
}

/** An object type: its properties and those that are always set. */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** One value of an enum type. */
export interface EnumValueSpec {
  value: string;
  name?: string;
  description?: string;
}

/** A named string enum. */
export interface EnumTypeSpec {
  type: "string";
  description?: string;
  enum: EnumValueSpec[];
}

/** A resource (or the provider itself): its inputs, outputs and which of each are required. */
export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  /** The outputs: the inputs and the computed properties. */
  properties?: Record<string, PropertySpec>;
  /** Outputs that are always set. */
  required?: string[];
}

/** A function (a read-only lookup): its inputs and the object it returns. */
export interface FunctionSpec {
  description: string;
  inputs: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

/** A Pulumi package schema (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/). */
export interface PackageSchema {
  name: string;
  displayName?: string;
  version: string;
  description?: string;
  keywords?: string[];
  homepage?: string;
  license?: string;
  repository?: string;
  publisher?: string;
  meta?: { moduleFormat: string };
  config: { variables: Record<string, PropertySpec>; defaults?: string[] };
  provider: ResourceSpec;
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  language: {
    nodejs: { packageName: string; packageDescription?: string; dependencies?: Record<string, string> };
    python: { packageName: string; requires: Record<string, string>; respectSchemaVersion?: boolean; pyproject?: { enabled: boolean } };
  };
}
