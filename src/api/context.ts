import type {
  FastifyInstance,
  FastifyBaseLogger,
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
} from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { JobQueue } from "./jobs.js";
import type { ModelStore } from "./models.js";
import type { Warehouse } from "./warehouse.js";

/** What the routes share: the stores, the warehouse and the server's settings. */
export interface ApiContext {
  models: ModelStore;
  warehouse: Warehouse;
  jobs: JobQueue;
  batchMax: number;
  /** The extracts (ProductCosts.csv, cost-assumptions.json) for the analyses. */
  dataDir: string;
  /** Where report packs are written and listed. */
  reportsDir: string;
  /** The warehouse URL, for jobs that open their own connection (reports). */
  dbUrl: string;
  scrape: () => Promise<ScrapeSite>;
  report: ReportRunner;
  /** Where scrape jobs write (one folder per job). */
  scrapeDir: string;
}

export type ScrapeSite = (options: {
  url: string;
  out: string;
  mode?: "browser" | "static" | "auto";
  load?: boolean;
  db?: string;
  allowHosts?: string[];
  signal?: AbortSignal;
  onProgress?: (p: { table?: string; rows?: number; message: string }) => void;
}) => Promise<{ out: string; manifest: unknown }>;

export type ReportRunner = (options: {
  period: string;
  filters: { country?: string; category?: string };
  formats: ("html" | "pdf")[];
  out: string;
  db: string;
  dataDir: string;
  signal: AbortSignal;
  onProgress: (message: string) => void;
}) => Promise<{ dir: string }>;

export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
