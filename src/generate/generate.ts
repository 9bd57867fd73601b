/**
 * `generateDataset` writes a synthetic data set in the extract's format: the
 * seven files with the same headers, plus ProductCosts.csv, categories.csv
 * and the ground truth CustomerTypes.csv (CustomerID, Type).
 *
 * It streams: per customer it keeps only the typed arrays of the business
 * model; orders are made one month at a time, sorted by day and written out
 * before the next month, so ten million order lines pass through flat memory.
 */

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { table, type SourceTable } from "../load/schema.js";
import { checkGenerateFolder, writeGenerateManifest, type GenerateManifest } from "./out-folder.js";
import {
  CUSTOMER_TYPES,
  FAVOURITE_SHARE,
  LINE_UNITS_SPREAD,
  LINES_PER_ORDER,
  SHIPPER_WEIGHTS,
  Timeline,
  apportion,
  monthWeight,
  orderDay,
  planCatalogue,
  planPopulation,
  planStaff,
  staffTable,
  staffToHire,
  type Catalogue,
  type Population,
  type Staff,
} from "./business.js";
import { GenerateOptionError } from "./errors.js";
import { BTYD_PROFILES, planBtydPopulation, type BtydProfileName } from "./btyd.js";
import { isoDate, parseIsoDate } from "./calendar.js";
import { CsvFile, type Encoding } from "./csv.js";
import { customerFields } from "./names.js";
import { Random, cumulative, searchCumulative } from "./random.js";
import {
  DEFAULT_REFERENCE_DIR,
  field,
  products,
  readReference,
  type Reference,
  type ReferenceTable,
} from "./reference.js";

export type { Encoding } from "./csv.js";

export interface GenerateOptions {
  /** Orders to write: the data set has exactly this many (10M order lines ≈ 3.85M orders). */
  orders: number;
  /** Customers, with IDs 1..customers; default `defaultCustomers(orders)`. At most `orders`. */
  customers?: number;
  /** Same seed and options give byte-identical files. Default 42. */
  seed?: number;
  /** Default data/generated, relative to the working directory. */
  outDir?: string;
  /** Default utf8 (without BOM); cp1252 is what IT delivers. */
  encoding?: Encoding;
  /** First day of the history, YYYY-MM-DD. Default 1996-07-01. */
  start?: string;
  /** Length of the history in months. Default 36. */
  months?: number;
  /** The real extract, whose products, suppliers, shippers and employees are reused. Default <project>/data. */
  referenceDir?: string;
  /**
   * The customer process: "types" (default), the five planted types; "btyd"
   * or "small-customers", the buy-till-you-die process of btyd.ts.
   */
  profile?: Profile;
}

export const PROFILE_NAMES = ["types", ...(Object.keys(BTYD_PROFILES) as BtydProfileName[])] as const;
export type Profile = "types" | BtydProfileName;

export const DEFAULTS = {
  seed: 42,
  outDir: "data/generated",
  encoding: "utf8",
  start: "1996-07-01",
  months: 36,
  profile: "types",
} as const satisfies Partial<GenerateOptions>;

/** The limits checked by `resolveOptions`; beyond them something is surely a typo. */
const LIMITS = { orders: 1_000_000_000, months: 1200 } as const;

export interface GenerateProgress {
  orders: number;
  lines: number;
  totalOrders: number;
  seconds: number;
}

export interface GenerateSummary {
  orders: number;
  lines: number;
  customers: number;
  employees: number;
  outDir: string;
  encoding: Encoding;
  /** ISO dates of the first and the last order. */
  firstOrder: string;
  lastOrder: string;
  /** The factor on every type's ordersPerMonth that makes the orders add up to `orders`. */
  rateScale: number;
  /** Files written, by name. */
  files: string[];
  seconds: number;
}

export { GenerateOptionError } from "./errors.js";

/** Ground truth for segmentation tests; the loader ignores files it does not know. */
const CUSTOMER_TYPES_FILE = "CustomerTypes.csv";

/** About eight orders per customer, and never fewer customers than the extract's 91, nor more than orders. */
function defaultCustomers(orders: number): number {
  return Math.min(orders, Math.max(91, Math.round(orders / 8)));
}

export type ResolvedOptions = Required<GenerateOptions> & { startDay: number };

