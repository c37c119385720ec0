// Flows per sandbox, with the Flow Service's rules: drafts, etags on every write, the draft →
// enabled ⇄ disabled state machine with its transitional states, JSON Patch on the documented
// paths, bodies checked against the flow spec, access labels, and values kept in the spec's types.
// Sources: https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/draft,
// .../sources/api-tutorials/update-dataflows, .../sources/api-tutorials/labels, and the error catalogue
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors
import { randomBytes, randomUUID } from "node:crypto";
import { applyPatch, deepClone, Operation } from "fast-json-patch";
import type { Behaviour } from "../behaviour";
import { EmulatorClock } from "../clock";
import { EmulatorError, flowError, forbidden, invalid, notFound } from "../errors";
import { FlowSpec, flowSpec } from "../specs";
import { TRANSITION_OF, Transition, percentCompleted } from "../transitions";
import { createFail, incompleteForPublish, optionsFor, scheduleFor, transformationsFor } from "../validate";

export interface StoredFlow {
  id: string;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  updatedBy: string;
  createdClient: string;
  updatedClient: string;
  sandboxId: string;
  sandboxName: string;
  imsOrgId: string;
  name: string;
  description?: string;
  flowSpec: { id: string; version: string };
  state: string;
  version: string;
  etag: string;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  inheritedAttributes: Record<string, unknown>;
  transformations?: unknown[];
  scheduleParams?: Record<string, unknown>;
  options?: Record<string, unknown>;
  labels?: string[];
  runs: string;
  lastOperation: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Caller {
  sandboxName: string;
  orgId: string;
  clientId: string;
  /** Access labels the caller's role has; "all" for a role without label restrictions. */
  roleLabels: ReadonlySet<string> | "all";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CREATE_FIELDS = new Set([
  "name",
  "description",
  "flowSpec",
  "sourceConnectionIds",
  "targetConnectionIds",
  "transformations",
  "scheduleParams",
  "options",
  "labels",
]);
/** Paths PATCH may touch: the update tutorial's, labels (access labels tutorial) and options (partial ingestion). */
const PATCHABLE = /^\/(name|description|labels(\/.*)?|policy(\/.*)?|scheduleParams(\/.*)?|transformations(\/.*)?|options(\/.*)?)$/;

/** A Cosmos-style etag: a quoted GUID-like string, new on every write. */
export function newEtag(): string {
  const hex = randomBytes(10).toString("hex");
  return `"${hex.slice(0, 8)}-0000-0200-0000-${hex.slice(8, 20)}"`;
}

function requireString(value: unknown, field: string, fail = createFail): string {
  if (typeof value !== "string" || value.trim() === "") throw fail(`${field} must be a non-empty string`);
  return value;
}

function requireIdList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && UUID.test(v))) {
    throw invalid(`${field} must be a non-empty array of connection ids`);
  }
  return [...value];
}

function requireLabels(value: unknown, fail = createFail): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0))
    throw fail('labels must be an array of label names such as "core/C12"');
  return [...value];
}

export function sandboxId(name: string): string {
  return `sbx-${Buffer.from(name).toString("hex").slice(0, 24)}`;
}

const patchFail = (message: string) => flowError(1455, 400, `An error has occurred while validating patch instructions: ${message}`);

export class FlowStore {
  private readonly sandboxes = new Map<string, Map<string, StoredFlow>>();
  private readonly transitions = new Map<string, Transition>();

  constructor(
    private readonly knownSandboxes: ReadonlySet<string> | undefined,
    private readonly clock: EmulatorClock,
    private readonly behaviour: () => Behaviour,
  ) {}

  /** A sandbox's flows; 2100-404 for a sandbox that does not exist (the catalogue's "Sandbox not found"). */
  private sandbox(name: string): Map<string, StoredFlow> {
    if (this.knownSandboxes && !this.knownSandboxes.has(name)) {
      throw flowError(
        2100,
        404,
        `The sandbox with the name '${name}' could not be found. Please ensure that the sandbox name is correct and try again.`,
      );
    }
    let flows = this.sandboxes.get(name);
    if (!flows) this.sandboxes.set(name, (flows = new Map()));
    this.settle(flows);
    return flows;
  }

