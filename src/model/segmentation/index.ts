import type { AnalysisContext, AnalysisResult } from "../../analyse/analysis.js";
import { segmentationCharts } from "./charts.js";
import { segmentationCommentary } from "./commentary.js";
import { segmentationFigures, segmentFigures, type SegmentFigure } from "./figures.js";
import { segmentationTables } from "./tables.js";
import { segmentAll, type SegmentOptions } from "./train.js";

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
