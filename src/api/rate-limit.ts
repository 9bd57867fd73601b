import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { problemOf } from "./problem.js";

/**
 * A per-key rate limit (@fastify/rate-limit), counted per API key after the
 * key is checked (per address for the public routes it covers), each key at
 * its own limit when it has one. Over it: 429 problem+json with Retry-After.
 */
export default fp(
  async function limits(app: FastifyInstance, options: { perMinute: number }) {
    await app.register(rateLimit, {
      global: true,
      hook: "preParsing",
      timeWindow: 60_000,
      max: (request) => request.apiKey?.rate_limit ?? options.perMinute,
      keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
      allowList: (request) =>
        request.routeOptions.config.public === true || request.is404 || request.method === "OPTIONS",
      errorResponseBuilder: (_request, context) => {
        const problem = problemOf(
          429,
          `Rate limit of ${context.max} requests a minute for this key reached; retry after ${context.after}`,
        );
        return Object.assign(new Error(problem.detail), { statusCode: 429, problem });
      },
    });
  },
  { name: "rate-limit", dependencies: ["auth"] },
);
