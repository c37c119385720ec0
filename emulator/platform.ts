// Everything a sandbox holds, in one place: flows, base, source and target connections (one shared
// lifecycle, kinds/*.ts), runs, Data Prep mapping sets, Catalog datasets and the Schema Registry (field groups,
// schemas, descriptors).
// It is how the entities see each other (References) and how each sandbox gets its fixtures.
import type { Behaviour } from "./behaviour";
import { uiCaller } from "./caller";
import type { EmulatorClock } from "./clock";
import type { Fixtures } from "./fixtures";
import { StoredBaseConnection, baseConnectionKind } from "./kinds/base-connection";
import type { StoredFlow } from "./kinds/dataflow";
import type { StoredEntity } from "./kinds/entity";
import type { ConnectionKind, DatasetFacts, MappingSetFacts, References, SchemaFacts } from "./kinds/references";
import { StoredSourceConnection, sourceConnectionKind } from "./kinds/source-connection";
import { StoredTargetConnection, targetConnectionKind } from "./kinds/target-connection";
import { Sandboxes } from "./sandboxes";
import { DatasetStore } from "./store/datasets";
import { DataflowStore } from "./store/dataflows";
import { EntityStore } from "./store/entities";
import { MappingSetStore } from "./store/mapping-sets";
import { SchemaRegistry } from "./store/registry";
import { RunStore } from "./store/runs";
import type { SchemaStore } from "./store/schemas";

export interface ConnectionStores {
  base: EntityStore<StoredBaseConnection>;
  source: EntityStore<StoredSourceConnection>;
  target: EntityStore<StoredTargetConnection>;
}

export interface PlatformOptions {
  sandboxes: string[] | "any";
  clock: EmulatorClock;
  behaviour: () => Behaviour;
  fixtures: Fixtures;
  /** The org the fixtures belong to. */
  orgId: string;
}

export class Platform implements References {
  readonly sandboxes: Sandboxes;
  readonly flows: DataflowStore;
  readonly connections: ConnectionStores;
  readonly runs: RunStore;
  readonly mappingSets: MappingSetStore;
  readonly datasets: DatasetStore;
  /** Field groups, schemas and descriptors. */
  readonly registry: SchemaRegistry;
  readonly schemas: SchemaStore;

  constructor(private readonly options: PlatformOptions) {
    const { clock, behaviour } = options;
    this.sandboxes = new Sandboxes(options.sandboxes === "any" ? "any" : new Set(options.sandboxes));
    const refs = () => this as References;
    this.flows = new DataflowStore(this.sandboxes, clock, behaviour, refs);
    this.connections = {
      base: new EntityStore(baseConnectionKind, this.sandboxes, clock, behaviour, refs),
      source: new EntityStore(sourceConnectionKind, this.sandboxes, clock, behaviour, refs),
      target: new EntityStore(targetConnectionKind, this.sandboxes, clock, behaviour, refs),
    };
    this.runs = new RunStore(clock);
    this.mappingSets = new MappingSetStore(this.sandboxes, clock, behaviour, refs);
    // A dataset names a schema of its sandbox (the create-dataset guide): the Schema Registry says which exist.
    this.datasets = new DatasetStore(this.sandboxes, clock, (sandbox, id) => this.schemas.facts(sandbox, id));
    // The registry reads the Catalog only to know which datasets reference a schema (its evolution rules).
    const datasetsOfSchema = (sandbox: string, schemaId: string) =>
      this.datasets
        .all()
        .filter((d) => d.sandboxName === sandbox && (d.schemaRef as { id?: string } | undefined)?.id === schemaId)
        .map((d) => d.id);
    this.registry = new SchemaRegistry(this.sandboxes, clock, behaviour, datasetsOfSchema);
    this.schemas = this.registry.schemas;
    this.sandboxes.onFirstUse((name) => this.seedFixtures(name));
    this.sandboxes.reset();
  }

  /** Empties every sandbox; the known ones get their fixtures again. */
  reset(): void {
    this.flows.reset();
    for (const store of Object.values(this.connections)) store.reset();
    this.runs.reset();
    this.mappingSets.reset();
    this.datasets.reset();
    this.registry.reset();
    this.sandboxes.reset();
  }

  /** In dependency order, each through its store's own checks (a fixture that does not fit fails loudly). */
  private seedFixtures(sandbox: string): void {
    const f = this.options.fixtures;
    const org = this.options.orgId;
    for (const s of f.schemas ?? []) this.schemas.seed(sandbox, s, org);
    for (const d of f.datasets ?? []) this.datasets.seed(sandbox, d, org);
    for (const [kind, list] of [
      ["base", f.baseConnections],
      ["source", f.sourceConnections],
      ["target", f.targetConnections],
    ] as const) {
      for (const c of list ?? []) this.connections[kind].seedChecked(sandbox, org, c.body, { id: c.id, state: c.state });
    }
    for (const m of f.mappingSets ?? []) this.mappingSets.create(uiCaller(sandbox, org), m.body, m.id);
  }

  connection(kind: ConnectionKind, sandbox: string, id: string): StoredEntity | undefined {
    return this.connections[kind].peek(sandbox, id);
  }

  connectionsOfBase(sandbox: string, baseId: string): { kind: "source" | "target"; id: string }[] {
    return (["source", "target"] as const).flatMap((kind) =>
      this.connections[kind]
        .peekAll(sandbox)
        .filter((c) => c.baseConnectionId === baseId)
        .map((c) => ({ kind, id: c.id })),
    );
  }

  flowsUsingConnection(sandbox: string, id: string): StoredFlow[] {
    return this.flows.peekAll(sandbox).filter((f) => f.sourceConnectionIds.includes(id) || f.targetConnectionIds.includes(id));
  }

  flowsUsingMapping(sandbox: string, id: string): StoredFlow[] {
    return this.flows.peekAll(sandbox).filter((f) =>
      (f.transformations ?? []).some((t) => {
        const { name, params } = t as { name?: string; params?: { mappingId?: unknown } };
        return name === "Mapping" && params?.mappingId === id;
      }),
    );
  }

  mappingSet(sandbox: string, id: string): MappingSetFacts | undefined {
    return this.mappingSets.facts(sandbox, id);
  }

  dataset(sandbox: string, id: string): DatasetFacts | undefined {
    return this.datasets.facts(sandbox, id);
  }

  schema(sandbox: string, idOrAltId: string): SchemaFacts | undefined {
    return this.schemas.facts(sandbox, idOrAltId);
  }
}
