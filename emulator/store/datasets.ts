// Catalog datasets per sandbox (also seeded by fixtures and the control plane): `GET /dataSets`
// answers an object keyed by dataset id, filtered with `property=` and simple `{name}=` filters, cut
// with `properties=`, paged with `limit` (default 20, at most 100, 0 refused) and `start`; names are
// not unique. `GET /dataSets/{id}` answers `{id: {...}}` with an `E-Tag` header. Writes: `POST`
// (201, `["@/dataSets/{id}"]`), `PATCH` in field mode or JSON Patch mode, `PUT`, each guarded by an
// optional `If-Match` (412) and moving the version's patch level, and `DELETE`.
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/look-up-object,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/create-dataset,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/update-object,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/delete-object,
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/appendix
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { applyPatch, deepClone, Operation as PatchOp } from "fast-json-patch";
import type { EmulatorClock } from "../clock";
import { EmulatorError, platformError } from "../errors";
import type { DatasetFacts, SchemaFacts } from "../kinds/references";
import { Query, many, one } from "../query";
import type { Sandboxes } from "../sandboxes";
import { PerSandboxStore } from "./per-sandbox";

export interface DatasetSeed {
  /** 24 hex characters; made up when absent. */
  id?: string;
  name: string;
  description?: string;
  /** The dataset's schema: `{id: <schema $id>, contentType: "application/vnd.adobe.xed+json;version=1"}`. */
  schemaRef?: { id: string; contentType?: string };
  tags?: Record<string, string[]>;
}

export interface StoredDataset extends Record<string, unknown> {
  id: string;
  sandboxName: string;
  name: string;
  created: number;
  version: string;
  /** The `E-Tag` of the current version (never shown in a body). */
  etag: string;
}

/** What a write answers: the list of the object it touched (`["@/dataSets/{id}"]`). */
export type CatalogRefs = string[];

/** Properties the service owns: a write that names one with another value is refused (see `refuseOwned`). */
const OWNED = new Set(["id", "imsOrg", "version", "created", "updated", "createdClient", "createdUser", "updatedUser", "viewId", "files"]);

const DATASET_ID = /^[0-9a-f]{24}$/;
/** Query parameters that are not simple filters. */
const RESERVED = new Set(["limit", "start", "property", "properties", "orderBy", "tags", "expansion"]);

/** `name` values take `*` wildcards, `**` a literal asterisk (the filter guide's note). */
function nameMatches(actual: unknown, pattern: string): boolean {
  if (typeof actual !== "string") return false;
  if (!pattern.includes("*")) return actual === pattern;
  const parts = pattern.split("**").map((p) =>
    p
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*"),
  );
  return new RegExp(`^${parts.join("\\*")}$`).test(actual);
}

function compare(actual: unknown, op: string, expected: string, key: string): boolean {
  switch (op) {
    case "==":
      return key === "name" ? nameMatches(actual, expected) : String(actual) === expected;
    case "!=":
      return actual === undefined || (key === "name" ? !nameMatches(actual, expected) : String(actual) !== expected);
    case "~":
      return typeof actual === "string" && new RegExp(expected).test(actual);
    default: {
      if (actual === undefined) return false;
      const [a, e] = typeof actual === "number" ? [actual, Number(expected)] : [String(actual), expected];
      return op === "<" ? a < e : op === "<=" ? a <= e : op === ">" ? a > e : a >= e;
    }
  }
}

/** One `property=` condition: `name`, `!name`, `name~re`, `name==x`, `name!=x`, `<`, `<=`, `>`, `>=` on a top-level property. */
function propertyFilter(expr: string): (d: StoredDataset) => boolean {
  if (/^!\w+$/.test(expr)) return (d) => !(expr.slice(1) in d);
  if (/^\w+$/.test(expr)) return (d) => expr in d;
  const m = /^(\w+)(==|!=|<=|>=|~|<|>)(.*)$/.exec(expr);
  // Catalog documents a bare 400 for a bad request (catalog.yaml); the message is the emulator's.
  if (!m) throw platformError(400, `Invalid property filter ${expr}.`);
  return (d) => compare(d[m[1]], m[2], m[3], m[1]);
}

/** A simple filter `{property}={value}[,{value}]` (any of them), or `{property}=!{value},…` (none of them). */
function simpleFilter(key: string, raw: string): (d: StoredDataset) => boolean {
  const negated = raw.startsWith("!");
  const values = (negated ? raw.slice(1) : raw).split(",");
  return (d) => values.some((v) => compare(d[key], "==", v, key)) !== negated;
}