/** Fills in defaults and checks every option, throwing GenerateOptionError with the reason. */
export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const orders = options.orders;
  wholeNumber("orders", orders, 1, LIMITS.orders);
  const profile = options.profile ?? DEFAULTS.profile;
  if (!(PROFILE_NAMES as readonly string[]).includes(profile))
    throw new GenerateOptionError(`profile must be one of ${PROFILE_NAMES.join(", ")}, not ${String(profile)}`);
  const customers =
    options.customers ??
    (profile === "types"
      ? defaultCustomers(orders)
      : Math.min(orders, Math.max(91, Math.round(orders * BTYD_PROFILES[profile].customersPerOrder))));
  wholeNumber(
    "customers",
    customers,
    1,
    orders,
    "customers cannot outnumber orders: each one who joins during the history places a first order",
  );
  const seed = options.seed ?? DEFAULTS.seed;
  wholeNumber("seed", seed, 0, 0xffffffff);
  const months = options.months ?? DEFAULTS.months;
  wholeNumber("months", months, 1, LIMITS.months);
  const encoding = options.encoding ?? DEFAULTS.encoding;
  if (encoding !== "utf8" && encoding !== "cp1252")
    throw new GenerateOptionError(`encoding must be utf8 or cp1252, not ${String(encoding)}`);
  const start = options.start ?? DEFAULTS.start;
  const startDay = parseIsoDate(start);
  if (startDay === undefined) throw new GenerateOptionError(`start must be a date written YYYY-MM-DD, not ${start}`);
  return {
    orders,
    customers,
    seed,
    months,
    encoding,
    start,
    startDay,
    outDir: options.outDir ?? DEFAULTS.outDir,
    referenceDir: options.referenceDir ?? DEFAULT_REFERENCE_DIR,
    profile,
  };
}

/** The business behind a data set: everything but the orders, which are drawn while writing. */
export interface DatasetPlan {
  options: ResolvedOptions;
  reference: Reference;
  timeline: Timeline;
  catalogue: Catalogue;
  staff: Staff;
  /** Per customer: type, join and churn day, rate, basket; ground truth beyond CustomerTypes.csv. */
  population: Population;
}

/** Plans a data set without writing it: the same options always give the same plan as `generateDataset` uses. */
export function planDataset(options: GenerateOptions): DatasetPlan {
  const o = resolveOptions(options);
  const reference = readReference(o.referenceDir);
  const timeline = new Timeline(o.startDay, o.months);
  const catalogue = planCatalogue(products(reference), o.seed);
  const employees = reference.employees.rows;
  const staff = planStaff(employees, staffToHire(o.orders, o.months, employees.length), o.seed, timeline);
  const population =
    o.profile === "types"
      ? planPopulation(o.customers, o.seed, timeline, catalogue.categoryIds.length)
      : planBtydPopulation(
          o.customers,
          o.seed,
          timeline,
          catalogue.categoryIds.length,
          BTYD_PROFILES[o.profile],
          o.orders - o.customers,
        );
  return { options: o, reference, timeline, catalogue, staff, population };
}

