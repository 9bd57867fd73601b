/** `sales-insight/api`: build the HTTP API server (Fastify) to listen or inject into. */
export { buildServer } from "../api/server.js";
