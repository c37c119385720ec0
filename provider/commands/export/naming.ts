// Stable, readable Pulumi resource names and config keys for exported flows. Pure.
import type { Flow } from "../../adobe/types";

export function slug(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || "flow";
}

/** Resource names from flow names; the same name twice gets -2, -3 … in creation order. */
export function resourceNames(flows: Flow[]): Map<string, string> {
  const ordered = [...flows].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id.localeCompare(b.id));
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const flow of ordered) {
    const base = slug(flow.name);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    names.set(flow.id, name);
  }
  return names;
}

export type IdKind = "source" | "target" | "mapping";

/**
 * Config keys for sandbox-specific ids: `<kind>-<first 8 hex digits>`, readable and stable, and
 * longer where two ids of a kind share those digits, so that no two ids ever get the same key.
 */
export class IdKeys {
  private readonly keys = new Map<string, string>();

  constructor(ids: { kind: IdKind; id: string }[]) {
    const byKind = new Map<IdKind, Set<string>>();
    for (const { kind, id } of ids) (byKind.get(kind) ?? byKind.set(kind, new Set()).get(kind)!).add(id);
    for (const [kind, set] of byKind) {
      const hexes = [...set].map((id) => [id, id.replace(/-/g, "").toLowerCase()] as const);
      for (const [id, hex] of hexes) {
        let length = 8;
        while (length < hex.length && hexes.some(([other, h]) => other !== id && h.slice(0, length) === hex.slice(0, length))) length += 4;
        this.keys.set(`${kind}:${id}`, `${kind}-${hex.slice(0, length)}`);
      }
    }
  }

  key(kind: IdKind, id: string): string {
    const key = this.keys.get(`${kind}:${id}`);
    if (!key) throw new Error(`no config key for ${kind} id ${id}`);
    return key;
  }
}
