import type { AnalysisContext } from "../../analyse/analysis.js";
import { lastDay } from "../../analyse/period.js";
import { featureColumns, type CustomerFeatures, type FeatureColumns } from "../features.js";
import { gather } from "../gather.js";
import { ACTIONS, clusterAction, type Action } from "./actions.js";
import {
  customerSegments,
  emptySegmentColumns,
  type CustomerSegment,
  type CustomerSegmentColumns,
} from "./customers.js";
import { fitClusters, type ClusterFit, type ClusterOptions } from "./clusters.js";
import { fitClustersBeside } from "./clusters-in-worker.js";
import { describeCluster, heavyCategory } from "./describe.js";
import { MODEL_VERSION, type SegmentationModel } from "./model.js";
import { GroupAccumulator, type GroupStats } from "./profile.js";
import {
  describeRule,
  fitThresholds,
  NO_PURCHASE,
  scoreValue,
  SEGMENT_NAMES,
  SEGMENT_RULES,
  segmentOf,
  type RfmThresholds,
  type SegmentName,
} from "./rfm.js";
import type { Matrix } from "./matrix.js";
import { buyerSpaceOf, featureSpecs, VALUE_AXIS, type FeatureSpec, type Scaling } from "./space.js";

export type { CustomerSegment, CustomerSegmentColumns } from "./customers.js";

/**
 * The segmentation run: features in SQL at the reference date, RFM scores and
 * segments, clusters, and the model that reproduces both for one customer.
 * Every customer is in exactly one RFM segment and exactly one cluster group
 * (buyers in a k-means cluster, the others in "No purchase yet").
 */

interface ClusterGroup {
  /** 1-based; null for the "No purchase yet" group. */
  id: number | null;
  name: string;
  description: string;
  main_segment: SegmentName;
  /** The category it buys notably more of than all buyers, if any. */
  distinctive_category: string | null;
  action: Action;
  stats: GroupStats;
}

export interface Segmentation {
  reference_date: string;
  /** The analysis filters the features were computed under. */
  filters: { country?: string; category?: string };
  /** Every customer's segment, scores and cluster, by column (what the analysis reads). */
  columns: CustomerSegmentColumns;
  /**
   * The same as one object per customer, in customer-id order. Made on first
   * read (a notebook's per-customer list), never by the analysis itself: on a
   * million customers that is a million objects.
   */
  readonly customers: CustomerSegment[];
  /** Per segment, in the order of SEGMENT_NAMES (empty ones included). */
  segments: { name: SegmentName; stats: GroupStats }[];
  clusters: ClusterGroup[];
  /** customers per (segment, cluster) pair that occurs. */
  crosstab: { segment: SegmentName; cluster: string; customers: number }[];
  all: GroupStats;
  buyers: GroupStats;
  fit: ClusterFit;
  model: SegmentationModel;
}

export interface SegmentOptions {
  clusters?: ClusterOptions;
  /** When the model was trained; default now. Tests pin it. */
  trainedAt?: string;
}

export async function segmentAll(ctx: AnalysisContext, options: SegmentOptions = {}): Promise<Segmentation> {
  const reference_date = lastDay(ctx.period);
  const features = await featureColumns(ctx.sql, {
    asOf: reference_date,
    country: ctx.filters.country,
    category: ctx.filters.category,
    names: true,
  });
  return segmentColumnsBeside(features, {
    ...options,
    reference_date,
    filters: { ...ctx.filters },
    period: { label: ctx.period.label, start: ctx.period.start, end: ctx.period.end },
  });
}

type RunOptions = SegmentOptions & {
  reference_date: string;
  period: { label: string; start: string; end: string };
  filters?: { country?: string; category?: string };
};

/** The run on features already in hand, as rows (tests and notebooks use it directly). */
export function segmentFeatures(features: readonly CustomerFeatures[], options: RunOptions): Segmentation {
  const categories = features.length ? Object.keys(features[0].category_share) : [];
  const column = (pick: (c: CustomerFeatures) => number | null) => Float64Array.from(features, (c) => pick(c) ?? NaN);
  return segmentColumnsOf(
    {
      asOf: options.reference_date,
      recentDays: 90,
      ids: column((c) => c.customer_id),
      names: features.map((c) => c.customer_name),
      countries: features.map((c) => c.country),
      orders: column((c) => c.orders),
      sales: column((c) => c.sales),
      units: column((c) => c.units),
      recency: column((c) => c.recency_days),
      tenure: column((c) => c.tenure_days),
      orderValue: column((c) => c.avg_order_value),
      recent: column((c) => c.sales_recent),
      prior: column((c) => c.sales_prior),
      categories,
      shares: categories.map((name) => column((c) => c.category_share[name] ?? 0)),
    },
    options,
  );
}

