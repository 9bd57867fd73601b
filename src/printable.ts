/**
 * Text from the data (a cell, a header, a page's table) inside a message a
 * terminal shows. Control characters would act instead of showing: an escape
 * sequence recolours, clears the screen or retitles the window, a line break
 * fakes a line of a listing, a bidirectional override shows the text in
 * another order. Each is written as an escape (`\n`, `\t`, `\u{1b}`) and a
 * backslash as `\\`, so the message shows exactly what the file holds and
 * nothing else.
 */

// C0 and C1 controls, DEL, and the invisible marks that reorder text
// (the Unicode bidirectional controls and the line and paragraph separators).
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/gu;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\" };

/** `text` with every control character written as an escape. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * A message of several lines for a terminal: each line made printable, the
 * line breaks kept. For the last step before stderr, where the lines are
 * the message's own; a value inside a line is made printable where it is
 * quoted, so its own line breaks do not pass for the message's.
 */
export function printableLines(message: string): string {
  return message
    .split("\n")
    .map((line) => line.replace(UNSAFE, (c) => (c === "\\" ? c : printable(c))))
    .join("\n");
}
