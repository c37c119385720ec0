// Flow runs, read-only for clients (`GET /runs?property=flowId==…`, `GET /runs/{id}`), seeded by
// tests through the control plane. Shape from the monitoring tutorial, which also shows that a
// "success" run can carry failed records:
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/monitor
import { randomUUID } from "node:crypto";
import { deepClone } from "fast-json-patch";
import type { EmulatorClock } from "../clock";
import { notFound } from "../errors";
import { newEtag } from "./entities";

export interface StoredRun {
  id: string;
  flowId: string;
  sandboxName: string;
  createdAt: number;
  updatedAt: number;
  etag: string;
  metrics: Record<string, unknown>;
  activities: unknown[];
  [extra: string]: unknown;
}

/** What a test gives to seed a run: the flow and, optionally, its status and record counts. */
export interface RunSeed {
  flowId: string;
  sandboxName?: string;
  status?: "success" | "failed" | "inProgress" | "partialSuccess";
  inputRecordCount?: number;
  outputRecordCount?: number;
  failedRecordCount?: number;
  errors?: { code: string; message: string }[];
  startedAtUTC?: number;
  completedAtUTC?: number;
}

export class RunStore {
  private runs: StoredRun[] = [];

  constructor(private readonly clock: EmulatorClock) {}

  seed(seed: RunSeed): StoredRun {
    const now = this.clock.now();
    const started = seed.startedAtUTC ?? now - 60_000;
    const run: StoredRun = {
      id: randomUUID(),
      flowId: seed.flowId,
      sandboxName: seed.sandboxName ?? "prod",
      createdAt: started,
      updatedAt: seed.completedAtUTC ?? now,
      etag: newEtag(),
      metrics: {
        durationSummary: { startedAtUTC: started, completedAtUTC: seed.completedAtUTC ?? now },
        recordSummary: {
          inputRecordCount: seed.inputRecordCount ?? 0,
          outputRecordCount: seed.outputRecordCount ?? 0,
          failedRecordCount: seed.failedRecordCount ?? 0,
        },
        statusSummary: { status: seed.status ?? "success", errors: seed.errors ?? [] },
      },
      activities: [],
    };
    this.runs.push(run);
    return deepClone(run);
  }

  list(sandboxName: string): StoredRun[] {
    return this.runs.filter((r) => r.sandboxName === sandboxName).map((r) => deepClone(r));
  }

  get(sandboxName: string, id: string): StoredRun {
    const run = this.runs.find((r) => r.sandboxName === sandboxName && r.id === id);
    // Adobe documents the not-found body for flows (1439); an unknown run gets the same, naming "runs" (undocumented).
    if (!run) throw notFound(id, "runs");
    return deepClone(run);
  }

  reset(): void {
    this.runs = [];
  }
}
