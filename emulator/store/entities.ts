// The one lifecycle of every Flow Service entity (flows, base, source and target connections), per
// sandbox: drafts with `?mode=draft` where the spec supports them, quoted Cosmos-style etags new on
// every write and action (`version` equal to `etag`), JSON Patch with `If-Match` (1403 missing,
// 1404-412 mismatch, 1434 unsupported op), the draft → published states and the kind's actions, its
// transitional states, publish and delete refusals, access labels, `lastOperation`, and the
// created/updated stamps. What differs per kind is declared in kinds/*.ts.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft and the
// catalogue https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { randomBytes, randomUUID } from "node:crypto";
import { applyPatch, deepClone, Operation as PatchOp } from "fast-json-patch";
import type { Behaviour } from "../behaviour";
import { Caller, uiCaller } from "../caller";
import type { EmulatorClock } from "../clock";
import { EmulatorError, flowServiceError, forbidden, invalid, notFound } from "../errors";
import type { StoredEntity } from "../kinds/entity";
import type { EntityKind, KindContext, Operation } from "../kinds/kind";
import type { References } from "../kinds/references";
import { Sandboxes, sandboxId } from "../sandboxes";
import { SettledState, Transition, percentCompleted } from "../transitions";
import { PerSandboxStore } from "./per-sandbox";

/**
 * A Cosmos-style etag: a quoted GUID-like string, new on every write (the spec's and the tutorials' examples, e.g.
 * `"7e05f181-0000-0200-0000-638e84f40000"` with its quotes:
 * https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/flow-service.yaml).
 */
export function newEtag(): string {
  const hex = randomBytes(10).toString("hex");
  return `"${hex.slice(0, 8)}-0000-0200-0000-${hex.slice(8, 20)}"`;
}

const emptyBody = () =>
  flowServiceError(1405, 400, "The request body cannot be null or empty. Please provide a request body and try again.");

export class EntityStore<T extends StoredEntity> extends PerSandboxStore<T> {
  /** Keyed by sandbox and id: fixtures use the same ids in every sandbox. */
  private readonly transitions = new Map<string, Transition>();

  constructor(
    readonly kind: EntityKind<T>,
    sandboxes: Sandboxes,
    clock: EmulatorClock,
    private readonly behaviour: () => Behaviour,
    private readonly refs: () => References,
  ) {
    super(sandboxes, clock);
  }

  private context(caller: Caller): KindContext {
    const behaviour = this.behaviour();
    return { caller, behaviour, refs: this.refs(), now: this.clock.now(), checks: behaviour.referentialChecks === "enforce" };
  }

  /** A sandbox's entities, its fixtures seeded and its transitions settled; the Flow Service's 2100 for an unknown one. */
  protected override sandbox(name: string): Map<string, T> {
    if (!this.sandboxes.open(name)) {
      throw flowServiceError(
        2100,
        404,
        `The sandbox with the name '${name}' could not be found. Please ensure that the sandbox name is correct and try again.`,
      );
    }
    const entities = this.map(name);
    this.settle(name, entities);
    return entities;
  }

  /** Ends the transitions whose time is up (the emulator settles lazily, at the next access). */
  private settle(sandboxName: string, entities: Map<string, T>): void {
    const now = this.clock.now();
    for (const [key, t] of this.transitions) {
      const [sandbox, id] = key.split("/");
      const entity = sandbox === sandboxName ? entities.get(id) : undefined;
      if (!entity || now < t.until) continue;
      this.transitions.delete(key);
      if (t.settlesTo === "deleted") entities.delete(id);
      else
        entities.set(id, {
          ...entity,
          state: t.settlesTo,
          lastOperation: { ...entity.lastOperation, percentCompleted: 100, status: { value: "completed", errors: [] } },
        });
    }
  }

  private begin(entity: T, operation: string, settlesTo: Transition["settlesTo"]): T {
    const ms = this.behaviour().transitionMs;
    const state = this.kind.transitions[operation];
    if (ms <= 0 || !state) return entity;
    const now = this.clock.now();
    this.transitions.set(`${entity.sandboxName}/${entity.id}`, { state, settlesTo, started: now, until: now + ms });
    return {
      ...entity,
      state,
      lastOperation: { ...entity.lastOperation, percentCompleted: 0, status: { value: "inProgress", errors: [] } },
    };
  }

