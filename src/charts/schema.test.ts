import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rankingChart } from "./bars.js";
import { VEGA_LITE_MIME, VEGA_LITE_SCHEMA, mimeBundle, withSchema } from "./schema.js";

describe("withSchema", () => {
  it("puts the Vega-Lite 5 $schema first and leaves the spec itself untouched", () => {
    const spec = rankingChart([{ name: "Chai", value: 18 }]);
    const shown = withSchema(spec);
    assert.equal(Object.keys(shown)[0], "$schema");
    assert.equal(shown.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    assert.ok(!("$schema" in spec));
    assert.deepEqual({ ...shown, $schema: undefined }, { ...spec, $schema: undefined });
  });
});

describe("mimeBundle", () => {
  it("offers the chart as Vega-Lite 5 and, when given, as SVG", () => {
    const spec = rankingChart([{ name: "Chai", value: 18 }]);
    assert.deepEqual(Object.keys(mimeBundle(spec)), [VEGA_LITE_MIME]);
    const bundle = mimeBundle(spec, "<svg/>");
    assert.deepEqual(Object.keys(bundle), [VEGA_LITE_MIME, "image/svg+xml"]);
    assert.equal((bundle[VEGA_LITE_MIME] as { $schema: string }).$schema, VEGA_LITE_SCHEMA);
  });
});
