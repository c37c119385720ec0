// Query strings: reading a parameter as clients send it (once, several times, or not at all), and
// the list semantics shared by the Flow Service's lists (`/flows`, the connections, `/runs` and the
// spec lists): `property` filters, `orderby`, `limit`, `continuationToken` paging, `count`. Pure
// functions over stored items.
// https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter
// documents `property=<path><op><value>` on any property path (arrays with `[]`), comma lists as OR,
// several `property` parameters ANDed, and `orderby=±field`. Operators: the page shows ==, > and <;
// the error catalogue refuses unknown operators (1450), `>=` on some fields (1448) and `<=` with
// several values (1443): https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors.
// The spec's `property` example uses `>=`
// (https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml);
// `!=` is documented nowhere and is accepted, the lenient side for a filter.
import type { Behaviour } from "./behaviour";
import { flowServiceError } from "./errors";

// "A maximum of 100 entities" (the destinations spec,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml). No default
// page size is documented for Flow Service lists; 20 is the emulator's (small enough that clients meet paging).
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** A request's query string as the router parses it: a parameter given several times is an array. */
export type Query = Record<string, string | string[] | undefined>;

/** A parameter's first value. */
export function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a parameter, [] when absent. */
export function many(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

type Item = Record<string, unknown>;
type Op = "==" | "!=" | ">=" | "<=" | ">" | "<";

export interface Filter {
  path: string[];
  array: boolean;
  op: Op;
  values: string[];
}

const FILTER = /^([A-Za-z][\w.]*?)(\[\])?([=!<>~]{1,2})(.*)$/;
const OPERATORS = new Set<string>(["==", "!=", ">=", "<=", ">", "<"]);

export function parseFilter(expr: string): Filter {
  const m = expr.match(FILTER);
  // 1453 "Invalid query value … provided in query param" and 1450 "Invalid operator … in filter params" (the catalogue).
  if (!m) throw flowServiceError(1453, 400, `Invalid query value ${expr} provided in query param.`);
  const op = m[3];
  if (!OPERATORS.has(op)) throw flowServiceError(1450, 400, `Invalid operator ${op} in filter params.`);
  const path = m[1].split(".");
  const values = m[4].split(",").map((v) => v.replace(/^"(.*)"$/, "$1"));
  if ((op === ">=" || op === "<=") && path.join(".") === "id")
    throw flowServiceError(1448, 400, `Operator ${op} not supported for field id.`);
  if ((op === "<=" || op === ">=" || op === "<" || op === ">") && values.length > 1) {
    throw flowServiceError(1443, 400, `Operator '${op}' is not allowed for multiple values.`);
  }
  return { path, array: Boolean(m[2]), op: op as Op, values };
}

function lookup(item: Item, path: string[]): unknown {
  let v: unknown = item;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function compareScalar(actual: unknown, op: Op, expected: string): boolean {
  // Undocumented: an item without the property matches only `!=`.
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

export function matches(item: Item, filter: Filter): boolean {
  const actual = lookup(item, filter.path);
  const candidates = filter.array || Array.isArray(actual) ? (Array.isArray(actual) ? actual : []) : [actual];
  // A comma list is an OR over values; for arrays, any element may match.
  return filter.values.some((value) => candidates.some((c) => compareScalar(c, filter.op, value)));
}

/** The order of a list without `orderby` (the `listOrder` behaviour). */
export type ListOrder = Behaviour["listOrder"];

export function sortItems<T extends Item>(items: T[], orderby: string | undefined, order: ListOrder): T[] {
  // Without orderby: "The most recently created or updated entities are returned first" (the destinations spec,
  // https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml), by default;
  // the sources spec is silent, and its `orderby=createdAt` example is ascending, so "oldest-first" is the other side of
  // the switch. A client must not depend on either: it names an order, or pages through everything.
  const touched = (i: T) => Math.max(Number(i.createdAt ?? 0), Number(i.updatedAt ?? 0));
  const byCreation = (a: T, b: T) => Number(a.createdAt ?? 0) - Number(b.createdAt ?? 0) || String(a.id).localeCompare(String(b.id));
  const byLastTouch = (a: T, b: T) => touched(b) - touched(a) || String(b.id).localeCompare(String(a.id));
  if (!orderby) return [...items].sort(order === "newest-first" ? byLastTouch : byCreation);
  const m = orderby.trim().match(/^([+-]?)([A-Za-z][\w.]*)$/);
  // 1432, the catalogue's message for a malformed sort order.
  if (!m)
    throw flowServiceError(
      1432,
      400,
      "Sort order specified is not correct, prepend + for ascending order and - for descending order in the fieldName.",
    );
  const direction = m[1] === "-" ? -1 : 1;
  const path = m[2].split(".");
  return [...items].sort((a, b) => {
    const x = lookup(a, path);
    const y = lookup(b, path);
    const cmp = x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : (x as number | string) < (y as number | string) ? -1 : 1;
    return cmp * direction || String(a.id).localeCompare(String(b.id));
  });
}

/** What a continuation token carries: where the next page starts, and the query it pages through. */
export interface PageQuery {
  property: string[];
  orderby?: string;
  limit: number;
}

/**
 * Opaque continuation token: the offset and the query, base64url without padding, so that it holds
 * no `=` or `&`. Adobe's example link is `/connections?continuationToken=…` with nothing else
 * (the Flow Service API spec's PageLink,
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml),
 * and clients such as Adobe's `aepp` read the token as
 * "everything after the first `=`" — so the next page must be reachable from the token alone.
 */
export function encodeToken(offset: number, query: PageQuery): string {
  return Buffer.from(JSON.stringify({ o: offset, q: query })).toString("base64url");
}

export function decodeToken(token: string): { offset: number; query?: PageQuery } {
  try {
    const { o, q } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o: unknown; q?: PageQuery };
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return { offset: o, query: q };
  } catch {
    // fall through to the error below
  }
  throw flowServiceError(1453, 400, `Invalid query value continuationToken=${token} provided in query param.`);
}

/** 1451 "Invalid params … provided in query params" (the catalogue) for a limit outside 1..MAX_LIMIT. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw flowServiceError(1451, 400, `Invalid params limit=${raw} provided in query params: expected an integer from 1 to ${MAX_LIMIT}.`);
  return n;
}

/** Query booleans as clients send them: Adobe's examples say `count=true`; Python clients send `True`/`False`. */
export function queryFlag(v: string | string[] | undefined): boolean {
  return (one(v) ?? "").toLowerCase() === "true";
}

/**
 * One page of `items` for a list request: `{items, _links}` (the last page carries `_links: {}`, as
 * the monitoring tutorial's single-page runs answer shows,
 * https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor), or `{count}` with
 * `count=true` (the spec's `count` parameter and the catalogue's 1401 for `limit` with `count`).
 * `path` is the list's path for the next link (`/flows`); `order` the order without `orderby`.
 */
export function listPage(items: Item[], query: Query, path: string, order: ListOrder): Record<string, unknown> {
  const token = one(query.continuationToken);
  const fromToken = token ? decodeToken(token) : { offset: 0, query: undefined };
  // Parameters sent with the request take precedence over what the token carries (undocumented; the token is opaque).
  const property = query.property !== undefined ? many(query.property) : (fromToken.query?.property ?? []);
  const orderby = one(query.orderby) ?? fromToken.query?.orderby;
  const count = queryFlag(query.count);
  if (count && query.limit !== undefined) {
    throw flowServiceError(
      1401,
      400,
      "The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again.",
    );
  }
  const filters = property.map(parseFilter);
  const selected = sortItems(
    items.filter((i) => filters.every((f) => matches(i, f))),
    orderby,
    order,
  );
  if (count) return { count: selected.length };
  const limit = query.limit !== undefined ? parseLimit(one(query.limit)) : (fromToken.query?.limit ?? DEFAULT_LIMIT);
  const offset = fromToken.offset;
  const body: Record<string, unknown> = { items: selected.slice(offset, offset + limit) };
  body._links =
    offset + limit < selected.length
      ? { next: { href: `${path}?continuationToken=${encodeToken(offset + limit, { property, orderby, limit })}` } }
      : {};
  return body;
}
