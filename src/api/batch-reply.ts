import type { FastifyReply } from "fastify";

/**
 * Has a batch answer written by V8's JSON.stringify instead of the serializer
 * Fastify compiles from the response schema: on tens of MiB the native one is
 * about twice as fast and leaves less garbage (100,000 segmented customers,
 * 59 MiB: 1.5 s to 0.9 s a request, in process). The shape is the schema's all
 * the same: the handlers build it from typed results, and every answer the
 * tests see is validated against the OpenAPI document.
 */
export function writeNatively(reply: FastifyReply): void {
  // A custom serializer leaves the content type unset.
  reply.type("application/json; charset=utf-8").serializer(JSON.stringify);
}
