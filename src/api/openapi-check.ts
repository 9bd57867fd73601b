import { createRequire } from "node:module";
import type { Ajv2020 as AjvType, ValidateFunction } from "ajv/dist/2020.js";

// CommonJS packages with exports.default; require gives the classes as they are.
const require = createRequire(import.meta.url);
const Ajv2020 = (require("ajv/dist/2020") as { Ajv2020: typeof AjvType }).Ajv2020;
const addFormats = (require("ajv-formats") as { default: (ajv: AjvType) => void }).default;

/**
 * Test helper: checks a response against the OpenAPI document the server
 * publishes — the path's operation, its status (or 4XX/default) and its JSON
 * schema — with Ajv's JSON Schema 2020-12, the dialect of OpenAPI 3.1.
 */

type Spec = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};

export class OpenApiChecker {
  private readonly ajv: AjvType;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Spec) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...spec, $id: "openapi.json" });
  }

  /** Throws when `body` is not what the document promises for this method, path and status. */
  check(method: string, url: string, status: number, contentType: string | undefined, body: string): void {
    const path = url.split("?")[0];
    const [template, operations] = Object.entries(this.spec.paths).find(([t]) => matches(t, path)) ?? [];
    if (!template || !operations) throw new Error(`${method} ${path}: not in the OpenAPI document`);
    const operation = operations[method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${template}: no such operation in the OpenAPI document`);
    const code = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"].find(
      (c) => c in operation.responses,
    );
    if (!code)
      throw new Error(
        `${method} ${template}: status ${status} is not documented (has ${Object.keys(operation.responses).join(", ")})`,
      );
    const content = operation.responses[code].content;
    if (!content) return;
    const media = Object.keys(content)[0];
    if (
      !contentType?.startsWith(media.split(";")[0]) &&
      !(media === "application/json" && contentType?.startsWith("application/problem+json"))
    ) {
      throw new Error(`${method} ${template} ${status}: content-type ${contentType}, the document says ${media}`);
    }
    const pointer = `openapi.json#/paths/${escape(template)}/${method.toLowerCase()}/responses/${code}/content/${escape(media)}/schema`;
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(pointer);
      if (!validate) throw new Error(`cannot compile ${pointer}`);
      this.cache.set(pointer, validate);
    }
    if (!validate(JSON.parse(body))) {
      throw new Error(
        `${method} ${template} ${status}: body does not match the OpenAPI document: ${this.ajv.errorsText(validate.errors)}`,
      );
    }
  }
}

function matches(template: string, path: string): boolean {
  const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
  return re.test(path);
}

function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));
}
