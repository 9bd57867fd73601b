/**
 * The e-mail's plain-text part is read as it is, in a terminal or a mail
 * client that shows no HTML: the commentary's HTML (made once from its
 * Markdown) becomes lines of text, lists as "- " items, entities decoded,
 * no Markdown markup left over (`**`, `\<`, backticks).
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", nbsp: " " };

export function htmlToText(html: string): string {
  return (
    html
      // Line breaks between block tags are the renderer's layout, not the text's.
      .replace(/>\n\s*</g, "><")
      .replace(/<li[^>]*>/gi, "\n- ")
      .replace(/<\/(p|ul|ol|div|h\d)>/gi, "\n")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<[^>]+>/g, "")
      .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
        const key = name.toLowerCase();
        if (key in ENTITIES) return ENTITIES[key];
        if (key.startsWith("#x")) return String.fromCodePoint(parseInt(key.slice(2), 16));
        if (key.startsWith("#")) return String.fromCodePoint(Number(key.slice(1)));
        return whole;
      })
      .split("\n")
      .map((line) => line.replace(/[ \t]+/g, " ").trim())
      .filter((line, i, lines) => line !== "" || (i > 0 && lines[i - 1] !== ""))
      .join("\n")
      .trim()
  );
}

/** Wraps a paragraph at `width` columns, continuing lines under `indent`. */
export function wrap(text: string, width = 76, indent = ""): string {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    const hanging = paragraph.startsWith("- ") ? indent + "  " : indent;
    let line = indent;
    for (const word of paragraph.split(" ")) {
      if (line.trim() && line.length + word.length + 1 > width) {
        out.push(line.trimEnd());
        line = hanging;
      }
      line += (line.trim() ? " " : "") + word;
    }
    out.push(line.trimEnd());
  }
  return out.join("\n");
}
