import type { AnalysisContext } from "../../analyse/analysis.js";
import { lastDay } from "../../analyse/period.js";
import { customerFeatures, type CustomerFeatures } from "../features.js";
import { ACTIONS, clusterAction, type Action } from "./actions.js";
import { fitClusters, type ClusterFit, type ClusterOptions } from "./clusters.js";
import { describeCluster, heavyCategory } from "./describe.js";
import { MODEL_VERSION, type SegmentationModel } from "./model.js";
import { GroupAccumulator, type GroupStats } from "./profile.js";
import {
  describeRule,
  fitRfm,
  NO_PURCHASE,
  scoreRfm,
  SEGMENT_NAMES,
  SEGMENT_RULES,
  segmentOf,
  type RfmScore,
  type SegmentName,
} from "./rfm.js";
import { buyerSpace, featureSpecs, VALUE_AXIS, type BuyerFeatures } from "./space.js";

/**
 * The segmentation run: features in SQL at the reference date, RFM scores and
 * segments, clusters, and the model that reproduces both for one customer.
 * Every customer is in exactly one RFM segment and exactly one cluster group
 * (buyers in a k-means cluster, the others in "No purchase yet").
 */

export interface CustomerSegment {
  customer_id: number;
  customer_name: string;
  country: string | null;
  orders: number;
  sales: number;
  recency_days: number | null;
  segment: SegmentName;
  rfm: RfmScore | null;
  /** 1-based cluster number; null for customers with no purchase yet. */
  cluster: number | null;
}

export interface ClusterGroup {
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
  customers: CustomerSegment[];
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
  const features = await customerFeatures(ctx.sql, {
    asOf: reference_date,
    country: ctx.filters.country,
    category: ctx.filters.category,
  });
  return segmentFeatures(features, {
    ...options,
    reference_date,
    filters: { ...ctx.filters },
    period: { label: ctx.period.label, start: ctx.period.start, end: ctx.period.end },
  });
}

/** The run on features already in hand (tests and notebooks use it directly). */
export function segmentFeatures(
  features: readonly CustomerFeatures[],
  options: SegmentOptions & {
    reference_date: string;
    period: { label: string; start: string; end: string };
    filters?: { country?: string; category?: string };
  },
): Segmentation {
  const categories = features.length ? Object.keys(features[0].category_share) : [];
  const buyers = features.filter(isBuyer);
  const thresholds = fitRfm(buyers);

  const specs = featureSpecs(categories);
  const { points, scaling } = buyerSpace(buyers, specs);
  const fit = fitClusters(points, VALUE_AXIS, options.clusters);

  const segmentGroups = new Map<SegmentName, GroupAccumulator>(SEGMENT_NAMES.map((s) => [s, new GroupAccumulator()]));
  const clusterGroups = Array.from({ length: fit.k }, () => new GroupAccumulator());
  // counts[segment][cluster], the last column for customers without a cluster.
  const counts = SEGMENT_NAMES.map(() => new Float64Array(fit.k + 1));

  let b = 0;
  const customers = features.map((c): CustomerSegment => {
    let rfm: RfmScore | null = null;
    let segment: SegmentName = NO_PURCHASE;
    let cluster: number | null = null;
    if (isBuyer(c)) {
      rfm = scoreRfm(c, thresholds);
      segment = segmentOf(rfm.r, rfm.fm);
      const label = fit.labels[b++];
      cluster = label + 1;
      clusterGroups[label].add(c);
    }
    segmentGroups.get(segment)!.add(c);
    counts[SEGMENT_NAMES.indexOf(segment)][cluster === null ? fit.k : cluster - 1]++;
    return {
      customer_id: c.customer_id,
      customer_name: c.customer_name,
      country: c.country,
      orders: c.orders,
      sales: c.sales,
      recency_days: c.recency_days,
      segment,
      rfm,
      cluster,
    };
  });

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
    population: { customers: features.length, buyers: buyers.length },
    features: specs,
    categories,
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

  return {
    reference_date: options.reference_date,
    filters: options.filters ?? {},
    customers,
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

function isBuyer(c: CustomerFeatures): c is CustomerFeatures & BuyerFeatures {
  return c.orders > 0 && c.recency_days !== null && c.tenure_days !== null && c.avg_order_value !== null;
}
