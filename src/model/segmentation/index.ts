import type { AnalysisContext, AnalysisResult, PerCustomer } from "../../analyse/analysis.js";
import { segmentationCharts } from "./charts.js";
import { segmentationCommentary } from "./commentary.js";
import { segmentationFigures, segmentFigures, type SegmentFigure } from "./figures.js";
import { rfmCode, SEGMENT_NAMES } from "./rfm.js";
import { segmentationTables } from "./tables.js";
import { segmentAll, type Segmentation, type SegmentOptions } from "./train.js";

/**
 * Customer segmentation for the personalised marketing program: RFM segments
 * (the marketing segments), k-means clusters (a behavioural lens), a
 * recommended action for each, and the saved model that segments one customer.
 *
 * `analyseSegments` is what `npm run analyse` runs; notebooks may call
 * `segmentAll` for the per-customer assignments, and the API calls
 * `segmentCustomer` with the saved model.
 */
export async function analyseSegments(
  ctx: AnalysisContext,
  options: SegmentOptions = {},
): Promise<AnalysisResult<SegmentFigure[]>> {
  const s = await segmentAll(ctx, options);
  const segments = segmentFigures(s);
  const segmentation = segmentationFigures(s);
  return {
    key: "segments",
    title: "Customer segments for personalised marketing",
    figures: segments,
    commentary: segmentationCommentary(segments, segmentation),
    charts: segmentationCharts(segments, segmentation.clusters, s.columns),
    tables: segmentationTables(segments, segmentation, s.columns),
    extraFigures: { segmentation },
    models: { segmentation: s.model },
    perCustomer: segmentColumns(s),
  };
}

/** Every customer's segment, scores and cluster as columns, named as figures.json names them (Power BI extract). */
export function segmentColumns(s: Pick<Segmentation, "columns" | "clusters">): PerCustomer {
  // Read from the columns: `s.customers` would build an object per customer.
  const c = s.columns;
  const n = c.ids.length;
  const segment = new Array<string>(n);
  const code = new Array<string | null>(n);
  const [r, f, m] = [new Array<number | null>(n), new Array<number | null>(n), new Array<number | null>(n)];
  const cluster = new Array<number | null>(n);
  const clusterName = new Array<string>(n);
  const names = new Map(s.clusters.map((k) => [k.id, k.id === null ? k.name : `${k.name}: ${k.description}`]));
  for (let i = 0; i < n; i++) {
    const scored = c.r[i] !== 0;
    segment[i] = SEGMENT_NAMES[c.segment[i]];
    code[i] = scored ? rfmCode(c.r[i], c.f[i], c.m[i]) : null;
    r[i] = scored ? c.r[i] : null;
    f[i] = scored ? c.f[i] : null;
    m[i] = scored ? c.m[i] : null;
    cluster[i] = c.cluster[i] === 0 ? null : c.cluster[i];
    clusterName[i] = names.get(cluster[i]) ?? "";
  }
  return {
    customer_id: c.ids,
    columns: {
      rfm_segment: segment,
      rfm_code: code,
      r_score: r,
      f_score: f,
      m_score: m,
      cluster,
      cluster_name: clusterName,
    },
  };
}

export {
  segmentAll,
  segmentFeatures,
  segmentColumnsOf,
  type CustomerSegment,
  type CustomerSegmentColumns,
  type Segmentation,
  type SegmentOptions,
} from "./train.js";
export { customerSegment, customerSegments } from "./customers.js";
export {
  segmentCustomer,
  segmentCustomers,
  checkModel,
  loadSegmentationModel,
  SegmentInputError,
  MODEL_VERSION,
} from "./model.js";
export type { SegmentationModel, SegmentInput, SegmentResult, OrderHistoryInput, FeaturesInput } from "./model.js";
export type { SegmentFigure, SegmentationFigures } from "./figures.js";
export { ACTIONS, type Action } from "./actions.js";
export { SEGMENT_NAMES, SEGMENT_RULES, SEGMENT_MEANINGS, type SegmentName } from "./rfm.js";
export { adjustedRandIndex } from "./ari.js";
