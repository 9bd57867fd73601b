import { readFileSync } from "node:fs";
import { dayNumber } from "../prediction/days.js";
import type { Action } from "./actions.js";
import { nearest } from "./matrix.js";
import {
  NO_PURCHASE,
  SEGMENT_NAMES,
  scoreRfm,
  segmentOf,
  type RfmScore,
  type RfmThresholds,
  type SegmentName,
  type SegmentRule,
} from "./rfm.js";
import { rawVector, toSpace, type FeatureSpec, type Scaling } from "./space.js";

/**
 * The saved segmentation (`models/segmentation.json`) and `segmentCustomer`,
 * which places one customer — existing or new, from an order history or from
 * features — in an RFM segment and a cluster, exactly as the training run
 * placed every customer.
 */

export const MODEL_VERSION = 1;

export interface SegmentationModel {
  model: "segmentation";
  version: number;
  trained_at: string;
  /** The analysis period; features use all history up to its last day. */
  training_period: { label: string; start: string; end: string };
  reference_date: string;
  population: { customers: number; buyers: number };
  features: FeatureSpec[];
  categories: string[];
  transform: "log1p";
  /** The formula in words, for readers of the JSON file. */
  space: string;
  /** Of the transformed features, over the training buyers. */
  scaling: Scaling;
  rfm: {
    method: string;
    thresholds: RfmThresholds;
    fm: string;
    rules: (SegmentRule & { description: string })[];
    no_purchase: string;
  };
  clusters: {
    k: number;
    seed: number;
    k_range: [number, number];
    silhouette: number | null;
    /** In the weighted, scaled space of `features`. */
    centroids: number[][];
    names: string[];
    descriptions: string[];
    actions: Action[];
  };
  actions: Record<SegmentName, Action>;
}

/** An order history: one entry per order. */
export interface OrderHistoryInput {
  orders: { date: string; amount: number }[];
  /** Reference date; default the model's. Orders after it are refused. */
  as_of?: string;
  /** Sales per category name, to place the customer by category mix too. */
  category_sales?: Record<string, number>;
}

export interface FeaturesInput {
  features: {
    orders: number;
    sales: number;
    /** Required when orders > 0; null or absent otherwise. */
    recency_days?: number | null;
    tenure_days?: number | null;
    avg_order_value?: number | null;
    category_share?: Record<string, number>;
  };
}

export type SegmentInput = OrderHistoryInput | FeaturesInput;

export interface SegmentResult {
  segment: SegmentName;
  /** Null for a customer with no purchase yet. */
  rfm: RfmScore | null;
  cluster: { id: number; name: string; description: string; action: Action } | null;
  action: Action;
  /** The features the customer was scored on. */
  features: {
    orders: number;
    sales: number;
    recency_days: number | null;
    tenure_days: number | null;
    avg_order_value: number | null;
  };
  reference_date: string;
}

/** Bad input: `field` names the offending part of it, the message says what was expected. */
export class SegmentInputError extends Error {
  override name = "SegmentInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`segmentCustomer: ${message}`);
  }
}

function invalid(field: string, expected: string, got: unknown): SegmentInputError {
  return new SegmentInputError(field, `${field} must be ${expected}, got ${show(got)}`);
}

export function segmentCustomer(input: unknown, model: SegmentationModel): SegmentResult {
  const f = readInput(input, model);
  const features = {
    orders: f.orders,
    sales: f.sales,
    recency_days: f.recency_days,
    tenure_days: f.tenure_days,
    avg_order_value: f.orders > 0 ? (f.avg_order_value ?? f.sales / f.orders) : null,
  };
  if (f.orders === 0) {
    return {
      segment: NO_PURCHASE,
      rfm: null,
      cluster: null,
      action: model.actions[NO_PURCHASE],
      features,
      reference_date: f.as_of,
    };
  }
  const rfm = scoreRfm({ recency_days: f.recency_days!, orders: f.orders, sales: f.sales }, model.rfm.thresholds);
  const segment = segmentOf(rfm.r, rfm.fm, model.rfm.rules);
  let cluster: SegmentResult["cluster"] = null;
  if (model.clusters.centroids.length > 0) {
    const raw = rawVector(
      {
        recency_days: f.recency_days!,
        orders: f.orders,
        sales: f.sales,
        // Unknown tenure lands on the mean (see toSpace) rather than guessing.
        tenure_days: f.tenure_days,
        avg_order_value: features.avg_order_value!,
        category_share: f.category_share,
      },
      model.features,
    );
    const id = nearest(toSpace(raw, model.features, model.scaling), model.clusters.centroids);
    cluster = {
      id: id + 1,
      name: model.clusters.names[id],
      description: model.clusters.descriptions[id],
      action: model.clusters.actions[id],
    };
  }
  return { segment, rfm, cluster, action: model.actions[segment], features, reference_date: f.as_of };
}

