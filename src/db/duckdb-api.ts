import type * as DuckDBApi from "@duckdb/node-api";
import { requireCommonJs } from "../commonjs.js";

/** DuckDB's client, for every process that opens DuckDB (the commands, the bench's references) alike. */
export const duckdb = requireCommonJs<typeof DuckDBApi>("@duckdb/node-api");
