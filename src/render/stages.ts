/**
 * The report's stages, each timed, so the manifest and the closing summary
 * line can say where the seconds went.
 */

/**
 * In running order; `build` compiles dist/ for the notebooks, only when src/
 * changed. Two pairs overlap: the Power BI extracts are written while the
 * notebooks run, and the e-mail's images drawn (html) while Chromium prints.
 */
const STAGES = ["warehouse", "build", "analyse", "notebooks", "powerbi", "charts", "html", "pdf"] as const;
export type StageName = (typeof STAGES)[number];

export interface StageEvent {
  stage: StageName;
  /** Which pack, when a range writes several. */
  period: string;
  /** `step`: a stage that takes long says what it is doing now (`detail`), between its start and its end. */
  state: "start" | "step" | "done" | "failed";
  /** Seconds the stage took, on `done` and `failed`. */
  seconds?: number;
  /** On `step`: what the stage has begun, e.g. the analysis. */
  detail?: string;
}

export type StageTimes = Partial<Record<StageName, number>>;

export class Stopwatch {
  readonly times: StageTimes = {};

  constructor(
    private readonly period: string,
    private readonly onStage?: (event: StageEvent) => void,
  ) {}

  /** Tells the listener what a running stage has begun (its `step` event). */
  step(stage: StageName, detail: string): void {
    this.onStage?.({ stage, period: this.period, state: "step", detail });
  }

  /** Runs one stage; its time adds up if it runs more than once. */
  async time<T>(stage: StageName, work: () => Promise<T>): Promise<T> {
    this.onStage?.({ stage, period: this.period, state: "start" });
    const started = performance.now();
    let state: StageEvent["state"] = "failed";
    try {
      const result = await work();
      state = "done";
      return result;
    } finally {
      // A stage that threw is reported as failed, never as done.
      const seconds = (performance.now() - started) / 1000;
      this.times[stage] = round((this.times[stage] ?? 0) + seconds);
      this.onStage?.({ stage, period: this.period, state, seconds });
    }
  }
}

/** "warehouse 0.4 s, analyse 0.3 s, …" */
export function describeTimes(times: StageTimes): string {
  return STAGES.filter((s) => times[s] !== undefined)
    .map((s) => `${s} ${times[s]!.toFixed(1)} s`)
    .join(", ");
}

const round = (x: number) => Math.round(x * 1000) / 1000;
