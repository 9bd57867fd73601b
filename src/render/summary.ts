import type { AnalysisResult } from "../analyse/analysis.js";
import { analyses } from "../run/registry.js";
import { listHtml } from "./commentary.js";
import { inlineMarkdown } from "./markdown.js";

/**
 * The executive summary and the methodology's caveats, quoted from the
 * analyses' own commentary: nothing here is written by the renderer.
 */

/** An analysis or a notebook's section: what the summary and the caveats quote from. */
export type Commentated = Pick<AnalysisResult, "key" | "title" | "commentary">;

export interface Decision {
  number: number;
  key: string;
  /** What management asked for. */
  ask: string;
  /** The analysis' finding, inline HTML. */
  finding: string;
  /** Its first recommendations, HTML. */
  html: string;
  /** The four decisions management asked for (the others support them). */
  primary: boolean;
}

/**
 * The decisions, quoted from the analyses' own commentary (its finding and
 * its first recommendations): nothing here is written by the renderer.
 */
export function decisions(results: readonly Commentated[]): Decision[] {
  const out: Decision[] = [];
  // The analyses that answer a question management asked, in the registry's order.
  for (const { key, question: ask, primary } of analyses()) {
    if (ask === null) continue;
    const result = results.find((r) => r.key === key);
    if (!result) continue;
    const { finding, recommendation } = result.commentary;
    const quoted = firstItems(recommendation, SUMMARY_CHARS);
    out.push({
      number: out.length + 1,
      key,
      ask,
      finding: finding ? inlineMarkdown(finding) : "",
      html: quoted.length ? listHtml(quoted) : "",
      primary,
    });
  }
  return out;
}

/** About how much of each recommendation the summary page quotes; the section has it all. */
const SUMMARY_CHARS = 420;

/**
 * The caveats each analysis states about itself, quoted for the methodology
 * page; those several analyses share (the data's span, say) are listed once.
 */
export function caveats(results: readonly Commentated[]): { title: string; html: string }[] {
  const lists = results.map((r) => ({
    title: r.title,
    items: r.commentary.caveats,
  }));
  const seen = new Map<string, number>();
  for (const l of lists) for (const item of new Set(l.items)) seen.set(item, (seen.get(item) ?? 0) + 1);
  const shared = [...seen.keys()].filter((item) => seen.get(item)! > 1);
  const groups = [
    { title: "Across the analyses", items: shared },
    ...lists.map((l) => ({ title: l.title, items: l.items.filter((item) => seen.get(item) === 1) })),
  ];
  return groups.filter((g) => g.items.length).map((g) => ({ title: g.title, html: listHtml(g.items) }));
}

/** The first item of a list and those after it that fit in `chars`. */
function firstItems(items: readonly string[], chars: number): string[] {
  if (!items.length) return [];
  // Counted as the Markdown list it was first written as: "- " before each item.
  const size = (item: string) => item.length + 2;
  let used = size(items[0]);
  let n = 1;
  while (n < items.length && used + size(items[n]) <= chars) used += size(items[n++]);
  return items.slice(0, n);
}
