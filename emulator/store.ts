// In-memory flows per sandbox, with the Flow Service's rules: etags on every write, the draft →
// enabled ⇄ disabled state machine, JSON Patch on the documented paths only.
import { randomBytes, randomUUID } from "node:crypto";
import { applyPatch, deepClone, Operation } from "fast-json-patch";
import { EmulatorClock } from "./clock";
import { EmulatorError, flowError, notFound } from "./errors";

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
  state: "draft" | "enabled" | "disabled";
  version: string;
  etag: string;
  sourceConnectionIds: string[];
  targetConnectionIds: string[];
  inheritedAttributes: Record<string, unknown>;
  transformations?: unknown[];
  scheduleParams?: Record<string, string>;
  labels?: string[];
  runs: string;
  lastOperation: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Caller {
  sandboxName: string;
  orgId: string;
  clientId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FREQUENCIES = new Set(["once", "minute", "hour", "day", "week"]);
const CREATE_FIELDS = new Set(["name", "description", "flowSpec", "sourceConnectionIds", "targetConnectionIds", "transformations", "scheduleParams", "labels"]);
/** Paths PATCH may touch (reference §2 "Documented patchable paths"). */
const PATCHABLE = /^\/(name|description|labels(\/.*)?|policy(\/.*)?|scheduleParams(\/.*)?|transformations(\/.*)?)$/;

/** A Cosmos-style etag: a quoted GUID-like string, new on every write. */
export function newEtag(): string {
  const hex = randomBytes(10).toString("hex");
  return `"${hex.slice(0, 8)}-0000-0200-0000-${hex.slice(8, 20)}"`;
}

const bad = (message: string, code = 1400) => flowError(code, 400, message);

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw bad(`${field} must be a non-empty string.`);
  return value;
}

function requireIdList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && UUID.test(v))) {
    throw bad(`${field} must be a non-empty array of connection ids.`);
  }
  return [...value];
}

/** Stores schedule values as the API returns them: every value a string. */
function normaliseSchedule(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw bad("scheduleParams must be an object.");
  const s = value as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) {
    if (!["startTime", "frequency", "interval", "backfill"].includes(k)) throw bad(`scheduleParams.${k} is not a schedule parameter.`);
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw bad(`scheduleParams.${k} must be a string, number or boolean.`);
    out[k] = String(v);
  }
  if (!/^\d+$/.test(out.startTime ?? "")) throw bad("scheduleParams.startTime is required and must be epoch seconds.");
  if (!FREQUENCIES.has(out.frequency)) throw bad(`scheduleParams.frequency must be one of ${[...FREQUENCIES].join(", ")}.`);
  if (out.frequency === "once") {
    if (out.interval !== undefined || out.backfill !== undefined) throw bad('scheduleParams.interval and backfill must be absent when frequency is "once".');
  } else {
    const min = out.frequency === "minute" ? 15 : 1;
    if (!/^\d+$/.test(out.interval ?? "") || Number(out.interval) < min) {
      throw bad(`scheduleParams.interval must be an integer of at least ${min} when frequency is "${out.frequency}".`);
    }
  }
  if (out.backfill !== undefined && out.backfill !== "true" && out.backfill !== "false") throw bad("scheduleParams.backfill must be a boolean.");
  return out;
}

function validateTransformations(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw bad("transformations must be an array.");
  value.forEach((t, i) => {
    if (!t || typeof t !== "object" || typeof (t as { name?: unknown }).name !== "string") throw bad(`transformations[${i}] must be an object with a name.`);
  });
  return value;
}

export class FlowStore {
  private readonly sandboxes = new Map<string, Map<string, StoredFlow>>();

  constructor(
    private readonly knownSandboxes: ReadonlySet<string> | undefined,
    private readonly clock: EmulatorClock = new EmulatorClock(),
  ) {}

  private sandbox(name: string): Map<string, StoredFlow> {
    if (this.knownSandboxes && !this.knownSandboxes.has(name)) {
      throw flowError(2100, 404, `Sandbox ${name} not found. The emulator serves: ${[...this.knownSandboxes].join(", ")}.`);
    }
    let flows = this.sandboxes.get(name);
    if (!flows) this.sandboxes.set(name, (flows = new Map()));
    return flows;
  }

