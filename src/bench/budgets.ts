import { megabytes, seconds, type BenchRow } from "./table.js";

/**
 * What the bench holds its table to: the targets of issue 17, each one
 * measure of one row at one size. `npm run bench` prints a line for every
 * budget whose row it ran, within or over; it never fails a run over one,
 * since the same build's times move by a third with the machine's hour
 * (docs/performance.md).
 */
interface Budget {
  /** The size it applies at, in order lines as `--sizes` asks for them (10M is 10,000,000). */
  lines: number;
  /** The row's stage, as the table names it. */
  stage: string;
  /** Wall time in seconds, peak memory in bytes, or the wall-time ratio to the row's reference. */
  of: "wall" | "peak" | "ratio";
  limit: number;
}

const BUDGETS: readonly Budget[] = [
  { lines: 10_000_000, stage: "load", of: "ratio", limit: 1.5 },
  { lines: 10_000_000, stage: "full analyse", of: "wall", limit: 10 },
  { lines: 10_000_000, stage: "full analyse", of: "peak", limit: 1e9 },
  { lines: 2_600_000, stage: "report (HTML and PDF)", of: "wall", limit: 20 },
];

/** How each kind of budget reads: its limit, a value measured, and a value the bench could not measure. */
const READS: Record<
  Budget["of"],
  { limit: (x: number) => string; value: (x: number, row: BenchRow) => string; missing: (row: BenchRow) => string }
> = {
  ratio: {
    limit: (x) => `${x.toFixed(2)}x`,
    value: (x, row) => `${x.toFixed(2)}x ${row.reference}`,
    missing: (row) => `no ${row.reference} measured`,
  },
  wall: { limit: seconds, value: seconds, missing: () => "time unknown" },
  peak: { limit: megabytes, value: (x) => `peak ${megabytes(x)}`, missing: () => "peak unknown (no /usr/bin/time)" },
};

/** One Markdown list item per budget the rows measured, in the budgets' order; none when no row matches. */
export function budgetLines(rows: readonly BenchRow[], budgets: readonly Budget[] = BUDGETS): string[] {
  const lines: string[] = [];
  for (const budget of budgets) {
    const row = rows.find((r) => r.lines === budget.lines && r.stage === budget.stage);
    if (!row) continue;
    const reads = READS[budget.of];
    const value = budget.of === "ratio" ? (row.theirs ? row.ours.wall / row.theirs.wall : null) : row.ours[budget.of];
    const measured = value === null ? reads.missing(row) : reads.value(value, row);
    const verdict = value === null ? "" : value <= budget.limit ? ": within" : ": over";
    lines.push(`- ${row.stage} at ${row.size}: ${measured}, budget ${reads.limit(budget.limit)}${verdict}`);
  }
  return lines;
}
