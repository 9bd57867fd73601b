import { table, type SourceTable } from "../load/schema.js";

/**
 * What the scraper knows about the data site, in one place: the tables it
 * holds, the names it gives them, and every selector read on its pages. The
 * facts are those of the W3Schools SQL Tryit Editor ("SQL Tryit Editor v1.6").
 * A changed page shows up as an error naming the selector below that failed.
 */

export const DEFAULT_URL = "https://www.w3schools.com/sql/trysql.asp?filename=trysql_select_all";
export const DEFAULT_HOST = "www.w3schools.com";

export interface SiteTable {
  /** The table's name on the site (`SELECT * FROM Customers`). */
  site: string;
  /** The loader's table, whose file name and headers the CSV gets. */
  source: SourceTable;
}

/** The site's tables in the order they are scraped; Categories is optional, as it is to the loader. */
export const SITE_TABLES: readonly SiteTable[] = [
  ["Customers", "customers"],
  ["Categories", "categories"],
  ["Employees", "employees"],
  ["Shippers", "shippers"],
  ["Suppliers", "suppliers"],
  ["Products", "products"],
  ["Orders", "orders"],
  ["OrderDetails", "order_details"],
].map(([site, name]) => ({ site, source: table(name) }));

/** Every selector the scraper depends on. */
export const SELECTORS = {
  /** The tryit page: the SQL editor's textarea (CodeMirror wraps it as `window.editor`). */
  editor: "textarea#textareaCodeSQL",
  /** "Run SQL »", which calls w3schoolsSQLSubmit(). */
  run: "button.ws-btn",
  /** Where the result is written; browsers with WebSQL write into the iframe instead. */
  result: "#divResultSQL",
  resultFrame: "iframe#iframeResultSQL",
  /** The result table (`w3-table-all` in older versions of the page). */
  resultTable: "table.ws-table-all, table.w3-table-all",
  /** "Your Database": a table of table names and record counts. */
  database: "#yourDB",
  /** Static pages: the link to the next page of a table. */
  next: "a[rel~=next]",
} as const;

/** The line above every result table. */
export const RECORDS = /Number of Records:\s*([\d,]+)/;

/** The statement typed for each table. */
export const selectAll = (siteTable: string) => `SELECT * FROM ${siteTable}`;

/** The site shows a NULL as an italic "null" (`<td><i>null</i></td>`); such a cell is empty in the CSV. */
export const NULL_MARK = "null";
