// What the tenant container's field groups and schemas share as stores: per-sandbox items keyed by `$id`, found by
// `$id` or `meta:altId`; lookups with a versioned Accept; lists; deletes. The rules of each kind live in its own store.
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started
import type { Caller } from "../caller";
import type { EmulatorClock } from "../clock";
import type { Query } from "../query";
import type { Sandboxes } from "../sandboxes";
import { PerSandboxStore } from "./per-sandbox";
import type { RegistryView } from "./registry";
import { XdmResource, checkLookupAccept, registryList, rendered, resourceNotFound } from "./xdm";

export abstract class TenantResourceStore<T extends XdmResource> extends PerSandboxStore<T> {
  /** The not-found code of this kind (resourceNotFound) and its list path. */
  protected abstract readonly notFoundCode: number;
  protected abstract readonly path: string;

  constructor(
    sandboxes: Sandboxes,
    clock: EmulatorClock,
    protected readonly registry: () => RegistryView,
  ) {
    super(sandboxes, clock);
  }

  /** The fields of `resource` with its `allOf` resolved (what `xed-full` shows as `properties`). */
  protected abstract resolved(sandboxName: string, resource: T): Record<string, unknown>;

  /** By `$id` (a path parameter's URL-encoded `$id`, decoded) or `meta:altId`. */
  find(sandboxName: string, idOrAltId: string): T | undefined {
    const items = this.bySandbox.get(sandboxName);
    if (!items) return undefined;
    return items.get(idOrAltId) ?? [...items.values()].find((s) => s["meta:altId"] === idOrAltId);
  }

  /** A sandbox's items, without seeding it. */
  items(sandboxName: string): T[] {
    return [...(this.bySandbox.get(sandboxName)?.values() ?? [])];
  }

  /** The item a write names, or the kind's 404 (the version is the one Adobe's message names for a write: 1). */
  protected existing(caller: Caller, idOrAltId: string): T {
    this.sandbox(caller.sandboxName);
    const found = this.find(caller.sandboxName, idOrAltId);
    if (!found) throw resourceNotFound(this.notFoundCode, idOrAltId, "1");
    return found;
  }

  /** `GET /tenant/{kind}`: an unversioned Accept (XDM-1006-400 otherwise). */
  list(sandboxName: string, acceptHeader: string | undefined, query: Query): Record<string, unknown> {
    return registryList([...this.map(sandboxName).values()], this.path, acceptHeader, query);
  }

  /**
   * `GET /tenant/{kind}/{meta:altId | URL-encoded $id}`: a versioned Accept (XDM-1007-400 otherwise). The version names
   * the major version; another major is answered as not found, which Adobe does not document for this case.
   */
  lookup(sandboxName: string, idOrAltId: string, acceptHeader: string | undefined): Record<string, unknown> {
    const format = checkLookupAccept(acceptHeader);
    const found = this.find(sandboxName, idOrAltId);
    if (!found || found.version.split(".")[0] !== format.major) throw resourceNotFound(this.notFoundCode, idOrAltId, format.major);
    return rendered(found, () => this.resolved(sandboxName, found), format);
  }

  /** Stores `item` under its `$id` and answers a copy. */
  protected store(sandboxName: string, item: T): T {
    this.map(sandboxName).set(item.$id, item);
    return { ...item };
  }

  /** `DELETE`: 204 and a later lookup's 404; `check` refuses first if it must. */
  remove(caller: Caller, idOrAltId: string, check: (item: T) => void = () => undefined): void {
    const item = this.existing(caller, idOrAltId);
    check(item);
    this.map(caller.sandboxName).delete(item.$id);
  }

  all(): (T & { sandboxName: string })[] {
    return [...this.bySandbox.entries()].flatMap(([sandboxName, m]) => [...m.values()].map((s) => ({ ...s, sandboxName })));
  }
}
