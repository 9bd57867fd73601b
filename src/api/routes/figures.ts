import { runAnalyses } from "../../run/index.js";
import { figuresDocument } from "../../run/outputs.js";
import type { Api, ApiContext } from "../context.js";
import { FiguresQuery, FiguresResponse, Problem } from "../schemas.js";

/**
 * GET /v1/figures: figures.json as `npm run analyse` writes it — the same
 * runAnalyses and figuresDocument, not a second computation. A run takes
 * seconds, so each (period, country, category) is kept for `ttlMs`, and
 * only while the warehouse holds the load it was computed from.
 */
export default async function figureRoutes(app: Api, ctx: ApiContext, options: { ttlMs?: number } = {}): Promise<void> {
  const ttl = options.ttlMs ?? 10 * 60_000;
  const cache = new Map<string, { at: number; doc: Promise<Record<string, unknown>> }>();
  app.get(
    "/v1/figures",
    {
      config: { scope: "read" },
      schema: {
        tags: ["warehouse"],
        summary: "The analyses' figures (figures.json) for a period, country and category",
        querystring: FiguresQuery,
        response: { 200: FiguresResponse, "4xx": Problem, 503: Problem },
      },
    },
    async (request) => {
      const { period = "all", country, category } = request.query;
      const key = JSON.stringify([await ctx.warehouse.loadedAt(), period, country ?? null, category ?? null]);
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < ttl) return hit.doc;
      const doc = ctx.warehouse.use(async (db) =>
        figuresDocument(await runAnalyses({ db, period, filters: { country, category }, dataDir: ctx.dataDir })),
      );
      // A failed run is not remembered.
      doc.catch(() => cache.delete(key));
      if (cache.size >= 32) cache.delete(cache.keys().next().value!);
      cache.set(key, { at: Date.now(), doc });
      return doc;
    },
  );
}
