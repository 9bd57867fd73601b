import type { CustomerFigures } from "../analyses/customers/customers.js";
import type { EmployeeFigures } from "../analyses/employees/employees.js";
import type { LocationFigures } from "../analyses/locations/locations.js";
import type { ProductFigures } from "../analyses/products/products.js";
import type { PredictionFigures } from "../model/prediction/index.js";
import type { SegmentFigure } from "../model/segmentation/index.js";

/**
 * The one number each decision is stated with on the pack's decisions page
 * and in the e-mail, read from the analysis' own figures. The value stays a
 * number (the pack formats it in its locale and currency); the label says
 * what it counts and may quote names from the data (escaped where shown).
 */
export interface KeyFigure {
  value: number;
  unit: "money" | "percent" | "count";
  label: string;
}

export const customersKeyFigure = (f: CustomerFigures): KeyFigure | null => {
  const top = f.tiers[0];
  return top
    ? { value: top.share, unit: "percent", label: `of sales from the ${top.customers} ${top.name} customers` }
    : null;
};

export const locationsKeyFigure = (f: LocationFigures): KeyFigure | null =>
  f.ranking.length
    ? {
        value: f.concentration.top3_share,
        unit: "percent",
        label: `of sales in the top ${Math.min(3, f.ranking.length)} countries, led by ${f.ranking[0].name}`,
      }
    : null;

export const productsKeyFigure = (f: ProductFigures): KeyFigure => ({
  value: f.quadrant.invest.length,
  unit: "count",
  label: `products to invest in: high sales and a margin above the average`,
});

export const employeesKeyFigure = (f: EmployeeFigures): KeyFigure | null => {
  const top = f.ranking[0];
  return top ? { value: top.sales, unit: "money", label: `sales by ${top.name}, the top employee` } : null;
};

export const segmentsKeyFigure = (f: SegmentFigure[]): KeyFigure | null => {
  const top = [...f].filter((s) => s.kind === "rfm").sort((a, b) => b.sales_share - a.sales_share)[0];
  return top ? { value: top.sales_share, unit: "percent", label: `of sales from the ${top.name} segment` } : null;
};

export const predictionKeyFigure = (f: PredictionFigures): KeyFigure | null =>
  f.chosen_model === null
    ? null
    : {
        value: f.expected_total,
        unit: "money",
        label: `expected from today's customers, ${f.horizon.from} to ${f.horizon.to}`,
      };