/**
 * The E-Tag of a version. Catalog documents the header but not its form (the appendix; the spec says it matches the
 * updated date): quoted, from the update time and the version, so that two writes in one millisecond differ.
 */
const etagOf = (updated: number, version: string) => `"${updated}-${version}"`;

/**
 * The version after a write: the patch level moves by one. Adobe documents versions such as "1.0.1" but not how a write
 * moves them (a guess, schemas-and-datasets.md §10.14).
 */
function nextVersion(version: string): string {
  const parts = version.split(".").map(Number);
  while (parts.length < 3) parts.push(0);
  parts[2] = (Number.isFinite(parts[2]) ? parts[2] : 0) + 1;
  return parts.join(".");
}

export class DatasetStore extends PerSandboxStore<StoredDataset> {
  constructor(
    sandboxes: Sandboxes,
    clock: EmulatorClock,
    /** The schema a `schemaRef.id` names in a sandbox (the Schema Registry's), to refuse a dataset of a schema that does not exist. */
    private readonly schemaOf: (sandboxName: string, id: string) => SchemaFacts | undefined = () => undefined,
  ) {
    super(sandboxes, clock);
  }

  seed(sandboxName: string, seed: DatasetSeed, orgId: string): StoredDataset {
    const datasets = this.sandbox(sandboxName);
    if (typeof seed?.name !== "string" || seed.name === "") throw platformError(400, "a dataset needs a name");
    const id = seed.id ?? randomBytes(12).toString("hex");
    if (!DATASET_ID.test(id)) throw platformError(400, `dataset id ${id} is not 24 hex characters`);
    const now = this.clock.now();
    const dataset: StoredDataset = {
      id,
      sandboxName,
      name: seed.name,
      ...(seed.description !== undefined ? { description: seed.description } : {}),
      ...(seed.schemaRef
        ? { schemaRef: { id: seed.schemaRef.id, contentType: seed.schemaRef.contentType ?? "application/vnd.adobe.xed+json;version=1" } }
        : {}),
      imsOrg: orgId,
      tags: seed.tags ?? {},
      version: "1.0.0",
      created: now,
      updated: now,
      createdClient: "exc_app",
      createdUser: "exc_app@AdobeID",
      updatedUser: "exc_app@AdobeID",
      viewId: randomBytes(12).toString("hex"),
      files: `@/dataSetFiles?dataSetId=${id}`,
      etag: etagOf(now, "1.0.0"),
    };
    datasets.set(id, dataset);
    return { ...dataset };
  }

  /**
   * `POST /dataSets`: 201 with `["@/dataSets/{id}"]` (create-dataset). The body needs `name` and `schemaRef` (the
   * spec's required properties) naming a schema of the sandbox. Adobe documents no error body for Catalog (its spec
   * lists bare statuses), nor the answer to a schema that does not exist: a 400 in the platform's generic shape.
   */
  create(sandboxName: string, orgId: string, body: unknown): { id: string; refs: CatalogRefs } {
    const b = requestObject(body);
    const schemaRef = this.checkedSchemaRef(sandboxName, b.schemaRef);
    if (typeof b.name !== "string" || b.name.trim() === "") throw platformError(400, "A dataset needs a name (a non-empty string).");
    refuseOwned(b, undefined);
    const { name, description, tags, schemaRef: _ref, ...rest } = b;
    void _ref;
    const made = this.seed(sandboxName, { name: name as string, schemaRef, tags: checkedTags(tags) }, orgId);
    const dataset: StoredDataset = {
      ...made,
      ...rest,
      ...(description !== undefined ? { description } : {}),
      schema: `@/xdms/${schemaRef.id.replace(/^https?:\/\//, "")}`,
    };
    this.map(sandboxName).set(made.id, dataset);
    return { id: made.id, refs: [`@/dataSets/${made.id}`] };
  }

  /** `schemaRef` as a create or replace takes it: `{id, contentType}` naming a schema of the sandbox. */
  private checkedSchemaRef(sandboxName: string, raw: unknown): { id: string; contentType?: string } {
    const ref = raw as { id?: unknown; contentType?: unknown } | undefined;
    if (!ref || typeof ref !== "object" || typeof ref.id !== "string" || ref.id === "") {
      throw platformError(400, "A dataset needs a schemaRef: {id: <schema $id>, contentType}.");
    }
    if (!this.schemaOf(sandboxName, ref.id)) {
      // Undocumented: Catalog's spec lists a bare 400 for a bad request; the message is the emulator's.
      throw platformError(400, `The schema ${ref.id} in schemaRef.id does not exist in sandbox ${sandboxName}.`);
    }
    return { id: ref.id, ...(typeof ref.contentType === "string" ? { contentType: ref.contentType } : {}) };
  }

