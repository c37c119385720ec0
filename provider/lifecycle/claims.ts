// Which entity each resource of this run holds, as far as the provider process can tell. The engine
// runs one provider process per `pulumi up`/`refresh`/`destroy`, and every call carrying an
// entity's id (diff, read, update, create, delete), of every kind, passes through it: so the process
// can make sure that no entity is held by two resources, and that an entity another resource has
// just taken over is never deleted by the delete of the resource that let go of it (a rename
// without an alias).

/**
 * - seen: a refresh read it (the resource may still be removed from the program in this run);
 * - held: an existing resource keeps this entity (diff without replace, update);
 * - replacing: an existing resource is being replaced: its entity goes once the replacement exists;
 * - created / adopted / recovered: a create of this run made, adopted (`adoptId`) or found (after a
 *   lost answer) this entity.
 */
export type Claim = "seen" | "held" | "replacing" | "created" | "adopted" | "recovered";

export class Claims {
  private readonly claims = new Map<string, Claim>();

  private static key(sandboxName: string, id: string): string {
    return `${sandboxName}/${id}`;
  }

  note(sandboxName: string, id: string, claim: Claim): void {
    const key = Claims.key(sandboxName, id);
    // A refresh read never weakens what a create or diff of this run established.
    if (claim === "seen" && this.claims.has(key)) return;
    this.claims.set(key, claim);
  }

  get(sandboxName: string, id: string): Claim | undefined {
    return this.claims.get(Claims.key(sandboxName, id));
  }

  /**
   * Takes the entity for an adoption, atomically (no await between the look and the note): two
   * resources adopting the same entity concurrently cannot both get it. Returns the claim that
   * stood in the way, if any; `release` undoes a reservation whose adoption failed.
   */
  reserve(sandboxName: string, id: string): Claim | undefined {
    const existing = this.get(sandboxName, id);
    if (existing !== undefined && existing !== "seen") return existing;
    this.claims.set(Claims.key(sandboxName, id), "adopted");
    return undefined;
  }

  release(sandboxName: string, id: string): void {
    this.claims.delete(Claims.key(sandboxName, id));
  }

  /** Whether any call of this run concerned the entity: then it belongs to a resource of the stack. */
  isClaimed(sandboxName: string, id: string): boolean {
    return this.claims.has(Claims.key(sandboxName, id));
  }

  /**
   * Whether the delete of a resource must leave the entity alone because another resource of this
   * run holds it: it adopted or recovered it in this run, or keeps it (two resources of a damaged
   * stack holding one entity). An entity being replaced, or one nobody else touched, is deleted.
   */
  heldByAnother(sandboxName: string, id: string): Claim | undefined {
    const claim = this.get(sandboxName, id);
    return claim === "adopted" || claim === "recovered" || claim === "held" ? claim : undefined;
  }
}
