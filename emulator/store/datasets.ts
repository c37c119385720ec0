// Catalog datasets per sandbox, read-only through the API (seeded by fixtures and the control
// plane): `GET /dataSets` answers an object keyed by dataset id, filtered with `property=` and simple
// `{name}=` filters, cut with `properties=`, paged with `limit` (default 20, at most 100, 0 refused)
// and `start`; names are not unique. `GET /dataSets/{id}` answers `{id: {...}}`.
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/filter-data and
// https://experienceleague.adobe.com/en/docs/experience-platform/catalog/api/look-up-object
import { randomBytes } from "node:crypto";
import { platformError } from "../errors";
import type { DatasetFacts } from "../kinds/references";
import { Query, many, one } from "../query";
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
}

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

export class DatasetStore extends PerSandboxStore<StoredDataset> {
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
    };
    datasets.set(id, dataset);
    return { ...dataset };
  }

  private shown(d: StoredDataset, properties: string[] | undefined): Record<string, unknown> {
    const { id: _id, sandboxName: _sandbox, ...rest } = d;
    void _id;
    void _sandbox;
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
