/**
 * Every analysis speaks in the same shape: a short finding, the evidence with
 * numbers, a concrete recommendation, and the caveats that limit it. It stays
 * in this shape from the analysis to the templates; Markdown (commentary.md,
 * which is also the e-mail's text part, and the notebooks) is made from it here
 * once, at the edge.
 *
 * Every string is inline Markdown whose values from the data are already
 * escaped (markdownSafe in ./text.ts): the analyses may write `*Action:*` or
 * bold a phrase, a customer's name can never become markup.
 */
export interface Commentary {
  /** One to three sentences: what the analysis found. */
  finding: string;
  /** The numbers behind the finding, one point each. */
  evidence: string[];
  /** What to do, one action each. */
  recommendation: string[];
  /** What limits the finding, one point each. */
  caveats: string[];
}

/** The three lists after the finding, in the order every commentary shows them, with their headings. */
export const COMMENTARY_LISTS = [
  { part: "evidence", label: "Evidence" },
  { part: "recommendation", label: "Recommendation" },
  { part: "caveats", label: "Caveats" },
] as const satisfies readonly { part: keyof Commentary; label: string }[];

/** `**Finding.** …` then each non-empty list under its bold label, as commentary.md and the notebooks show it. */
export function commentaryMarkdown(c: Commentary): string {
  const parts = [`**Finding.** ${c.finding}`];
  for (const { part, label } of COMMENTARY_LISTS)
    if (c[part].length) parts.push(`**${label}.**\n\n${c[part].map((s) => `- ${s}`).join("\n")}`);
  return parts.join("\n\n") + "\n";
}
