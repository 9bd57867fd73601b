import type { Dialect } from "../db/adapter.js";
import { DECLARES_KEYS } from "../db/sql.js";
import { TABLES } from "./schema.js";

/**
 * Primary keys, foreign keys and the indexes the analyses lean on, declared
 * on the server warehouses after every swap. Without them one query of the
 * customer analysis (a NOT EXISTS per customer against orders) ran for ten
 * minutes on 400k orders in PostgreSQL; Power BI also reads relationships
 * from the foreign keys. The keys come from the same schema the loader checks
 * (src/load/schema.ts), so they always hold when the swap commits.
 */

/** Index per column list, each for a join or filter the analyses make on every run. */
const ANALYSIS_INDEXES: readonly { table: string; columns: readonly string[] }[] = [
  { table: "orders", columns: ["customer_id", "order_date"] }, // customers: first and last orders, NOT EXISTS in a period
  { table: "orders", columns: ["order_date"] }, // every period filter
  { table: "orders", columns: ["employee_id"] },
  { table: "order_details", columns: ["order_id"] }, // lines of an order
  { table: "order_details", columns: ["product_id"] },
  { table: "products", columns: ["category_id"] },
  { table: "order_sales", columns: ["order_date"] },
  { table: "order_sales", columns: ["customer_id", "order_date"] },
  { table: "order_sales", columns: ["employee_id"] },
];

export function keyStatements(dialect: Dialect): string[] {
  if (!DECLARES_KEYS[dialect]) return [];
  const primary = [
    ...TABLES.map((t) => ({ table: t.name, key: t.key })),
    { table: "order_sales", key: "order_id" },
  ].map(({ table, key }) => `ALTER TABLE ${table} ADD CONSTRAINT pk_${table} PRIMARY KEY (${key})`);
  const foreign = TABLES.flatMap((t) =>
    t.foreignKeys.map(
      (fk) =>
        `ALTER TABLE ${t.name} ADD CONSTRAINT fk_${t.name}_${fk.column} FOREIGN KEY (${fk.column}) REFERENCES ${fk.table} (${fk.references})`,
    ),
  );
  const indexes = ANALYSIS_INDEXES.map(
    (i) => `CREATE INDEX ix_${i.table}_${i.columns.join("_")} ON ${i.table} (${i.columns.join(", ")})`,
  );
  return [...primary, ...foreign, ...indexes];
}

/** Dependents first, so no table is dropped while a foreign key still points at it. */
export function dropOrder(): string[] {
  return [...TABLES].reverse().map((t) => t.name);
}