  /** The dataset, and a 412 when `ifMatch` is sent and is not its E-Tag (the appendix: "If-Match … 412"). */
  private current(sandboxName: string, id: string, ifMatch: string | undefined): StoredDataset {
    const d = this.sandbox(sandboxName).get(id);
    // "404: The dataset was not found" (the Catalog spec's PATCH and PUT).
    if (!d) throw platformError(404, `Dataset ${id} not found.`);
    if (ifMatch !== undefined && ifMatch !== d.etag) {
      throw new EmulatorError(412, {
        type: "/placeholder/type/uri",
        status: 412,
        title: "PreconditionFailedError",
        detail: `The If-Match value ${ifMatch} is not the dataset's current E-Tag: it was changed since it was read.`,
      });
    }
    return d;
  }

  /** The written dataset, its version's patch level moved and a new E-Tag. */
  private written(sandboxName: string, before: StoredDataset, after: Record<string, unknown>): CatalogRefs {
    const now = Math.max(this.clock.now(), before.updated as number);
    const version = nextVersion(before.version);
    const next: StoredDataset = {
      ...(after as StoredDataset),
      id: before.id,
      sandboxName,
      version,
      updated: now,
      etag: etagOf(now, version),
    };
    this.map(sandboxName).set(before.id, next);
    return [`@/dataSets/${before.id}`];
  }

  /**
   * `PATCH /dataSets/{id}` (update-object). Field mode (`application/json`): a partial object whose top-level fields
   * replace the dataset's (a field-mode `tags` replaces the whole `tags` object: Adobe does not say whether it merges,
   * §10.12 of the reference notes). JSON Patch mode (`application/json-patch+json`): RFC 6902 operations. Neither may
   * change the schema or an `@`-link ("expandable fields").
   */
  patch(sandboxName: string, id: string, body: unknown, contentType: string | undefined, ifMatch: string | undefined): CatalogRefs {
    const before = this.current(sandboxName, id, ifMatch);
    const jsonPatch = (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json-patch+json";
    let after: Record<string, unknown>;
    if (jsonPatch) {
      if (!Array.isArray(body) || body.length === 0) throw platformError(400, "A JSON Patch body is a non-empty array of operations.");
      after = deepClone(before) as Record<string, unknown>;
      try {
        applyPatch(after, body as PatchOp[], true, true);
      } catch (err) {
        // The library's message names the path, never the value.
        throw platformError(400, `The JSON Patch cannot be applied: ${(err as Error).message.split("\n")[0]}`);
      }
    } else {
      const fields = requestObject(body);
      after = { ...before, ...fields };
    }
    refuseOwned(after, before);
    after.tags = checkedTags(after.tags);
    return this.written(sandboxName, before, after);
  }

  /** `PUT /dataSets/{id}`: the body is a whole dataset as a create takes it (the Catalog spec); the schema cannot change. */
  replace(sandboxName: string, id: string, body: unknown, ifMatch: string | undefined): CatalogRefs {
    const before = this.current(sandboxName, id, ifMatch);
    const b = requestObject(body);
    this.checkedSchemaRef(sandboxName, b.schemaRef);
    if (typeof b.name !== "string" || b.name.trim() === "") throw platformError(400, "A dataset needs a name (a non-empty string).");
    const kept = Object.fromEntries(Object.entries(before).filter(([k, v]) => OWNED.has(k) || k === "schema" || isLink(v)));
    const after: Record<string, unknown> = { ...kept, sandboxName, etag: before.etag, ...b, tags: checkedTags(b.tags) };
    refuseOwned(after, before);
    return this.written(sandboxName, before, after);
  }

  /** `DELETE /dataSets/{id}`: `["@/dataSets/{id}"]`, or `[]` for an id that does not exist (delete-object's note). */
  delete(sandboxName: string, id: string): CatalogRefs {
    return this.sandbox(sandboxName).delete(id) ? [`@/dataSets/${id}`] : [];
  }

  /** The E-Tag a single-object GET answers (the appendix); undefined when the dataset does not exist. */
  etag(sandboxName: string, id: string): string | undefined {
    return this.bySandbox.get(sandboxName)?.get(id)?.etag;
  }

  private shown(d: StoredDataset, properties: string[] | undefined): Record<string, unknown> {
    const { id: _id, sandboxName: _sandbox, etag: _etag, ...rest } = d;
    void _id;
    void _sandbox;
    void _etag;
    return properties ? Object.fromEntries(properties.filter((p) => p in rest).map((p) => [p, rest[p]])) : rest;
  }

  /** `GET /dataSets`: the page as an object keyed by dataset id. */
  list(sandboxName: string, query: Query): Record<string, unknown> {
    const limitRaw = one(query.limit);
    const limit = limitRaw === undefined ? 20 : Number(limitRaw);
    // "Invalid limit parameters (including limit=0) result in 400-level error responses that outline proper ranges."
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw platformError(400, `Invalid limit ${limitRaw}: the limit must be an integer from 1 to 100.`);
    }
    const startRaw = one(query.start);
    // `start` is a zero-based offset (the filter guide), 0 when absent.
    const start = startRaw === undefined ? 0 : Number(startRaw);
    if (!Number.isInteger(start) || start < 0) throw platformError(400, `Invalid start ${startRaw}: expected an offset of 0 or more.`);
    const filters = many(query.property).map(propertyFilter);
    for (const [key, value] of Object.entries(query)) {
      if (!RESERVED.has(key) && value !== undefined) filters.push(...many(value).map((v) => simpleFilter(key, v)));
    }
    const propertiesRaw = one(query.properties);
    const properties = propertiesRaw?.split(",").map((p) => p.trim());
    // Catalog documents no default order; creation order here, so that `start` pages are stable.
    const selected = [...this.map(sandboxName).values()].filter((d) => filters.every((f) => f(d))).sort((a, b) => a.created - b.created);
    return Object.fromEntries(selected.slice(start, start + limit).map((d) => [d.id, this.shown(d, properties)]));
  }

