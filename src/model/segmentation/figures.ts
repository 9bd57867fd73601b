import { ACTIONS, type Action } from "./actions.js";
import type { Stability } from "./clusters.js";
import { MEMBERS_SHOWN, type GroupStats, type Profile } from "./profile.js";
import { describeRule, SEGMENT_MEANINGS, SEGMENT_RULES, type ScoreThresholds, type SegmentName } from "./rfm.js";
import type { Segmentation } from "./train.js";

/**
 * The figures of a segmentation, as figures.json holds them.
 *
 * How the two lenses relate: the *marketing segments* are the RFM segments
 * (`segments`, kind "rfm"): every customer is in exactly one, so their
 * customers add up to the customer base and their sales shares to 1. The
 * *clusters* (`segmentation.clusters`, kind "cluster") are a second,
 * behavioural lens over the same customers, again with every customer in
 * exactly one (buyers in a k-means cluster, the others in "No purchase yet");
 * `segmentation.crosstab` shows how the two lenses overlap.
 */

export interface SegmentFigure {
  name: string;
  kind: "rfm" | "cluster";
  /** What the segment means, or the cluster in words. */
  description: string;
  /** RFM segments: the rule on the R × FM grid; clusters: null. */
  rule: string | null;
  customers: number;
  customer_share: number;
  sales: number;
  sales_share: number;
  profile: Profile;
  action: Action;
  /** The largest customers by sales, at most 50. */
  members: string[];
  members_truncated: boolean;
  /** Clusters only: the RFM segment most of its customers are in. */
  main_segment?: SegmentName;
}

interface ThresholdRow {
  score: number;
  /** A buyer scores at least `score` on R with at most this many days since the last order. */
  recency_days_at_most: number | null;
  orders_at_least: number | null;
  sales_at_least: number | null;
}

export interface SegmentationFigures {
  reference_date: string;
  history: string;
  filters: { country?: string; category?: string };
  customers: number;
  buyers: number;
  sales: number;
  method: {
    rfm: string;
    fm: string;
    clusters: string;
    features: { name: string; definition: string; transform: string; weight: number }[];
  };
  rules: { segment: SegmentName; r: [number, number]; fm: [number, number]; description: string }[];
  thresholds: ThresholdRow[];
  k: number;
  k_range: [number, number];
  silhouette: number | null;
  silhouette_by_k: { k: number; silhouette: number }[];
  samples: { selection: number; silhouette: number; fit: number };
  stability: Stability;
  clusters: SegmentFigure[];
  crosstab: { segment: SegmentName; cluster: string; customers: number }[];
}

export function segmentFigures(s: Segmentation): SegmentFigure[] {
  return s.segments.map(({ name, stats }) =>
    figure(s, stats, {
      name,
      kind: "rfm",
      description: SEGMENT_MEANINGS[name],
      rule: ruleOf(name),
      action: ACTIONS[name],
    }),
  );
}

export function segmentationFigures(s: Segmentation): SegmentationFigures {
  const model = s.model;
  return {
    reference_date: s.reference_date,
    history: `all orders up to and including ${s.reference_date}`,
    filters: s.filters,
    customers: s.all.customers,
    buyers: s.buyers.customers,
    sales: round2(s.all.sales),
    method: {
      rfm: model.rfm.method,
      fm: model.rfm.fm,
      clusters:
        `k-means (ml-kmeans, k-means++ with seed ${s.fit.seed}, best of ${s.fit.restarts} starts) on the features below, ` +
        `each transformed as log1p(x / unit), z-scored over the buyers and weighted; k from ${s.fit.k_range[0]} to ${s.fit.k_range[1]} ` +
        `chosen by the mean silhouette`,
      features: model.features.map((f) => ({
        name: f.name,
        definition: f.definition,
        transform: f.unit === 1 ? "log1p(x)" : `log1p(x / ${f.unit})`,
        weight: f.weight,
      })),
    },
    rules: model.rfm.rules.map(({ segment, r, fm, description }) => ({ segment, r, fm, description })),
    thresholds: thresholdRows(model.rfm.thresholds),
    k: s.fit.k,
    k_range: s.fit.k_range,
    silhouette: s.fit.silhouette,
    silhouette_by_k: s.fit.silhouette_by_k,
    samples: s.fit.samples,
    stability: s.fit.stability,
    clusters: s.clusters.map((c) => ({
      ...figure(s, c.stats, {
        name: c.id === null ? c.name : `${c.name}: ${c.description}`,
        kind: "cluster",
        description: c.description,
        rule: null,
        action: c.action,
      }),
      main_segment: c.main_segment,
    })),
    crosstab: s.crosstab,
  };
}

function figure(
  s: Segmentation,
  stats: GroupStats,
  head: Pick<SegmentFigure, "name" | "kind" | "description" | "rule" | "action">,
): SegmentFigure {
  return {
    name: head.name,
    kind: head.kind,
    description: head.description,
    rule: head.rule,
    customers: stats.customers,
    customer_share: s.all.customers ? stats.customers / s.all.customers : 0,
    sales: round2(stats.sales),
    sales_share: s.all.sales > 0 ? stats.sales / s.all.sales : 0,
    profile: stats.profile,
    action: head.action,
    members: stats.members,
    members_truncated: stats.customers > MEMBERS_SHOWN,
  };
}

function ruleOf(name: SegmentName): string {
  const rules = SEGMENT_RULES.filter((r) => r.segment === name);
  return rules.length ? rules.map(describeRule).join("; ") : "no order up to the reference date";
}

/** The cut-offs of each score, one row per score 5..1. */
function thresholdRows(t: {
  recency: ScoreThresholds;
  frequency: ScoreThresholds;
  monetary: ScoreThresholds;
}): ThresholdRow[] {
  const bound = (x: ScoreThresholds, score: number) => x.cuts.find((c) => c.score === score)?.bound ?? null;
  return [5, 4, 3, 2, 1].map((score) => ({
    score,
    recency_days_at_most: bound(t.recency, score),
    orders_at_least: bound(t.frequency, score),
    sales_at_least: bound(t.monetary, score),
  }));
}

/** Sums of DECIMAL sales arrive as doubles; cents are what the figures mean. */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
