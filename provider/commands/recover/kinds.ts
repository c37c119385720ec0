// The kinds `recover` knows, each described once from its kind file: the resource type it brings
// in, how to list in a sandbox the entities a run may have made (each with its createdAt, by the
// service's clock), when one matches a declaration loosely (what a lost create would share with
// it) and exactly (every declared value), and the outputs a create of it records. Listing is the
// only I/O; the planner (plan.ts) uses the rest and knows no kind.
import type { FlowServiceClient, XdmCollection } from "../../adobe/client";
import type { Dataset, Descriptor, Entity, MappingSet, XdmResource } from "../../adobe/types";
import { FIELD_GROUP, changedInputs as fieldGroupChanges, outputsFromFieldGroup } from "../../kinds/field-group";
import {
  IDENTITY_DESCRIPTOR,
  IdentityDescriptorInputs,
  IdentityDescriptorOutputs,
  changedInputs as descriptorChanges,
  outputsFromDescriptor,
} from "../../kinds/identity-descriptor";
import { SCHEMA, changedInputs as schemaChanges, outputsFromSchema } from "../../kinds/schema";
import { DATASET, DatasetInputs, DatasetOutputs, changedInputs, outputsFromDataset } from "../../kinds/dataset";
import { BASE_CONNECTION } from "../../kinds/base-connection";
import { DATAFLOW } from "../../kinds/dataflow";
import { EntityInputs, EntityKind, ResourceInputs, ResourceKind, pulumiOnlyFields, valueAt } from "../../kinds/kind";
import { MappingSetInputs, MappingSetOutputs, holdsDeclared, outputsFromMappingSet } from "../../kinds/mapping-set";
import { SOURCE_CONNECTION } from "../../kinds/source-connection";
import { TARGET_CONNECTION } from "../../kinds/target-connection";
import { matchesDeclared, sameDeclaration } from "../../lifecycle/flow-service/lost-answers";
import { kindOfType } from "./stack";

/** An entity as listed in a sandbox: its id, the sandbox, and when it was made (epoch ms, service clock). */
export interface Listed {
  id: string;
  sandboxName?: string;
  createdAt?: number;
  [other: string]: unknown;
}

export interface Recoverable {
  /** The kind's type name (`BaseConnection`): its resources are `pulumi-nodejs:dynamic/aep:<it>` or `aep:index:<it>`. */
  typeName: string;
  /** How messages name one ("base connection"). */
  noun: string;
  /** The inputs (dotted paths) a match reads: one hidden behind a secret that could not be read makes a declaration undecidable. */
  identity: readonly string[];
  /** What narrows the listing for a declaration (`connectionSpec.id==…`); one listing per sandbox and filter. Undefined: not known yet. */
  filter(inputs: Record<string, unknown>): string | undefined;
  /** Every entity of the sandbox the filter selects; listing may stop at entities made before `since` (service clock). */
  list(client: FlowServiceClient, sandboxName: string, filter: string, since?: number): AsyncIterable<Listed>;
  /** Whether a create of `inputs` could have made `entity` (what cannot be changed in place, the name, the draft state). Pure. */
  matches(entity: Listed, inputs: Record<string, unknown>): boolean;
  /** Whether `entity` holds every declared value (a loose match first). Pure. */
  exactly(entity: Listed, inputs: Record<string, unknown>): boolean;
  /** `base connection 9ee1… "Orders bucket" (draft, created …)`: never a secret. */
  describe(entity: Listed): string;
  /** The outputs a create of `inputs` that made `entity` records (inputs with their secrets revealed). Pure. */
  outputs(entity: Listed, inputs: Record<string, unknown>): Record<string, unknown>;
}

function when(ms: unknown): string {
  return typeof ms === "number" ? new Date(ms).toISOString() : "unknown time";
}

/** A Flow Service kind, listed by `GET /{collection}?property=<searchBy>==<declared value>`. */
function flowServiceKind<I extends EntityInputs>(kind: EntityKind<I>, searchBy: string, identity: readonly string[]): Recoverable {
  return {
    typeName: kind.typeName,
    noun: kind.noun,
    identity,
    filter: (inputs) => {
      const value = valueAt(inputs, searchBy);
      return typeof value === "string" ? `${searchBy}==${value}` : undefined;
    },
    async *list(client, sandboxName, filter) {
      for await (const e of client.listAllEntities(kind.collection, { property: [filter] }, { sandboxName }))
        yield { ...e, sandboxName: e.sandboxName ?? sandboxName };
    },
    matches: (entity, inputs) => matchesDeclared(kind, entity as Entity, inputs as never),
    exactly: (entity, inputs) => sameDeclaration(kind, entity as Entity, inputs as never),
    describe: (e) => `${kind.noun} ${e.id} "${String(e.name)}" (${String(e.state)}, created ${when(e.createdAt)})`,
    // As a create whose answer was lost records the entity it found (lifecycle/flow-service/create.ts).
    outputs: (entity, inputs) => ({
      ...kind.outputsFromRemote(entity as Entity, inputs as never),
      ...pulumiOnlyFields(inputs as Partial<EntityInputs>),
    }),
  };
}

