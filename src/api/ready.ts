import type { ApiContext } from "./context.js";
import type { ActiveModels } from "./models.js";
import { ProblemError } from "./problem.js";

/** The serving models, or 503 naming what to do when none is trained yet. */
export function needModels(ctx: ApiContext): ActiveModels {
  const active = ctx.models.current();
  if (!active) {
    throw new ProblemError(503, "No model is trained yet: POST /v1/models/train (scope admin), then retry", {
      slug: "no-model",
      title: "No model loaded",
      headers: { "retry-after": "30" },
    });
  }
  return active;
}