  /** The stored entity with a transition's progress filled in. */
  private current(entity: T): T {
    const t = this.transitions.get(`${entity.sandboxName}/${entity.id}`);
    const copy = deepClone(entity) as T;
    if (t) copy.lastOperation = { ...copy.lastOperation, percentCompleted: percentCompleted(t, this.clock.now()) };
    return copy;
  }

  private view(entity: T): Record<string, unknown> {
    return this.kind.view(this.current(entity), this.behaviour());
  }

  /** Whether the caller's role has every label the entity carries (an unlabelled one is visible to all). */
  private visible(entity: T, caller: Caller): boolean {
    return caller.roleLabels === "all" || (entity.labels ?? []).every((l) => (caller.roleLabels as ReadonlySet<string>).has(l));
  }

  /** An entity the caller may see, else the same 404 a deleted one gets. */
  private find(caller: Caller, id: string, forWrite: boolean): T {
    const entity = this.sandbox(caller.sandboxName).get(id);
    if (!entity) throw notFound(id, this.kind.path);
    // A labelled entity is invisible (404) to a role without the label, and its writes are forbidden (403):
    // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/labels
    if (!this.visible(entity, caller)) throw forWrite ? forbidden() : notFound(id, this.kind.path);
    return entity;
  }

  override reset(): void {
    super.reset();
    this.transitions.clear();
  }

  /** The stored entity as other entities see it (no labels, no sandbox check); undefined when absent. */
  peek(sandboxName: string, id: string): T | undefined {
    const entities = this.bySandbox.get(sandboxName);
    if (!entities) return undefined;
    this.settle(sandboxName, entities);
    const entity = entities.get(id);
    return entity && this.current(entity);
  }

  /** Every stored entity of a sandbox, as other entities see them. */
  peekAll(sandboxName: string): T[] {
    const entities = this.bySandbox.get(sandboxName);
    if (!entities) return [];
    this.settle(sandboxName, entities);
    return [...entities.values()].map((e) => this.current(e));
  }

  /** Every entity of every sandbox, as the control plane shows them. */
  all(): Record<string, unknown>[] {
    for (const [name, entities] of this.bySandbox) this.settle(name, entities);
    return [...this.bySandbox.values()].flatMap((m) => [...m.values()]).map((e) => this.kind.controlView(this.current(e)));
  }

  create(caller: Caller, body: unknown, draft: boolean, fixedId?: string): T {
    if (body === undefined || body === null || (typeof body === "object" && Object.keys(body).length === 0)) throw emptyBody();
    if (typeof body !== "object" || Array.isArray(body)) throw invalid("the request body must be a JSON object");
    const given = body as Record<string, unknown>;
    this.kind.precheck?.(given);
    // Adobe documents no refusal of unknown fields: behaviour `unknownFields` ignores them (default) or refuses them (1100).
    const unknown = Object.keys(given).filter((key) => !this.kind.fields.has(key));
    if (unknown.length && this.behaviour().unknownFields === "refuse") throw invalid(`${unknown[0]} is not a ${this.kind.noun} property`);
    const b = Object.fromEntries(Object.entries(given).filter(([key]) => this.kind.fields.has(key)));
    const spec = this.kind.spec(b);
    // The draft tutorial: check attributes.isDraftModeSupported before using mode=draft. Only an explicit false counts, and
    // Adobe documents no refusal for it: behaviour `draftOnUnsupportedSpec`.
    if (draft && !spec.draftSupported && this.behaviour().draftOnUnsupportedSpec === "reject") {
      throw invalid(
        `${this.kind.noun === "flow" ? "flow" : "connection"} spec ${spec.name} (${spec.id}) does not support drafts (attributes.isDraftModeSupported is false); create the ${this.kind.noun} without mode=draft`,
      );
    }
    const entities = this.sandbox(caller.sandboxName);
    const ctx = this.context(caller);
    const now = ctx.now;
    const id = fixedId ?? randomUUID();
    const etag = newEtag();
    const fields = this.kind.build(ctx, b, draft, spec);
    const entity = {
      id,
      createdAt: now,
      updatedAt: now,
      // "…@AdobeID" and the IMS client, as the spec's FlowItemDTO and the update tutorial's GET show them.
      createdBy: `${caller.clientId}@AdobeID`,
      updatedBy: `${caller.clientId}@AdobeID`,
      createdClient: caller.clientId,
      updatedClient: caller.clientId,
      sandboxId: sandboxId(caller.sandboxName),
      sandboxName: caller.sandboxName,
      imsOrgId: caller.orgId,
      ...fields,
      // New flows are "enabled by default" (the destination update tutorial); a draft's state is "draft" (the filter
      // tutorial's draft source connection). Connections are "enabled" too (the spec's state examples).
      state: draft ? "draft" : "enabled",
      version: etag,
      etag,
      // A draft's operation is "draft_create" (the filter tutorial's draft source connection shows it:
      // https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/filter).
      lastOperation: {
        started: now,
        updated: now,
        percentCompleted: 100,
        status: { value: "completed", errors: [] },
        operation: draft ? "draft_create" : "create",
      },
    } as unknown as T;
    withId(entity, id);
    if (!draft) {
      const blocked = this.kind.publishBlocker(ctx, entity, "create");
      if (blocked) throw blocked;
    }
    entities.set(id, entity);
    return this.current(entity);
  }