/**
 * The run on features by column: RFM scores, the clustering space and the
 * groups' profiles all read typed arrays, so a million customers cost a few
 * columns and no object each.
 */
export function segmentColumnsOf(features: FeatureColumns, options: RunOptions): Segmentation {
  const named = namesOf(features);
  const space = clusteringSpace(features);
  const fit = fitClusters(space.points, VALUE_AXIS, options.clusters);
  return segmented(features, space, rfmSegments(features, named, space.buyers), fit, options);
}

/**
 * The same, the clusters fitted on a worker thread while this one scores the
 * RFM segments (fitClustersBeside): the same numbers, so the same run.
 */
async function segmentColumnsBeside(features: FeatureColumns, options: RunOptions): Promise<Segmentation> {
  const named = namesOf(features);
  const space = clusteringSpace(features);
  const fitting = fitClustersBeside(space.points, VALUE_AXIS, options.clusters);
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  fitting.catch(() => undefined);
  const rfm = rfmSegments(features, named, space.buyers);
  return segmented(features, space, rfm, await fitting, options);
}

/** The buyers (indices into the columns) and their points in the clustering space. */
interface Space {
  buyers: number[];
  specs: FeatureSpec[];
  points: Matrix;
  scaling: Scaling;
}

function clusteringSpace(features: FeatureColumns): Space {
  const buyers: number[] = [];
  for (let i = 0; i < features.ids.length; i++) if (isBuyer(features, i)) buyers.push(i);
  const specs = featureSpecs(features.categories);
  return { buyers, specs, ...buyerSpaceOf(features, buyers, specs) };
}

/** Every customer's RFM scores and segment, and each segment's profile: what does not depend on the clusters. */
interface RfmSegments {
  thresholds: RfmThresholds;
  columns: CustomerSegmentColumns;
  segmentGroups: Map<SegmentName, GroupAccumulator>;
}

/** The customers' names and countries, which the run lists its customers by. */
type Named = Required<Pick<FeatureColumns, "names" | "countries">>;

/** Checked before any work, so that features read without names fail at once. */
function namesOf(features: FeatureColumns): Named {
  const { names, countries } = features;
  if (!names || !countries) throw new Error("segmentColumnsOf: the features need names and countries (names: true)");
  return { names, countries };
}

function rfmSegments(features: FeatureColumns, { names, countries }: Named, buyers: readonly number[]): RfmSegments {
  const n = features.ids.length;
  const buyerValues = (column: Float64Array) => gather(column, buyers);
  const thresholds: RfmThresholds = {
    recency: fitThresholds(buyerValues(features.recency), "lower"),
    frequency: fitThresholds(buyerValues(features.orders), "higher"),
    monetary: fitThresholds(buyerValues(features.sales), "higher"),
  };
  const segmentGroups = new Map<SegmentName, GroupAccumulator>(SEGMENT_NAMES.map((s) => [s, new GroupAccumulator()]));
  const columns: CustomerSegmentColumns = {
    ids: features.ids,
    names,
    countries,
    orders: features.orders,
    sales: features.sales,
    recency: features.recency,
    ...emptySegmentColumns(n),
  };
  const noPurchaseIndex = SEGMENT_NAMES.indexOf(NO_PURCHASE);
  let b = 0;
  for (let i = 0; i < n; i++) {
    let segment = noPurchaseIndex;
    if (b < buyers.length && buyers[b] === i) {
      b++;
      const r = scoreValue(features.recency[i], thresholds.recency);
      const f = scoreValue(features.orders[i], thresholds.frequency);
      const m = scoreValue(features.sales[i], thresholds.monetary);
      columns.r[i] = r;
      columns.f[i] = f;
      columns.m[i] = m;
      segment = SEGMENT_NAMES.indexOf(segmentOf(r, Math.ceil((f + m) / 2)));
    }
    columns.segment[i] = segment;
    segmentGroups.get(SEGMENT_NAMES[segment])!.addAt(features, i);
  }
  return { thresholds, columns, segmentGroups };
}

