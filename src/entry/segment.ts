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
export { segmentAll, segmentFeatures, type CustomerSegment, type Segmentation, type SegmentOptions } from "../model/segmentation/train.js";
export { ACTIONS, type Action } from "../model/segmentation/actions.js";
export { SEGMENT_NAMES, SEGMENT_RULES, SEGMENT_MEANINGS, type SegmentName } from "../model/segmentation/rfm.js";
