import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { FilterError } from "../analyse/filters.js";
import { PeriodError } from "../analyse/period.js";
import { PredictionInputError } from "../model/prediction/predict.js";
import { SegmentInputError } from "../model/segmentation/model.js";

/**
 * Every error as RFC 9457 `application/problem+json`: a type, a title, the
 * status, a detail that names the field and what was expected, and the
 * request id to quote to the operator. A server fault says only that: the
 * stack and any SQL go to the log, never to the client.
 */

const PROBLEM_TYPE = "application/problem+json";

export interface FieldError {
  /** Where in the request: `body.customers[3].orders[0].date`, `query.period`, `header.content-type`. */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ["bad-request", "The request is not valid"],
  401: ["unauthorized", "An API key is required"],
  403: ["forbidden", "The API key lacks the scope this route needs"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  406: ["not-acceptable", "Not acceptable"],
  409: ["conflict", "Conflict with the current state"],
  413: ["body-too-large", "The request body is too large"],
  415: ["unsupported-media-type", "Unsupported content type"],
  429: ["rate-limited", "Too many requests"],
  500: ["internal", "Internal server error"],
  503: ["unavailable", "Service unavailable"],
};

function problemType(slug: string): string {
  return `urn:sales-insight:problem:${slug}`;
}

/** An error meant for the client: its detail is safe to show. */
export class ProblemError extends Error {
  override name = "ProblemError";
  constructor(
    readonly status: number,
    detail: string,
    readonly extra: { slug?: string; title?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function problemOf(status: number, detail: string, extra: ProblemError["extra"] = {}): Problem {
  const [slug, title] = TITLES[status] ?? ["error", "Error"];
  return {
    type: problemType(extra.slug ?? slug),
    title: extra.title ?? title,
    status,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Problem,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply
    .code(problem.status)
    .headers(headers)
    .type(PROBLEM_TYPE)
    .send({ ...problem, instance: request.url.split("?")[0], request_id: String(request.id) });
}

/** Ajv's instancePath (`/customers/3/orders/0/date`) as `body.customers[3].orders[0].date`. */
function fieldOf(context: string, instancePath: string, missing?: string): string {
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (missing) parts.push(missing);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : `${path}.${p}`), context);
}

interface AjvIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function validationErrors(error: FastifyError): FieldError[] {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? "body";
  const issues = (error.validation ?? []) as unknown as AjvIssue[];
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of issues) {
    // if/then/else and anyOf repeat their branches' errors: keep the specific ones.
    if (issue.keyword === "if" || issue.keyword === "anyOf") continue;
    const missing = issue.keyword === "required" ? String(issue.params.missingProperty) : undefined;
    const extra = issue.keyword === "additionalProperties" ? String(issue.params.additionalProperty) : undefined;
    const field = fieldOf(context, issue.instancePath, missing ?? extra);
    const message = extra ? "is not a known property" : missing ? "is required" : (issue.message ?? "is not valid");
    const key = `${field} ${message}`;
    if (!seen.has(key)) out.push({ field, message });
    seen.add(key);
  }
  return out.length ? out : [{ field: context, message: error.message }];
}

/** Domain errors from the models and analyses: the message already names the field. */
function domainProblem(error: Error): Problem | null {
  if (error instanceof SegmentInputError) {
    return problemOf(400, error.message.replace(/^segmentCustomer: /, ""), {
      slug: "invalid-input",
      errors: [{ field: `body.${error.field}`, message: error.message.replace(/^segmentCustomer: /, "") }],
    });
  }
  if (error instanceof PredictionInputError) {
    const field = predictionField(/^([\w.[\]]+):/.exec(error.message)?.[1] ?? "");
    return problemOf(400, error.message, {
      slug: "invalid-input",
      errors: [{ field: field ? `body.${field}` : "body", message: error.message }],
    });
  }
  if (error instanceof PeriodError)
    return problemOf(400, error.message, {
      slug: "invalid-input",
      errors: [{ field: "query.period", message: error.message }],
    });
  if (error instanceof FilterError)
    return problemOf(400, error.message, {
      slug: "invalid-input",
      errors: [{ field: "query", message: error.message }],
    });
  return null;
}

/** predictCustomerSales names `history[3].orders[0].date` or `horizon`; the request calls them otherwise. */
function predictionField(field: string): string {
  if (field === "horizon") return "horizon_days";
  if (field.startsWith("history[")) return field.replace(/^history\[/, "customers[");
  if (field.startsWith("history.")) return field.slice("history.".length);
  return field === "history" || field === "" ? "" : field;
}

function problemOfError(error: FastifyError): { problem: Problem; headers: Record<string, string>; fault: boolean } {
  if (error instanceof ProblemError) {
    return {
      problem: problemOf(error.status, error.message, error.extra),
      headers: error.extra.headers ?? {},
      fault: false,
    };
  }
  if (error.validation) {
    const errors = validationErrors(error);
    const detail = errors
      .map((e) => `${e.field} ${e.message}`)
      .slice(0, 5)
      .join("; ");
    return { problem: problemOf(400, detail, { slug: "validation", errors }), headers: {}, fault: false };
  }
  const domain = domainProblem(error);
  if (domain) return { problem: domain, headers: {}, fault: false };
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        problem: problemOf(415, `Content-Type must be application/json`, {
          errors: [{ field: "header.content-type", message: "must be application/json" }],
        }),
        headers: {},
        fault: false,
      };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { problem: problemOf(413, error.message), headers: {}, fault: false };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        problem: problemOf(400, "The body is empty: expected a JSON document", {
          slug: "malformed-json",
          errors: [{ field: "body", message: "is empty" }],
        }),
        headers: {},
        fault: false,
      };
  }
  if (status === 400 && (error instanceof SyntaxError || /JSON/i.test(error.message))) {
    return {
      problem: problemOf(400, `The body is not valid JSON: ${error.message}`, {
        slug: "malformed-json",
        errors: [{ field: "body", message: "must be valid JSON" }],
      }),
      headers: {},
      fault: false,
    };
  }
  if (status >= 400 && status < 500) return { problem: problemOf(status, error.message), headers: {}, fault: false };
  if (status === 503) return { problem: problemOf(503, error.message), headers: { "retry-after": "5" }, fault: false };
  return {
    problem: problemOf(
      500,
      "The server failed to answer this request; the operator can find why in the log under the request id",
    ),
    headers: {},
    fault: true,
  };
}

export default fp(
  async function problems(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { problem, headers, fault } = problemOfError(error);
      if (fault) request.log.error({ err: error }, "request failed");
      else request.log.info({ status: problem.status, detail: problem.detail }, "request refused");
      return sendProblem(request, reply, problem, headers);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        request,
        reply,
        problemOf(404, `No route ${request.method} ${request.url.split("?")[0]}: see /openapi.json for the routes`),
      ),
    );
  },
  { name: "problems" },
);
