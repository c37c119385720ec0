// Every request the emulator received, in order, for tests and the demo to assert on. Credentials
// are redacted before they are recorded: the journal is served over HTTP and printed by the demo.
import type { Service } from "./services";

export interface JournalEntry {
  seq: number;
  service: Service;
  method: string;
  /** Path below the service root, e.g. `/flows/<id>/action` or `/ims/token/v3`. */
  path: string;
  query: Record<string, string | string[]>;
  headers: {
    sandboxName?: string;
    ifMatch?: string;
    contentType?: string;
    apiKey?: string;
    orgId?: string;
    /** "Bearer <redacted>" when present. */
    authorization?: string;
  };
  body?: unknown;
  status?: number;
  /** The fault injected into this request, if any. */
  fault?: string;
}

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  record(entry: Omit<JournalEntry, "seq">): JournalEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    return full;
  }

  list(): JournalEntry[] {
    return this.entries.map((e) => structuredClone(e));
  }

  clear(): void {
    this.entries = [];
  }
}

export function redactForm(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) out[k] = k === "client_secret" ? "<redacted>" : v;
  return out;
}

const REDACTED = "<redacted>";

/** `value` with every leaf replaced by "<redacted>", keys kept (so a test still sees what was sent, not its value). */
function redactLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactLeaves);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactLeaves(v)]));
  }
  return REDACTED;
}

/** Whether a Flow Service path is a base connection's (whose bodies carry credentials under auth.params). */
export function carriesCredentials(path: string): boolean {
  return /^\/connections(\/[^/]+)?\/?$/.test(path) && path !== "/connections/search";
}

/**
 * A base connection's create or PATCH body with every value under `auth.params` redacted: the
 * credentials of a source account (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update)
 * must never reach the journal, which is served over HTTP and printed by the demo.
 */
export function redactCredentials(body: unknown): unknown {
  if (Array.isArray(body)) {
    return body.map((op) => {
      if (!op || typeof op !== "object") return op;
      const { path, value } = op as { path?: unknown; value?: unknown };
      if (typeof path !== "string" || value === undefined) return op;
      if (/^\/auth\/params(\/|$)/.test(path)) return { ...op, value: redactLeaves(value) };
      if (/^\/auth\/?$/.test(path) && value && typeof value === "object") {
        const v = value as Record<string, unknown>;
        return { ...op, value: "params" in v ? { ...v, params: redactLeaves(v.params) } : v };
      }
      return op;
    });
  }
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const auth = b.auth as Record<string, unknown> | undefined;
    if (auth && typeof auth === "object" && "params" in auth) return { ...b, auth: { ...auth, params: redactLeaves(auth.params) } };
  }
  return body;
}

/** What the journal keeps of a body that is not JSON on a path that carries credentials: nothing of it. */
export const UNREADABLE_CREDENTIALS = "<redacted: a body that is not JSON>";
