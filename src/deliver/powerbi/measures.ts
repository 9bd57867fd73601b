import { daxColumn, daxMeasure, daxTable } from "./tmdl-names.js";

/**
 * The DAX measures of the semantic model, each defined as the analyses
 * define the figure (src/analyses/): sales are quantity x list price summed;
 * profit is sales less cost where the data has a cost, else sales times the
 * category's assumed margin (src/analyses/products/profit.ts); the previous
 * period is the one of the same number of months just before, as every
 * figure in the pack is compared. They live on fact_sales; their names differ
 * from its columns (DAX names ignore case, so "Sales" would clash with sales).
 */

export interface Measure {
  name: string;
  /** DAX; lines after the first are indented by the TMDL writer. */
  expression: string;
  formatString: string;
  displayFolder: string;
  description: string;
}

const F = (column: string) => daxColumn("fact_sales", column);
const M = daxMeasure;
const DATE = daxColumn("dim_date", "date");

export const MONEY = "\\$#,0.00;(\\$#,0.00);\\$#,0.00";
const COUNT = "#,0";
const PERCENT = "0.0%";

/** "previous period": the same number of months just before the months selected. */
const previousPeriod = (measure: string) =>
  [
    `VAR first_day = MIN(${DATE})`,
    `VAR months = DATEDIFF(first_day, MAX(${DATE}), MONTH) + 1`,
    `RETURN CALCULATE(${M(measure)}, DATEADD(${DATE}, -months, MONTH))`,
  ].join("\n");

export const MEASURES: readonly Measure[] = [
  {
    name: "Total Sales",
    expression: `SUM(${F("sales")})`,
    formatString: MONEY,
    displayFolder: "Sales",
    description: "Quantity x list price, summed; equals total_sales in figures.json for the run's period.",
  },
  {
    name: "Order Count",
    expression: `DISTINCTCOUNT(${F("order_id")})`,
    formatString: COUNT,
    displayFolder: "Sales",
    description: "Orders (distinct order ids); equals orders in figures.json.",
  },
  {
    name: "Customer Count",
    expression: `DISTINCTCOUNT(${F("customer_id")})`,
    formatString: COUNT,
    displayFolder: "Sales",
    description: "Customers who ordered; equals active_customers in figures.json.",
  },
  {
    name: "Units Sold",
    expression: `SUM(${F("quantity")})`,
    formatString: COUNT,
    displayFolder: "Sales",
    description: "Units ordered; equals units in figures.json.",
  },
  {
    name: "Average Order Value",
    expression: `DIVIDE(${M("Total Sales")}, ${M("Order Count")})`,
    formatString: MONEY,
    displayFolder: "Sales",
    description: "Sales per order; equals average_order_value in figures.json.",
  },
  {
    name: "Total Profit",
    expression: `SUMX(${daxTable("fact_sales")}, IF(ISBLANK(${F("cost")}), ${F("sales")} * RELATED(${daxColumn("dim_product", "assumed_margin")}), ${F("sales")} - ${F("cost")}))`,
    formatString: MONEY,
    displayFolder: "Profit",
    description:
      "Sales less cost where ProductCosts.csv gives one, else sales x the category's assumed margin: products.total_profit in figures.json.",
  },
  {
    name: "Profit Margin",
    expression: `DIVIDE(${M("Total Profit")}, ${M("Total Sales")})`,
    formatString: PERCENT,
    displayFolder: "Profit",
    description: "Profit over sales: products.margin in figures.json.",
  },
  {
    name: "Sales Share",
    expression: `DIVIDE(${M("Total Sales")}, CALCULATE(${M("Total Sales")}, ALLSELECTED()))`,
    formatString: PERCENT,
    displayFolder: "Sales",
    description: "Share of the sales of everything selected (a country's share of the page's sales, say).",
  },
  {
    name: "Sales Previous Period",
    expression: previousPeriod("Total Sales"),
    formatString: MONEY,
    displayFolder: "Comparison",
    description: "Sales in the same number of months just before those selected, as the pack compares every figure.",
  },
  {
    name: "Sales Change",
    expression: `DIVIDE(${M("Total Sales")} - ${M("Sales Previous Period")}, ${M("Sales Previous Period")})`,
    formatString: PERCENT,
    displayFolder: "Comparison",
    description: "Growth against the previous period; blank without sales then.",
  },
  {
    name: "Orders Previous Period",
    expression: previousPeriod("Order Count"),
    formatString: COUNT,
    displayFolder: "Comparison",
    description: "Orders in the same number of months just before those selected.",
  },
  {
    name: "Orders Change",
    expression: `DIVIDE(${M("Order Count")} - ${M("Orders Previous Period")}, ${M("Orders Previous Period")})`,
    formatString: PERCENT,
    displayFolder: "Comparison",
    description: "Growth in orders against the previous period.",
  },
  {
    name: "Sales Last Year",
    expression: `CALCULATE(${M("Total Sales")}, SAMEPERIODLASTYEAR(${DATE}))`,
    formatString: MONEY,
    displayFolder: "Comparison",
    description: "Sales in the same days a year before.",
  },
  {
    name: "Sales YoY",
    expression: `DIVIDE(${M("Total Sales")} - ${M("Sales Last Year")}, ${M("Sales Last Year")})`,
    formatString: PERCENT,
    displayFolder: "Comparison",
    description: "Growth against the same period a year before; blank where the data has no such year.",
  },
  {
    name: "Orders Last Year",
    expression: `CALCULATE(${M("Order Count")}, SAMEPERIODLASTYEAR(${DATE}))`,
    formatString: COUNT,
    displayFolder: "Comparison",
    description: "Orders in the same days a year before.",
  },
  {
    name: "Orders YoY",
    expression: `DIVIDE(${M("Order Count")} - ${M("Orders Last Year")}, ${M("Orders Last Year")})`,
    formatString: PERCENT,
    displayFolder: "Comparison",
    description: "Growth in orders against the same period a year before.",
  },
  {
    name: "Predicted Sales",
    expression: `SUM(${daxColumn("customer_results", "predicted_sales")})`,
    formatString: MONEY,
    displayFolder: "Prediction",
    description:
      "Expected sales of the customers selected in the prediction's horizon: prediction.expected_total in figures.json.",
  },
];
