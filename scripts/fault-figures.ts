// Prints the figures of `npm run test:faults` as tables, from what the suites recorded.
// Exits non-zero when a scenario failed or nothing was recorded.
import * as path from "node:path";
import { FIGURES_FILE, Scenario, readScenarios } from "./fault-scenarios";
import { ROOT } from "./pulumi-cli";

const recorded = readScenarios();
if (!recorded) {
  process.stderr.write(`fault-figures: ${path.relative(ROOT, FIGURES_FILE)} is missing: the fault suites did not run\n`);
  process.exit(1);
}
const all: Scenario[] = recorded;
// Crash rows have figures of their own (before and after recovery), printed below.
const sum = (f: (s: Scenario) => number | undefined) => all.filter((s) => s.suite !== "crash").reduce((n, s) => n + (f(s) ?? 0), 0);
const bad = all.filter((s) => s.suite === "bad inputs");
const bySuite = (suite: string) => all.filter((s) => s.suite === suite);

const rows: [string, string][] = [
  ["scenarios run", String(all.length)],
  ["scenarios passed", String(all.filter((s) => s.passed).length)],
  [
    "  engine matrix (operation × fault)",
    `${bySuite("engine matrix").filter((s) => s.passed).length} / ${bySuite("engine matrix").length}`,
  ],
  ["  through the Pulumi CLI", `${bySuite("CLI").filter((s) => s.passed).length} / ${bySuite("CLI").length}`],
  ["  pipeline: connections, mapping sets (CLI)", `${bySuite("pipeline").filter((s) => s.passed).length} / ${bySuite("pipeline").length}`],
  ["  emulator, malformed requests", `${bySuite("emulator").filter((s) => s.passed).length} / ${bySuite("emulator").length}`],
  [
    "  emulator, every fault on every endpoint",
    `${bySuite("endpoint faults").filter((s) => s.passed).length} / ${bySuite("endpoint faults").length}`,
  ],
  ["  token lifecycle", `${bySuite("tokens").filter((s) => s.passed).length} / ${bySuite("tokens").length}`],
  ["  crashes mid-create (CLI or provider killed)", `${bySuite("crash").filter((s) => s.passed).length} / ${bySuite("crash").length}`],
  ["  fidelity to Adobe (modelled and handled)", `${bySuite("fidelity").filter((s) => s.passed).length} / ${bySuite("fidelity").length}`],
  // Flows, and in the pipeline rows connections and mapping sets too.
  ["orphaned entities", String(sum((s) => s.orphans))],
  ["duplicated entities", String(sum((s) => s.duplicates))],
  ["lost concurrent edits", String(sum((s) => s.lostEdits))],
  ["secrets found (outputs, errors, debug log, CLI output)", String(sum((s) => s.secretsFound))],
  ["bad inputs refused (or warned) in check, nothing written", `${bad.filter((s) => s.judgedBeforeWrite).length} / ${bad.length}`],
];
const width = Math.max(...rows.map(([k]) => k.length));
const valueWidth = Math.max(5, ...rows.map(([, v]) => v.length));
process.stdout.write(
  `\nFault suite figures\n| ${"figure".padEnd(width)} | ${"value".padStart(valueWidth)} |\n|${"-".repeat(width + 2)}|${"-".repeat(valueWidth + 2)}|\n`,
);
for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v.padStart(valueWidth)} |\n`);

// The matrix itself: S = succeeds in the same run, F→S = fails clearly then the next run succeeds,
// R = refuses to overwrite an edit made outside Pulumi (kept). ✗ marks a cell that did not hold.
const matrix = bySuite("engine matrix").filter((s) => s.name.includes(" × "));
const ops = [...new Set(matrix.map((s) => s.name.split(" × ")[0]))];
const faults = [...new Set(matrix.map((s) => s.name.split(" × ")[1]))];
const code = (s: Scenario | undefined) =>
  !s
    ? "—"
    : `${{ succeeds: "S", "fails-then-succeeds": "F→S", "refused-edit-kept": "R" }[s.expected] ?? s.expected}${s.passed ? "" : " ✗"}`;
if (matrix.length) {
  process.stdout.write(`\n| operation \\ fault | ${faults.join(" | ")} |\n|---|${faults.map(() => "---").join("|")}|\n`);
  for (const op of ops) {
    process.stdout.write(`| ${op} | ${faults.map((f) => code(matrix.find((s) => s.name === `${op} × ${f}`))).join(" | ")} |\n`);
  }
}
// Fidelity to Adobe: behaviour, source, modelled by the emulator, the test that shows the provider handles it.
const fidelity = bySuite("fidelity");
if (fidelity.length) {
  process.stdout.write(`\n| behaviour | documented in | emulator models it | provider handles it (test) |\n|---|---|---|---|\n`);
  for (const s of fidelity) {
    const [modelled, test] = s.observed.split("|");
    process.stdout.write(`| ${s.name} | ${s.expected} | ${modelled} | ${test}${s.passed ? "" : " ✗"} |\n`);
  }
}

// Crash figures: a `pulumi up` of 30 flows killed after ten creates landed.
const crashes = bySuite("crash");
if (crashes.length) {
  process.stdout.write(`\n| crash mid-create (30 flows, --parallel 10) | orphans | duplicates |\n|---|---|---|\n`);
  for (const s of crashes) process.stdout.write(`| ${s.name} | ${s.crashOrphans ?? "—"} | ${s.crashDuplicates ?? "—"} |\n`);
}
const failed = all.filter((s) => !s.passed);
for (const s of failed) process.stdout.write(`✗ ${s.suite}: ${s.name}: expected ${s.expected}, observed ${s.observed}\n`);
process.exit(failed.length ? 1 : 0);
