/**
 * How a table of the Power BI extract is described once, for the files, the
 * data dictionary and the TMDL semantic model alike.
 */

/** decimal: money to the cent; double: shares, probabilities and predictions, unrounded. */
export type ColumnType = "integer" | "decimal" | "double" | "text" | "date" | "boolean";

export interface StarColumn {
  name: string;
  type: ColumnType;
  description: string;
  /** The column Power BI sorts this one by (month names by month number). */
  sortBy?: string;
}

export interface StarTable {
  name: string;
  /** fact and dimension tables come from SQL; date is the calendar; result holds the run's answers per entity. */
  kind: "fact" | "dimension" | "date" | "result";
  description: string;
  columns: StarColumn[];
}

export const col = (name: string, type: ColumnType, description: string, sortBy?: string): StarColumn =>
  sortBy ? { name, type, description, sortBy } : { name, type, description };

/** Values column by column, all of one length: a million customers need no object each. */
export interface ColumnarRows {
  length: number;
  columns: Record<string, ArrayLike<string | number | boolean | null>>;
}
