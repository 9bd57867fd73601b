import { segmentCustomer, segmentCustomers } from "../../model/segmentation/model.js";
import { writeNatively } from "../batch-reply.js";
import type { Api, ApiContext } from "../context.js";
import { needModels } from "../ready.js";
import { Problem, SegmentResponse, segmentBody } from "../schemas.js";

/** POST /v1/segment: one customer or a batch, placed by the active model with `segmentCustomer`. */
export default async function segmentRoutes(app: Api, ctx: ApiContext): Promise<void> {
  app.post(
    "/v1/segment",
    {
      config: { scope: "predict" },
      schema: {
        tags: ["models"],
        summary: "RFM segment, cluster, scores and recommended action of one customer or a batch",
        body: segmentBody(ctx.batchMax),
        response: { 200: SegmentResponse, "4xx": Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      // Taken once: a model swap during this request does not mix versions.
      const models = needModels(ctx);
      const model = { version: models.version, trained_at: models.trained_at };
      const body = request.body as Record<string, unknown>;
      if (Array.isArray(body.customers)) {
        const results = segmentCustomers(body.customers, models.segmentation);
        writeNatively(reply);
        return { model, count: results.length, results };
      }
      return { model, result: segmentCustomer(body, models.segmentation) };
    },
  );
}
