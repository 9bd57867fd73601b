import { Marked } from "marked";

/**
 * Commentary is written in Markdown (by the analyses and the notebooks) and
 * shown as HTML in the report and the e-mail. Links are kept as their text,
 * and a URL as its address without the scheme: a pack is read offline and
 * must not point anywhere. Raw HTML in the Markdown is shown as text, never
 * passed through: commentary quotes names from the data, and a customer called
 * `<img onerror=…>` must read as that name, not run.
 */

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    link({ tokens }) {
      return this.parser.parseInline(tokens).replace(/\bhttps?:\/\//g, "");
    },
    image({ text }) {
      return escapeHtml(text);
    },
    // The analyses write no HTML: any in a commentary came with the data (a scraped name), so it is shown as text.
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown) as string;
}

/** Markdown for one line of text (no surrounding paragraph). */
export function inlineMarkdown(markdown: string): string {
  return marked.parseInline(markdown) as string;
}
