// Which sandboxes exist, and the fixtures each one starts with. "Every sandbox has its own
// independent library of Platform resources", and a new one starts empty of customer resources
// (https://experienceleague.adobe.com/en/docs/experience-platform/sandbox/home); the emulator seeds
// the given fixtures into each sandbox the first time it is used, so every sandbox starts alike.

export class Sandboxes {
  private readonly opened = new Set<string>();
  private seed: (name: string) => void = () => undefined;

  constructor(private readonly known: ReadonlySet<string> | "any") {}

  /** The names given at start ("any" accepts every well-formed name). */
  names(): string[] {
    return this.known === "any" ? [...this.opened] : [...this.known];
  }

  exists(name: string): boolean {
    return this.known === "any" || this.known.has(name);
  }

  /** Called once per sandbox, before its first use, to put its fixtures in. */
  onFirstUse(seed: (name: string) => void): void {
    this.seed = seed;
  }

  /** Marks a sandbox used (seeding it the first time); false for one that does not exist. */
  open(name: string): boolean {
    if (!this.exists(name)) return false;
    if (!this.opened.has(name)) {
      this.opened.add(name);
      this.seed(name);
    }
    return true;
  }

  /** Forgets every sandbox's contents; the known ones are seeded again at once. */
  reset(): void {
    this.opened.clear();
    if (this.known !== "any") for (const name of this.known) this.open(name);
  }
}

// The `sandboxId` every entity carries. Adobe's examples show a UUID (flow-service.yaml's FlowItemDTO,
// https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml) and say nothing
// of how it is made; the emulator derives a stable id from the name so that it is the same after a reset.
export function sandboxId(name: string): string {
  return `sbx-${Buffer.from(name).toString("hex").slice(0, 24)}`;
}
