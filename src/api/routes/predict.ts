import { predictCustomerSales, type OrderHistory } from "../../model/prediction/predict.js";
import { writeNatively } from "../batch-reply.js";
import type { Api, ApiContext } from "../context.js";
import { accuracyOf } from "../models.js";
import { needModels } from "../ready.js";
import { PredictResponse, Problem, predictBody } from "../schemas.js";

/**
 * POST /v1/predict: expected sales of one history or a batch in the model's
 * horizon, with `predictCustomerSales`, and the model's own backtest so the
 * caller knows how far to trust it.
 */
export default async function predictRoutes(app: Api, ctx: ApiContext): Promise<void> {
  app.post(
    "/v1/predict",
    {
      config: { scope: "predict" },
      schema: {
        tags: ["models"],
        summary: "Chance of buying, expected spend and expected sales in the horizon, for one history or a batch",
        body: predictBody(ctx.batchMax),
        response: { 200: PredictResponse, "4xx": Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const models = needModels(ctx);
      const prediction = models.prediction;
      const model = {
        version: models.version,
        trained_at: models.trained_at,
        horizon_days: prediction.horizon_days,
        accuracy: accuracyOf(prediction),
      };
      const body = request.body as { horizon_days?: number; customers?: OrderHistory[] } & OrderHistory;
      const horizon = body.horizon_days ?? prediction.horizon_days;
      if (body.customers) {
        const results = predictCustomerSales(body.customers, horizon, prediction);
        writeNatively(reply);
        return { model, count: results.length, results };
      }
      const { horizon_days: _h, ...history } = body;
      return { model, result: predictCustomerSales(history, horizon, prediction) };
    },
  );
}
