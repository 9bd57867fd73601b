import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CUSTOMER_TYPES,
  PROFILES,
  SEASONALITY,
  Timeline,
  apportion,
  monthWeight,
  planPopulation,
  planStaff,
  staffTable,
  staffToHire,
} from "./business.js";
import { parseIsoDate } from "./calendar.js";

const timeline = new Timeline(parseIsoDate("1996-07-01")!, 36);

test("apportion splits a total exactly, in proportion, remainders to the largest fractions", () => {
  assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
  assert.deepEqual(apportion(7, [0.5, 0.25, 0.25]), [3, 2, 2]);
  assert.deepEqual(apportion(100, [0, 1, 3]), [0, 25, 75]);
  assert.throws(() => apportion(5, [0, 0]), /sum to zero/);
});

test("a 36-month history from 1996-07-01 ends on 1999-06-30 and counts only weekdays", () => {
  assert.equal(timeline.days, 1095);
  assert.equal(timeline.date(timeline.days - 1), "6/30/1999");
  assert.equal(timeline.date(3), "7/4/1996");
  assert.equal(timeline.monthStarts[1], 31);
  assert.equal(timeline.monthOf(31), 1);
  assert.equal(timeline.weekdaysIn(0, 7), 5);
  assert.equal(timeline.weekdayFrom(5), 7, "Saturday 7/6/1996 moves to Monday 7/8");
  assert.equal(timeline.nthWeekday(0, 4), 4, "7/1 to 7/5/1996 are Monday to Friday");
});

test("the population has the planted shares, and each type joins and churns in its window", () => {
  const size = 4000;
  const population = planPopulation(size, 1, timeline, 8);
  const expected = apportion(
    size,
    CUSTOMER_TYPES.map((t) => PROFILES[t].share),
  );
  CUSTOMER_TYPES.forEach((_, t) => assert.equal(population.type.filter((x) => x === t).length, expected[t]));
  const days = timeline.days;
  for (let c = 0; c < size; c++) {
    const type = CUSTOMER_TYPES[population.type[c]];
    const { joins, churns } = PROFILES[type];
    const join = population.joinDay[c];
    if (join >= 0)
      assert.ok(
        join >= Math.floor(joins[0] * days) && join <= Math.ceil(joins[1] * days) + 2,
        `${type} joined on day ${join}`,
      );
    if (type === "new") assert.ok(join >= Math.floor(0.95 * days), "new customers joined in the last 5%");
    if (churns)
      assert.ok(
        population.churnDay[c] >= churns[0] * days && population.churnDay[c] <= Math.max(churns[1] * days, join + 60),
      );
    else assert.equal(population.churnDay[c], days);
    assert.ok(population.rate[c] > 0 && population.units[c] > 0 && population.favourite[c] < 8);
  }
});

test("monthly weights follow the seasonality and stop at churn", () => {
  const population = planPopulation(4000, 1, timeline, 8);
  const champion = population.type.findIndex((t, c) => CUSTOMER_TYPES[t] === "champion" && population.joinDay[c] < 0);
  // July 1996 against December 1996: both whole months of activity.
  const ratio = monthWeight(population, champion, timeline, 5) / monthWeight(population, champion, timeline, 0);
  assert.ok(Math.abs(ratio - SEASONALITY[11] / SEASONALITY[6]) < 1e-9, `ratio ${ratio}`);
  const lapsed = population.type.findIndex((t) => CUSTOMER_TYPES[t] === "lapsed");
  const churnMonth = timeline.monthOf(population.churnDay[lapsed]);
  for (let m = churnMonth + 1; m < timeline.months; m++) assert.equal(monthWeight(population, lapsed, timeline, m), 0);
});

test("salespeople are hired only for big data sets, and take orders from the month after hiring", () => {
  assert.equal(staffToHire(196, 7, 10), 0);
  assert.equal(staffToHire(3_850_000, 36, 10), 97);
  const reference = [["1", "Davolio", "Nancy", "12/8/1968", "EmpID1.pic", "Notes"]];
  const staff = planStaff(reference, 30, 1, timeline);
  assert.deepEqual(Array.from(staff.ids.slice(0, 3)), [1, 2, 3]);
  assert.equal(staff.rows[1][4], "EmpID2.pic");
  assert.match(staff.rows[1][5], /^Hired \d{1,2}\/\d{1,2}\/\d{4} as a sales representative, based in /);
  for (let m = 0; m < timeline.months; m++) {
    const table = staffTable(staff, timeline, m);
    staff.hireDay.forEach((hired, i) => {
      const weight = table[i] - (i > 0 ? table[i - 1] : 0);
      assert.equal(weight > 0, hired < timeline.monthStarts[m], `employee ${i + 1} in month ${m}`);
    });
  }
});
