import { CATEGORY_COLORS, FONT_STACK, PALETTE } from "../charts/theme.js";

/**
 * The page's two themes as CSS custom properties: light (the charts' palette,
 * src/charts/theme.ts, plus the page's surfaces) and dark. The report follows
 * the reader's `prefers-color-scheme` unless its toggle sets `data-theme` on
 * the root element. The interactive charts swap every light colour of their
 * spec for its dark counterpart (`chartColorMap`), so charts and page match.
 *
 * Text colours are separate from the chart colours they echo (`*-ink`): the
 * chart teal and brick red are too light for small text on white (4.1:1 and
 * 4.4:1); theme.test.ts holds every text pair at WCAG AA, 4.5:1 or more.
 */

type ChartKey = keyof typeof PALETTE;

export interface PageTheme {
  /** The chart palette's keys, as in src/charts/theme.ts. */
  chart: Record<ChartKey, string>;
  /** Behind the sheets. */
  page: string;
  /** Cards and the summary's decisions. */
  card: string;
  /** The recommendation block, code and neutral chips. */
  tint: string;
  /** Every other table row. */
  stripe: string;
  /** The caveats block. */
  warm: string;
  /** Body text of the decisions and caveats, a step softer than ink. */
  "ink-soft": string;
  "positive-ink": string;
  "negative-ink": string;
  "secondary-ink": string;
  "caveat-ink": string;
  /** Text on a primary-coloured background (table headers, numbers in discs). */
  "on-primary": string;
  /** Keyboard focus ring. */
  focus: string;
}

export const LIGHT: PageTheme = {
  chart: { ...PALETTE },
  page: "#EEF1F5",
  card: "#FAFBFC",
  tint: "#F2F5F9",
  stripe: "#F6F8FA",
  warm: "#FDF8F2",
  "ink-soft": "#2B3A4A",
  "positive-ink": "#167479",
  "negative-ink": "#B4492F",
  "secondary-ink": "#167479",
  "caveat-ink": "#8F4F14",
  "on-primary": "#FFFFFF",
  focus: "#E8892B",
};

export const DARK: PageTheme = {
  chart: {
    primary: "#8DB3E2",
    secondary: "#4FC1C6",
    accent: "#F0A35E",
    negative: "#F08A74",
    positive: "#4FC1C6",
    context: "#4A5868",
    neutral: "#3A4654",
    ink: "#E6EBF0",
    muted: "#A9B4C0",
    axis: "#6B7785",
    grid: "#2E3946",
    background: "#17202A",
  },
  page: "#0F161D",
  card: "#1B2631",
  tint: "#1E2A36",
  stripe: "#1A242F",
  warm: "#2A2419",
  "ink-soft": "#D2DAE2",
  "positive-ink": "#4FC1C6",
  "negative-ink": "#F08A74",
  "secondary-ink": "#4FC1C6",
  "caveat-ink": "#F0A35E",
  "on-primary": "#0F161D",
  focus: "#F0A35E",
};

/** Text colour → the backgrounds it is set on; theme.test.ts checks each pair at 4.5:1. */
export const TEXT_PAIRS: readonly (readonly [keyof PageTheme | ChartKey, readonly (keyof PageTheme | ChartKey)[]])[] = [
  ["ink", ["background", "card", "tint", "stripe", "page"]],
  ["muted", ["background", "card", "stripe", "page"]],
  ["ink-soft", ["card", "warm", "background"]],
  ["primary", ["background", "card", "tint"]],
  ["positive-ink", ["background", "stripe", "card"]],
  ["negative-ink", ["background", "stripe", "card"]],
  ["secondary-ink", ["background", "card"]],
  ["caveat-ink", ["warm"]],
  ["on-primary", ["primary"]],
];

/** A colour of the theme by name, from its chart palette or its page colours. */
export function themeColor(theme: PageTheme, key: keyof PageTheme | ChartKey): string {
  return key in theme.chart ? theme.chart[key as ChartKey] : (theme[key as keyof PageTheme] as string);
}

function declarations(theme: PageTheme): string[] {
  const out = Object.entries(theme.chart).map(([k, v]) => `  --${k}: ${v};`);
  for (const [k, v] of Object.entries(theme)) if (k !== "chart") out.push(`  --${k}: ${v as string};`);
  return out;
}

/**
 * The custom properties of both themes. Dark applies when the reader's system
 * asks for it and the toggle has not chosen light, or when the toggle chose
 * dark; print is always light.
 */
export function themeCss(): string {
  const light = declarations(LIGHT);
  CATEGORY_COLORS.forEach((c, i) => light.push(`  --series-${i + 1}: ${c};`));
  light.push(`  --font: ${FONT_STACK}, sans-serif;`);
  const dark = declarations(DARK);
  return [
    `:root {\n${light.join("\n")}\n  color-scheme: light;\n}`,
    `@media screen and (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"]) {\n${dark.map((d) => "  " + d).join("\n")}\n    color-scheme: dark;\n  }\n}`,
    `@media screen {\n  :root[data-theme="dark"] {\n${dark.map((d) => "  " + d).join("\n")}\n    color-scheme: dark;\n  }\n}`,
    "",
  ].join("\n");
}

/** Light chart colour → dark, upper case, for the page script to recolour the charts' specs. */
export function chartColorMap(): Record<string, string> {
  const map: Record<string, string> = {};
  for (const key of Object.keys(LIGHT.chart) as ChartKey[])
    if (!(LIGHT.chart[key].toUpperCase() in map)) map[LIGHT.chart[key].toUpperCase()] = DARK.chart[key];
  return map;
}
