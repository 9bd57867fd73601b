import { COMMENTARY_LISTS, type Commentary } from "../analyse/commentary/commentary.js";
import { inlineMarkdown, markdownToHtml } from "./markdown.js";

/**
 * The analyses hand over every commentary typed — a finding, the evidence, a
 * recommendation, the caveats (src/analyse/commentary/commentary.ts). The
 * report lays those parts out as they are; nothing is parsed back.
 */

/** A commentary laid out by its parts: the finding as a lead, then evidence, recommendation, caveats. */
export interface CommentaryView {
  /** Inline HTML. */
  finding: string;
  blocks: { kind: (typeof COMMENTARY_LISTS)[number]["part"]; label: string; html: string }[];
}

export function commentaryView(c: Commentary): CommentaryView {
  return {
    finding: inlineMarkdown(c.finding),
    blocks: COMMENTARY_LISTS.filter(({ part }) => c[part].length).map(({ part, label }) => ({
      kind: part,
      label,
      html: listHtml(c[part]),
    })),
  };
}

/** Points of a commentary as an HTML list; each point is inline Markdown. */
export function listHtml(items: readonly string[]): string {
  return markdownToHtml(items.map((s) => `- ${s}`).join("\n"));
}
