import assert from "node:assert/strict";
import { test } from "node:test";
import { PALETTE } from "../charts/theme.js";
import { chartColorMap, DARK, LIGHT, TEXT_PAIRS, themeColor, themeCss } from "./theme.js";

/** WCAG 2.x relative luminance of `#RRGGBB`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the contrast ratio is computed as WCAG defines it (black on white 21:1, the chart teal 4.13:1)", () => {
  assert.equal(Math.round(contrast("#000000", "#FFFFFF") * 100) / 100, 21);
  assert.equal(Math.round(contrast(PALETTE.secondary, "#FFFFFF") * 100) / 100, 4.13);
});

for (const [name, theme] of [
  ["light", LIGHT],
  ["dark", DARK],
] as const)
  test(`every text colour of the ${name} theme reads at 4.5:1 or more on the backgrounds it is set on`, () => {
    const failures: string[] = [];
    for (const [text, backgrounds] of TEXT_PAIRS)
      for (const background of backgrounds) {
        const ratio = contrast(themeColor(theme, text), themeColor(theme, background));
        if (ratio < 4.5) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}:1`);
      }
    assert.deepEqual(failures, []);
  });

test("the CSS declares both themes: dark by the reader's setting unless the toggle chose light, or by the toggle", () => {
  const css = themeCss();
  assert.match(css, /:root \{\n {2}--primary: #1F3B5B;/);
  assert.match(
    css,
    /@media screen and \(prefers-color-scheme: dark\) \{\n {2}:root:not\(\[data-theme="light"\]\) \{\n {4}--primary: #8DB3E2;/,
  );
  assert.match(css, /:root\[data-theme="dark"\] \{\n {4}--primary: #8DB3E2;/);
  assert.match(css, /--on-primary: #FFFFFF;/);
});

test("the charts' light colours map to their dark counterparts", () => {
  const map = chartColorMap();
  assert.equal(map["#1F3B5B"], "#8DB3E2");
  assert.equal(map["#FFFFFF"], "#17202A");
  assert.equal(map["#1F2933"], "#E6EBF0");
});
