import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Api, ApiContext } from "../context.js";
import { ProblemError } from "../problem.js";
import { Problem, ReportFileParams, ReportList } from "../schemas.js";

const FILES = {
  "report.pdf": "application/pdf",
  "report.html": "text/html; charset=utf-8",
  "figures.json": "application/json",
} as const;

/** GET /v1/reports and each pack's report.pdf, report.html and figures.json. */
export default async function reportRoutes(app: Api, ctx: ApiContext): Promise<void> {
  app.get(
    "/v1/reports",
    {
      config: { scope: "read" },
      schema: {
        tags: ["jobs"],
        summary: "The report packs on the server, with their downloads",
        response: { 200: ReportList, "4xx": Problem },
      },
    },
    async () => {
      let entries;
      try {
        entries = await readdir(ctx.reportsDir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { reports: [] };
        throw error;
      }
      const reports = [];
      for (const e of entries
        .filter((e) => e.isDirectory() && !e.name.startsWith("."))
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const dir = join(ctx.reportsDir, e.name);
        const names = await readdir(dir);
        const files = Object.keys(FILES).filter((f) => names.includes(f));
        if (files.length === 0) continue;
        const manifest: Record<string, unknown> = names.includes("manifest.json")
          ? await readFile(join(dir, "manifest.json"), "utf8").then(
              (t) => JSON.parse(t) as Record<string, unknown>,
              () => ({}),
            )
          : {};
        reports.push({
          name: e.name,
          // buildReport's manifest keeps the period with the other parameters (src/render/manifest.ts).
          period: periodOf(manifest),
          generated_at: typeof manifest.generated_at === "string" ? manifest.generated_at : null,
          files: files.map((f) => ({ name: f, url: `/v1/reports/${encodeURIComponent(e.name)}/${f}` })),
        });
      }
      return { reports };
    },
  );

  app.get(
    "/v1/reports/:name/:file",
    {
      config: { scope: "read" },
      schema: {
        tags: ["jobs"],
        summary: "Download a pack's report.pdf, report.html or figures.json",
        params: ReportFileParams,
        response: { "4xx": Problem },
      },
    },
    async (request, reply) => {
      const { name, file } = request.params;
      const path = join(ctx.reportsDir, name, file);
      const found = await stat(path).catch(() => null);
      if (!found?.isFile())
        throw new ProblemError(404, `No ${file} in a report pack named ${name}: GET /v1/reports lists them`);
      return reply
        .type(FILES[file])
        .header("content-length", found.size)
        .header(
          "content-disposition",
          `${file.endsWith(".html") ? "inline" : "attachment"}; filename="${name}-${file}"`,
        )
        .header("x-content-type-options", "nosniff")
        .send(createReadStream(path) as never);
    },
  );
}

function periodOf(manifest: Record<string, unknown>): string | null {
  const parameters = manifest.parameters as { period?: unknown } | undefined;
  const period = parameters?.period ?? manifest.period;
  return typeof period === "string" ? period : null;
}
