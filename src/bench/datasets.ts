import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateDataset } from "../generate/generate.js";
import type { BenchSize } from "./sizes.js";

/**
 * The bench's data sets, generated once and reused: `<dataDir>/<label>/`
 * holds the extract files and `bench-dataset.json`, the options it was
 * generated with. A folder whose record differs (another seed, another size)
 * is generated again; a folder without a record is not the bench's and is
 * never touched. A set is generated beside its place and renamed into it,
 * so an interrupted run leaves no half set to be reused.
 */

/** Same seed, same bytes: every run of the bench reads the same data set. */
const BENCH_SEED = 7;
const RECORD = "bench-dataset.json";

interface Record {
  orders: number;
  seed: number;
  encoding: "utf8";
  profile: "types";
  lines?: number;
}

const wanted = (size: BenchSize): Record => ({
  orders: size.orders,
  seed: BENCH_SEED,
  encoding: "utf8",
  profile: "types",
});

export interface Dataset {
  dir: string;
  /** Order lines actually written. */
  lines: number;
  generated: boolean;
}

export async function ensureDataset(
  dataDir: string,
  size: BenchSize,
  onProgress?: (text: string) => void,
): Promise<Dataset> {
  const dir = join(dataDir, size.label);
  const want = wanted(size);
  const record = readRecord(dir);
  if (record && sameOptions(record, want)) return { dir, lines: record.lines ?? size.lines, generated: false };
  if (existsSync(dir) && !record)
    throw new Error(
      `${dir} exists but holds no ${RECORD}: it is not a bench data set, so it is left alone; give another --data-dir or remove it`,
    );
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  onProgress?.(`generating ${size.label} order lines (${size.orders.toLocaleString("en-US")} orders) into ${dir}`);
  const summary = await generateDataset({ ...want, outDir: partial });
  writeFileSync(join(partial, RECORD), `${JSON.stringify({ ...want, lines: summary.lines }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, lines: summary.lines, generated: true };
}

function readRecord(dir: string): Record | undefined {
  const path = join(dir, RECORD);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record;
  } catch {
    return undefined;
  }
}

function sameOptions(a: Record, b: Record): boolean {
  return a.orders === b.orders && a.seed === b.seed && a.encoding === b.encoding && a.profile === b.profile;
}