  /** Ends the transitions whose time is up (the emulator settles lazily, at the next access). */
  private settle(flows: Map<string, StoredFlow>): void {
    const now = this.clock.now();
    for (const [id, t] of this.transitions) {
      const flow = flows.get(id);
      if (!flow || now < t.until) continue;
      this.transitions.delete(id);
      if (t.settlesTo === "deleted") flows.delete(id);
      else
        flows.set(id, {
          ...flow,
          state: t.settlesTo,
          lastOperation: { ...flow.lastOperation, percentCompleted: 100, status: { value: "completed", errors: [] } },
        });
    }
  }

  private begin(flow: StoredFlow, operation: string, settlesTo: Transition["settlesTo"]): StoredFlow {
    const ms = this.behaviour().transitionMs;
    if (ms <= 0) return flow;
    const now = this.clock.now();
    const t: Transition = { state: TRANSITION_OF[operation], settlesTo, started: now, until: now + ms };
    this.transitions.set(flow.id, t);
    return {
      ...flow,
      state: t.state,
      lastOperation: { ...flow.lastOperation, percentCompleted: 0, status: { value: "inProgress", errors: [] } },
    };
  }

  /** The flow as a GET shows it (a transition's progress filled in). */
  private view(flow: StoredFlow): StoredFlow {
    const t = this.transitions.get(flow.id);
    const copy = deepClone(flow) as StoredFlow;
    if (t) copy.lastOperation = { ...copy.lastOperation, percentCompleted: percentCompleted(t, this.clock.now()) };
    return copy;
  }

  /** Whether the caller's role has every label the flow carries (an unlabelled flow is visible to all). */
  private visible(flow: StoredFlow, caller: Caller): boolean {
    return caller.roleLabels === "all" || (flow.labels ?? []).every((l) => (caller.roleLabels as ReadonlySet<string>).has(l));
  }

  /** A flow the caller may see, else the same 404 a deleted flow gets. */
  private find(caller: Caller, id: string, forWrite: boolean): StoredFlow {
    const flow = this.sandbox(caller.sandboxName).get(id);
    if (!flow) throw notFound(id);
    // A labelled flow is invisible (404) to a role without the label, and its writes are forbidden (403).
    if (!this.visible(flow, caller)) throw forWrite ? forbidden() : notFound(id);
    return flow;
  }

  private specOf(id: string, fail = createFail): FlowSpec {
    const spec = flowSpec(id);
    if (!spec) throw flowError(1413, 400, `The spec ID ${id} provided is invalid. Please provide a valid spec ID and try again.`);
    void fail;
    return spec;
  }

  reset(): void {
    this.sandboxes.clear();
    this.transitions.clear();
  }

  /** Every flow of every sandbox (control plane and tests), as stored. */
  all(): StoredFlow[] {
    for (const flows of this.sandboxes.values()) this.settle(flows);
    return [...this.sandboxes.values()].flatMap((m) => [...m.values()]).map((f) => this.view(f));
  }

