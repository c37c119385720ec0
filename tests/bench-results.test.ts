// bench/RESULTS.md after one section ran alone: the section and its goal rows put in place, the rest as it was.
import { spliceSection } from "../scripts/bench-results";

const PREVIOUS = [
  "# Benchmark results",
  "",
  "2026-01-01 · full run",
  "",
  "## 2. Pipeline",
  "",
  "| operation | calls |",
  "|---|---|",
  "| create | 8 |",
  "",
  "## 4. Overhead",
  "",
  "old overhead",
  "",
  "## Goals",
  "",
  "| goal | measured | met |",
  "|---|---|---|",
  "| pipeline at the minimum | 1.00 | yes |",
  "| overhead ≤ 1.15 | 1.23 | no: why |",
  "",
  "Total benchmark time: 681.4 s.",
  "",
].join("\n");

const printed = (calls: number, met: string) =>
  [
    "# Benchmark results",
    "",
    "2026-02-02 · alone",
    "",
    "## 3. Empty sandbox",
    "",
    "| operation | calls |",
    "|---|---|",
    `| stand up | ${calls} |`,
    "",
    "## Goals",
    "",
    "| goal | measured | met |",
    "|---|---|---|",
    `| empty sandbox at the minimum | 1.00 | ${met} |`,
    "",
    "Total benchmark time: 30.0 s.",
  ].join("\n");

describe("spliceSection", () => {
  it("puts a new section before the first one numbered higher, and adds its goal row to the Goals table", () => {
    expect(spliceSection(PREVIOUS, printed(13, "yes")).split("\n")).toEqual([
      "# Benchmark results",
      "",
      "2026-01-01 · full run",
      "",
      "## 2. Pipeline",
      "",
      "| operation | calls |",
      "|---|---|",
      "| create | 8 |",
      "",
      "## 3. Empty sandbox",
      "",
      "| operation | calls |",
      "|---|---|",
      "| stand up | 13 |",
      "",
      "## 4. Overhead",
      "",
      "old overhead",
      "",
      "## Goals",
      "",
      "| goal | measured | met |",
      "|---|---|---|",
      "| pipeline at the minimum | 1.00 | yes |",
      "| overhead ≤ 1.15 | 1.23 | no: why |",
      "| empty sandbox at the minimum | 1.00 | yes |",
      "",
      "Total benchmark time: 681.4 s.",
      "",
    ]);
  });

  it("replaces the section and goal row a previous run of the same section wrote, keeping everything else", () => {
    const once = spliceSection(PREVIOUS, printed(13, "yes"));
    const twice = spliceSection(once, printed(14, "no: over"));
    expect(twice).toEqual(
      once.replace("| stand up | 13 |", "| stand up | 14 |").replace("| 1.00 | yes |\n\nTotal", "| 1.00 | no: over |\n\nTotal"),
    );
    expect(twice.match(/## 3\./g)).toHaveLength(1);
  });

  it("refuses a results file without a Goals table, saying what to run", () => {
    expect(() => spliceSection("# Benchmark results\n\n## 2. Pipeline\n", printed(13, "yes"))).toThrow(
      "bench/RESULTS.md has no Goals table: run the whole benchmark (npm run bench) once first.",
    );
  });
});
