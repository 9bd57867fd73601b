import type { AnalysisResult, QueryRecord } from "../analyse/analysis.js";
import { commentaryMarkdown } from "../analyse/commentary/commentary.js";
import { plural } from "../analyse/format.js";
import { chartBundle, drawChart } from "./chart.js";
import { display, showMarkdown } from "./display.js";
import { SECTION_MIME, type Section } from "./section.js";
import { showTable } from "./table.js";

/**
 * The last cell of every notebook: shows an analysis — commentary, charts,
 * tables — and hands the same result to the report as a section output.
 * The report renders what the notebook computed; it never recomputes.
 */

export interface ShowSectionOptions {
  /** Queries to list in the report's appendix (an `AnalysisRun`'s `queries`). */
  queries?: QueryRecord[];
  /**
   * What to display besides handing the section to the report: everything
   * (default), only the commentary (when the notebook already showed the
   * charts and tables step by step), or nothing.
   */
  show?: "all" | "commentary" | "none";
}

export async function sectionOf(result: AnalysisResult, options: ShowSectionOptions = {}): Promise<Section> {
  const section: Section = {
    // The runner knows the notebook's file name; Jupyter does not tell the kernel.
    notebook: "",
    key: result.key,
    title: result.title,
    commentary: result.commentary,
    charts: await Promise.all(result.charts.map(drawChart)),
    tables: result.tables,
    figures: result.figures,
    ...(result.extraFigures ? { extraFigures: result.extraFigures } : {}),
    ...(result.models ? { models: result.models } : {}),
    ...(options.queries ? { queries: options.queries } : {}),
  };
  // Through JSON, so the report sees the same section whether the notebook ran
  // in-process, in a worker or was read back from its .ipynb file.
  return JSON.parse(JSON.stringify(section)) as Section;
}

/** Resolves to nothing: a cell's last value would be echoed, and a section is large. */
export async function showSection(result: AnalysisResult, options: ShowSectionOptions = {}): Promise<void> {
  const section = await sectionOf(result, options);
  const show = options.show ?? "all";
  if (show !== "none") showMarkdown(`## ${section.title}\n\n${commentaryMarkdown(section.commentary)}`);
  if (show === "all") {
    for (const chart of section.charts) display(chartBundle(chart));
    for (const table of section.tables) showTable(table);
  }
  display({
    [SECTION_MIME]: section,
    "text/plain": `Section "${section.key}" for the report: ${plural(section.charts.length, "chart")}, ${plural(section.tables.length, "table")}.`,
  });
}
