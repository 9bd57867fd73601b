import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPredictionModel } from "./saved.js";

test("reading a saved model names the file and what is wrong with it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prediction-saved-"));
  try {
    await assert.rejects(
      readPredictionModel(join(dir, "missing.json")),
      /missing\.json: cannot read the model .*run npm run analyse first/,
    );
    writeFileSync(join(dir, "broken.json"), "{ not json");
    await assert.rejects(readPredictionModel(join(dir, "broken.json")), /broken\.json: not valid JSON/);
    writeFileSync(join(dir, "other.json"), JSON.stringify({ name: "segments" }));
    await assert.rejects(
      readPredictionModel(join(dir, "other.json")),
      /other\.json: model: expected name "customer-sales-prediction", got "segments"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
