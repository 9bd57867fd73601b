/**
 * Pareto chart: items ranked by sales, with the cumulative share of sales on
 * a second axis. Bars of the "vital few" (the items that make the first 80%)
 * are navy; the long tail is grey.
 */
import type { TopLevelSpec } from "vega-lite";
import { FORMAT, compactCurrencyExpr, formatPercent } from "./format.js";
import { type ChartOptions, type Layer, type PositionDef, frame, noDataChart } from "./frame.js";
import { PALETTE } from "./theme.js";

export interface ParetoRow {
  name: string;
  sales: number;
  /** Share of total sales up to and including this item, 0..1. */
  cumulative_share: number;
}

export interface ParetoOptions extends ChartOptions {
  /** What the items are, plural, for the subtitle and axis: "customers", "products". Default "items". */
  items?: string;
}

/** Names under the bars are readable up to about this many items. */
const MAX_NAMED = 20;
const THRESHOLDS = [0.5, 0.8];

export function paretoChart(rows: ParetoRow[], opts: ParetoOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Sales concentration";
  if (rows.length === 0) return noDataChart(opts, title);
  const items = opts.items ?? "items";
  const sorted = [...rows].sort((a, b) => b.sales - a.sales);
  const values = sorted.map((r, i) => ({
    ...r,
    rank: i + 1,
    // Vital if the items before it had not yet reached 80%.
    vital: i === 0 || sorted[i - 1].cumulative_share < 0.8,
  }));
  const vital = values.filter((v) => v.vital).length;
  const subtitle = `${vital} of ${values.length} ${items} (${formatPercent(vital / values.length)}) make 80% of sales`;
  const named = values.length <= MAX_NAMED;
  const x: PositionDef = {
    field: "name",
    type: "nominal",
    sort: values.map((v) => v.name),
    title: named ? null : `${values.length} ${items}, largest first`,
    axis: named
      ? { labelAngle: -35, labelLimit: 110, labelAlign: "right", domain: true }
      : { labels: false, domain: true, titlePadding: 8 },
  };
  // Both sub-layers on the share scale declare the axis: merged axes take
  // the first layer's settings, and a null there would hide it.
  const share = (field: string): PositionDef => ({
    field,
    type: "quantitative",
    scale: { domain: [0, 1] },
    title: "Cumulative share",
    axis: {
      orient: "right",
      format: FORMAT.percent,
      values: [0, 0.25, 0.5, 0.75, 1],
      grid: false,
      titleColor: PALETTE.accent,
    },
  });
  return {
    ...frame(opts, { title, subtitle }),
    data: { values },
    // x is set per layer, not here: the reference rules must span the width.
    layer: [
      {
        mark: { type: "bar", tooltip: true },
        encoding: {
          x,
          y: { field: "sales", type: "quantitative", title: null, axis: { labelExpr: compactCurrencyExpr() } },
          color: { condition: { test: "datum.vital", value: PALETTE.primary }, value: PALETTE.context },
          tooltip: [
            { field: "rank", type: "quantitative", title: "Rank" },
            { field: "name", type: "nominal", title: "Name" },
            { field: "sales", type: "quantitative", title: "Sales", format: FORMAT.currency },
            {
              field: "cumulative_share",
              type: "quantitative",
              title: "Cumulative share",
              format: FORMAT.percentPrecise,
            },
          ],
        },
      },
      {
        // Line and reference rules share the right-hand percent axis.
        layer: [
          {
            data: { values: THRESHOLDS.map((t) => ({ share: t, label: `${formatPercent(t)} of sales` })) },
            encoding: { y: share("share") },
            layer: [
              { mark: { type: "rule", strokeDash: [4, 4], color: PALETTE.axis } },
              {
                // At the right end, where the bars are low and the line is high.
                mark: {
                  type: "text",
                  align: "right",
                  baseline: "bottom",
                  dy: -3,
                  dx: -4,
                  x: "width",
                  color: PALETTE.muted,
                  fontSize: 10,
                },
                encoding: { text: { field: "label", type: "nominal" } },
              },
            ],
          },
          {
            encoding: {
              x,
              y: share("cumulative_share"),
            },
            layer: [
              { mark: { type: "line", color: PALETTE.accent, strokeWidth: 2 } },
              ...(named
                ? [{ mark: { type: "point", color: PALETTE.accent, size: 22, filled: true } } satisfies Layer]
                : []),
            ],
          },
        ],
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}
