import { test } from "node:test";
import assert from "node:assert/strict";
import { competitionRanks, growthRate, median, ratio, share, tiedGroups } from "./ranking.js";

test("equal sales share the better rank and the next rank is skipped", () => {
  assert.deepEqual(competitionRanks([105696.5, 57690.39, 57690.39, 42838.35]), [1, 2, 2, 4]);
  assert.deepEqual(competitionRanks([3, 2, 1]), [1, 2, 3]);
  assert.deepEqual(competitionRanks([]), []);
});

test("money that differs by less than a cent of float noise is a tie", () => {
  assert.deepEqual(competitionRanks([0.1 + 0.2, 0.3]), [1, 1]);
  assert.deepEqual(
    tiedGroups(
      [
        { n: "a", v: 0.3 },
        { n: "b", v: 0.1 + 0.2 },
        { n: "c", v: 1 },
      ],
      (x) => x.v,
    ).map((g) => g.map((x) => x.n)),
    [["a", "b"]],
  );
});

test("growth is null when the periods are not comparable or the base is zero", () => {
  assert.equal(growthRate(110, 100, true), 0.10000000000000009);
  assert.equal(growthRate(110, 100, false), null);
  assert.equal(growthRate(110, 0, true), null);
  assert.equal(growthRate(0, 100, true), -1);
});

test("shares and ratios never divide by zero", () => {
  assert.equal(share(35631.21, 386424.23).toFixed(4), "0.0922");
  assert.equal(share(5, 0), 0);
  assert.equal(ratio(386424.23, 196)?.toFixed(2), "1971.55");
  assert.equal(ratio(1, 0), null);
});

test("the median of an even count is the mean of the middle two", () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([]), 0);
});
