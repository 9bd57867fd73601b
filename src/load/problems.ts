import { printable } from "../printable.js";

/** What a load found wrong with the extracts, precise enough to fix the file. */
export interface Problem {
  file: string;
  /** Line in the file (the header is line 1); absent for whole-file problems. */
  line?: number;
  /** Column header as the file names it. */
  column?: string;
  value?: string;
  /** The rule broken, in words a user can act on. */
  rule: string;
}

/** How many problems a report lists before it only counts the rest. */
export const PROBLEM_LIMIT = 50;

/** Collects problems, keeping the first `limit` and counting all. */
export class ProblemLog {
  readonly items: Problem[] = [];
  total = 0;

  constructor(readonly limit = PROBLEM_LIMIT) {}

  add(problem: Problem): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(problem);
  }

  /** Problems counted but not listed (the report shows how many). */
  uncounted(n: number): void {
    if (n > 0) this.total += n;
  }

  /** How many more problems the report would list. */
  get room(): number {
    return this.limit - this.items.length;
  }

  get empty(): boolean {
    return this.total === 0;
  }
}

function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  // The column and the value are the file's: shown with their control characters escaped.
  const column = p.column ? ` column ${printable(p.column)}` : "";
  const value = p.value === undefined ? "" : ` value "${printable(p.value)}"`;
  return `${where}${column}${value}: ${p.rule}`;
}

/** A load that found problems; nothing was written to the warehouse. */
export class LoadError extends Error {
  constructor(
    readonly problems: Problem[],
    readonly total: number,
  ) {
    const rest = total - problems.length;
    super(
      [
        `The extracts have ${total} problem${total === 1 ? "" : "s"}; nothing was loaded and the warehouse is unchanged.`,
        ...problems.map((p) => `  ${formatProblem(p)}`),
        ...(rest > 0 ? [`  ... and ${rest} more`] : []),
      ].join("\n"),
    );
    this.name = "LoadError";
  }
}
