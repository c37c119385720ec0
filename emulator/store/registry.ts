// The Schema Registry of every sandbox: field groups, schemas and descriptors, and the rules that cross them — titles
// unique across field groups and schemas, a schema's `allOf` resolved through its field groups, the evolution rules
// once a dataset references a schema or it is enabled for Profile, the union tag's identity prerequisite — and `/stats`.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/schema/composition,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide
import type { Behaviour } from "../behaviour";
import type { Caller } from "../caller";
import type { EmulatorClock } from "../clock";
import { platformError } from "../errors";
import type { Sandboxes } from "../sandboxes";
import { DescriptorStore, StoredDescriptor } from "./descriptors";
import { FieldGroupStore, StoredFieldGroup } from "./field-groups";
import { SchemaStore, StoredSchema } from "./schemas";
import { TENANT, XdmResource, breakingChanges, mergeProperties, ownProperties, titleNotUnique } from "./xdm";

/** The ids of the datasets of a sandbox whose `schemaRef.id` names a schema: read from the Catalog. */
export type DatasetsOfSchema = (sandboxName: string, schemaId: string) => string[];

/** What each registry store asks of the others. */
export interface RegistryView {
  behaviour(): Behaviour;
  /** Refuses `title` when another field group or schema of the sandbox has it (XDM-1521-400). */
  checkTitle(sandboxName: string, title: string, self?: string): void;
  fieldGroup(sandboxName: string, idOrAltId: string): StoredFieldGroup | undefined;
  schema(sandboxName: string, idOrAltId: string): StoredSchema | undefined;
  /** The schemas of a sandbox whose `allOf` names field group `fieldGroupId`. */
  schemasUsing(sandboxName: string, fieldGroupId: string): StoredSchema[];
  /** A schema's fields: its field groups' and its own, merged (classes' own fields are not modelled). */
  resolved(sandboxName: string, schema: XdmResource): Record<string, unknown>;
  /** Refuses a change that removes or retypes fields of `schemas` once one is in use, when the switch says so. */
  checkEvolution(
    sandboxName: string,
    what: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    schemas: XdmResource[],
  ): void;
  hasPrimaryIdentity(sandboxName: string, schemaId: string): boolean;
}

export class SchemaRegistry implements RegistryView {
  readonly fieldGroups: FieldGroupStore;
  readonly schemas: SchemaStore;
  readonly descriptors: DescriptorStore;

  constructor(
    sandboxes: Sandboxes,
    clock: EmulatorClock,
    readonly behaviour: () => Behaviour,
    private readonly datasetsOfSchema: DatasetsOfSchema,
  ) {
    const view = () => this as RegistryView;
    this.fieldGroups = new FieldGroupStore(sandboxes, clock, view);
    this.schemas = new SchemaStore(sandboxes, clock, view);
    this.descriptors = new DescriptorStore(sandboxes, clock, view);
  }

  reset(): void {
    this.fieldGroups.reset();
    this.schemas.reset();
    this.descriptors.reset();
  }

  // "Titles must be unique across all resource types" (XDM-1521-400, the troubleshooting guide). Scope and case are not
  // documented: per sandbox, case-sensitive, checked on every write (a rename included).
  checkTitle(sandboxName: string, title: string, self?: string): void {
    const owner = [...this.fieldGroups.items(sandboxName), ...this.schemas.items(sandboxName)].find(
      (r) => r.title === title && r.$id !== self,
    );
    if (owner) throw titleNotUnique(owner.$id);
  }

  fieldGroup(sandboxName: string, idOrAltId: string): StoredFieldGroup | undefined {
    return this.fieldGroups.find(sandboxName, idOrAltId);
  }

  schema(sandboxName: string, idOrAltId: string): StoredSchema | undefined {
    return this.schemas.find(sandboxName, idOrAltId);
  }

  schemasUsing(sandboxName: string, fieldGroupId: string): StoredSchema[] {
    return this.schemas.items(sandboxName).filter((s) => ((s.allOf as { $ref?: string }[]) ?? []).some((e) => e?.$ref === fieldGroupId));
  }

