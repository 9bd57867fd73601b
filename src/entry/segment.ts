import type { AnalysisContext } from "../analyse/analysis.js";
import type { Segmentation, SegmentOptions } from "../model/segmentation/train.js";

/**
 * `sales-insight/segment`: segment one customer with a saved model, load a
 * model, or train one on the warehouse. Loads no database driver, no browser,
 * no chart renderer: an API or a CRM hook that segments customers pays only
 * for the model code. Train with a context from `sales-insight/warehouse`
 * (`segmentAll(await analysisContext(db, { period: "1997" }))`).
 */
export {
  segmentCustomer,
  checkModel,
  loadSegmentationModel,
  SegmentInputError,
  MODEL_VERSION,
  type SegmentationModel,
  type SegmentInput,
  type SegmentResult,
  type OrderHistoryInput,
  type FeaturesInput,
} from "../model/segmentation/model.js";
export type { CustomerSegment, Segmentation, SegmentOptions } from "../model/segmentation/train.js";
export { ACTIONS, type Action } from "../model/segmentation/actions.js";
export { SEGMENT_NAMES, SEGMENT_RULES, SEGMENT_MEANINGS, type SegmentName } from "../model/segmentation/rfm.js";

/**
 * Segments every customer of the context's period and fits the model that
 * `segmentCustomer` scores with. The trainer and its k-means are loaded on the
 * first call, so scoring alone never loads them.
 */
export async function segmentAll(ctx: AnalysisContext, options?: SegmentOptions): Promise<Segmentation> {
  const train = await import("../model/segmentation/train.js");
  return train.segmentAll(ctx, options);
}