/**
 * `segmentCustomer` over a list, answers in the order given: the API's batch.
 * A bad member's error names its place in the list called `name`, as in
 * `customers[3].orders[0].date`.
 */
export function segmentCustomers(
  inputs: readonly unknown[],
  model: SegmentationModel,
  name = "customers",
): SegmentResult[] {
  const results = new Array<SegmentResult>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    try {
      results[i] = segmentCustomer(inputs[i], model);
    } catch (error) {
      if (!(error instanceof SegmentInputError)) throw error;
      throw new SegmentInputError(
        `${name}[${i}].${error.field}`,
        `${name}[${i}]: ${error.message.replace(/^segmentCustomer: /, "")}`,
      );
    }
  }
  return results;
}

interface ReadFeatures {
  orders: number;
  sales: number;
  recency_days: number | null;
  tenure_days: number | null;
  avg_order_value: number | null;
  category_share: Record<string, number> | undefined;
  as_of: string;
}

function readInput(input: unknown, model: SegmentationModel): ReadFeatures {
  if (!isObject(input))
    throw invalid("input", "an object with either `orders` (an order history) or `features`", input);
  if ("orders" in input && "features" in input) {
    throw new SegmentInputError("input", "input must have either `orders` (an order history) or `features`, not both");
  }
  if ("orders" in input) return readHistory(input, model);
  if ("features" in input) return readFeatures(input, model);
  throw invalid("input", "an object with either `orders` (an order history) or `features`", input);
}

function readHistory(input: Record<string, unknown>, model: SegmentationModel): ReadFeatures {
  onlyKeys(input, ["orders", "as_of", "category_sales"], "input");
  const as_of = input.as_of === undefined ? model.reference_date : date(input.as_of, "as_of");
  const asOf = dayNumber(as_of)!;
  if (!Array.isArray(input.orders)) throw invalid("orders", "an array of { date, amount }", input.orders);
  // Dates as day numbers and plain loops: a batch reads millions of orders.
  let sales = 0;
  let first = Infinity;
  let last = -Infinity;
  const orders = input.orders.length;
  for (let i = 0; i < orders; i++) {
    const order: unknown = input.orders[i];
    if (!isObject(order)) throw invalid(`orders[${i}]`, "an object { date: 'YYYY-MM-DD', amount: number }", order);
    onlyKeys(order, ORDER_KEYS, `orders[${i}]`);
    const d = dayNumber(order.date);
    if (d === null) throw invalid(`orders[${i}].date`, "an ISO date YYYY-MM-DD", order.date);
    if (d > asOf) throw invalid(`orders[${i}].date`, `on or before the reference date ${as_of}`, order.date);
    sales += amount(order.amount, `orders[${i}].amount`);
    if (d < first) first = d;
    if (d > last) last = d;
  }
  let category_share: Record<string, number> | undefined;
  if (input.category_sales !== undefined) {
    const bySales = categoryRecord(input.category_sales, "category_sales", model, (x, f) => amount(x, f));
    const total = Object.values(bySales).reduce((a, b) => a + b, 0);
    category_share = Object.fromEntries(Object.entries(bySales).map(([k, v]) => [k, total > 0 ? v / total : 0]));
  }
  return {
    orders,
    sales,
    recency_days: orders ? asOf - last : null,
    tenure_days: orders ? asOf - first : null,
    avg_order_value: orders ? sales / orders : null,
    category_share,
    as_of,
  };
}

const ORDER_KEYS = ["date", "amount"];

