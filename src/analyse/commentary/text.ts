/**
 * Values from the data (customer, product, employee, city names…) are pasted
 * into the commentary's Markdown, which the report, the e-mail, the notebooks
 * and commentary.md show. A name is text: every character Markdown or HTML
 * would read as markup is backslash-escaped, so `<script>` or `[x](http://…)`
 * reads as itself wherever the Markdown is rendered. Letters, digits, spaces,
 * dots, commas, apostrophes and hyphens pass unchanged, so ordinary names stay
 * readable in the plain-text commentary.md.
 */

const MARKUP = /[\\`*_[\]<>~|#]/g;

/**
 * An identifier or a single word (`sales_per_active_month`, `none`, `USA`)
 * holds nothing that could become a tag or a link, and the figures compare
 * such values with constants, so it is left as it is. An `&` stays too: an
 * entity such as `&lt;` can only ever render as a character.
 */
const WORD = /^\w*$/;

export function markdownText(value: string): string {
  if (WORD.test(value)) return value;
  // GFM turns a bare http://… or www.… into a link; an escaped colon or dot keeps it text.
  return value
    .replace(MARKUP, (c) => `\\${c}`)
    .replace(/:\/\//g, "\\://")
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

/**
 * A copy of an analysis's figures with every string escaped by markdownText,
 * for the commentary builders (which only read them). Shared objects stay
 * shared, so `best !== worst` still compares rows, not copies.
 */
export function markdownSafe<T>(figures: T): T {
  const seen = new Map<object, unknown>();
  const copy = (value: unknown): unknown => {
    if (typeof value === "string") return markdownText(value);
    if (value === null || typeof value !== "object") return value;
    if (value instanceof Date) return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(copy(item));
      return out;
    }
    // Only plain records are copied; anything with behaviour (a Map, a typed array) is left alone.
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = copy(v);
    return out;
  };
  return copy(figures) as T;
}
