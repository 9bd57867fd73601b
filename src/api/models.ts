import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runAnalyses } from "../run/index.js";
import type { Database } from "../db/adapter.js";
import { checkModel as checkPredictionModel } from "../model/prediction/predict.js";
import type { Metrics } from "../model/prediction/metrics.js";
import type { PredictionModel } from "../model/prediction/model.js";
import { checkModel as checkSegmentationModel, type SegmentationModel } from "../model/segmentation/model.js";
import { readJson, SerialQueue, writeJsonAtomically } from "./json-file.js";

/**
 * The saved model versions: `<dir>/<version>/segmentation.json` and
 * `prediction.json` (the files `npm run analyse` writes under models/), and
 * `<dir>/active.json` naming the one that serves. Handlers take the active
 * pair once per request (`current()`), so a swap replaces one reference: a
 * request in flight finishes on the version it started with, the next one
 * gets the new version, and none fails.
 */

export interface ActiveModels {
  version: string;
  trained_at: string;
  segmentation: SegmentationModel;
  prediction: PredictionModel;
}

export interface VersionInfo {
  version: string;
  active: boolean;
  trained_at: string;
  training_period: string | null;
  segmentation: { reference_date: string; clusters: number; silhouette: number | null };
  prediction: { horizon_days: number; as_of: string; accuracy: Accuracy | null };
}

/** The backtest figures a caller needs to judge a prediction. */
export type Accuracy = {
  window: { from: string; to: string; days: number };
  customers_scored: number;
  model: Metrics;
  baselines: { last_window: Metrics; average_window: Metrics };
  trust: string;
  verdict: string;
};

const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class ModelError extends Error {
  override name = "ModelError";
}

export function accuracyOf(model: PredictionModel): Accuracy | null {
  const b = model.backtest as Partial<Accuracy> | null | undefined;
  if (!b || !b.window) return null;
  return {
    window: b.window,
    customers_scored: b.customers_scored ?? 0,
    model: b.model!,
    baselines: b.baselines!,
    trust: b.trust ?? "none",
    verdict: b.verdict ?? "",
  };
}

export class ModelStore {
  private active: ActiveModels | null = null;
  private readonly queue = new SerialQueue();

  constructor(readonly dir: string) {}

  /** The version serving now, or null before any model was trained. */
  current(): ActiveModels | null {
    return this.active;
  }

  /** Loads the active version (or the newest, when active.json is missing). */
  async load(): Promise<ActiveModels | null> {
    const names = await this.versions();
    if (names.length === 0) return (this.active = null);
    const pointer = await readJson<{ version?: string }>(join(this.dir, "active.json"), {});
    const name = pointer.version && names.includes(pointer.version) ? pointer.version : names[names.length - 1];
    this.active = await this.read(name);
    return this.active;
  }

  /** Version names, oldest first (names start with their UTC time). */
  async versions(): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const names: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !VERSION_NAME.test(e.name)) continue;
      const files = await readdir(join(this.dir, e.name));
      if (files.includes("segmentation.json") && files.includes("prediction.json")) names.push(e.name);
    }
    return names.sort();
  }

  async list(): Promise<VersionInfo[]> {
    const out: VersionInfo[] = [];
    for (const name of await this.versions()) {
      const m = await this.read(name);
      out.push({
        version: name,
        active: this.active?.version === name,
        trained_at: m.trained_at,
        training_period: m.segmentation.training_period?.label ?? null,
        segmentation: {
          reference_date: m.segmentation.reference_date,
          clusters: m.segmentation.clusters.k,
          silhouette: m.segmentation.clusters.silhouette,
        },
        prediction: {
          horizon_days: m.prediction.horizon_days,
          as_of: m.prediction.as_of,
          accuracy: accuracyOf(m.prediction),
        },
      });
    }
    return out;
  }

  /** Makes a saved version the one that serves, without a restart. */
  async activate(version: string): Promise<ActiveModels> {
    return this.queue.run(async () => {
      if (!VERSION_NAME.test(version) || !(await this.versions()).includes(version))
        throw new ModelError(`no model version "${version}"`);
      const models = await this.read(version);
      await writeJsonAtomically(join(this.dir, "active.json"), { version, activated_at: new Date().toISOString() });
      this.active = models;
      return models;
    });
  }

  /**
   * Trains both models on a period with the analyses' own code (segments and
   * prediction only) and saves them as a new version: written to a hidden
   * folder, then renamed, so a failed training leaves no half version.
   */
  async train(db: Database, options: { period?: string; dataDir?: string; signal?: AbortSignal }): Promise<string> {
    const run = await runAnalyses({
      db,
      period: options.period ?? "all",
      only: ["segments", "prediction"],
      dataDir: options.dataDir,
    });
    options.signal?.throwIfAborted();
    const models: Record<string, unknown> = {};
    for (const r of run.results) Object.assign(models, r.models ?? {});
    if (!models.segmentation || !models.prediction) {
      const why = run.results.find((r) => r.key === "prediction")?.figures as { too_short_note?: string } | undefined;
      throw new ModelError(
        `period ${run.period.label} gave no prediction model${why?.too_short_note ? `: ${why.too_short_note}` : ""}`,
      );
    }
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    const version = `${stamp}-${run.period.label.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${randomBytes(2).toString("hex")}`;
    await mkdir(this.dir, { recursive: true });
    const partial = join(this.dir, `.partial-${version}`);
    await mkdir(partial);
    try {
      for (const [name, model] of Object.entries(models))
        await writeFile(join(partial, `${name}.json`), JSON.stringify(model, null, 2) + "\n");
      await rename(partial, join(this.dir, version));
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      throw error;
    }
    return version;
  }

  private async read(version: string): Promise<ActiveModels> {
    const folder = join(this.dir, version);
    const parse = async (file: string) => {
      try {
        return JSON.parse(await readFile(join(folder, file), "utf8")) as unknown;
      } catch (error) {
        throw new ModelError(`model version ${version}: cannot read ${file} (${(error as Error).message})`);
      }
    };
    const segmentation = checkSegmentationModel(await parse("segmentation.json"));
    const prediction = checkPredictionModel(await parse("prediction.json"));
    return { version, trained_at: segmentation.trained_at, segmentation, prediction };
  }
}