  reset(): void {
    this.sandboxes.clear();
  }

  /** Every flow of every sandbox (control plane and tests). */
  all(): StoredFlow[] {
    return [...this.sandboxes.values()].flatMap((m) => [...m.values()]).map((f) => deepClone(f));
  }

  create(caller: Caller, body: unknown, draft: boolean): StoredFlow {
    if (body === undefined || body === null || (typeof body === "object" && Object.keys(body).length === 0)) {
      throw flowError(1405, 400, "The request body is empty.");
    }
    if (typeof body !== "object" || Array.isArray(body)) throw bad("The request body must be a JSON object.");
    const b = body as Record<string, unknown>;
    if ("state" in b) throw flowError(1410, 400, "state cannot be set when creating a flow; use the /action endpoint.");
    for (const key of Object.keys(b)) if (!CREATE_FIELDS.has(key)) throw bad(`${key} is not a flow property.`);
    const spec = b.flowSpec as { id?: unknown; version?: unknown } | undefined;
    if (!spec || typeof spec !== "object" || typeof spec.id !== "string" || !UUID.test(spec.id)) {
      throw flowError(1413, 400, "flowSpec.id is missing or is not a valid flow spec id.");
    }
    if (typeof spec.version !== "string") throw bad("flowSpec.version must be a string such as \"1.0\".");
    const flows = this.sandbox(caller.sandboxName);
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
      flowSpec: { id: spec.id, version: spec.version },
      state: draft ? "draft" : "enabled",
      version: etag,
      etag,
      sourceConnectionIds,
      targetConnectionIds,
      inheritedAttributes: {
        sourceConnections: sourceConnectionIds.map((cid) => ({ id: cid })),
        targetConnections: targetConnectionIds.map((cid) => ({ id: cid })),
        properties: { isSourceFlow: true },
      },
      runs: `/runs?property=flowId==${id}`,
      lastOperation: { started: now, updated: now, percentCompleted: 100, status: { value: "completed", errors: [] }, operation: "create" },
    };
    if (b.description !== undefined) {
      if (typeof b.description !== "string") throw bad("description must be a string.");
      flow.description = b.description;
    }
    if (b.transformations !== undefined) flow.transformations = deepClone(validateTransformations(b.transformations));
    if (b.scheduleParams !== undefined) flow.scheduleParams = normaliseSchedule(b.scheduleParams);
    if (b.labels !== undefined) flow.labels = deepClone(b.labels) as string[];
    flows.set(id, flow);
    return deepClone(flow);
  }

  get(sandboxName: string, id: string): StoredFlow {
    const flow = this.sandbox(sandboxName).get(id);
    if (!flow) throw notFound(id);
    return deepClone(flow);
  }

  list(sandboxName: string): StoredFlow[] {
    return [...this.sandbox(sandboxName).values()].map((f) => deepClone(f));
  }

  patch(caller: Caller, id: string, ifMatch: string | undefined, body: unknown, opts: { checkEtag?: boolean } = {}): StoredFlow {
    const flows = this.sandbox(caller.sandboxName);
    const flow = flows.get(id);
    if (!flow) throw notFound(id);
    if (opts.checkEtag !== false) {
      if (!ifMatch) throw flowError(1403, 400, "The If-Match header is required for PATCH.");
      checkEtag(flow, ifMatch);
    }
    if (body === undefined || (Array.isArray(body) && body.length === 0)) throw flowError(1405, 400, "The request body is empty.");
    if (!Array.isArray(body)) throw flowError(1455, 400, "Invalid patch instructions: the body must be a JSON Patch array.");
    const ops: Operation[] = body.map((raw, i) => {
      if (!raw || typeof raw !== "object") throw flowError(1455, 400, `Invalid patch instructions: operation ${i} is not an object.`);
      const { op, path, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
      const verb = typeof op === "string" ? op.toLowerCase() : "";
      if (verb !== "add" && verb !== "replace" && verb !== "remove") {
        throw flowError(1434, 400, `Invalid patch operation "${String(op)}": only add, replace and remove are supported.`);
      }
      if (typeof path !== "string" || !PATCHABLE.test(path)) {
        throw flowError(1455, 400, `Invalid patch instructions: path "${String(path)}" cannot be patched.`);
      }
      if (verb !== "remove" && value === undefined) throw flowError(1455, 400, `Invalid patch instructions: operation ${i} has no value.`);
      return verb === "remove" ? { op: verb, path } : { op: verb, path, value };
    });
    const next = deepClone(flow) as StoredFlow;
    try {
      applyPatch(next, ops, true, true);
    } catch (err) {
      throw flowError(1455, 400, `Invalid patch instructions: ${(err as Error).message.split("\n")[0]}`);
    }
    requireString(next.name, "name");
    if (next.description !== undefined && typeof next.description !== "string") throw bad("description must be a string.");
    if (next.scheduleParams !== undefined) next.scheduleParams = normaliseSchedule(next.scheduleParams);
    const previousStart = flow.scheduleParams?.startTime;
    if (flow.state !== "draft" && previousStart !== undefined && next.scheduleParams?.startTime !== previousStart && Number(previousStart) * 1000 < this.clock.now()) {
      throw flowError(1455, 400, "scheduleParams.startTime cannot be changed once the flow's original start time has passed.");
    }
    if (next.transformations !== undefined) validateTransformations(next.transformations);
    const written = stamp(next, caller, "update", ops, this.clock.now());
    flows.set(id, written);
    return deepClone(written);
  }

  action(caller: Caller, id: string, op: string, ifMatch: string | undefined): StoredFlow {
    const flows = this.sandbox(caller.sandboxName);
    const flow = flows.get(id);
    if (!flow) throw notFound(id);
    if (ifMatch) checkEtag(flow, ifMatch);
    const verb = op.toLowerCase();
    let state: StoredFlow["state"];
    switch (verb) {
      case "publish":
        if (flow.state !== "draft") throw flowError(1444, 400, `Flow ${id} is not in expected state: only a draft can be published (it is ${flow.state}).`);
        state = "enabled";
        break;
      case "enable":
      case "disable":
        if (flow.state === "draft" || flow.state === (verb === "enable" ? "enabled" : "disabled")) {
          throw flowError(1422, 400, `action ${verb} cannot be applied on the current state (${flow.state}).`);
        }
        state = verb === "enable" ? "enabled" : "disabled";
        break;
      case "finalize":
      case "finalize_update":
        throw flowError(1402, 400, `Operation ${op} is reserved for providers.`);
      default:
        throw bad(`Unknown action op "${op}": expected publish, enable or disable.`);
    }
    const written = stamp({ ...deepClone(flow), state }, caller, verb, [], this.clock.now());
    flows.set(id, written);
    return deepClone(written);
  }

  delete(sandboxName: string, id: string): void {
    const flows = this.sandbox(sandboxName);
    if (!flows.delete(id)) throw notFound(id);
  }

  /** Control plane: an edit as if made in the AEP UI (no etag check), e.g. to create drift. */
  editOutOfBand(id: string, ops: unknown): StoredFlow {
    for (const [sandboxName, flows] of this.sandboxes) {
      const flow = flows.get(id);
      if (flow) return this.patch({ sandboxName, orgId: flow.imsOrgId, clientId: "exc_app" }, id, undefined, ops, { checkEtag: false });
    }
    throw notFound(id);
  }

  /** Control plane: an action (enable, disable, publish) as if clicked in the AEP UI. */
  actionOutOfBand(id: string, op: string): StoredFlow {
    for (const [sandboxName, flows] of this.sandboxes) {
      const flow = flows.get(id);
      if (flow) return this.action({ sandboxName, orgId: flow.imsOrgId, clientId: "exc_app" }, id, op, undefined);
    }
    throw notFound(id);
  }

  /** Control plane: delete a flow in whatever sandbox holds it. */
  deleteOutOfBand(id: string): void {
    for (const flows of this.sandboxes.values()) if (flows.delete(id)) return;
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

function sandboxId(name: string): string {
  return `sbx-${Buffer.from(name).toString("hex").slice(0, 24)}`;
}
