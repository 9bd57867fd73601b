import type { Table } from "../../analyse/analysis.js";
import type { SegmentFigure, SegmentationFigures } from "./figures.js";
import { customerSegment, largestCustomers, type CustomerSegmentColumns } from "./customers.js";
import { COLUMNS } from "../../analyse/columns.js";

/**
 * The tables a marketer needs to check the commentary and act on it: the
 * segments with their actions, the clusters, the score thresholds, the choice
 * of k, and the customers with their segment.
 */

/** Customers listed in figures.json: all on small data, the largest on big data. */
const CUSTOMERS_LISTED = 1000;

export function segmentationTables(
  segments: SegmentFigure[],
  seg: SegmentationFigures,
  customers: CustomerSegmentColumns,
): Table[] {
  const listed = largestCustomers(customers, CUSTOMERS_LISTED).map((i) => customerSegment(customers, i));
  return [
    {
      id: "segments",
      title: "Marketing segments (RFM)",
      columns: [
        COLUMNS.segment,
        COLUMNS.customers,
        COLUMNS.customer_share,
        COLUMNS.sales,
        { key: "sales_share", label: "Share of sales", format: "percent" },
        { key: "recency", label: "Avg days since last order", format: "count" },
        { key: "orders", label: "Avg orders", format: "decimal" },
        { key: "avg_sales", label: "Avg sales", format: "money" },
        { key: "rule", label: "Rule", format: "text" },
      ],
      rows: segments.map((s) => ({
        segment: s.name,
        customers: s.customers,
        customer_share: s.customer_share,
        sales: s.sales,
        sales_share: s.sales_share,
        recency: s.profile.avg_recency_days,
        orders: s.profile.avg_orders,
        avg_sales: s.profile.avg_sales,
        rule: s.rule,
      })),
    },
    {
      id: "segment-actions",
      title: "Recommended marketing actions",
      columns: [
        COLUMNS.segment,
        COLUMNS.customers,
        { key: "offer", label: "Offer", format: "text" },
        { key: "channel", label: "Channel", format: "text" },
        { key: "timing", label: "Timing", format: "text" },
      ],
      rows: segments
        .filter((s) => s.customers > 0)
        .map((s) => ({ segment: s.name, customers: s.customers, ...s.action })),
    },
    {
      id: "clusters",
      title: "Behavioural clusters (k-means)",
      columns: [
        { key: "cluster", label: "Cluster", format: "text" },
        COLUMNS.customers,
        COLUMNS.customer_share,
        { key: "sales_share", label: "Share of sales", format: "percent" },
        { key: "orders", label: "Avg orders", format: "decimal" },
        { key: "avg_sales", label: "Avg sales", format: "money" },
        { key: "main_segment", label: "Mostly", format: "text" },
        { key: "top_category", label: "Top category", format: "text" },
        { key: "offer", label: "Offer", format: "text" },
      ],
      rows: seg.clusters.map((c) => ({
        cluster: c.name,
        customers: c.customers,
        customer_share: c.customer_share,
        sales_share: c.sales_share,
        orders: c.profile.avg_orders,
        avg_sales: c.profile.avg_sales,
        main_segment: c.main_segment ?? null,
        top_category: c.profile.top_categories[0]?.name ?? null,
        offer: c.action.offer,
      })),
    },
    {
      id: "rfm-thresholds",
      title: "RFM score thresholds (a buyer earns a score when at least as good as its bound)",
      columns: [
        { key: "score", label: "Score", format: "count" },
        { key: "recency", label: "Days since last order, at most", format: "count" },
        { key: "orders", label: "Orders, at least", format: "count" },
        { key: "sales", label: "Sales, at least", format: "money" },
      ],
      rows: seg.thresholds.map((t) => ({
        score: t.score,
        recency: t.recency_days_at_most,
        orders: t.orders_at_least,
        sales: t.sales_at_least,
      })),
    },
    {
      id: "cluster-choice",
      title: "Choice of the number of clusters (mean silhouette, higher is better)",
      columns: [
        { key: "k", label: "Clusters (k)", format: "count" },
        // Three decimals, which the shared formats do not have: written here as text.
        { key: "silhouette", label: "Mean silhouette", format: "text" },
        { key: "chosen", label: "Chosen", format: "text" },
      ],
      rows: seg.silhouette_by_k.map((x) => ({
        k: x.k,
        silhouette: x.silhouette.toFixed(3),
        chosen: x.k === seg.k ? "yes" : "",
      })),
    },
    {
      id: "segment-customers",
      title:
        customers.ids.length > CUSTOMERS_LISTED
          ? `Customers by segment (the ${CUSTOMERS_LISTED} largest)`
          : "Customers by segment",
      columns: [
        { key: "customer", label: "Customer", format: "text" },
        COLUMNS.country,
        COLUMNS.segment,
        { key: "rfm", label: "RFM", format: "text" },
        { key: "cluster", label: "Cluster", format: "text" },
        COLUMNS.orders,
        COLUMNS.sales,
        { key: "recency", label: "Days since last order", format: "count" },
      ],
      rows: listed.map((c) => ({
        customer: c.customer_name,
        country: c.country,
        segment: c.segment,
        rfm: c.rfm?.code ?? null,
        cluster: c.cluster === null ? null : `Cluster ${c.cluster}`,
        orders: c.orders,
        sales: c.sales,
        recency: c.recency_days,
      })),
      limit: 25,
    },
  ];
}
