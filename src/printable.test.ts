import assert from "node:assert/strict";
import { test } from "node:test";
import { printable, printableLines } from "./printable.js";

test("escape sequences, bells, line breaks and tabs are written as escapes, letters of any script as they are", () => {
  assert.equal(printable("7\x1b]0;pwned\x07\x1b[2J"), "7\\u{1b}]0;pwned\\u{7}\\u{1b}[2J");
  assert.equal(printable("a\nb\r\tc"), "a\\nb\\r\\tc");
  assert.equal(printable("Mère Paillarde, 東京, Zürich\xa0"), "Mère Paillarde, 東京, Zürich\xa0");
  assert.equal(printable("DEL\x7f and C1\x9b31m"), "DEL\\u{7f} and C1\\u{9b}31m");
});

test("marks that reorder text are shown, and a backslash is doubled so an escape cannot be faked", () => {
  assert.equal(printable("invoice\u202Efdp.exe"), "invoice\\u{202e}fdp.exe");
  assert.equal(printable("a\u2066b\u2069\u200f"), "a\\u{2066}b\\u{2069}\\u{200f}");
  assert.equal(printable("C:\\u{1b}"), "C:\\\\u{1b}");
});

test("a message keeps its own line breaks and backslashes, and loses its control characters", () => {
  assert.equal(
    printableLines("2 problems:\n  a.csv:2 \x1b[31mred\n  C:\\data\\b.csv"),
    "2 problems:\n  a.csv:2 \\u{1b}[31mred\n  C:\\data\\b.csv",
  );
});
