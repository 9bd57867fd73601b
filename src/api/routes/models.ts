import type { Api, ApiContext } from "../context.js";
import { ModelError } from "../models.js";
import { ProblemError } from "../problem.js";
import { ActivateBody, ModelList, Problem } from "../schemas.js";

/** GET /v1/models (the saved versions and their backtests) and PUT /v1/models/active (serve another one). */
export default async function modelRoutes(app: Api, ctx: ApiContext): Promise<void> {
  const list = async () => ({ active: ctx.models.current()?.version ?? null, versions: await ctx.models.list() });
  app.get(
    "/v1/models",
    {
      config: { scope: "read" },
      schema: {
        tags: ["models"],
        summary: "Saved model versions with their backtest metrics; one is active",
        response: { 200: ModelList, "4xx": Problem },
      },
    },
    list,
  );
  app.put(
    "/v1/models/active",
    {
      config: { scope: "admin" },
      schema: {
        tags: ["models"],
        summary: "Serve another saved version (roll back or forward) without a restart",
        body: ActivateBody,
        response: { 200: ModelList, "4xx": Problem },
      },
    },
    async (request) => {
      try {
        await ctx.models.activate(request.body.version);
      } catch (error) {
        if (error instanceof ModelError)
          throw new ProblemError(404, error.message, {
            errors: [{ field: "body.version", message: "is not a saved version" }],
          });
        throw error;
      }
      return list();
    },
  );
}
