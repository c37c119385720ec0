// Every request the emulator received, in order, for tests and the demo to assert on. Credentials
// are redacted before they are recorded: the journal is served over HTTP and printed by the demo.

export interface JournalEntry {
  seq: number;
  service: "flowservice" | "ims" | "dataprep" | "catalog" | "schemaregistry";
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
