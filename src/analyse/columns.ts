import type { Column } from "./tables.js";

/**
 * The table columns several analyses show, declared once so a label or a
 * format is the same in every table (and changed in one place).
 */
export const COLUMNS = {
  rank: { key: "rank", label: "#", format: "count" },
  customer: { key: "name", label: "Customer", format: "text" },
  country: { key: "country", label: "Country", format: "text" },
  month: { key: "month", label: "Month", format: "text" },
  segment: { key: "segment", label: "Segment", format: "text" },
  sales: { key: "sales", label: "Sales", format: "money" },
  previous_sales: { key: "previous_sales", label: "Previous period", format: "money" },
  average_order_value: { key: "average_order_value", label: "Average order", format: "money" },
  change: { key: "change", label: "Change", format: "growth" },
  share: { key: "share", label: "Share", format: "percent" },
  customer_share: { key: "customer_share", label: "Share of customers", format: "percent" },
  cumulative_share: { key: "cumulative_share", label: "Cumulative share", format: "percent" },
  orders: { key: "orders", label: "Orders", format: "count" },
  customers: { key: "customers", label: "Customers", format: "count" },
  units: { key: "units", label: "Units", format: "count" },
  order_lines: { key: "order_lines", label: "Order lines", format: "count" },
} as const satisfies Record<string, Column>;
