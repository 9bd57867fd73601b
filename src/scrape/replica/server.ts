import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSiteData, type SiteData } from "./data.js";
import { staticIndex, staticTablePage } from "./static-pages.js";
import { TRYIT_HTML, TRYIT_JS } from "./tryit-page.js";

/**
 * A faithful local replica of the data site, for tests and measurements: a
 * node:http server on a free 127.0.0.1 port serving the tryit page
 * (/sql/trysql.asp?filename=trysql_select_all) and the static kind
 * (/static/), over any data set in the seven-file layout, with switches for
 * the faults a real site shows.
 */

const REPLICA_DATA_DIR = fileURLToPath(new URL("../../../data/", import.meta.url));
const SQL_JS_DIR = dirname(createRequire(import.meta.url).resolve("sql.js/dist/sql-wasm.js"));

interface ReplicaFaults {
  /** The first N requests for a page answer 500 (with Retry-After: `retryAfter` when set). */
  failFirst?: number;
  retryAfter?: number;
  /** Pages never answer. */
  hang?: boolean;
  /** The table's result shows `rows` rows fewer than its "Number of Records". */
  cutShort?: { table: string; rows: number };
  /** The result table's class instead of ws-table-all. */
  resultClass?: string;
  /** Pages answer 302 to this URL. */
  redirectTo?: string;
  /** robots.txt disallows everything. */
  robotsDisallow?: boolean;
}

export interface ReplicaOptions {
  /** A data set in the seven-file layout; default the extract (data/). */
  dataDir?: string;
  /** Rows per static page; default 100. */
  pageSize?: number;
  faults?: ReplicaFaults;
}

export interface Replica {
  /** The tryit page. */
  url: string;
  /** The static kind's index. */
  staticUrl: string;
  origin: string;
  /** Every request's path, in order (to see what the scraper fetched). */
  requests: string[];
  /** The user agent of every request, in the same order. */
  userAgents: string[];
  close(): Promise<void>;
}

export async function startReplica(options: ReplicaOptions = {}): Promise<Replica> {
  const faults = options.faults ?? {};
  const tables = readSiteData(options.dataDir ?? REPLICA_DATA_DIR);
  const database = JSON.stringify({ settings: { resultClass: faults.resultClass, cutShort: faults.cutShort }, tables });
  const settings = { pageSize: options.pageSize ?? 100, resultClass: faults.resultClass, cutShort: faults.cutShort };
  const requests: string[] = [];
  const userAgents: string[] = [];
  let failures = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://replica");
    requests.push(url.pathname + url.search);
    userAgents.push(request.headers["user-agent"] ?? "");
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
      response.end(body);
    };
    const html = (body: string) => send(200, "text/html; charset=utf-8", body);

    if (url.pathname === "/robots.txt")
      return send(
        200,
        "text/plain",
        faults.robotsDisallow ? "User-agent: *\nDisallow: /\n" : "User-agent: *\nDisallow: /private/\n",
      );
    if (url.pathname.startsWith("/replica/")) return asset(url.pathname.slice("/replica/".length), database, send);

    const isPage = url.pathname === "/sql/trysql.asp" || url.pathname.startsWith("/static/");
    if (isPage) {
      if (faults.hang) return; // never answers; close() drops the connection
      if (faults.redirectTo) return send(302, "text/plain", "moved", { location: faults.redirectTo });
      if (failures < (faults.failFirst ?? 0)) {
        failures++;
        const headers: Record<string, string> =
          faults.retryAfter !== undefined ? { "retry-after": String(faults.retryAfter) } : {};
        return send(500, "text/plain", "Internal Server Error", headers);
      }
    }
    if (url.pathname === "/sql/trysql.asp") return html(TRYIT_HTML);
    if (url.pathname === "/static/") return html(staticIndex(tables, "/static/"));
    const table = url.pathname.startsWith("/static/")
      ? findTable(tables, decodeURIComponent(url.pathname.slice(8)))
      : undefined;
    const body = table && staticTablePage(table, Number(url.searchParams.get("page") ?? "1"), settings);
    if (body) return html(body);
    send(404, "text/plain", "Not Found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/sql/trysql.asp?filename=trysql_select_all`,
    staticUrl: `${origin}/static/`,
    origin,
    requests,
    userAgents,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const findTable = (tables: readonly SiteData[], name: string) => tables.find((t) => t.name === name);

const ASSETS: Record<string, [string, () => Buffer | string]> = {
  "tryit.js": ["text/javascript", () => TRYIT_JS],
  "sql-wasm.js": ["text/javascript", () => readFileSync(join(SQL_JS_DIR, "sql-wasm.js"))],
  "sql-wasm.wasm": ["application/wasm", () => readFileSync(join(SQL_JS_DIR, "sql-wasm.wasm"))],
};

function asset(
  name: string,
  database: string,
  send: (status: number, type: string, body: string | Buffer) => void,
): void {
  if (name === "database.json") return send(200, "application/json", database);
  const found = ASSETS[name];
  if (!found) return send(404, "text/plain", "Not Found");
  send(200, found[0], found[1]());
}
