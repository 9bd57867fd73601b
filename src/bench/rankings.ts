import { join } from "node:path";
import { sqlString } from "../db/quote.js";

/**
 * The reference for the four primary analyses: the same four rankings
 * (customers, locations, products, employees by sales) written as the plain
 * DuckDB SQL an analyst would write, with nothing of the project around it:
 * one per-order sum (and the per-product sums, from the same scan of the
 * order lines), then a GROUP BY per ranking. Each ranking returns its top 20,
 * as the analyses show them.
 *
 * Over the warehouse the tables are read as loaded; over the CSVs the five
 * files it needs are read by read_csv (typed by DuckDB's sniffer, US dates),
 * each once.
 */

/** Views giving the CSVs the warehouse's table and column names. */
export function csvViews(dataDir: string): string[] {
  const read = (file: string) => `read_csv(${sqlString(join(dataDir, file))}, dateformat = '%m/%d/%Y')`;
  return [
    `CREATE TEMP VIEW order_details AS SELECT OrderID AS order_id, ProductID AS product_id, Quantity AS quantity FROM ${read("OrderDetails.csv")}`,
    `CREATE TEMP VIEW orders AS SELECT OrderID AS order_id, CustomerID AS customer_id, EmployeeID AS employee_id, OrderDate AS order_date FROM ${read("Orders.csv")}`,
    `CREATE TEMP VIEW products AS SELECT ProductID AS product_id, ProductName AS product_name, Price AS price FROM ${read("Products.csv")}`,
    // Read once into memory: two rankings join it.
    `CREATE TEMP TABLE customers AS SELECT CustomerID AS customer_id, CustomerName AS customer_name, City AS city, Country AS country FROM ${read("Customers.csv")}`,
    `CREATE TEMP VIEW employees AS SELECT EmployeeID AS employee_id, FirstName AS first_name, LastName AS last_name FROM ${read("Employees.csv")}`,
  ];
}

/** The statements before the rankings: the sums every ranking reads. */
export const SUMS = [
  `CREATE TEMP TABLE bench_sums AS
   SELECT d.order_id, d.product_id, SUM(d.quantity * p.price) AS sales, SUM(d.quantity) AS units
   FROM order_details d JOIN products p ON p.product_id = d.product_id
   GROUP BY GROUPING SETS ((d.order_id), (d.product_id))`,
  `CREATE TEMP TABLE bench_order_sales AS
   SELECT o.order_id, o.customer_id, o.employee_id, o.order_date, s.sales
   FROM bench_sums s JOIN orders o ON o.order_id = s.order_id
   WHERE s.order_id IS NOT NULL`,
];

/** The four rankings, by analysis key. */
export const RANKINGS: Record<"customers" | "locations" | "products" | "employees", string[]> = {
  customers: [
    `SELECT c.customer_id, c.customer_name, c.country, SUM(s.sales) AS sales, COUNT(*) AS orders
     FROM bench_order_sales s JOIN customers c ON c.customer_id = s.customer_id
     GROUP BY ALL ORDER BY sales DESC, c.customer_id LIMIT 20`,
  ],
  locations: [
    `SELECT c.country, SUM(s.sales) AS sales, COUNT(DISTINCT s.customer_id) AS customers
     FROM bench_order_sales s JOIN customers c ON c.customer_id = s.customer_id
     GROUP BY ALL ORDER BY sales DESC`,
    `SELECT c.country, c.city, SUM(s.sales) AS sales
     FROM bench_order_sales s JOIN customers c ON c.customer_id = s.customer_id
     GROUP BY ALL ORDER BY sales DESC, c.country, c.city LIMIT 20`,
  ],
  products: [
    `SELECT p.product_id, p.product_name, s.sales, s.units
     FROM bench_sums s JOIN products p ON p.product_id = s.product_id
     WHERE s.order_id IS NULL ORDER BY s.sales DESC, p.product_id LIMIT 20`,
  ],
  employees: [
    `SELECT e.employee_id, e.first_name || ' ' || e.last_name AS employee, SUM(s.sales) AS sales, COUNT(*) AS orders
     FROM bench_order_sales s JOIN employees e ON e.employee_id = s.employee_id
     GROUP BY ALL ORDER BY sales DESC, e.employee_id`,
  ],
};
