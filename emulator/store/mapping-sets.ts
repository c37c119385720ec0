// Data Prep mapping sets per sandbox, with their versions: POST answers 200 with a summary (version
// 0), PUT replaces the whole set as a new version (no If-Match is documented), GET reads the latest
// or `?version=N`, and the read shape is not the write shape (rules come back with server ids,
// `sourceType: "text/x.schema-path"` and the legacy `sourceAttribute`/`destinationXdmPath`).
// https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set and
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/data-prep.yaml
import { randomBytes } from "node:crypto";
import { deepClone } from "fast-json-patch";
import type { Behaviour } from "../behaviour";
import { Caller, uiCaller } from "../caller";
import type { EmulatorClock } from "../clock";
import { platformError } from "../errors";
import type { MappingSetFacts, References, SchemaFacts } from "../kinds/references";
import { schemaVersionOf } from "../kinds/references";
import type { Sandboxes } from "../sandboxes";
import { PerSandboxStore } from "./per-sandbox";
import { TENANT } from "./xdm";

export type SourceType = "ATTRIBUTE" | "EXPRESSION" | "STATIC";

export interface MappingRule {
  sourceType: SourceType;
  source: string;
  destination: string;
  name?: string;
  description?: string;
}

/** What a create or PUT body says, normalised from either the current or the legacy form. */
export interface MappingSetBody {
  name?: string;
  outputSchema: { schemaRef: { id: string; contentType: string } };
  inputSchema?: Record<string, unknown>;
  mappings: MappingRule[];
  allowNullValues?: boolean;
}

interface StoredVersion {
  version: number;
  createdDate: number;
  modifiedDate: number;
  createdBy: string;
  modifiedBy: string;
  body: MappingSetBody;
  /** Server-made ids: the output schema's and each rule's (new on every version, as the guide's PUT shows). */
  outputSchemaId: string;
  ruleIds: string[];
}

export interface StoredMappingSet {
  id: string;
  sandboxName: string;
  versions: StoredVersion[];
}

// Ids: 32 hex characters, as the guide's and the spec's examples show.
const hex32 = () => randomBytes(16).toString("hex");
// Data Prep documents bare 400s (the spec), no body or message: the platform's generic shape (errors.ts).
const fail = (detail: string) => platformError(400, detail);
const SOURCE_TYPES: SourceType[] = ["ATTRIBUTE", "EXPRESSION", "STATIC"];

/**
 * How a rule's `sourceType` reads back. ATTRIBUTE → "text/x.schema-path" is the guide's; an
 * expression's "text/x.aep-xl" is the media type Adobe's destination mappings use for expressions
 * (https://experienceleague.adobe.com/en/docs/experience-platform/destinations/destination-sdk/functionality/destination-configuration/schema-configuration),
 * inferred for Data Prep, and a static value is an expression of a literal there too.
 */
const READ_SOURCE_TYPE: Record<SourceType, string> = {
  ATTRIBUTE: "text/x.schema-path",
  EXPRESSION: "text/x.aep-xl",
  STATIC: "text/x.aep-xl",
};

/**
 * The body of a create or PUT, in the current form (`outputSchema`, `sourceType`) or the legacy one every sources tutorial
 * still sends (`xdmSchema`, `sourceAttribute`, `destinationXdmPath`; e.g.
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/cloud-storage).
 * `sourceType` is the guide's enum; source and destination are required and the schema must be named, as every example
 * has them (Adobe documents no refusal messages). A legacy `xdmVersion` "1.0" becomes the content type's major version.
 */
