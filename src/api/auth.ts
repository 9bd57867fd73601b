import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasScope, type ApiKey, type KeyStore, type Scope } from "./keys.js";
import { ProblemError } from "./problem.js";

/**
 * API keys on every route but the public ones (health, metrics, the OpenAPI
 * document and its UI): `Authorization: Bearer KEY` or `X-API-Key: KEY`. A
 * route names the scope it needs in its config (`config: { scope: "predict" }`).
 * No key or an unknown one: 401; a key without the scope: 403. The key never
 * reaches the log (the logger redacts both headers).
 */

declare module "fastify" {
  interface FastifyRequest {
    apiKey: ApiKey | null;
  }
  interface FastifyContextConfig {
    /** The scope a key needs; absent with `public: true`. */
    scope?: Scope;
    public?: boolean;
  }
}

function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === "string") {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : null;
  }
  const header = request.headers["x-api-key"];
  return typeof header === "string" ? header.trim() : null;
}

export default fp(
  async function auth(app: FastifyInstance, options: { keys: KeyStore }) {
    app.decorateRequest("apiKey", null);
    app.addHook("onRequest", async (request) => {
      const config = request.routeOptions.config;
      // CORS preflights carry no credentials by design; the CORS plugin answers them.
      if (
        config.public ||
        request.is404 ||
        request.method === "OPTIONS" ||
        request.routeOptions.url?.startsWith("/docs")
      )
        return;
      const presented = presentedKey(request);
      const unauthorized = (detail: string) =>
        new ProblemError(401, detail, {
          errors: [{ field: "header.authorization", message: "must be Bearer <key> (or send X-API-Key)" }],
          headers: { "www-authenticate": 'Bearer realm="sales-insight"' },
        });
      if (!presented) throw unauthorized("No API key: send Authorization: Bearer <key> or X-API-Key: <key>");
      const key = await options.keys.verify(presented);
      if (!key) throw unauthorized("The API key is not valid (unknown, malformed or revoked)");
      request.apiKey = key;
      const scope = config.scope;
      if (scope && !hasScope(key, scope)) {
        throw new ProblemError(
          403,
          `This route needs the "${scope}" scope; the key "${key.name}" has ${key.scopes.join(", ")}`,
          {
            errors: [{ field: "header.authorization", message: `key needs scope ${scope}` }],
          },
        );
      }
    });
  },
  { name: "auth" },
);
