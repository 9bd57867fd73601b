import { inlineMarkdown, markdownToHtml, paragraphs } from "./markdown.js";

/**
 * The analyses write every commentary in one shape — a finding, the
 * evidence, a recommendation, the caveats (src/analyse/commentary/markdown.ts).
 * The report lays those parts out differently and quotes them on its summary
 * and methodology pages; commentary in another shape is shown as written.
 */

/** A commentary laid out by its parts: the finding as a lead, then evidence, recommendation, caveats. */
export interface CommentaryView {
  /** Inline HTML; empty when the commentary has no labelled finding. */
  finding: string;
  blocks: { kind: string; label: string; html: string }[];
}

/**
 * Splits a commentary written as `**Finding.** …`, `**Recommendation.**` +
 * bullets, `**Caveats.**` + bullets (src/analyse/commentary/markdown.ts) into
 * its parts, keyed by lower-case label; text before any label is keyed "".
 */
export function commentaryParts(markdown: string): Map<string, string> {
  const parts = new Map<string, string>();
  let label = "";
  for (const block of paragraphs(markdown)) {
    // Only the labels of the commentary shape; other bold openings are prose.
    const m = /^\*\*(finding|findings|evidence|recommendations?|caveats?)[.:]\*\*\s*([\s\S]*)$/i.exec(block);
    if (m) {
      label = m[1].toLowerCase();
      label = LABEL_ALIASES[label] ?? label;
      if (!m[2]) continue;
    }
    const text = m ? m[2] : block;
    parts.set(label, [parts.get(label), text].filter(Boolean).join("\n\n"));
  }
  return parts;
}

const LABEL_ALIASES: Record<string, string> = {
  caveat: "caveats",
  recommendations: "recommendation",
  findings: "finding",
};

const BLOCK_LABELS: Record<string, string> = {
  evidence: "Evidence",
  recommendation: "Recommendation",
  caveats: "Caveats",
};

export function commentaryView(markdown: string): CommentaryView {
  const parts = commentaryParts(markdown);
  const finding = parts.get("finding");
  const blocks = [...parts.entries()]
    .filter(([label]) => label !== "finding")
    .map(([label, text]) => ({
      kind: label in BLOCK_LABELS ? label : "text",
      label: BLOCK_LABELS[label] ?? (label ? label[0].toUpperCase() + label.slice(1) : ""),
      html: markdownToHtml(text),
    }));
  return { finding: finding ? inlineMarkdown(finding) : "", blocks };
}