export function checkMappingSetBody(body: unknown): MappingSetBody {
  if (!body || typeof body !== "object" || Array.isArray(body) || Object.keys(body).length === 0) {
    throw fail("The request body must be a mapping set object.");
  }
  const b = body as Record<string, unknown>;
  const out = b.outputSchema as { schemaRef?: { id?: unknown; contentType?: unknown } } | undefined;
  const schemaId = out?.schemaRef?.id ?? b.xdmSchema;
  if (typeof schemaId !== "string" || schemaId === "")
    throw fail("outputSchema.schemaRef.id is required: the $id of the target XDM schema.");
  const contentType =
    typeof out?.schemaRef?.contentType === "string"
      ? out.schemaRef.contentType
      : `application/vnd.adobe.xed-full+json;version=${String(b.xdmVersion ?? "1").split(".")[0]}`;
  if (!Array.isArray(b.mappings)) throw fail("mappings must be an array of mapping rules.");
  const mappings = b.mappings.map((raw, i): MappingRule => {
    if (!raw || typeof raw !== "object") throw fail(`mappings[${i}] must be an object.`);
    const r = raw as Record<string, unknown>;
    const legacy = r.sourceType === undefined && (r.sourceAttribute !== undefined || r.destinationXdmPath !== undefined);
    const sourceType = legacy ? "ATTRIBUTE" : r.sourceType;
    if (!SOURCE_TYPES.includes(sourceType as SourceType)) {
      throw fail(`mappings[${i}].sourceType must be one of ${SOURCE_TYPES.join(", ")}.`);
    }
    const source = legacy ? r.sourceAttribute : r.source;
    const destination = legacy ? r.destinationXdmPath : r.destination;
    if (typeof source !== "string" || source === "") throw fail(`mappings[${i}].source is required.`);
    if (typeof destination !== "string" || destination === "") throw fail(`mappings[${i}].destination is required.`);
    const rule: MappingRule = { sourceType: sourceType as SourceType, source, destination };
    if (typeof r.name === "string") rule.name = r.name;
    if (typeof r.description === "string") rule.description = r.description;
    return rule;
  });
  const result: MappingSetBody = { outputSchema: { schemaRef: { id: schemaId, contentType } }, mappings };
  if (typeof b.name === "string") result.name = b.name;
  if (b.inputSchema && typeof b.inputSchema === "object") result.inputSchema = { ...(b.inputSchema as object) };
  if (typeof b.allowNullValues === "boolean") result.allowNullValues = b.allowNullValues;
  return result;
}

/**
 * Whether `path`, a Data Prep destination (dot-separated; `\.` escapes a dot in a name, as the troubleshooting guide's
 * `address.street\.name`; `[n]` or `[*]` on an array), names a field of `properties` (a `xed-full` schema's fields). An
 * array is entered with or without an index, and below a map (an object with `additionalProperties`) any key is a field.
 * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/troubleshooting-guide
 */
export function isSchemaField(properties: Record<string, unknown>, path: string): boolean {
  type Field = { type?: unknown; properties?: Record<string, Field>; items?: Field; additionalProperties?: unknown };
  let node: Field = { properties: properties as Record<string, Field> };
  for (const segment of path.split(/(?<!\\)\./)) {
    const name = segment.replace(/(\[[^\]]*\])+$/, "").replace(/\\\./g, ".");
    const next = node.properties?.[name];
    if (!next) return node.additionalProperties !== undefined && node.additionalProperties !== false;
    node = next.type === "array" && next.items ? next.items : next;
  }
  return true;
}

/** The rules of `body` whose destination, under the tenant's namespace, `schema` lacks (other fields are not modelled). */
function unknownDestinations(body: MappingSetBody, schema: SchemaFacts | undefined): number[] {
  if (!schema) return [];
  const fields = schema.fields();
  return body.mappings.flatMap((r, i) =>
    r.destination.split(".")[0] === `_${TENANT}` && !isSchemaField(fields, r.destination) ? [i] : [],
  );
}

export class MappingSetStore extends PerSandboxStore<StoredMappingSet> {
  constructor(
    sandboxes: Sandboxes,
    clock: EmulatorClock,
    private readonly behaviour: () => Behaviour,
    private readonly refs: () => References,
  ) {
    super(sandboxes, clock);
  }

  private find(sandboxName: string, id: string): StoredMappingSet {
    const set = this.sandbox(sandboxName).get(id);
    // The spec lists no 404 for an unknown mapping set (only 400, 401, 500, 503); 404 is the emulator's choice.
    if (!set) throw platformError(404, `Mapping set ${id} not found.`);
    return set;
  }