function readFeatures(input: Record<string, unknown>, model: SegmentationModel): ReadFeatures {
  onlyKeys(input, ["features"], "input");
  const f = input.features;
  if (!isObject(f)) throw invalid("features", "an object { orders, sales, recency_days, ... }", f);
  onlyKeys(f, ["orders", "sales", "recency_days", "tenure_days", "avg_order_value", "category_share"], "features");
  const orders = f.orders;
  if (typeof orders !== "number" || !Number.isInteger(orders) || orders < 0) {
    throw invalid("features.orders", "a whole number >= 0", orders);
  }
  const sales = amount(f.sales, "features.sales");
  const optionalDays = (x: unknown, field: string): number | null => {
    if (x === undefined || x === null) return null;
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0)
      throw invalid(field, "a whole number of days >= 0, or null", x);
    return x;
  };
  const recency_days = optionalDays(f.recency_days, "features.recency_days");
  const tenure_days = optionalDays(f.tenure_days, "features.tenure_days");
  const avg_order_value =
    f.avg_order_value === undefined || f.avg_order_value === null
      ? null
      : amount(f.avg_order_value, "features.avg_order_value");
  if (orders === 0) {
    if (sales !== 0) throw invalid("features.sales", "0 when orders is 0", sales);
    if (recency_days !== null) throw invalid("features.recency_days", "null or absent when orders is 0", recency_days);
  } else {
    if (recency_days === null)
      throw invalid("features.recency_days", "a whole number of days >= 0 when orders > 0", f.recency_days);
    if (tenure_days !== null && tenure_days < recency_days) {
      throw invalid(
        "features.tenure_days",
        `at least recency_days (${recency_days}): the first order cannot be after the last`,
        tenure_days,
      );
    }
  }
  let category_share: Record<string, number> | undefined;
  if (f.category_share !== undefined) {
    category_share = categoryRecord(f.category_share, "features.category_share", model, (x, field) => {
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1)
        throw invalid(field, "a share between 0 and 1", x);
      return x;
    });
    const total = Object.values(category_share).reduce((a, b) => a + b, 0);
    if (total > 1 + 1e-6) throw invalid("features.category_share", "shares that sum to at most 1", total);
  }
  return { orders, sales, recency_days, tenure_days, avg_order_value, category_share, as_of: model.reference_date };
}

function categoryRecord(
  value: unknown,
  field: string,
  model: SegmentationModel,
  read: (x: unknown, field: string) => number,
): Record<string, number> {
  if (!isObject(value)) throw invalid(field, "an object of category name → number", value);
  const out: Record<string, number> = {};
  for (const [name, x] of Object.entries(value)) {
    if (!model.categories.includes(name)) {
      throw invalid(`${field}["${name}"]`, `a known category (${model.categories.join(", ")})`, name);
    }
    out[name] = read(x, `${field}["${name}"]`);
  }
  return out;
}

/** Reads `models/segmentation.json` (as the analyse command writes it) for `segmentCustomer`. */
export function loadSegmentationModel(path: string): SegmentationModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read the segmentation model ${path}: ${(error as Error).message}`);
  }
  return checkModel(parsed);
}

/** Checks that a parsed JSON file is a segmentation model this code can use. */
export function checkModel(value: unknown): SegmentationModel {
  const fail = (what: string): never => {
    throw new Error(`Not a segmentation model: ${what}`);
  };
  if (!isObject(value)) return fail("expected a JSON object");
  if (value.model !== "segmentation") fail(`"model" is ${show(value.model)}, expected "segmentation"`);
  if (value.version !== MODEL_VERSION) fail(`version ${show(value.version)}, this code reads version ${MODEL_VERSION}`);
  const m = value as unknown as SegmentationModel;
  if (!Array.isArray(m.features) || !Array.isArray(m.categories) || !m.scaling)
    fail("features, categories or scaling missing");
  if (!m.rfm?.thresholds?.recency || !m.rfm.thresholds.frequency || !m.rfm.thresholds.monetary)
    fail("rfm.thresholds missing");
  if (!Array.isArray(m.rfm.rules) || !Array.isArray(m.clusters?.centroids))
    fail("rfm.rules or clusters.centroids missing");
  const d = m.features.length;
  if (m.scaling.mean.length !== d || m.scaling.sd.length !== d) fail(`scaling must have ${d} entries, one per feature`);
  if (m.clusters.centroids.some((c) => c.length !== d)) fail(`every centroid must have ${d} coordinates`);
  for (const name of SEGMENT_NAMES) if (!m.actions?.[name]) fail(`no action for segment "${name}"`);
  return m;
}

function date(x: unknown, field: string): string {
  if (dayNumber(x) === null) throw invalid(field, "an ISO date YYYY-MM-DD", x);
  return x as string;
}

function amount(x: unknown, field: string): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) throw invalid(field, "a finite number >= 0", x);
  return x;
}

function onlyKeys(o: Record<string, unknown>, allowed: string[], field: string): void {
  // No array of keys is made when every key is allowed: a batch checks millions of orders.
  for (const k in o) if (!allowed.includes(k)) return refuseUnknownKeys(o, allowed, field);
}

function refuseUnknownKeys(o: Record<string, unknown>, allowed: string[], field: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new SegmentInputError(
      field,
      `${field} has unknown key(s) ${extra.map((k) => `"${k}"`).join(", ")}: expected only ${allowed.join(", ")}`,
    );
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "number" || typeof x === "boolean" || x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `an array of ${x.length}`;
  return `an object with keys ${Object.keys(x).join(", ") || "(none)"}`;
}
