import type { TopLevelSpec } from "vega-lite";
import type { Chart } from "../../analyse/analysis.js";
import { segmentChart } from "../../charts/bars.js";
import { frame, noDataChart } from "../../charts/frame.js";
import { PALETTE } from "../../charts/theme.js";
import type { SegmentFigure } from "./figures.js";
import { SEGMENT_RULES } from "./rfm.js";
import type { CustomerSegmentColumns } from "./customers.js";

/**
 * The segmentation's charts: each segment's share of customers against its
 * share of sales (for the RFM segments and for the clusters), and the R × FM
 * grid with the customers in each cell, which shows where the segment borders
 * run.
 */

export function segmentationCharts(
  segments: SegmentFigure[],
  clusters: SegmentFigure[],
  customers: Pick<CustomerSegmentColumns, "r" | "f" | "m">,
): Chart[] {
  const shares = (rows: SegmentFigure[], short: (s: SegmentFigure) => string) =>
    rows
      .filter((s) => s.customers > 0)
      .map((s) => ({ segment: short(s), customers: s.customers, sales_share: s.sales_share }));
  return [
    {
      id: "segments-share",
      title: "Marketing segments: share of customers and of sales",
      spec: segmentChart(
        shares(segments, (s) => s.name),
        { title: "Marketing segments (RFM)" },
      ),
    },
    {
      id: "segments-grid",
      title: "Buyers on the R × FM grid",
      spec: rfmGridChart(customers),
    },
    {
      id: "clusters-share",
      title: "Behavioural clusters: share of customers and of sales",
      spec: segmentChart(shares(clusters, clusterLabel), { title: "Behavioural clusters (k-means)" }),
    },
  ];
}

/** "Cluster 2: mid value, long since last order, …" → "2: mid value, long since last order". */
function clusterLabel(s: SegmentFigure): string {
  if (s.kind !== "cluster" || !s.name.startsWith("Cluster ")) return s.name;
  return `${s.name.slice("Cluster ".length).split(":")[0]}: ${s.description.split(", ").slice(0, 2).join(", ")}`;
}

/** Segments coloured by what to do with them: keep, grow, watch, win back, let go. */
const SEGMENT_TONES: Record<string, string> = {
  Champions: PALETTE.primary,
  Loyal: PALETTE.primary,
  "Potential loyalists": PALETTE.secondary,
  New: PALETTE.secondary,
  Promising: PALETTE.secondary,
  "Need attention": "#6F8FBF",
  "At risk": PALETTE.accent,
  "Cannot lose them": PALETTE.accent,
  Hibernating: "#8795A5",
  Lost: "#8795A5",
};

/**
 * The R × FM grid: each cell coloured by its segment's tone and labelled with
 * the segment and the buyers in it, so the borders of the rules show.
 */
function rfmGridChart(customers: Pick<CustomerSegmentColumns, "r" | "f" | "m">): TopLevelSpec {
  const title = "Buyers on the R × FM grid";
  // cells[r * 6 + fm]: buyers on each cell, counted in one pass over the score columns.
  const cells6 = new Float64Array(36);
  let buyers = 0;
  for (let i = 0; i < customers.r.length; i++) {
    const r = customers.r[i];
    if (r === 0) continue;
    cells6[r * 6 + Math.ceil((customers.f[i] + customers.m[i]) / 2)]++;
    buyers++;
  }
  if (buyers === 0) return noDataChart({}, title);
  const cells = SEGMENT_RULES.flatMap((rule) => {
    const out: { r: number; fm: number; segment: string; buyers: number }[] = [];
    for (let r = rule.r[0]; r <= rule.r[1]; r++)
      for (let fm = rule.fm[0]; fm <= rule.fm[1]; fm++)
        out.push({ r, fm, segment: rule.segment, buyers: cells6[r * 6 + fm] });
    return out;
  });
  const segments = Object.keys(SEGMENT_TONES);
  const x = {
    field: "fm",
    type: "ordinal",
    title: "FM score (frequency and monetary, 5 = best)",
    sort: "ascending",
    axis: { labelAngle: 0 },
    scale: { paddingInner: 0.04 },
  } as const;
  const y = {
    field: "r",
    type: "ordinal",
    title: "R score (recency, 5 = most recent)",
    sort: "descending",
    scale: { paddingInner: 0.04 },
  } as const;
  const label = (field: string, dy: number, extra: object) => ({
    mark: { type: "text", dy, color: PALETTE.background, ...extra },
    encoding: {
      x,
      y,
      text: {
        field,
        type: field === "buyers" ? "quantitative" : "nominal",
        ...(field === "buyers" ? { format: ",d" } : {}),
      },
    },
  });
  return {
    ...frame(
      {},
      {
        title,
        subtitle: "Buyers in each cell of the segment rules; colours: keep, grow, watch, win back, let go",
        height: 380,
      },
    ),
    data: { values: cells },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          x,
          y,
          color: {
            field: "segment",
            type: "nominal",
            legend: null,
            scale: { domain: segments, range: segments.map((s) => SEGMENT_TONES[s]) },
          },
          tooltip: [
            { field: "segment", type: "nominal", title: "Segment" },
            { field: "r", type: "ordinal", title: "R" },
            { field: "fm", type: "ordinal", title: "FM" },
            { field: "buyers", type: "quantitative", title: "Buyers", format: ",d" },
          ],
        },
      },
      label("segment", -8, { fontSize: 10 }),
      label("buyers", 9, { fontSize: 13, fontWeight: "bold" }),
    ],
  } as TopLevelSpec;
}
