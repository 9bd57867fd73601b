import { test } from "node:test";
import assert from "node:assert/strict";
import { minimise, type Objective } from "./minimise.js";

/** (x - 1)² + 10 (y + 2)², its gradient written beside it; counts its passes. */
function bowl(): { objective: Objective; passes: () => number } {
  let passes = 0;
  const objective: Objective = ([x, y], gradient) => {
    passes++;
    gradient[0] = 2 * (x - 1);
    gradient[1] = 20 * (y + 2);
    return (x - 1) ** 2 + 10 * (y + 2) ** 2;
  };
  return { objective, passes: () => passes };
}

test("minimise finds a smooth bowl's lowest point from its value and gradient", () => {
  const result = minimise(bowl().objective, [5, 5], { wall: 30, maxIterations: 200 });
  assert.ok(Math.abs(result.solution[0] - 1) < 1e-6, `x = ${result.solution[0]}`);
  assert.ok(Math.abs(result.solution[1] + 2) < 1e-6, `y = ${result.solution[1]}`);
  assert.ok(result.f < 1e-10);
});

test("minimise makes one pass per point for both the value and the gradient", () => {
  const { objective, passes } = bowl();
  const points = new Set<string>();
  minimise(
    (theta, gradient) => {
      points.add(theta.join(","));
      return objective(theta, gradient);
    },
    [5, 5],
    { wall: 30, maxIterations: 200 },
  );
  // uncmin asks for the gradient at each point it accepts after asking for the value there.
  assert.equal(passes(), points.size);
});

test("minimise keeps the search inside the wall, where the objective is never asked", () => {
  const asked: number[][] = [];
  // Lowest at x = 50, beyond a wall at 3: the search stops against the wall.
  const result = minimise(
    ([x], gradient) => {
      asked.push([x]);
      gradient[0] = 2 * (x - 50);
      return (x - 50) ** 2;
    },
    [0],
    { wall: 3, maxIterations: 200 },
  );
  assert.ok(
    asked.every(([x]) => Math.abs(x) < 3),
    `asked at ${asked.map(([x]) => x).join(", ")}`,
  );
  assert.ok(result.solution[0] > 2 && result.solution[0] < 3, `stopped at ${result.solution[0]}`);
});

test("minimise treats a NaN value as Infinity and backs off from it", () => {
  // Undefined below zero (a log of a negative number); lowest at x = 2.
  const result = minimise(
    ([x], gradient) => {
      gradient[0] = 1 - 2 / x;
      return x - 2 * Math.log(x);
    },
    [1],
    { wall: 30, maxIterations: 200 },
  );
  assert.ok(Math.abs(result.solution[0] - 2) < 1e-6, `x = ${result.solution[0]}`);
});
