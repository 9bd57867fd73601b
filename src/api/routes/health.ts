import type { Api, ApiContext } from "../context.js";
import { Health, Ready } from "../schemas.js";

/** GET /healthz (the process answers) and GET /readyz (the warehouse answers and a model is loaded). */
export default async function healthRoutes(app: Api, ctx: ApiContext): Promise<void> {
  app.get(
    "/healthz",
    {
      config: { public: true },
      schema: { tags: ["operations"], summary: "The process is up", response: { 200: Health } },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/readyz",
    {
      config: { public: true },
      schema: {
        tags: ["operations"],
        summary: "Ready to serve: warehouse reachable and models loaded",
        response: { 200: Ready, 503: Ready },
      },
    },
    async (request, reply) => {
      const warehouse = await Promise.race([
        ctx.warehouse.check(),
        new Promise<string>((resolve) => setTimeout(() => resolve("no answer within 2 s"), 2000).unref()),
      ]).catch((error: unknown) => {
        request.log.warn({ err: error }, "warehouse not reachable");
        return "not reachable";
      });
      const active = ctx.models.current();
      const models = active ? `ok (version ${active.version})` : "no model trained yet";
      const ready = warehouse === "ok" && active !== null;
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? "ready" : "not ready", checks: { warehouse, models } });
    },
  );
}