export async function generateDataset(
  options: GenerateOptions,
  onProgress?: (progress: GenerateProgress) => void,
): Promise<GenerateSummary> {
  const started = performance.now();
  const plan = planDataset(options);
  const schedule = scheduleOrders(plan);
  const { options: o, reference, catalogue, staff, population } = plan;
  checkGenerateFolder(o.outDir);
  mkdirSync(o.outDir, { recursive: true });
  const manifest: GenerateManifest = {
    tool: "sales-insight generate",
    complete: false,
    options: {
      orders: o.orders,
      customers: o.customers,
      seed: o.seed,
      encoding: o.encoding,
      start: o.start,
      months: o.months,
      profile: o.profile,
    },
  };
  writeGenerateManifest(o.outDir, manifest);
  const files: string[] = [];
  const open = (file: string, headers: readonly string[]) => {
    files.push(file);
    return new CsvFile(join(o.outDir, file), o.encoding, headers);
  };
  const headers = (source: SourceTable) => source.columns.map((c) => c.header);
  const copy = (ref: ReferenceTable | undefined, rows = ref?.rows ?? []) => {
    if (!ref) return;
    const file = open(ref.table.file, headers(ref.table));
    for (const row of rows) file.record(row);
    file.close();
  };

  copy(reference.suppliers);
  copy(reference.shippers);
  copy(reference.categories);
  copy(reference.products);
  copy(reference.employees, staff.rows);
  const costs = table("product_costs");
  writeProductCosts(open(costs.file, headers(costs)), catalogue);
  const customers = table("customers");
  writeCustomers(
    open(customers.file, headers(customers)),
    open(CUSTOMER_TYPES_FILE, ["CustomerID", "Type"]),
    population,
    o.seed,
  );

  const orders = open(table("orders").file, headers(table("orders")));
  const lines = open(table("order_details").file, headers(table("order_details")));
  const written = writeOrders(plan, schedule, orders, lines, (orderCount, lineCount) => {
    const seconds = (performance.now() - started) / 1000;
    onProgress?.({ orders: orderCount, lines: lineCount, totalOrders: o.orders, seconds });
  });
  orders.close();
  lines.close();
  const firstOrder = isoDate(o.startDay + written.firstDay);
  const lastOrder = isoDate(o.startDay + written.lastDay);
  writeGenerateManifest(o.outDir, {
    ...manifest,
    complete: true,
    written: {
      orders: orders.rows,
      lines: lines.rows,
      customers: o.customers,
      first_order: firstOrder,
      last_order: lastOrder,
    },
    files,
  });

  return {
    orders: orders.rows,
    lines: lines.rows,
    customers: o.customers,
    employees: staff.ids.length,
    outDir: o.outDir,
    encoding: o.encoding,
    firstOrder,
    lastOrder,
    rateScale: schedule.rateScale,
    files,
    seconds: (performance.now() - started) / 1000,
  };
}

function writeProductCosts(file: CsvFile, catalogue: Catalogue): void {
  catalogue.products.forEach((p, i) => file.line(`${p.id},${money(catalogue.unitCost[i])}`));
  file.close();
}

function writeCustomers(customers: CsvFile, types: CsvFile, population: Population, seed: number): void {
  const rng = Random.stream(seed, "names");
  for (let c = 0; c < population.size; c++) {
    const id = String(c + 1);
    customers.record([id, ...customerFields(rng)]);
    types.line(`${id},${(population.labels ?? CUSTOMER_TYPES)[population.type[c]]}`);
  }
  customers.close();
  types.close();
}

/** The extract's first OrderID; IDs then increase with the order date. */
const FIRST_ORDER_ID = 10248;
/** Progress is due at most once a second; checking the clock every order would cost more than the check. */
const PROGRESS_EVERY = 4096;

/** How many orders each month gets: fixed joining orders plus its share of the rest. */
interface Schedule {
  joins: number[];
  repeats: number[];
  /** The factor on every rate that makes the orders add up. */
  rateScale: number;
}

/**
 * Joining orders are fixed; the rest are shared out over months by expected
 * volume (rates x seasonality x who is active), exactly, by largest remainder.
 */
function scheduleOrders({ options, timeline, population }: DatasetPlan): Schedule {
  const months = timeline.months;
  const joins = new Array<number>(months).fill(0);
  for (let c = 0; c < population.size; c++)
    if (population.joinDay[c] >= 0) joins[timeline.monthOf(population.joinDay[c])]++;
  const volume = new Float64Array(months);
  for (let m = 0; m < months; m++)
    for (let c = 0; c < population.size; c++) volume[m] += monthWeight(population, c, timeline, m);
  const repeat = options.orders - joins.reduce((a, b) => a + b, 0);
  const totalVolume = volume.reduce((a, b) => a + b, 0);
  if (repeat === 0) return { joins, repeats: new Array<number>(months).fill(0), rateScale: 0 };
  if (!(totalVolume > 0))
    throw new GenerateOptionError("no customer is active long enough to order more than once; add months or customers");
  return { joins, repeats: apportion(repeat, volume), rateScale: repeat / totalVolume };
}

/**
 * Draws and writes the orders month by month: each month's repeat orders go
 * to its active customers in proportion to their expected orders in it.
 */