  create(caller: Caller, body: unknown, draft: boolean): StoredFlow {
    if (body === undefined || body === null || (typeof body === "object" && Object.keys(body).length === 0)) {
      throw flowError(1405, 400, "The request body cannot be null or empty. Please provide a request body and try again.");
    }
    if (typeof body !== "object" || Array.isArray(body)) throw invalid("the request body must be a JSON object");
    const b = body as Record<string, unknown>;
    if ("state" in b) throw flowError(1410, 400, "`State` is not allowed in the create flow request.");
    for (const key of Object.keys(b)) if (!CREATE_FIELDS.has(key)) throw invalid(`${key} is not a flow property`);
    const ref = b.flowSpec as { id?: unknown; version?: unknown } | undefined;
    if (!ref || typeof ref !== "object" || typeof ref.id !== "string" || !UUID.test(ref.id)) {
      throw flowError(1413, 400, "The spec ID provided is invalid. Please provide a valid spec ID and try again.");
    }
    if (typeof ref.version !== "string") throw invalid('flowSpec.version must be a string such as "1.0"');
    const spec = this.specOf(ref.id);
    // The draft tutorial: check attributes.isDraftModeSupported before using mode=draft.
    if (draft && spec.attributes.isDraftModeSupported !== true && this.behaviour().draftOnUnsupportedSpec === "reject") {
      throw invalid(
        `flow spec ${spec.name} (${spec.id}) does not support drafts (attributes.isDraftModeSupported is false); create the flow without mode=draft`,
      );
    }
    const flows = this.sandbox(caller.sandboxName);
    const behaviour = this.behaviour();
    const now = this.clock.now();
    const id = randomUUID();
    const etag = newEtag();
    const sourceConnectionIds = requireIdList(b.sourceConnectionIds, "sourceConnectionIds");
    const targetConnectionIds = requireIdList(b.targetConnectionIds, "targetConnectionIds");
    const flow: StoredFlow = {
      id,
      createdAt: now,
      updatedAt: now,
      createdBy: `${caller.clientId}@AdobeID`,
      updatedBy: `${caller.clientId}@AdobeID`,
      createdClient: caller.clientId,
      updatedClient: caller.clientId,
      sandboxId: sandboxId(caller.sandboxName),
      sandboxName: caller.sandboxName,
      imsOrgId: caller.orgId,
      name: requireString(b.name, "name"),
      flowSpec: { id: ref.id, version: ref.version },
      state: draft ? "draft" : "enabled",
      version: etag,
      etag,
      sourceConnectionIds,
      targetConnectionIds,
      inheritedAttributes: {
        sourceConnections: sourceConnectionIds.map((cid) => ({ id: cid })),
        targetConnections: targetConnectionIds.map((cid) => ({ id: cid })),
        properties: { isSourceFlow: spec.attributes.isSourceFlow === true },
      },
      runs: `/runs?property=flowId==${id}`,
      // A draft's operation is "draft_create" (the filter tutorial's draft source connection shows it).
      lastOperation: {
        started: now,
        updated: now,
        percentCompleted: 100,
        status: { value: "completed", errors: [] },
        operation: draft ? "draft_create" : "create",
      },
    };
    if (b.description !== undefined) {
      if (typeof b.description !== "string") throw invalid("description must be a string");
      flow.description = b.description;
    }
    if (b.transformations !== undefined) flow.transformations = transformationsFor(spec, b.transformations, behaviour, createFail);
    if (b.scheduleParams !== undefined) flow.scheduleParams = scheduleFor(spec, b.scheduleParams, behaviour, createFail);
    if (b.options !== undefined) flow.options = optionsFor(spec, b.options, behaviour, createFail);
    if (b.labels !== undefined) flow.labels = requireLabels(b.labels);
    if (!draft) {
      const incomplete = incompleteForPublish(spec, flow);
      if (incomplete) throw invalid(incomplete);
    }
    flows.set(id, flow);
    return this.view(flow);
  }

  get(caller: Caller, id: string): StoredFlow {
    return this.view(this.find(caller, id, false));
  }

  /** The caller's flows: those hidden by an access label are left out. */
  list(caller: Caller): StoredFlow[] {
    return [...this.sandbox(caller.sandboxName).values()].filter((f) => this.visible(f, caller)).map((f) => this.view(f));
  }

  private refuseDuringTransition(flow: StoredFlow, operation: "update" | "action" | "delete"): void {
    const t = this.transitions.get(flow.id);
    if (!t) return;
    if (t.state === "delete-finalizing") {
      throw operation === "delete"
        ? flowError(1458, 400, "Operation delete cannot be applied in state delete-finalizing.")
        : flowError(1457, 400, "Operation update cannot be applied in state delete-finalizing.");
    }
    if (operation === "update") throw flowError(1420, 400, `The current state ${t.state} cannot be updated.`);
    throw flowError(1421, 400, `The current state ${t.state} cannot be transitioned.`);
  }

