/**
 * `sales-insight/predict`: a customer's expected sales over a horizon from a
 * saved model, the model loader, and the trainer. Loads no database driver,
 * no browser, no chart renderer. `trainModel` fits on two snapshots of the
 * warehouse (`loadSnapshot`, with a context from `sales-insight/warehouse`);
 * `analysePrediction` in the main entry also backtests it and draws the charts.
 */
export {
  predictCustomerSales,
  checkModel,
  PredictionInputError,
  type OrderHistory,
  type CustomerPrediction,
} from "../model/prediction/predict.js";
export { readPredictionModel } from "../model/prediction/saved.js";
export { trainModel, MODEL_NAME, MODEL_VERSION, type PredictionModel } from "../model/prediction/model.js";
export { loadSnapshot, type Snapshot } from "../model/prediction/dataset.js";
// The buy-till-you-die models on their own: frequency, recency and age arrays in, parameters and predictions out.
export {
  fitBgNbd,
  predictBgNbd,
  probabilityAlive,
  BgNbdError,
  type BgNbdParams,
  type BgNbdFit,
  type RfData,
} from "../model/prediction/bgnbd.js";
export { fitGammaGamma, expectedOrderValue } from "../model/prediction/gamma-gamma.js";