const ENTITY = ["name", "draft", "sandboxName"] as const;
const DATA_CONNECTION = [...ENTITY, "connectionSpec", "baseConnectionId", "params"] as const;

/** Data Prep lists mapping sets newest first, by pages of this size. */
const MAPPING_SET_PAGE = 100;

/** Mapping sets have no name, no state and no etag: one matches when it holds the declared schema and rules. */
const MAPPING_SET: Recoverable = {
  typeName: "MappingSet",
  noun: "mapping set",
  identity: ["outputSchema", "mappings", "sandboxName"],
  filter: () => "",
  async *list(client, sandboxName, _filter, since) {
    for (let start = 0; ; start += MAPPING_SET_PAGE) {
      const page = await client.listMappingSets({ sandboxName, limit: MAPPING_SET_PAGE, start });
      for (const m of page) yield { ...m, sandboxName, createdAt: m.createdDate };
      const oldest = page.at(-1)?.createdDate;
      if (page.length < MAPPING_SET_PAGE || (since !== undefined && typeof oldest === "number" && oldest < since)) return;
    }
  },
  matches: (entity, inputs) => holdsDeclared(mappingSetOutputs(entity, inputs), inputs as unknown as MappingSetInputs),
  // The schema and the rules are everything a mapping set declares.
  exactly: (entity, inputs) => holdsDeclared(mappingSetOutputs(entity, inputs), inputs as unknown as MappingSetInputs),
  describe: (e) => `mapping set ${e.id} (version ${String(e.version ?? 0)}, created ${when(e.createdAt)})`,
  outputs: (entity, inputs) => ({ ...mappingSetOutputs(entity, inputs) }),
};

/** The mapping set's outputs, its rules in the declared form when they mean the same. */
function mappingSetOutputs(entity: Listed, inputs: Record<string, unknown>): MappingSetOutputs {
  return outputsFromMappingSet(entity as unknown as MappingSet, inputs as unknown as MappingSetInputs);
}

/**
 * Datasets are found by name (Catalog's names are not unique: an exact compare follows) and match on their schema,
 * which cannot change; the rest (description, tags, enablement) a later `pulumi up` brings to the declaration.
 */
const DATASET_KIND: Recoverable = {
  typeName: DATASET.typeName,
  noun: "dataset",
  identity: ["name", "schemaId", "sandboxName"],
  filter: (inputs) => (typeof inputs.name === "string" ? `name==${inputs.name}` : undefined),
  async *list(client, sandboxName, filter) {
    const name = filter.slice("name==".length);
    const found = await client.findDatasets(name, { sandboxName, properties: "name,description,schemaRef,tags,created,updated,version" });
    for (const d of found) yield { ...d, sandboxName, createdAt: d.created };
  },
  matches: (entity, inputs) => entity.name === inputs.name && (entity as unknown as Dataset).schemaRef?.id === inputs.schemaId,
  exactly: (entity, inputs) => {
    const outs = datasetOutputs(entity, inputs);
    return changedInputs(outs, inputs as unknown as DatasetInputs).length === 0;
  },
  describe: (e) => `dataset ${e.id} "${String(e.name)}" (created ${when(e.createdAt)})`,
  outputs: (entity, inputs) => ({ ...datasetOutputs(entity, inputs) }),
};

/** A dataset's outputs as a create of `inputs` that made it records them. */
function datasetOutputs(entity: Listed, inputs: Record<string, unknown>): DatasetOutputs {
  const declared = inputs as unknown as DatasetInputs;
  return outputsFromDataset(entity as unknown as Dataset, { ...declared, sandboxName: declared.sandboxName ?? String(entity.sandboxName) });
}

/**
 * A Schema Registry kind (field groups, schemas): titles are unique in a sandbox, so one is found by its title
 * (`property=title==…`), read whole, and matches a declaration of that title; exactly when nothing declared differs.
 */
