// `GET /flows` query semantics: `property` filters, `orderby`, `limit`, `continuationToken` paging,
// `count`. Pure functions over stored flows.
import { flowError } from "./errors";
import type { StoredFlow } from "./store";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

interface Filter {
  path: string[];
  array: boolean;
  op: "==" | "!=" | ">=" | "<=" | ">" | "<";
  values: string[];
}

const FILTER = /^([A-Za-z][\w.]*?)(\[\])?(==|!=|>=|<=|>|<)(.*)$/;

export function parseFilter(expr: string): Filter {
  const m = expr.match(FILTER);
  if (!m) throw flowError(1449, 400, `Invalid filter expression "${expr}": expected <field><op><value> with op one of ==, !=, >, <, >=, <=.`);
  return {
    path: m[1].split("."),
    array: Boolean(m[2]),
    op: m[3] as Filter["op"],
    values: m[4].split(",").map((v) => v.replace(/^"(.*)"$/, "$1")),
  };
}

function lookup(flow: StoredFlow, path: string[]): unknown {
  let v: unknown = flow;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function compareScalar(actual: unknown, op: Filter["op"], expected: string): boolean {
  if (actual === undefined || actual === null) return op === "!=";
  const a = typeof actual === "number" ? actual : String(actual);
  const e = typeof actual === "number" ? Number(expected) : expected;
  switch (op) {
    case "==":
      return a === e;
    case "!=":
      return a !== e;
    case ">":
      return a > e;
    case "<":
      return a < e;
    case ">=":
      return a >= e;
    case "<=":
      return a <= e;
  }
}

export function matches(flow: StoredFlow, filter: Filter): boolean {
  const actual = lookup(flow, filter.path);
  const candidates = filter.array || Array.isArray(actual) ? (Array.isArray(actual) ? actual : []) : [actual];
  // A comma list is an OR over values; for arrays, any element may match.
  return filter.values.some((value) => candidates.some((c) => compareScalar(c, filter.op, value)));
}

export function sortFlows(flows: StoredFlow[], orderby: string | undefined): StoredFlow[] {
  if (!orderby) return [...flows].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const m = orderby.trim().match(/^([+-]?)([A-Za-z][\w.]*)$/);
  if (!m) throw flowError(1432, 400, `Invalid orderby "${orderby}": expected a field name, optionally prefixed by + or -.`);
  const direction = m[1] === "-" ? -1 : 1;
  const path = m[2].split(".");
  return [...flows].sort((a, b) => {
    const x = lookup(a, path);
    const y = lookup(b, path);
    const cmp = x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : (x as number | string) < (y as number | string) ? -1 : 1;
    return cmp * direction || a.id.localeCompare(b.id);
  });
}

/** Opaque continuation token: the offset into the filtered, ordered list. */
export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

export function decodeToken(token: string): number {
  try {
    const { o } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o: unknown };
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw flowError(1400, 400, `Invalid continuationToken "${token}".`);
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw flowError(1400, 400, `Invalid limit "${raw}": expected an integer from 1 to ${MAX_LIMIT}.`);
  return n;
}