/** The run from its parts: each buyer's cluster, the clusters' profiles and the model. */
function segmented(
  features: FeatureColumns,
  { buyers, specs, scaling }: Space,
  { thresholds, columns, segmentGroups }: RfmSegments,
  fit: ClusterFit,
  options: RunOptions,
): Segmentation {
  const n = features.ids.length;
  const clusterGroups = Array.from({ length: fit.k }, () => new GroupAccumulator());
  // counts[segment][cluster], the last column for customers without a cluster.
  const counts = SEGMENT_NAMES.map(() => new Float64Array(fit.k + 1));
  let b = 0;
  for (let i = 0; i < n; i++) {
    let cluster = fit.k;
    if (b < buyers.length && buyers[b] === i) {
      cluster = fit.labels[b++];
      columns.cluster[i] = cluster + 1;
      clusterGroups[cluster].addAt(features, i);
    }
    counts[columns.segment[i]][cluster]++;
  }

  const noPurchase = segmentGroups.get(NO_PURCHASE)!;
  const buyerGroup = new GroupAccumulator().merge(
    ...[...segmentGroups].filter(([name]) => name !== NO_PURCHASE).map(([, g]) => g),
  );
  const all = new GroupAccumulator().merge(buyerGroup, noPurchase);
  const buyersStats = buyerGroup.stats(scaling);
  const clusters: ClusterGroup[] = clusterGroups.map((g, i) => {
    const stats = g.stats(scaling);
    // The segment most of its customers are in; on a tie the first in SEGMENT_NAMES.
    let main_segment: SegmentName = NO_PURCHASE;
    let most = 0;
    SEGMENT_NAMES.forEach((name, s) => {
      if (counts[s][i] > most) [main_segment, most] = [name, counts[s][i]];
    });
    const distinctive_category = heavyCategory(stats, buyersStats)?.name ?? null;
    return {
      id: i + 1,
      name: `Cluster ${i + 1}`,
      description: describeCluster(stats, buyersStats),
      main_segment,
      distinctive_category,
      action: clusterAction(main_segment, distinctive_category ?? undefined),
      stats,
    };
  });
  const noPurchaseStats = noPurchase.stats(scaling);
  if (noPurchaseStats.customers > 0) {
    clusters.push({
      id: null,
      name: NO_PURCHASE,
      description: "customers with no order up to the reference date",
      main_segment: NO_PURCHASE,
      distinctive_category: null,
      action: ACTIONS[NO_PURCHASE],
      stats: noPurchaseStats,
    });
  }

  const model: SegmentationModel = {
    model: "segmentation",
    version: MODEL_VERSION,
    trained_at: options.trainedAt ?? new Date().toISOString(),
    training_period: options.period,
    reference_date: options.reference_date,
    population: { customers: n, buyers: buyers.length },
    features: specs,
    categories: features.categories,
    transform: "log1p",
    space:
      "each feature x becomes (log1p(x / unit) - mean) / sd * weight; a buyer's cluster is the nearest centroid (Euclidean)",
    scaling,
    rfm: {
      method:
        "mid-rank quintiles: p = (below + tied / 2) / n, score = min(5, 1 + floor(5p)); recency: fewer days is better",
      thresholds,
      fm: "ceil((F + M) / 2)",
      rules: SEGMENT_RULES.map((r) => ({ ...r, description: describeRule(r) })),
      no_purchase: `${NO_PURCHASE}: no order up to the reference date`,
    },
    clusters: {
      k: fit.k,
      seed: fit.seed,
      k_range: fit.k_range,
      silhouette: fit.silhouette,
      centroids: fit.centroids,
      names: clusters.filter((c) => c.id !== null).map((c) => c.name),
      descriptions: clusters.filter((c) => c.id !== null).map((c) => c.description),
      actions: clusters.filter((c) => c.id !== null).map((c) => c.action),
    },
    actions: ACTIONS,
  };

  let rows: CustomerSegment[] | undefined;
  return {
    reference_date: options.reference_date,
    filters: options.filters ?? {},
    columns,
    get customers() {
      return (rows ??= customerSegments(columns));
    },
    segments: SEGMENT_NAMES.map((name) => ({ name, stats: segmentGroups.get(name)!.stats(scaling) })),
    clusters,
    crosstab: SEGMENT_NAMES.flatMap((segment, s) =>
      [...counts[s]].flatMap((n, i) =>
        n > 0 ? [{ segment, cluster: i === fit.k ? NO_PURCHASE : `Cluster ${i + 1}`, customers: n }] : [],
      ),
    ),
    all: all.stats(scaling),
    buyers: buyersStats,
    fit,
    model,
  };
}

/** Has ordered up to the reference date, with every behaviour feature known. */
function isBuyer(f: FeatureColumns, i: number): boolean {
  return f.orders[i] > 0 && !Number.isNaN(f.recency[i]) && !Number.isNaN(f.tenure[i]) && !Number.isNaN(f.orderValue[i]);
}
