import { DEFAULT_DB_URL } from "../db/connect.js";
import type { OptionSpec } from "./run.js";

/** Options several commands share, described once. */

export const dbOption = {
  type: "string",
  value: "URL",
  description: "the warehouse: duckdb:PATH, postgres://user@host:5432/db or mssql://user:password@host:1433/db",
  defaultText: `SALES_DB, else ${DEFAULT_DB_URL}`,
} as const satisfies OptionSpec;

export const periodOption = {
  type: "string",
  value: "P",
  description: "all, a year 1997, a quarter 1997-Q1, a month 1997-01 or a range of months 1996-09..1997-01",
  default: "all",
} as const satisfies OptionSpec;

export const dataOption = {
  type: "string",
  value: "DIR",
  default: "data",
  description: "folder holding the extracts",
} as const satisfies OptionSpec;
