import { readFile } from "node:fs/promises";
import { checkModel, PredictionInputError } from "./predict.js";
import type { PredictionModel } from "./model.js";

/** Reads and checks a saved model, e.g. `<output>/models/prediction.json`. */
export async function readPredictionModel(path: string): Promise<PredictionModel> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PredictionInputError(
      `${path}: cannot read the model (${(error as Error).message}); run npm run analyse first, it writes models/prediction.json`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PredictionInputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return checkModel(value);
  } catch (error) {
    throw new PredictionInputError(`${path}: ${(error as Error).message}`);
  }
}
