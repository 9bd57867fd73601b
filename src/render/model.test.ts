import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dateRange, folderName, kpis } from "./model.js";
import { sampleRun, sampleSections, sampleView } from "./sample.js";

describe("the cover", () => {
  test("KPI tiles show the extract's headline, with no change on a tile when nothing comes before the data", async () => {
    const tiles = kpis(sampleRun(await sampleSections()).headline);
    assert.deepEqual(
      tiles.map((t) => [t.label, t.value, t.change, t.tone]),
      [
        ["Sales", "$386,424.23", "", "none"],
        ["Orders", "196", "", "none"],
        ["Customers who ordered", "74", "", "none"],
        ["Average order value", "$1,971.55", "", "none"],
      ],
    );
  });

  test("the whole history's cover says so once, instead of a period label and a comparison with nothing", async () => {
    const view = await sampleView();
    assert.equal(view.period.scope, "All orders on record");
    assert.equal(view.period.comparable, false);
  });

  test("growth gets an arrow and a colour by its sign", async () => {
    const headline = {
      ...sampleRun(await sampleSections()).headline,
      comparable: true,
      change: { total_sales: 0.125, orders: -0.03, active_customers: 0, average_order_value: null },
    };
    assert.deepEqual(
      kpis(headline).map((t) => `${t.arrow} ${t.change} ${t.tone}`),
      ["▲ +12.5% up", "▼ -3.0% down", "■ +0.0% flat", " no earlier sales none"],
    );
  });

  test("periods read as dates: whole months by name, part months by day", () => {
    assert.equal(dateRange("1996-07-01", "1997-02-28"), "July 1996 – February 1997");
    assert.equal(dateRange("1997-01-01", "1997-01-31"), "January 1997");
    assert.equal(dateRange("1996-07-04", "1997-02-12"), "4 July 1996 – 12 February 1997");
    assert.equal(folderName("1996-07..1997-02"), "1996-07_1997-02");
  });
});

describe("the view", () => {
  test("numbers the sections, gives every chart a unique Content-ID and lists the contents", async () => {
    const view = await sampleView();
    assert.deepEqual(
      view.sections.map((s) => s.number),
      [1, 2, 3, 4, 5, 6],
    );
    const cids = view.sections.flatMap((s) => s.charts.map((c) => c.cid));
    assert.equal(new Set(cids).size, cids.length);
    assert.deepEqual(view.toc.map((t) => t.id).slice(0, 2), ["summary", "section-customers"]);
    assert.equal(view.toc.at(-1)?.id, "methodology");
  });
});