  /**
   * With referential checks on, the output schema must be a schema of the sandbox's Schema Registry. Adobe documents no
   * such refusal; it is made so that a wrong schema fails here rather than at the flow (behaviour `referentialChecks`).
   */
  private checkSchema(sandboxName: string, body: MappingSetBody): void {
    if (this.behaviour().referentialChecks !== "enforce") return;
    const id = body.outputSchema.schemaRef.id;
    if (!this.refs().schema(sandboxName, id))
      throw fail(`Schema ${id} not found in sandbox ${sandboxName}: outputSchema.schemaRef.id must be a schema of the Schema Registry.`);
  }

  /**
   * With `mappingDestinations: "refuse"`, a rule writing a tenant field the output schema lacks is refused, each named
   * (behaviour.ts says why this is a switch: no page says Data Prep refuses it).
   */
  private checkDestinations(sandboxName: string, body: MappingSetBody): void {
    if (this.behaviour().mappingDestinations !== "refuse") return;
    const schema = this.refs().schema(sandboxName, body.outputSchema.schemaRef.id);
    const bad = unknownDestinations(body, schema);
    if (bad.length)
      throw fail(
        `${bad.map((i) => `mappings[${i}].destination ${body.mappings[i].destination}`).join(", ")}: not a field of schema "${schema!.title}". ` +
          "Map to a field of the output schema, or add the field to one of its field groups first.",
      );
  }

  /**
   * `POST /mappingSets/validate`: 200 with one entry per rule, `{status: "SUCCESS", errors: null}` or `{status: "FAILED",
   * errors: [{source, destination, sourceType, exception}]}` (the spec's MappingValidationResponse and TransformErrorInfo;
   * the guide's example is all SUCCESS). What makes a rule FAILED is not documented: here, a destination under the tenant's
   * namespace that the output schema lacks, whatever `mappingDestinations` says. A body that is not a mapping set is a
   * 400, as the spec lists. Nothing is stored.
   * https://experienceleague.adobe.com/en/docs/experience-platform/data-prep/api/mapping-set
   */
  validate(caller: Caller, raw: unknown): Record<string, unknown> {
    const body = checkMappingSetBody(raw);
    this.checkSchema(caller.sandboxName, body);
    const schema = this.refs().schema(caller.sandboxName, body.outputSchema.schemaRef.id);
    const bad = new Set(unknownDestinations(body, schema));
    return {
      validationResponse: body.mappings.map((r, i) =>
        bad.has(i)
          ? {
              status: "FAILED",
              errors: [
                {
                  source: r.source,
                  destination: r.destination,
                  sourceType: r.sourceType,
                  exception: `${r.destination} is not a field of schema "${schema!.title}".`,
                },
              ],
            }
          : { status: "SUCCESS", errors: null },
      ),
    };
  }

  private version(body: MappingSetBody, by: string, now: number, version: number, createdDate: number): StoredVersion {
    return {
      version,
      createdDate,
      modifiedDate: now,
      createdBy: by,
      modifiedBy: by,
      body,
      outputSchemaId: hex32(),
      ruleIds: body.mappings.map(hex32),
    };
  }

  /** `POST /mappingSets`: 200 with the summary the spec's SimpleRepresentation shows. */
  create(caller: Caller, raw: unknown, fixedId?: string): Record<string, unknown> {
    const body = checkMappingSetBody(raw);
    const sets = this.sandbox(caller.sandboxName);
    this.checkSchema(caller.sandboxName, body);
    this.checkDestinations(caller.sandboxName, body);
    const now = this.clock.now();
    const id = fixedId ?? hex32();
    const by = `${caller.clientId}@AdobeID`;
    sets.set(id, { id, sandboxName: caller.sandboxName, versions: [this.version(body, by, now, 0, now)] });
    return { id, version: 0, createdDate: now, modifiedDate: now, createdBy: by, modifiedBy: by };
  }