  // "A field group's fields appear in every schema that uses it" (the field groups UI guide). Global field groups and
  // classes are not modelled: they add no fields here.
  resolved(sandboxName: string, schema: XdmResource): Record<string, unknown> {
    let props: Record<string, unknown> = {};
    for (const entry of (schema.allOf as { $ref?: string }[]) ?? []) {
      const fg = entry?.$ref ? this.fieldGroup(sandboxName, entry.$ref) : undefined;
      if (fg) props = mergeProperties(props, ownProperties(fg));
    }
    return mergeProperties(props, ownProperties(schema));
  }

  /**
   * Removing, renaming or retyping a field is breaking once the schema "has been used in dataset creation or enabled for
   * use in Real-Time Customer Profile" (the troubleshooting guide's FAQ; the composition page's evolution rules). Adobe
   * documents the rule in prose and no error code for it: by default (`registryBreakingChanges: "accept"`) the write is
   * taken; "refuse" answers 400 in the platform's generic shape, naming the fields and why.
   */
  checkEvolution(
    sandboxName: string,
    what: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    schemas: XdmResource[],
  ): void {
    if (this.behaviour().registryBreakingChanges !== "refuse") return;
    const changes = breakingChanges(before, after);
    if (!changes.length) return;
    const reasons = schemas.flatMap((s) => {
      const datasets = this.datasetsOfSchema(sandboxName, s.$id);
      const union = ((s["meta:immutableTags"] as unknown[]) ?? []).includes("union");
      return [
        ...(datasets.length ? [`schema "${s.title}" is used by dataset(s) ${datasets.join(", ")}`] : []),
        ...(union ? [`schema "${s.title}" is enabled for Profile`] : []),
      ];
    });
    if (!reasons.length) return;
    throw platformError(
      400,
      `${what}: breaking change refused (${changes.join("; ")}) because ${reasons.join(" and ")}. Only additive changes are allowed now: add a new field instead, or use a new field group or schema.`,
    );
  }

  hasPrimaryIdentity(sandboxName: string, schemaId: string): boolean {
    return this.descriptors
      .items(sandboxName)
      .some((d) => d["@type"] === "xdm:descriptorIdentity" && d["xdm:sourceSchema"] === schemaId && d["xdm:isPrimary"] === true);
  }

  /**
   * `GET /stats`: `{imsOrg, tenantId, counts, recentlyCreatedResources, recentlyUpdatedResources, classUsage}` (the
   * getting-started guide). Data types and classes are not modelled (0); unions count the classes with a union schema.
   */
  stats(caller: Caller): Record<string, unknown> {
    const schemas = this.schemas.items(caller.sandboxName);
    const resources = [...schemas, ...this.fieldGroups.items(caller.sandboxName)];
    const stamp = (r: XdmResource, key: string) => (r["meta:registryMetadata"] as Record<string, number>)[key];
    const summary = (r: XdmResource) => ({
      title: r.title,
      description: r.description,
      $id: r.$id,
      "meta:altId": r["meta:altId"],
      "meta:resourceType": r["meta:resourceType"],
      version: r.version,
    });
    const recent = (key: string) =>
      [...resources]
        .sort((a, b) => stamp(b, key) - stamp(a, key))
        .slice(0, 5)
        .map(summary);
    const classUsage: Record<string, { $id: string; title: string }[]> = {};
    for (const s of schemas) (classUsage[String(s["meta:class"])] ??= []).push({ $id: s.$id, title: s.title });
    const unions = new Set(
      schemas.filter((s) => ((s["meta:immutableTags"] as unknown[]) ?? []).includes("union")).map((s) => s["meta:class"]),
    );
    return {
      imsOrg: caller.orgId,
      tenantId: TENANT,
      counts: {
        schemas: schemas.length,
        mixins: this.fieldGroups.items(caller.sandboxName).length,
        datatypes: 0,
        classes: 0,
        unions: unions.size,
      },
      recentlyCreatedResources: recent("repo:createdDate"),
      recentlyUpdatedResources: recent("repo:lastModifiedDate"),
      classUsage,
    };
  }

  /** Every field group, schema and descriptor of every sandbox, for the control plane. */
  all(): { fieldGroups: unknown[]; schemas: unknown[]; descriptors: (StoredDescriptor & { sandboxName: string })[] } {
    return { fieldGroups: this.fieldGroups.all(), schemas: this.schemas.all(), descriptors: this.descriptors.all() };
  }
}
