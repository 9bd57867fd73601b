import { createRequire } from "node:module";

/**
 * Sends a display bundle — several representations of one thing, keyed by
 * MIME type — to the notebook, as one `display_data` output, so the front end
 * picks the richest it can draw (JupyterLab: Vega-Lite; GitHub: SVG; a
 * terminal: text). `tslab.display` sends one MIME type per output; the
 * kernel's display hook takes a whole bundle, so we call that.
 */

export type MimeBundle = Record<string, unknown>;

interface JupyterModule {
  lastWriteDisplayData:
    | ((data: { data: MimeBundle; metadata: Record<string, unknown>; transient?: object }, update: boolean) => void)
    | null;
}

const require = createRequire(import.meta.url);

/**
 * The kernel's display hook. The kernel that runs the notebook may be another
 * copy of tslab than the project's (a global install), so look for whichever
 * loaded copy is live first.
 */
function hook(): JupyterModule["lastWriteDisplayData"] {
  for (const [key, mod] of Object.entries(require.cache)) {
    if (!/tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) continue;
    const write = (mod?.exports as JupyterModule | undefined)?.lastWriteDisplayData;
    if (write) return write;
  }
  return null;
}

/** Displays a bundle; outside a notebook (a plain script) prints its text/plain. */
export function display(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
  const write = hook();
  if (write) write({ data, metadata }, false);
  else if (typeof data["text/plain"] === "string") process.stdout.write(`${data["text/plain"]}\n`);
}

export function showMarkdown(markdown: string): void {
  display({ "text/markdown": markdown, "text/plain": markdown });
}

export function showHtml(html: string, text: string): void {
  display({ "text/html": html, "text/plain": text });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
