import type { TopLevelSpec } from "vega-lite";
import { FORMAT, compactCurrencyExpr, formatCurrency, formatInteger } from "../charts/format.js";
import { type ChartOptions, frame, noDataChart } from "../charts/frame.js";
import { PALETTE } from "../charts/theme.js";

/**
 * Vertical bars over ordered categories (value bins, weekdays, months of the
 * year, lines per order), in the house style. Unlike the chart layer's
 * histogram, the bars arrive already counted: the database did the binning,
 * so the chart never needs the orders themselves.
 */

export interface ColumnRow {
  label: string;
  value: number;
  /** Drawn in the muted context colour (e.g. a partial or thinly observed bar). */
  muted?: boolean;
}

export interface ColumnOptions extends ChartOptions {
  format?: "currency" | "integer";
  /** Title of the category axis. */
  xTitle?: string;
  /** Name of the measure, for tooltips. */
  valueTitle?: string;
}

export function columnChart(rows: ColumnRow[], opts: ColumnOptions = {}): TopLevelSpec {
  const title = opts.title ?? "";
  if (rows.length === 0) return noDataChart(opts, title);
  const money = (opts.format ?? "integer") === "currency";
  const fmt = money ? formatCurrency : formatInteger;
  const values = rows.map((r) => ({ ...r, text: fmt(r.value), muted: r.muted ?? false }));
  const valueTitle = opts.valueTitle ?? (money ? "Sales" : "Count");
  return {
    ...frame(opts, { title }),
    data: { values },
    encoding: {
      x: {
        field: "label",
        type: "ordinal",
        // Rows arrive in reading order (bins, weekdays): keep it.
        sort: null,
        title: opts.xTitle ?? null,
        axis: { labelAngle: rows.length > 8 ? -40 : 0, labelLimit: 90 },
      },
      y: {
        field: "value",
        type: "quantitative",
        title: null,
        axis: money ? { labelExpr: compactCurrencyExpr() } : { format: FORMAT.integer, tickMinStep: 1 },
      },
    },
    layer: [
      {
        mark: { type: "bar", tooltip: true },
        encoding: {
          color: { condition: { test: "datum.muted", value: PALETTE.context }, value: PALETTE.primary },
          tooltip: [
            { field: "label", type: "ordinal", title: opts.xTitle ?? "Group" },
            {
              field: "value",
              type: "quantitative",
              title: valueTitle,
              format: money ? FORMAT.currency : FORMAT.integer,
            },
          ],
        },
      },
      ...(rows.length <= 16
        ? [
            {
              mark: { type: "text" as const, baseline: "bottom" as const, dy: -3, color: PALETTE.ink, fontSize: 10 },
              encoding: { text: { field: "text", type: "nominal" as const } },
            },
          ]
        : []),
    ],
  };
}
