// bench/RESULTS.md when one section of the benchmark ran alone (`npm run bench -- --only <section>`): its figures put
// in place of the last full run's, the rest kept. Pure text handling, tested in tests/bench-results.test.ts.

/** The lines of `text` from its `## <n>.` heading (or `## Goals`) up to the next `## ` heading; [-1, -1] when absent. */
function sectionRange(lines: string[], heading: string): [number, number] {
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) return [-1, -1];
  const next = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return [start, next < 0 ? lines.length : next];
}

/**
 * bench/RESULTS.md (`previous`) with what a run of one section printed (`printed`: its `## <n>.` section and a Goals
 * table of its goals) put in place: the section replaces the one of the same number, or goes before the first one
 * numbered higher; each goal row replaces the row of the same goal, or is added to the Goals table. The rest is kept
 * as the last full run measured it. Pure; throws when `previous` has no Goals table.
 */
export function spliceSection(previous: string, printed: string): string {
  const old = previous.split("\n");
  const fresh = printed.split("\n");
  const heading = fresh.find((l) => /^## \d+\. /.test(l))!;
  const number = Number(/^## (\d+)\./.exec(heading)![1]);
  const [from, to] = sectionRange(fresh, heading.slice(0, heading.indexOf(".") + 1));
  const section = fresh.slice(from, to);
  const [oldFrom, oldTo] = sectionRange(old, `## ${number}.`);
  if (oldFrom >= 0) old.splice(oldFrom, oldTo - oldFrom, ...section);
  else {
    const after = old.findIndex((l) => /^## (\d+)\./.test(l) && Number(/^## (\d+)\./.exec(l)![1]) > number);
    old.splice(after < 0 ? sectionRange(old, "## Goals")[0] : after, 0, ...section);
  }
  const [goalsFrom, goalsTo] = sectionRange(old, "## Goals");
  if (goalsFrom < 0) throw new Error("bench/RESULTS.md has no Goals table: run the whole benchmark (npm run bench) once first.");
  const [freshGoalsFrom, freshGoalsTo] = sectionRange(fresh, "## Goals");
  // A table row is `| goal | measured | met |`; the first two rows of a table are its header and separator.
  const goalRows = fresh
    .slice(freshGoalsFrom, freshGoalsTo)
    .filter((l) => l.startsWith("| "))
    .slice(1);
  let lastRow = goalsTo - 1;
  while (lastRow > goalsFrom && !old[lastRow].startsWith("|")) lastRow--;
  for (const row of goalRows) {
    const goal = row.split(" | ")[0];
    const at = old.findIndex((l, i) => i > goalsFrom && i < goalsTo && l.split(" | ")[0] === goal);
    if (at >= 0) old[at] = row;
    else old.splice(++lastRow, 0, row);
  }
  return old.join("\n");
}
