// The fault matrix: every provider operation × every fault the emulator can inject, run through the
// provider as the Pulumi engine hosts it (Pulumi's dynamic-provider host over gRPC), with the
// expected outcome of each cell written down and the emulator's stored flows checked afterwards.
import type * as grpc from "@grpc/grpc-js";
import type { FaultRule, RunningEmulator } from "../../emulator";
import { EngineHost, Props, initFailure } from "../helpers/engine";
import { SEEDED, publishable } from "../helpers/emulator";

export const OPERATIONS = ["create draft", "create published", "update (PATCH)", "publish", "disable", "delete", "read (refresh)"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const FAULTS = [
  "429 + Retry-After",
  "429",
  "500",
  "502",
  "503",
  "504",
  "connection reset",
  "timeout",
  "response dropped after commit",
  "412 concurrent edit",
  "401 token expired",
] as const;
export type Fault = (typeof FAULTS)[number];

/**
 * - succeeds: the operation completes in the same run (retried, or its unknown outcome resolved);
 * - fails-then-succeeds: it fails with a clear error, the stack stays consistent, the next run completes it;
 * - refused-edit-kept: it refuses to overwrite an edit made outside Pulumi, and the edit is kept.
 */
export type Expectation = "succeeds" | "fails-then-succeeds" | "refused-edit-kept";

export function expected(op: Operation, fault: Fault): Expectation {
  if (fault === "412 concurrent edit") return op === "update (PATCH)" ? "refused-edit-kept" : "succeeds";
  return "succeeds";
}

/** The request of each operation that the fault hits. */
const TARGET: Record<Operation, Pick<FaultRule, "method" | "path" | "op">> = {
  "create draft": { method: "POST", path: "^/flows$" },
  "create published": { method: "POST", path: "^/flows$" },
  "update (PATCH)": { method: "PATCH" },
  publish: { method: "POST", op: "publish" },
  disable: { method: "POST", op: "disable" },
  delete: { method: "DELETE" },
  "read (refresh)": { method: "GET", path: "^/flows/[^/]+$" },
};

const RULE: Partial<Record<Fault, Omit<FaultRule, "method" | "path" | "op">>> = {
  "429 + Retry-After": { status: 429, retryAfter: "1" },
  "429": { status: 429 },
  "500": { status: 500 },
  "502": { status: 502 },
  "503": { status: 503 },
  "504": { status: 504 },
  "connection reset": { reset: true },
  // The provider's timeout is 1 s in this suite; the emulator still processes the request later.
  timeout: { delayMs: 1500 },
  "response dropped after commit": { dropResponse: true },
};

export interface CellResult {
  op: Operation;
  fault: Fault;
  expected: Expectation;
  observed: Expectation | "unexpected";
  firstError?: string;
  orphans: number;
  duplicates: number;
  lostEdits: number;
  /** Every text the run produced (responses, errors), searched for credentials by the caller. */
  transcript: string;
  problems: string[];
}

/** What Pulumi's state would hold for the one resource of a cell. */
interface Tracked {
  id: string;
  outs: Props;
}

const UI_DESCRIPTION = "edited in the AEP UI";

export class MatrixRunner {
  private seq = 0;

  constructor(
    private readonly host: EngineHost,
    private readonly emu: RunningEmulator,
    private readonly serialized: string,
  ) {}

  private args(extra: Props = {}): Props {
    return { ...publishable(), name: `flow ${this.seq}`, ...extra, __provider: this.serialized };
  }

  private async create(extra: Props): Promise<Tracked> {
    // Prepared without faults, so a failure here is the harness's, not the cell's.
    const { inputs } = await this.host.check("f", {}, this.args(extra));
    const { id, outs } = await this.host.create("f", inputs);
    return { id, outs };
  }

  /** The resource as the operation needs it beforehand, made without faults. */
  private async prepare(op: Operation): Promise<Tracked | undefined> {
    if (op === "create draft" || op === "create published") return undefined;
    // Disabling needs a published flow; every other operation starts from a draft.
    return this.create({ draft: op !== "disable" });
  }

  /** One run of the operation, as `pulumi up`/`refresh`/`destroy` would do it; updates `state` like the engine. */
  private async act(op: Operation, state: { tracked?: Tracked }, transcript: string[]): Promise<void> {
    const record = (x: unknown) => transcript.push(JSON.stringify(x));
    const partial = (err: unknown) => {
      const detail = initFailure(err as grpc.ServiceError);
      if (detail) state.tracked = { id: detail.id, outs: detail.properties };
      throw err;
    };
    const desired = (): Props => {
      const t = state.tracked!;
      switch (op) {
        case "update (PATCH)":
          return this.args({ name: `${t.outs.name} v2`, draft: t.outs.draft });
        case "publish":
          return this.args({ name: t.outs.name, draft: false });
        case "disable":
          return this.args({ name: t.outs.name, draft: false, enabled: false });
        default:
          return this.args({ name: t.outs.name });
      }
    };
    switch (op) {
      case "create draft":
      case "create published": {
        if (state.tracked) return;
        const { inputs } = await this.host.check("f", {}, this.args({ draft: op === "create draft" }));
        const created = await this.host.create("f", inputs).catch(partial);
        record(created);
        state.tracked = { id: created.id, outs: created.outs };
        return;
      }
      case "update (PATCH)":
      case "publish":
      case "disable": {
        const t = state.tracked!;
        const { inputs, failures } = await this.host.check("f", t.outs, desired());
        if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
        const outs = await this.host.update("f", t.id, t.outs, inputs).catch(partial);
        record(outs);
        state.tracked = { id: t.id, outs };
        return;
      }
      case "delete": {
        const t = state.tracked!;
        await this.host.delete("f", t.id, t.outs);
        state.tracked = undefined;
        return;
      }
      case "read (refresh)": {
        const t = state.tracked!;
        const read = await this.host.read("f", t.id, t.outs);
        record(read);
        state.tracked = read.id ? { id: read.id, outs: read.outs } : undefined;
        return;
      }
    }
  }

  async run(op: Operation, fault: Fault): Promise<CellResult> {
    this.seq += 1;
    this.emu.reset();
    const state: { tracked?: Tracked } = { tracked: await this.prepare(op) };
    this.emu.clearJournal();
    const transcript: string[] = [];
    const problems: string[] = [];

    const rule = RULE[fault];
    if (rule) this.emu.addFault({ ...TARGET[op], ...rule });
    if (fault === "401 token expired") this.emu.expireTokens();
    const edited = fault === "412 concurrent edit" && state.tracked !== undefined;
    if (edited) {
      this.emu.editFlow(state.tracked!.id, [{ op: "add", path: "/description", value: UI_DESCRIPTION }]);
    }

    let firstError: string | undefined;
    try {
      await this.act(op, state, transcript);
    } catch (err) {
      firstError = (err as grpc.ServiceError).details ?? (err as Error).message;
      transcript.push(firstError);
    }
    const editKeptAfterFirstRun = !edited || op === "delete" || this.emu.flows().every((f) => f.description === UI_DESCRIPTION);

    let observed: CellResult["observed"] = "succeeds";
    if (firstError !== undefined) {
      if (fault === "412 concurrent edit") {
        observed = /changed outside Pulumi/.test(firstError) && editKeptAfterFirstRun ? "refused-edit-kept" : "unexpected";
      } else {
        // The user runs the same command again once the fault is gone.
        this.emu.clearFaults();
        try {
          await this.act(op, state, transcript);
          observed = "fails-then-succeeds";
        } catch (err) {
          observed = "unexpected";
          problems.push(`second run failed too: ${(err as grpc.ServiceError).details ?? (err as Error).message}`);
        }
      }
    }
    this.emu.clearFaults();

    // Invariants over what the emulator stores, whatever the outcome.
    const flows = this.emu.flows();
    const known = new Set(state.tracked ? [state.tracked.id] : []);
    const orphans = flows.filter((f) => !known.has(f.id) && !(firstError ?? "").includes(f.id)).length;
    const names = flows.map((f) => f.name);
    const duplicates = names.length - new Set(names).size;
    const lostEdits = editKeptAfterFirstRun ? 0 : 1;
    if (state.tracked && !flows.some((f) => f.id === state.tracked!.id) && op !== "delete")
      problems.push("the stack holds a flow the emulator does not have");
    if (op === "delete" && observed !== "unexpected" && flows.length) problems.push("the flow was not deleted");
    if (observed === "succeeds" || observed === "fails-then-succeeds") problems.push(...this.converged(op, state.tracked, flows));

    return {
      op,
      fault,
      expected: expected(op, fault),
      observed,
      firstError,
      orphans,
      duplicates,
      lostEdits,
      transcript: transcript.join("\n"),
      problems,
    };
  }

  /** After success, the emulator's flow is what the operation was asked to make it. */
  private converged(op: Operation, tracked: Tracked | undefined, flows: ReturnType<RunningEmulator["flows"]>): string[] {
    if (op === "delete") return [];
    const flow = flows.find((f) => f.id === tracked?.id);
    if (!flow) return [`no flow ${tracked?.id} in the emulator`];
    const want: Partial<Record<Operation, string>> = {
      "create draft": "draft",
      "create published": "enabled",
      publish: "enabled",
      disable: "disabled",
    };
    const problems: string[] = [];
    if (want[op] && flow.state !== want[op]) problems.push(`state is ${flow.state}, expected ${want[op]}`);
    if (op === "update (PATCH)" && !flow.name.endsWith(" v2")) problems.push(`name is "${flow.name}", the PATCH was lost`);
    if (tracked!.outs.etag !== flow.etag) problems.push(`the stack's etag ${tracked!.outs.etag} is not the flow's ${flow.etag}`);
    return problems;
  }
}

export function leakedSecrets(text: string): string[] {
  const found: string[] = [];
  if (text.includes(SEEDED.clientSecret)) found.push("client secret");
  if (/emu-[A-Za-z0-9_-]{20,}/.test(text)) found.push("access token");
  return found;
}