function registryKind<I extends ResourceInputs, O extends I>(
  kind: ResourceKind<I>,
  collection: XdmCollection,
  outputsFrom: (remote: XdmResource, previous: Partial<O> & { sandboxName: string }) => O,
  changed: (olds: Partial<I>, news: Partial<I>) => string[],
): Recoverable {
  const outputsOf = (entity: Listed, inputs: Record<string, unknown>) =>
    outputsFrom(entity as unknown as XdmResource, {
      ...(inputs as Partial<O>),
      sandboxName: String(inputs.sandboxName ?? entity.sandboxName),
    });
  return {
    typeName: kind.typeName,
    noun: kind.noun,
    identity: ["title", "sandboxName"],
    filter: (inputs) => (typeof inputs.title === "string" ? `title==${inputs.title}` : undefined),
    async *list(client, sandboxName, filter) {
      for (const summary of await client.findXdm(collection, [filter], { sandboxName })) {
        const remote = await client.getXdm(collection, summary.$id, { sandboxName });
        if (remote) yield { ...remote, id: remote.$id, sandboxName, createdAt: remote["meta:registryMetadata"]?.["repo:createdDate"] };
      }
    },
    matches: (entity, inputs) => entity.title === inputs.title,
    exactly: (entity, inputs) => changed(outputsOf(entity, inputs) as Partial<I>, inputs as Partial<I>).length === 0,
    describe: (e) => `${kind.noun} ${e.id} "${String(e.title)}" (version ${String(e.version)}, created ${when(e.createdAt)})`,
    outputs: (entity, inputs) => ({ ...(outputsOf(entity, inputs) as object) }),
  };
}

/** Identity descriptors of a schema (`property=xdm:sourceSchema==…`), matched by the field they make an identity. */
const IDENTITY_DESCRIPTOR_KIND: Recoverable = {
  typeName: IDENTITY_DESCRIPTOR.typeName,
  noun: IDENTITY_DESCRIPTOR.noun,
  identity: ["schemaId", "sourceProperty", "sandboxName"],
  filter: (inputs) => (typeof inputs.schemaId === "string" ? `xdm:sourceSchema==${inputs.schemaId}` : undefined),
  async *list(client, sandboxName, filter) {
    for (const d of await client.findDescriptors([filter], { sandboxName })) {
      if (d["@type"] === "xdm:descriptorIdentity") yield { ...d, id: d["@id"], sandboxName, createdAt: d.created };
    }
  },
  matches: (entity, inputs) => entity["xdm:sourceSchema"] === inputs.schemaId && entity["xdm:sourceProperty"] === inputs.sourceProperty,
  exactly: (entity, inputs) => {
    const declared = inputs as unknown as IdentityDescriptorInputs;
    return descriptorChanges(descriptorOutputs(entity, inputs), declared).length === 0;
  },
  describe: (e) => `identity descriptor ${e.id} (${String(e["xdm:sourceProperty"])}, created ${when(e.createdAt)})`,
  outputs: (entity, inputs) => ({ ...descriptorOutputs(entity, inputs) }),
};

function descriptorOutputs(entity: Listed, inputs: Record<string, unknown>): IdentityDescriptorOutputs {
  const declared = inputs as unknown as IdentityDescriptorInputs;
  return outputsFromDescriptor(entity as unknown as Descriptor, {
    ...declared,
    sandboxName: declared.sandboxName ?? String(entity.sandboxName),
  });
}

/** Every kind of the package, in the order the plan lists them. */
export const RECOVERABLE_KINDS: readonly Recoverable[] = [
  flowServiceKind(BASE_CONNECTION, "connectionSpec.id", [...ENTITY, "connectionSpec", "auth.specName"]),
  flowServiceKind(SOURCE_CONNECTION, "connectionSpec.id", DATA_CONNECTION),
  flowServiceKind(TARGET_CONNECTION, "connectionSpec.id", DATA_CONNECTION),
  registryKind(FIELD_GROUP, "fieldgroups", outputsFromFieldGroup, fieldGroupChanges),
  registryKind(SCHEMA, "schemas", outputsFromSchema, schemaChanges),
  IDENTITY_DESCRIPTOR_KIND,
  DATASET_KIND,
  MAPPING_SET,
  flowServiceKind(DATAFLOW, "flowSpec.id", [...ENTITY, "flowSpec", "sourceConnectionIds", "targetConnectionIds"]),
];

export const RECOVERABLE_DATAFLOW = RECOVERABLE_KINDS.find((k) => k.typeName === "Dataflow")!;

/** The kind of a resource type of either host (`pulumi-nodejs:dynamic/aep:Dataflow`, `aep:index:Dataflow`), when recover knows it. */
export function recoverableOf(type: string): Recoverable | undefined {
  const typeName = kindOfType(type);
  return RECOVERABLE_KINDS.find((k) => k.typeName === typeName);
}