  patch(caller: Caller, id: string, ifMatch: string | undefined, body: unknown, opts: { checkEtag?: boolean } = {}): StoredFlow {
    const flows = this.sandbox(caller.sandboxName);
    const flow = this.find(caller, id, true);
    if (opts.checkEtag !== false) {
      if (!ifMatch) throw flowError(1403, 400, "The header 'If-Match' is missing in the request. Please provide the header and try again.");
      checkEtag(flow, ifMatch);
    }
    this.refuseDuringTransition(flow, "update");
    if (body === undefined || (Array.isArray(body) && body.length === 0)) {
      throw flowError(1405, 400, "The request body cannot be null or empty. Please provide a request body and try again.");
    }
    if (!Array.isArray(body)) throw patchFail("the body must be a JSON Patch array");
    const ops: Operation[] = body.map((raw, i) => {
      if (!raw || typeof raw !== "object") throw patchFail(`operation ${i} is not an object`);
      const { op, path, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
      const verb = typeof op === "string" ? op.toLowerCase() : "";
      if (verb !== "add" && verb !== "replace" && verb !== "remove") {
        throw flowError(
          1434,
          400,
          `Unsupported operation '${String(op)}' received. Please use one of the supported operation types and try again.`,
        );
      }
      if (typeof path !== "string" || !PATCHABLE.test(path)) throw patchFail(`path "${String(path)}" cannot be patched`);
      if (verb !== "remove" && value === undefined) throw patchFail(`operation ${i} has no value`);
      return verb === "remove" ? { op: verb, path } : { op: verb, path, value };
    });
    const next = deepClone(flow) as StoredFlow;
    try {
      applyPatch(next, ops, true, true);
    } catch (err) {
      throw patchFail((err as Error).message.split("\n")[0]);
    }
    const spec = this.specOf(flow.flowSpec.id);
    const behaviour = this.behaviour();
    requireString(next.name, "name", patchFail);
    if (next.description !== undefined && typeof next.description !== "string") throw patchFail("description must be a string");
    if (next.scheduleParams !== undefined) next.scheduleParams = scheduleFor(spec, next.scheduleParams, behaviour, patchFail);
    if (next.transformations !== undefined) next.transformations = transformationsFor(spec, next.transformations, behaviour, patchFail);
    if (next.options !== undefined) next.options = optionsFor(spec, next.options, behaviour, patchFail);
    if (next.labels !== undefined) next.labels = requireLabels(next.labels, patchFail);
    // "startTime cannot change once it has passed" (update tutorial).
    const previousStart = flow.scheduleParams?.startTime;
    if (
      flow.state !== "draft" &&
      previousStart !== undefined &&
      String(next.scheduleParams?.startTime) !== String(previousStart) &&
      Number(previousStart) * 1000 < this.clock.now()
    ) {
      throw patchFail("scheduleParams.startTime cannot be changed once the flow's original start time has passed");
    }
    if (flow.state !== "draft") {
      const incomplete = incompleteForPublish(spec, next);
      if (incomplete) throw patchFail(incomplete);
    }
    const written = this.begin(stamp(next, caller, "update", ops, this.clock.now()), "update", flow.state as Transition["settlesTo"]);
    flows.set(id, written);
    return this.view(written);
  }

  action(caller: Caller, id: string, op: string, ifMatch: string | undefined): StoredFlow {
    const flows = this.sandbox(caller.sandboxName);
    const flow = this.find(caller, id, true);
    if (ifMatch) checkEtag(flow, ifMatch);
    this.refuseDuringTransition(flow, "action");
    const verb = op.toLowerCase();
    let state: "enabled" | "disabled";
    switch (verb) {
      case "publish": {
        if (flow.state !== "draft") throw flowError(1444, 400, `Flow ${id} is not in expected state draft.`);
        const incomplete = incompleteForPublish(this.specOf(flow.flowSpec.id), flow);
        if (incomplete) throw flowError(1444, 400, `Flow ${id} is not in expected state: ${incomplete}.`);
        state = "enabled";
        break;
      }
      case "enable":
      case "disable":
        if (flow.state === "draft" || flow.state === (verb === "enable" ? "enabled" : "disabled")) {
          throw flowError(
            1422,
            400,
            `The action ${verb} cannot be applied on the current state ${flow.state}. Please update the action and try again.`,
          );
        }
        state = verb === "enable" ? "enabled" : "disabled";
        break;
      case "finalize":
      case "finalize_update":
        throw flowError(1402, 400, `The action '${verb}' is supported for provider requests only.`);
      default:
        throw invalid(`unknown action op "${op}": expected publish, enable or disable`);
    }
    const written = this.begin(stamp({ ...deepClone(flow), state }, caller, verb, [], this.clock.now()), verb, state);
    flows.set(id, written);
    return this.view(written);
  }

  delete(caller: Caller, id: string): void {
    const flows = this.sandbox(caller.sandboxName);
    const flow = this.find(caller, id, true);
    this.refuseDuringTransition(flow, "delete");
    const finalizing = this.begin(flow, "delete", "deleted");
    if (finalizing === flow) flows.delete(id);
    else flows.set(id, finalizing);
  }

  /** Control plane: an edit as if made in the AEP UI (no etag check, no label check), e.g. to create drift. */
  editOutOfBand(id: string, ops: unknown): StoredFlow {
    const { sandboxName, flow } = this.locate(id);
    return this.patch({ sandboxName, orgId: flow.imsOrgId, clientId: "exc_app", roleLabels: "all" }, id, undefined, ops, {
      checkEtag: false,
    });
  }

  /** Control plane: an action (enable, disable, publish) as if clicked in the AEP UI. */
  actionOutOfBand(id: string, op: string): StoredFlow {
    const { sandboxName, flow } = this.locate(id);
    return this.action({ sandboxName, orgId: flow.imsOrgId, clientId: "exc_app", roleLabels: "all" }, id, op, undefined);
  }

  /** Control plane: delete a flow in whatever sandbox holds it, at once. */
  deleteOutOfBand(id: string): void {
    const { sandboxName } = this.locate(id);
    this.sandboxes.get(sandboxName)!.delete(id);
    this.transitions.delete(id);
  }

  /**
   * Control plane: a flow made elsewhere, stored as given (e.g. a destination dataflow, which shares
   * `/flows` with source dataflows: https://experienceleague.adobe.com/en/docs/experience-platform/dataflows/api/sort-and-filter).
   */
  seed(sandboxName: string, doc: Record<string, unknown>): StoredFlow {
    const flows = this.sandbox(sandboxName);
    const now = this.clock.now();
    const id = typeof doc.id === "string" ? doc.id : randomUUID();
    const etag = newEtag();
    const flow = {
      createdAt: now,
      updatedAt: now,
      sandboxName,
      sandboxId: sandboxId(sandboxName),
      state: "enabled",
      sourceConnectionIds: [],
      targetConnectionIds: [],
      inheritedAttributes: {},
      runs: `/runs?property=flowId==${id}`,
      lastOperation: { operation: "create", status: { value: "completed" }, percentCompleted: 100 },
      ...doc,
      id,
      etag,
      version: etag,
    } as unknown as StoredFlow;
    flows.set(id, flow);
    return this.view(flow);
  }

  private locate(id: string): { sandboxName: string; flow: StoredFlow } {
    for (const [sandboxName, flows] of this.sandboxes) {
      this.settle(flows);
      const flow = flows.get(id);
      if (flow) return { sandboxName, flow };
    }
    throw notFound(id);
  }
}

function checkEtag(flow: StoredFlow, ifMatch: string): void {
  if (ifMatch !== flow.etag && ifMatch !== "*") {
    throw new EmulatorError(412, {
      ...flowError(1404, 412, "Version not matching").body,
      errorMessage: `Supplied version=[${ifMatch}] does not match the current version on entity=[${flow.etag}]`,
      errorDetails: `Supplied version=[${ifMatch}] does not match the current version on entity=[${flow.etag}]`,
    });
  }
}

function stamp(flow: StoredFlow, caller: Caller, operation: string, ops: Operation[], clockNow: number): StoredFlow {
  const now = Math.max(clockNow, flow.updatedAt + 1);
  const etag = newEtag();
  return {
    ...flow,
    updatedAt: now,
    updatedBy: `${caller.clientId}@AdobeID`,
    updatedClient: caller.clientId,
    etag,
    version: etag,
    lastOperation: { started: now, updated: now, percentCompleted: 100, status: { value: "completed", errors: [] }, ops, operation },
  };
}