function writeOrders(
  plan: DatasetPlan,
  schedule: Schedule,
  ordersFile: CsvFile,
  linesFile: CsvFile,
  progress: (orders: number, lines: number) => void,
) {
  const { options, timeline, population, catalogue, staff, reference } = plan;
  const { joins, repeats } = schedule;
  const rng = Random.stream(options.seed, "orders");
  const size = population.size;
  const shipperIds = reference.shippers.rows.map((row) => Number(field(reference.shippers, row, "ShipperID")));

  const capacity = Math.max(...joins.map((j, m) => j + repeats[m]));
  const day = new Int32Array(capacity);
  const customer = new Int32Array(capacity);
  const sortedDay = new Int32Array(capacity);
  const sortedCustomer = new Int32Array(capacity);
  const weights = new Float64Array(size);
  const linesTable = cumulative(LINES_PER_ORDER);
  const shippers = cumulative(shipperIds.map((_, i) => SHIPPER_WEIGHTS[i] ?? 1));
  const picked = new Int32Array(LINES_PER_ORDER.length);

  let orderId = FIRST_ORDER_ID;
  let lineId = 1;
  let lastReport = performance.now();
  let firstDay = -1;
  let lastDay = -1;

  for (let m = 0; m < timeline.months; m++) {
    const monthStart = timeline.monthStarts[m];
    let n = 0;
    for (let c = 0; c < size; c++) {
      const join = population.joinDay[c];
      if (join >= monthStart && join < timeline.monthStarts[m + 1]) {
        day[n] = join;
        customer[n++] = c;
      }
    }
    if (repeats[m] > 0) {
      let sum = 0;
      for (let c = 0; c < size; c++) weights[c] = sum += monthWeight(population, c, timeline, m);
      for (let k = 0; k < repeats[m]; k++) {
        const c = searchCumulative(weights, rng.next() * sum);
        day[n] = orderDay(population, c, timeline, m, rng);
        customer[n++] = c;
      }
    }

    // Counting sort by day, stable, so OrderIDs increase with the date.
    const counts = new Int32Array(timeline.monthStarts[m + 1] - monthStart + 1);
    for (let i = 0; i < n; i++) counts[day[i] - monthStart + 1]++;
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const at = counts[day[i] - monthStart]++;
      sortedDay[at] = day[i];
      sortedCustomer[at] = customer[i];
    }

    const employees = staffTable(staff, timeline, m);
    for (let i = 0; i < n; i++) {
      const c = sortedCustomer[i];
      const employee = staff.ids[rng.choose(employees)];
      const shipper = shipperIds[rng.choose(shippers)];
      ordersFile.line(`${orderId},${c + 1},${employee},${timeline.date(sortedDay[i])},${shipper}`);
      const count = 1 + rng.choose(linesTable);
      for (let l = 0; l < count; l++) {
        const product = pickProduct(rng, catalogue, population.favourite[c], picked, l);
        picked[l] = product;
        const units = Math.min(100, Math.max(1, Math.round(rng.lognormal(population.units[c], LINE_UNITS_SPREAD))));
        linesFile.line(`${lineId++},${orderId},${catalogue.products[product].id},${units}`);
      }
      orderId++;
      if ((orderId & (PROGRESS_EVERY - 1)) === 0 && performance.now() - lastReport >= 1000) {
        lastReport = performance.now();
        progress(ordersFile.rows, linesFile.rows);
      }
    }
    if (n > 0) {
      if (firstDay < 0) firstDay = sortedDay[0];
      lastDay = sortedDay[n - 1];
    }
  }
  return { firstDay, lastDay };
}

/** A product not yet in this order: from the favourite category sometimes, else by overall popularity. */
function pickProduct(rng: Random, catalogue: Catalogue, favourite: number, picked: Int32Array, count: number): number {
  for (;;) {
    let product: number;
    if (rng.chance(FAVOURITE_SHARE)) {
      const category = catalogue.byCategory[favourite];
      product = category.products[rng.choose(category.popularity)];
    } else {
      product = rng.choose(catalogue.popularity);
    }
    let fresh = true;
    for (let i = 0; i < count; i++) if (picked[i] === product) fresh = false;
    if (fresh) return product;
  }
}

/** Money as the extract writes it: no trailing zeros (`18`, `21.35`, `263.5`). */
function money(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function wholeNumber(name: string, value: number, min: number, max: number, hint?: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new GenerateOptionError(
      `${name} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}, not ${value}${hint ? ` (${hint})` : ""}`,
    );
  }
}
