// What every store of a sandbox's items shares: the items of each sandbox by id, made on first use,
// and the answer to a sandbox that does not exist. "Every sandbox has its own independent library of
// Platform resources" (https://experienceleague.adobe.com/en/docs/experience-platform/sandbox/home).
import type { EmulatorClock } from "../clock";
import { platformError } from "../errors";
import type { Sandboxes } from "../sandboxes";

export abstract class PerSandboxStore<T> {
  protected readonly bySandbox = new Map<string, Map<string, T>>();

  constructor(
    protected readonly sandboxes: Sandboxes,
    protected readonly clock: EmulatorClock,
  ) {}

  /** A sandbox's items, without checking or seeding the sandbox (an empty map the first time). */
  protected map(name: string): Map<string, T> {
    let items = this.bySandbox.get(name);
    if (!items) this.bySandbox.set(name, (items = new Map()));
    return items;
  }

  /**
   * A sandbox's items, its fixtures seeded. Data Prep, the Catalog and the Schema Registry document no sandbox error of
   * their own: a sandbox that does not exist is the Flow Service's 404 (2100) in the platform's shape (the Flow
   * Service's own stores answer its 2100 body).
   */
  protected sandbox(name: string): Map<string, T> {
    if (!this.sandboxes.open(name)) throw platformError(404, `The sandbox with the name '${name}' could not be found.`);
    return this.map(name);
  }

  /** Forgets every sandbox's items. */
  reset(): void {
    this.bySandbox.clear();
  }
}