  get(caller: Caller, id: string): Record<string, unknown> {
    return this.view(this.find(caller, id, false));
  }

  /**
   * The caller's entities as a GET shows them: those hidden by an access label are left out. The labels tutorial says such
   * a user cannot "view" the dataflow and shows the 404 of a GET by id; what a list shows is inferred from that.
   */
  list(caller: Caller): Record<string, unknown>[] {
    return [...this.sandbox(caller.sandboxName).values()].filter((e) => this.visible(e, caller)).map((e) => this.view(e));
  }

  private refuseDuringTransition(entity: T, operation: Operation): void {
    const t = this.transitions.get(`${entity.sandboxName}/${entity.id}`);
    if (!t) return;
    const own = this.kind.duringTransition?.(t, operation);
    if (own) throw own;
    if (t.state === "delete-finalizing") {
      throw operation === "delete"
        ? flowServiceError(1458, 400, "Operation delete cannot be applied in state delete-finalizing.")
        : flowServiceError(1457, 400, "Operation update cannot be applied in state delete-finalizing.");
    }
    if (operation === "update") throw flowServiceError(1420, 400, `The current state ${t.state} cannot be updated.`);
    throw flowServiceError(1421, 400, `The current state ${t.state} cannot be transitioned.`);
  }

  patch(caller: Caller, id: string, ifMatch: string | undefined, body: unknown, opts: { checkEtag?: boolean; ui?: boolean } = {}): T {
    const entities = this.sandbox(caller.sandboxName);
    const entity = this.find(caller, id, true);
    // If-Match is required on PATCH ("you must add an if-match header", the spec's if-match parameter): 1403, 1404-412.
    if (opts.checkEtag !== false) {
      if (!ifMatch)
        throw flowServiceError(1403, 400, "The header 'If-Match' is missing in the request. Please provide the header and try again.");
      checkEtag(entity, ifMatch, this.behaviour());
    }
    this.refuseDuringTransition(entity, "update");
    const ctx = this.context(caller);
    // The AEP UI edits a connection's name, description and params whatever paths the API takes (an assumption: Adobe
    // documents the UI's edits, not the paths they use).
    if (opts.ui) ctx.behaviour = { ...ctx.behaviour, connectionPatchPaths: "lenient" };
    const guarded = this.kind.writeGuard?.(ctx, entity, "update");
    if (guarded) throw guarded;
    // 1405 for an empty body; a body that is not a JSON Patch array is 1455 (the catalogue's patch validation error).
    if (body === undefined || (Array.isArray(body) && body.length === 0)) throw emptyBody();
    const fail = this.kind.patchFail;
    if (!Array.isArray(body)) throw fail("the body must be a JSON Patch array");
    const ops: PatchOp[] = body.map((raw, i) => {
      if (!raw || typeof raw !== "object") throw fail(`operation ${i} is not an object`);
      const { op, path, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
      // add, replace and remove are the ops the tutorials use (the labels tutorial lists them); any letter case; 1434 for others.
      const verb = typeof op === "string" ? op.toLowerCase() : "";
      if (verb !== "add" && verb !== "replace" && verb !== "remove") {
        throw flowServiceError(
          1434,
          400,
          `Unsupported operation '${String(op)}' received. Please use one of the supported operation types and try again.`,
        );
      }
      if (typeof path !== "string") throw fail(`operation ${i} has no path`);
      const refused = this.kind.patchPath(path, ctx);
      if (refused) throw refused;
      if (verb !== "remove" && value === undefined) throw fail(`operation ${i} has no value`);
      return verb === "remove" ? { op: verb, path } : { op: verb, path, value };
    });
    const next = deepClone(entity) as T;
    try {
      applyPatch(next, ops, true, true);
    } catch (err) {
      // The library's message names the path, never the value.
      throw fail((err as Error).message.split("\n")[0]);
    }
    const checked = this.kind.afterPatch(ctx, entity, next);
    const recorded = this.kind.recordedOps ? this.kind.recordedOps(ops) : ops;
    const written = this.begin(stamp(checked, caller, "update", recorded, ctx.now), "update", entity.state as SettledState);
    entities.set(id, written);
    return this.current(written);
  }

  action(caller: Caller, id: string, op: string, ifMatch: string | undefined): T {
    const entities = this.sandbox(caller.sandboxName);
    // If-Match is optional on an action (the spec's /flows/{id}/action, `required: false`), checked when sent. A label the
    // caller lacks forbids an action (403) as it forbids PATCH and DELETE: the labels tutorial names only those two.
    const entity = this.find(caller, id, true);
    if (ifMatch) checkEtag(entity, ifMatch, this.behaviour());
    this.refuseDuringTransition(entity, "action");
    // The spec's op enum is upper case (ENABLE, PUBLISH…); the tutorials send lower case: any case is taken.
    const verb = op.toLowerCase();
    let state: SettledState;
    if (verb === "publish") {
      if (entity.state !== "draft") throw this.kind.notDraft(entity);
      const blocked = this.kind.publishBlocker(this.context(caller), entity, "publish");
      if (blocked) throw blocked;
      // A published entity is enabled (the UI draft guide: "once published", a dataflow is enabled).
      state = "enabled";
    } else {
      state = this.kind.action(verb, entity);
    }
    const written = this.begin(stamp({ ...deepClone(entity), state }, caller, verb, [], this.clock.now()), verb, state);
    entities.set(id, written);
    return this.current(written);
  }

  delete(caller: Caller, id: string): void {
    const entities = this.sandbox(caller.sandboxName);
    const entity = this.find(caller, id, true);
    this.refuseDuringTransition(entity, "delete");
    const ctx = this.context(caller);
    const refused = this.kind.writeGuard?.(ctx, entity, "delete") ?? (ctx.checks ? this.kind.deleteBlocker(ctx, entity) : undefined);
    if (refused) throw refused;
    const finalizing = this.begin(entity, "delete", "deleted");
    if (finalizing === entity) entities.delete(id);
    else entities.set(id, finalizing);
  }

  /** Control plane: an edit as if made in the AEP UI (no etag check, no label check), e.g. to create drift. */
  editOutOfBand(id: string, ops: unknown, sandboxName?: string): T {
    const { sandbox, entity } = this.locate(id, sandboxName);
    return this.patch(uiCaller(sandbox, entity.imsOrgId), id, undefined, ops, { checkEtag: false, ui: true });
  }

  /** Control plane: an action (e.g. enable, disable, publish) as if clicked in the AEP UI. */
  actionOutOfBand(id: string, op: string, sandboxName?: string): T {
    const { sandbox, entity } = this.locate(id, sandboxName);
    return this.action(uiCaller(sandbox, entity.imsOrgId), id, op, undefined);
  }

  /** Control plane: delete an entity at once, whatever uses it. */
  deleteOutOfBand(id: string, sandboxName?: string): void {
    const { sandbox } = this.locate(id, sandboxName);
    this.bySandbox.get(sandbox)!.delete(id);
    this.transitions.delete(`${sandbox}/${id}`);
  }

  /** Stores an entity made elsewhere exactly as given (e.g. a destination dataflow), bypassing the kind's checks. */
  seedAsGiven(sandboxName: string, doc: Record<string, unknown>, defaults: Record<string, unknown>): T {
    const entities = this.sandbox(sandboxName);
    const now = this.clock.now();
    const id = typeof doc.id === "string" ? doc.id : randomUUID();
    const etag = newEtag();
    const entity = {
      createdAt: now,
      updatedAt: now,
      sandboxName,
      sandboxId: sandboxId(sandboxName),
      state: "enabled",
      lastOperation: { operation: "create", status: { value: "completed" }, percentCompleted: 100 },
      ...defaults,
      ...doc,
      id,
      etag,
      version: etag,
    } as unknown as T;
    withId(entity, id);
    entities.set(id, entity);
    return this.current(entity);
  }

  /**
   * Stores an entity through the kind's own checks, with a fixed id when given and the state it
   * should have ("draft", "enabled" or "disabled"): fixtures and control-plane seeds.
   */
  seedChecked(sandboxName: string, orgId: string, body: Record<string, unknown>, opts: { id?: string; state?: SettledState } = {}): T {
    const state = opts.state ?? "enabled";
    const caller = uiCaller(sandboxName, orgId);
    const created = this.create(caller, body, state === "draft", opts.id);
    if (state === "disabled") {
      const entities = this.map(sandboxName);
      entities.set(created.id, { ...entities.get(created.id)!, state: "disabled" });
    }
    return this.current(this.map(sandboxName).get(created.id)!);
  }

  private locate(id: string, sandboxName?: string): { sandbox: string; entity: T } {
    const found: { sandbox: string; entity: T }[] = [];
    for (const [sandbox, entities] of this.bySandbox) {
      if (sandboxName !== undefined && sandbox !== sandboxName) continue;
      this.settle(sandbox, entities);
      const entity = entities.get(id);
      if (entity) found.push({ sandbox, entity });
    }
    if (found.length === 0) throw notFound(id, this.kind.path);
    if (found.length > 1) {
      throw invalid(`${this.kind.noun} ${id} is in several sandboxes (${found.map((f) => f.sandbox).join(", ")}): name the sandbox`);
    }
    return found[0];
  }
}

/** Fills the entity's own id into fields that name it (a flow's `runs` link). */
function withId(entity: StoredEntity, id: string): void {
  if (typeof entity.runs === "string") entity.runs = entity.runs.replace("{id}", id);
}

// 1404-412. The catalogue's message is "The supplied version '…' does not match the current version on entity '…'";
// the body here is the destinations spec's 412 example ("Supplied version=[…] does not match the current version on
// entity=[…]", https://github.com/AdobeDocs/experience-platform-apis/blob/main/static/swagger-specs/destinations.yaml).
// Adobe documents no wildcard: `*` matches any version as RFC 9110 says (behaviour `ifMatchWildcard`), or is a mismatch,
// so that a client relying on it, which could overwrite someone else's edit wherever the service honours it, is caught.
function checkEtag(entity: StoredEntity, ifMatch: string, behaviour: Pick<Behaviour, "ifMatchWildcard">): void {
  if (ifMatch.trim() === "*" && behaviour.ifMatchWildcard === "matches") return;
  if (ifMatch !== entity.etag) {
    throw new EmulatorError(412, {
      ...flowServiceError(1404, 412, "Version not matching").body,
      errorMessage: `Supplied version=[${ifMatch}] does not match the current version on entity=[${entity.etag}]`,
      errorDetails: `Supplied version=[${ifMatch}] does not match the current version on entity=[${entity.etag}]`,
    });
  }
}

// Every write and action: new etag (version equal to it) and `lastOperation` with the ops and "update" (the update
// tutorial's GET, https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/update-dataflows).
// For an action the operation is its verb ("enable", "publish"): undocumented. updatedAt never goes back (the clock may).
function stamp<T extends StoredEntity>(entity: T, caller: Caller, operation: string, ops: unknown[], clockNow: number): T {
  const now = Math.max(clockNow, entity.updatedAt + 1);
  const etag = newEtag();
  return {
    ...entity,
    updatedAt: now,
    updatedBy: `${caller.clientId}@AdobeID`,
    updatedClient: caller.clientId,
    etag,
    version: etag,
    lastOperation: { started: now, updated: now, percentCompleted: 100, status: { value: "completed", errors: [] }, ops, operation },
  };
}
