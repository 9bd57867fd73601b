import type { Measure } from "./measure.js";

/**
 * The bench's one table, as Markdown (it goes into issues and notes as is):
 * a row per stage and size, the project's measure beside its reference's,
 * and their ratios, project / reference (below 1 the project is faster): of wall
 * time, and of CPU time, which a machine shared with others disturbs less.
 */

export interface BenchRow {
  /** As the table shows it: "10M (10,165,331 lines)". */
  size: string;
  /** The order lines `--sizes` asked for (10M: 10,000,000), which the budgets go by. */
  lines: number;
  stage: string;
  ours: Measure;
  reference: string;
  /** Null when the reference was not run (its note says why) or the stage has none. */
  theirs: Measure | null;
}

const HEADER = [
  "size",
  "stage",
  "this project: wall (CPU), peak",
  "reference",
  "reference: wall (CPU), peak",
  "ratio",
  "CPU ratio",
];

export function formatMeasure(m: Measure): string {
  const cpu = m.cpu === null ? "" : ` (${seconds(m.cpu)})`;
  const peak = m.peak === null ? "" : `, ${megabytes(m.peak)}`;
  return `${seconds(m.wall)}${cpu}${peak}`;
}

export function ratio(ours: Measure, theirs: Measure | null, of: "wall" | "cpu" = "wall"): string {
  const a = ours[of];
  const b = theirs?.[of];
  if (a === null || b === null || b === undefined) return "";
  return `${(a / b).toFixed(2)}x`;
}

export function benchTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.size,
    r.stage,
    formatMeasure(r.ours),
    r.reference,
    r.theirs ? formatMeasure(r.theirs) : "",
    ratio(r.ours, r.theirs),
    ratio(r.ours, r.theirs, "cpu"),
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  return [line(HEADER), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n") + "\n";
}

export function seconds(s: number): string {
  // Rounded to the second first, so 179.6 s reads 3 min 0 s, not 2 min 60 s.
  const whole = Math.round(s);
  if (whole >= 120) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
}

export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return mb >= 10_000 ? `${(mb / 1000).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
