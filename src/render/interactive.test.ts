import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { foreignElements } from "../security/hostile.js";
import { explorerChartSpec, interactiveCsp, liveSpec, scriptHash, scriptJson } from "./interactive.js";

test("data in a <script> element keeps every name as text: <, > and & escaped, and JSON.parse reads it back unchanged", () => {
  const names = { customer: "</script><script>alert(2)</script> <!-- & \u2028" };
  const json = scriptJson(names);
  assert.doesNotMatch(json, /[<>&\u2028]/);
  assert.equal(
    json,
    '{"customer":"\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e \\u003c!-- \\u0026 \\u2028"}',
  );
  assert.deepEqual(JSON.parse(json), names);
});

test("a script is allowed by the SHA-256 of its exact text, and the policy allows nothing else", () => {
  const code = "console.log(1)";
  assert.equal(scriptHash(code), `'sha256-${createHash("sha256").update(code).digest("base64")}'`);
  const csp = interactiveCsp([{ code }, { code: "2" }]);
  assert.equal(
    csp,
    `default-src 'none'; script-src ${scriptHash(code)} ${scriptHash("2")}; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`,
  );
  assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/);
});

test("the security suite tells the page's own scripts from injected ones", () => {
  const own = { script: true, type: null, id: "", text: "console.log(1)" };
  const data = { script: true, type: "application/json", id: "report-data", text: "{}" };
  const csp = interactiveCsp([{ code: own.text }]);
  assert.equal(foreignElements([own, data], csp), 0);
  assert.equal(foreignElements([own, data, { ...own, text: "alert(1)" }], csp), 1);
  assert.equal(foreignElements([own, data, data], csp), 1, "a second data block is not the page's");
  assert.equal(foreignElements([{ script: false, type: null, id: "", text: "" }], csp), 1, "an onerror= handler");
});

test("a chart is compiled to Vega once, as wide as its figure, with tooltips, and carries no URL", () => {
  const spec = liveSpec({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 600,
    height: 200,
    data: { values: [{ a: "x", b: 1 }] },
    mark: "bar",
    encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
  }) as Record<string, unknown>;
  const text = JSON.stringify(spec);
  assert.doesNotMatch(text, /https?:/);
  assert.match(text, /max\(containerSize\(\)\[0\], 450\)/);
  assert.match(text, /"tooltip":\{"signal"/);
});

test("the explorer's chart reads a data set named months, which the page fills", () => {
  const spec = explorerChartSpec() as { data: { name: string }[] };
  assert.equal(spec.data[0].name, "months");
});
