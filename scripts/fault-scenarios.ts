// What the fault suites record for scripts/fault-figures.ts: one JSON file of scenarios, shared
// across the test files of one `npm run test:faults`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./pulumi-cli";

export const FIGURES_FILE = path.join(ROOT, ".pulumi-state", "fault-figures.json");

export interface Scenario {
  suite: "engine matrix" | "CLI" | "pipeline" | "bad inputs" | "emulator" | "endpoint faults" | "tokens" | "crash" | "fidelity";
  name: string;
  expected: string;
  observed: string;
  passed: boolean;
  orphans?: number;
  duplicates?: number;
  lostEdits?: number;
  secretsFound?: number;
  /** Bad-input rows: refused in check (or warned about, for a rule the service does not declare), with nothing written. */
  judgedBeforeWrite?: boolean;
  /** Crash rows: flows the stack does not hold, and flows made twice, at the end of the row. */
  crashOrphans?: number;
  crashDuplicates?: number;
}

export function readScenarios(): Scenario[] | undefined {
  return existsSync(FIGURES_FILE) ? JSON.parse(readFileSync(FIGURES_FILE, "utf8")) : undefined;
}

export function recordScenarios(scenarios: Scenario[]): void {
  mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  const replaced = new Set(scenarios.map((s) => `${s.suite}|${s.name}`));
  const kept = (readScenarios() ?? []).filter((s) => !replaced.has(`${s.suite}|${s.name}`));
  writeFileSync(FIGURES_FILE, JSON.stringify([...kept, ...scenarios], null, 2));
}