  /** `PUT /mappingSets/{id}`: a full replacement, stored as the next version; answers the new version's read shape. */
  replace(caller: Caller, id: string, raw: unknown): Record<string, unknown> {
    const set = this.find(caller.sandboxName, id);
    const body = checkMappingSetBody(raw);
    this.checkSchema(caller.sandboxName, body);
    this.checkDestinations(caller.sandboxName, body);
    const latest = set.versions.at(-1)!;
    const now = Math.max(this.clock.now(), latest.modifiedDate + 1);
    const next = this.version(body, `${caller.clientId}@AdobeID`, now, latest.version + 1, set.versions[0].createdDate);
    // createdDate and createdBy stay the first version's; modified* are the new one's (undocumented).
    next.createdBy = set.versions[0].createdBy;
    set.versions.push(next);
    return this.readShape(set, next, false);
  }

  /**
   * `GET /mappingSets/{id}[?version=N&expandSchema=true]`. Without `version`: the latest version (the guide uses
   * `version` to read an older one), or version 0 (the spec declares the parameter's `default: 0`), per the behaviour
   * `mappingSetDefaultVersion`. An unknown version: 404 (undocumented).
   */
  get(caller: Caller, id: string, version: number | undefined, expandSchema: boolean): Record<string, unknown> {
    const set = this.find(caller.sandboxName, id);
    const unversioned = this.behaviour().mappingSetDefaultVersion === "latest" ? set.versions.at(-1) : set.versions[0];
    const v = version === undefined ? unversioned : set.versions.find((x) => x.version === version);
    if (!v) throw platformError(404, `Mapping set ${id} has no version ${version}.`);
    return this.readShape(set, v, expandSchema);
  }

  /** `GET /mappingSets?limit=&start=` (both required), offset paging, `name`, `orderBy=±createdDate|±updatedDate`. */
  list(
    caller: Caller,
    query: { limit?: string; start?: string; name?: string; orderBy?: string; expandSchema?: boolean },
  ): Record<string, unknown> {
    // `limit` and `start` are `required: true` in the spec; orderBy's fields and ± are its description's. Its default is
    // declared "lastUpdateDate" with no direction: newest first here.
    if (query.limit === undefined || query.start === undefined) throw fail("The query parameters limit and start are required.");
    const limit = Number(query.limit);
    const start = Number(query.start);
    if (!Number.isInteger(limit) || limit < 1) throw fail(`Invalid limit ${query.limit}: expected a positive integer.`);
    if (!Number.isInteger(start) || start < 0) throw fail(`Invalid start ${query.start}: expected an offset of 0 or more.`);
    const order = query.orderBy ?? "-updatedDate";
    const m = /^([+-]?)(createdDate|updatedDate)$/.exec(order.trim());
    if (!m) throw fail(`Invalid orderBy ${order}: the supported fields are createdDate and updatedDate, with + or -.`);
    const key = (s: StoredMappingSet) => (m[2] === "createdDate" ? s.versions[0].createdDate : s.versions.at(-1)!.modifiedDate);
    const direction = m[1] === "-" ? -1 : 1;
    const sets = [...this.sandbox(caller.sandboxName).values()]
      .filter((s) => query.name === undefined || s.versions.at(-1)!.body.name === query.name)
      .sort((a, b) => (key(a) - key(b)) * direction || a.id.localeCompare(b.id));
    const page = sets.slice(start, start + limit).map((s) => this.readShape(s, s.versions.at(-1)!, query.expandSchema === true));
    return { data: page, _page: { count: page.length, limit } };
  }

  /** `DELETE /mappingSets/{id}` (behaviour `mappingSetDelete`), refused while a flow uses the set. */
  delete(caller: Caller, id: string): void {
    if (this.behaviour().mappingSetDelete !== "supported") {
      throw platformError(405, "DELETE is not supported on /mappingSets/{id}: mapping sets cannot be deleted.");
    }
    const set = this.find(caller.sandboxName, id);
    if (this.behaviour().referentialChecks === "enforce") {
      // Undocumented; refused so that no flow is left naming a mapping set that is gone.
      const flows = this.refs().flowsUsingMapping(caller.sandboxName, id);
      if (flows.length) throw fail(`Mapping set ${id} is used by flows ${flows.map((f) => f.id).join(", ")}: delete or re-map them first.`);
    }
    this.sandbox(caller.sandboxName).delete(set.id);
  }