  /** `GET /dataSets/{id}`: `{id: {...}}`. */
  get(sandboxName: string, id: string, properties?: string): Record<string, unknown> {
    const d = this.map(sandboxName).get(id);
    // "404: The dataset was not found" (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/catalog.yaml).
    if (!d) throw platformError(404, `Dataset ${id} not found.`);
    return {
      [id]: this.shown(
        d,
        properties?.split(",").map((p) => p.trim()),
      ),
    };
  }

  facts(sandboxName: string, id: string): DatasetFacts | undefined {
    const d = this.bySandbox.get(sandboxName)?.get(id);
    return d && { id: d.id, name: d.name, schemaRef: d.schemaRef as DatasetFacts["schemaRef"] };
  }

  all(): StoredDataset[] {
    return [...this.bySandbox.values()].flatMap((m) => [...m.values()]).map((d) => ({ ...d }));
  }
}

/** A request body that must be a JSON object. */
function requestObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw platformError(400, "The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

const isLink = (v: unknown) => typeof v === "string" && v.startsWith("@");

/**
 * A write may not change what the service owns (ids, versions, times), the schema (the reference notes' guess,
 * §10.12: Adobe documents no way to change a dataset's schemaRef), nor an `@`-link ("expandable fields … cannot be
 * changed", update-object). `before` is undefined for a create (nothing owned may be sent).
 */
function refuseOwned(after: Record<string, unknown>, before: StoredDataset | undefined): void {
  for (const key of [...OWNED, "schemaRef", "schema"]) {
    if (!before) {
      if (key !== "schemaRef" && after[key] !== undefined) throw platformError(400, `${key} is set by the service and cannot be sent.`);
      continue;
    }
    // A schema is named by its $id; its content type (the version the dataset reads it in) is not compared.
    const [x, y] = key === "schemaRef" ? [idOf(after[key]), idOf(before[key])] : [after[key], before[key]];
    if (!isDeepStrictEqual(x, y)) {
      throw platformError(400, `${key} cannot be changed${key === "schemaRef" ? ": a dataset keeps the schema it was created with" : ""}.`);
    }
  }
  for (const [key, value] of Object.entries(before ?? {})) {
    if (isLink(value) && !isDeepStrictEqual(after[key], value))
      throw platformError(400, `${key} is a link to a related object and cannot be changed.`);
  }
}

const idOf = (ref: unknown) => (ref && typeof ref === "object" ? (ref as { id?: unknown }).id : ref);

/** `tags` as the service keeps them: an object of string lists (the Catalog spec's dataSet `tags`). */
function checkedTags(tags: unknown): Record<string, string[]> {
  if (tags === undefined) return {};
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) throw platformError(400, "tags must be an object of string lists.");
  for (const [key, values] of Object.entries(tags)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== "string"))
      throw platformError(400, `tags.${key} must be a list of strings.`);
  }
  return tags as Record<string, string[]>;
}
