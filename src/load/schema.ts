import type { Column, ColumnType } from "../db/adapter.js";

/**
 * The extracts as IT delivers them, and the warehouse tables they become.
 * Everything the loader, the validator and the generator know about the
 * files comes from here.
 */

export interface SourceColumn extends Column {
  /** Header in the CSV file (matched without regard to case or surrounding spaces). */
  header: string;
  /** A missing value is an error. */
  required: boolean;
  /** A rule on the number beyond its type; money is never negative. */
  check?: "positive" | "non-negative";
}

export interface ForeignKey {
  column: string;
  table: string;
  references: string;
}

export interface SourceTable {
  /** Warehouse table name. */
  name: string;
  /** File name in the data folder. */
  file: string;
  columns: SourceColumn[];
  key: string;
  foreignKeys: ForeignKey[];
  /** Optional tables enrich the warehouse when their file is present. */
  optional?: boolean;
}

const col = (
  header: string,
  name: string,
  type: ColumnType,
  required = true,
  check?: SourceColumn["check"],
): SourceColumn => ({
  header,
  name,
  type,
  required,
  nullable: !required,
  check: check ?? (type === "money" ? "non-negative" : undefined),
});

export const TABLES: readonly SourceTable[] = [
  {
    name: "customers",
    file: "Customers.csv",
    key: "customer_id",
    columns: [
      col("CustomerID", "customer_id", "integer"),
      col("CustomerName", "customer_name", "text"),
      col("ContactName", "contact_name", "text", false),
      col("Address", "address", "text", false),
      col("City", "city", "text", false),
      col("PostalCode", "postal_code", "text", false),
      col("Country", "country", "text", false),
    ],
    foreignKeys: [],
  },
  {
    name: "employees",
    file: "Employees.csv",
    key: "employee_id",
    columns: [
      col("EmployeeID", "employee_id", "integer"),
      col("LastName", "last_name", "text"),
      col("FirstName", "first_name", "text"),
      col("BirthDate", "birth_date", "date", false),
      col("Photo", "photo", "text", false),
      col("Notes", "notes", "text", false),
    ],
    foreignKeys: [],
  },
  {
    name: "shippers",
    file: "Shippers.csv",
    key: "shipper_id",
    columns: [
      col("ShipperID", "shipper_id", "integer"),
      col("ShipperName", "shipper_name", "text"),
      col("Phone", "phone", "text", false),
    ],
    foreignKeys: [],
  },
  {
    name: "suppliers",
    file: "Suppliers.csv",
    key: "supplier_id",
    columns: [
      col("SupplierID", "supplier_id", "integer"),
      col("SupplierName", "supplier_name", "text"),
      col("ContactName", "contact_name", "text", false),
      col("Address", "address", "text", false),
      col("City", "city", "text", false),
      col("PostalCode", "postal_code", "text", false),
      col("Country", "country", "text", false),
      col("Phone", "phone", "text", false),
    ],
    foreignKeys: [],
  },
  {
    name: "categories",
    file: "categories.csv",
    key: "category_id",
    optional: true,
    columns: [
      col("CategoryID", "category_id", "integer"),
      col("CategoryName", "category_name", "text"),
      col("Description", "description", "text", false),
    ],
    foreignKeys: [],
  },
  {
    name: "products",
    file: "Products.csv",
    key: "product_id",
    columns: [
      col("ProductID", "product_id", "integer"),
      col("ProductName", "product_name", "text"),
      col("SupplierID", "supplier_id", "integer"),
      col("CategoryID", "category_id", "integer"),
      col("Unit", "unit", "text", false),
      col("Price", "price", "money"),
    ],
    foreignKeys: [{ column: "supplier_id", table: "suppliers", references: "supplier_id" }],
  },
  {
    name: "product_costs",
    file: "ProductCosts.csv",
    key: "product_id",
    optional: true,
    columns: [col("ProductID", "product_id", "integer"), col("UnitCost", "unit_cost", "money")],
    foreignKeys: [{ column: "product_id", table: "products", references: "product_id" }],
  },
  {
    name: "orders",
    file: "Orders.csv",
    key: "order_id",
    columns: [
      col("OrderID", "order_id", "integer"),
      col("CustomerID", "customer_id", "integer"),
      col("EmployeeID", "employee_id", "integer"),
      col("OrderDate", "order_date", "date"),
      col("ShipperID", "shipper_id", "integer"),
    ],
    foreignKeys: [
      { column: "customer_id", table: "customers", references: "customer_id" },
      { column: "employee_id", table: "employees", references: "employee_id" },
      { column: "shipper_id", table: "shippers", references: "shipper_id" },
    ],
  },
  {
    name: "order_details",
    file: "OrderDetails.csv",
    key: "order_detail_id",
    columns: [
      col("OrderDetailID", "order_detail_id", "integer"),
      col("OrderID", "order_id", "integer"),
      col("ProductID", "product_id", "integer"),
      col("Quantity", "quantity", "integer", true, "positive"),
    ],
    foreignKeys: [
      { column: "order_id", table: "orders", references: "order_id" },
      { column: "product_id", table: "products", references: "product_id" },
    ],
  },
];

export function table(name: string): SourceTable {
  const found = TABLES.find((t) => t.name === name);
  if (!found) throw new Error(`Unknown warehouse table ${name}`);
  return found;
}