  /** What the Flow Service checks of a mapping set (versions, schema per version); undefined when absent. */
  facts(sandboxName: string, id: string): MappingSetFacts | undefined {
    const set = this.bySandbox.get(sandboxName)?.get(id);
    if (!set) return undefined;
    return {
      id,
      versions: set.versions.map((v) => v.version),
      schemaOf: (version) => {
        const ref = set.versions.find((v) => v.version === version)?.body.outputSchema.schemaRef;
        return ref && { id: ref.id, version: schemaVersionOf(ref.contentType) };
      },
    };
  }

  /** Control plane: every mapping set with its latest version's read shape. */
  all(): Record<string, unknown>[] {
    return [...this.bySandbox.values()].flatMap((m) =>
      [...m.values()].map((s) => ({ sandboxName: s.sandboxName, ...this.readShape(s, s.versions.at(-1)!, false) })),
    );
  }

  /** Control plane: a new version as if saved in the AEP UI. */
  replaceOutOfBand(id: string, raw: unknown, sandboxName?: string): Record<string, unknown> {
    const found = [...this.bySandbox.entries()].filter(
      ([name, sets]) => (sandboxName === undefined || name === sandboxName) && sets.has(id),
    );
    if (found.length !== 1)
      throw fail(found.length ? `Mapping set ${id} is in several sandboxes: name the sandbox.` : `Mapping set ${id} not found.`);
    return this.replace(uiCaller(found[0][0], ""), id, raw);
  }

  deleteOutOfBand(id: string, sandboxName?: string): void {
    for (const [name, sets] of this.bySandbox) if (sandboxName === undefined || name === sandboxName) sets.delete(id);
  }

  /** The read shape of one version, as the guide's GET prints it. */
  private readShape(set: StoredMappingSet, v: StoredVersion, expandSchema: boolean): Record<string, unknown> {
    const b = v.body;
    const schemaRef = { ...b.outputSchema.schemaRef };
    const outputSchema: Record<string, unknown> = { id: v.outputSchemaId, version: 0, schemaRef };
    if (expandSchema) {
      const schema = this.refs().schema(set.sandboxName, schemaRef.id);
      if (schema) outputSchema.jsonSchema = { title: schema.title, type: "object", version: schema.version, $id: schema.$id };
    }
    const published = this.refs()
      .flowsUsingMapping(set.sandboxName, set.id)
      .some((f) => f.state !== "draft");
    return deepClone({
      id: set.id,
      version: v.version,
      createdDate: v.createdDate,
      modifiedDate: v.modifiedDate,
      createdBy: v.createdBy,
      modifiedBy: v.modifiedBy,
      ...(b.name !== undefined ? { name: b.name } : {}),
      supportVersion: "1.1",
      ...(b.inputSchema ? { inputSchema: b.inputSchema } : {}),
      outputSchema,
      mappings: b.mappings.map((r, i) => ({
        id: v.ruleIds[i],
        version: 0,
        createdDate: v.modifiedDate,
        modifiedDate: v.modifiedDate,
        createdBy: v.modifiedBy,
        modifiedBy: v.modifiedBy,
        sourceType: READ_SOURCE_TYPE[r.sourceType],
        source: r.source,
        destination: r.destination,
        ...(r.name !== undefined ? { name: r.name } : {}),
        ...(r.description !== undefined ? { description: r.description } : {}),
        identity: false,
        primaryIdentity: false,
        matchScore: 0.0,
        functionVersion: 1,
        sourceAttribute: r.source,
        destinationXdmPath: r.destination,
      })),
      // The guide's list shows DRAFT and PUBLISHED; when one becomes the other is not documented. Here:
      // PUBLISHED once a published flow uses the set.
      status: published ? "PUBLISHED" : "DRAFT",
      strictMapping: false,
      allowNullValues: b.allowNullValues ?? false,
      xdmVersion: schemaRef.contentType,
      schemaRef,
      xdmSchema: schemaRef.id,
    });
  }
}
