import type { AnalysisContext, AnalysisResult, PerCustomer } from "../../analyse/analysis.js";
import { segmentationCharts } from "./charts.js";
import { segmentationCommentary } from "./commentary.js";
import { segmentationFigures, segmentFigures, type SegmentFigure } from "./figures.js";
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
    charts: segmentationCharts(segments, segmentation.clusters, s.customers),
    tables: segmentationTables(segments, segmentation, s.customers),
    extraFigures: { segmentation },
    models: { segmentation: s.model },
    perCustomer: segmentColumns(s),
  };
}

/** Every customer's segment, scores and cluster as columns, named as figures.json names them (Power BI extract). */
export function segmentColumns(s: Pick<Segmentation, "customers" | "clusters">): PerCustomer {
  const n = s.customers.length;
  const ids = new Float64Array(n);
  const segment = new Array<string>(n);
  const code = new Array<string | null>(n);
  const [r, f, m] = [new Array<number | null>(n), new Array<number | null>(n), new Array<number | null>(n)];
  const cluster = new Array<number | null>(n);
  const clusterName = new Array<string>(n);
  const names = new Map(s.clusters.map((c) => [c.id, c.id === null ? c.name : `${c.name}: ${c.description}`]));
  s.customers.forEach((c, i) => {
    ids[i] = c.customer_id;
    segment[i] = c.segment;
    code[i] = c.rfm?.code ?? null;
    r[i] = c.rfm?.r ?? null;
    f[i] = c.rfm?.f ?? null;
    m[i] = c.rfm?.m ?? null;
    cluster[i] = c.cluster;
    clusterName[i] = names.get(c.cluster) ?? "";
  });
  return {
    customer_id: ids,
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

export { segmentAll, segmentFeatures, type CustomerSegment, type Segmentation, type SegmentOptions } from "./train.js";
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
