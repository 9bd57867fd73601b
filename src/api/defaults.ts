/**
 * The API's defaults, in a module that imports nothing: the serve and api-key
 * commands print them in --help without loading Fastify and the models.
 */

export const DEFAULTS = {
  modelsDir: "data/models",
  stateDir: "data/api",
  dataDir: "data",
  reportsDir: "reports",
  bodyLimit: 32 * 1024 * 1024,
  rateLimit: 6000,
} as const;

/** Customers per batch unless the server is told otherwise (SALES_API_BATCH_MAX). */
export const DEFAULT_BATCH_MAX = 100_000;
