// ml-logistic-regression ships no types; this declares the part gradient-ascent.test.ts uses
// to pin our trainer to it, read from its source (node_modules/ml-logistic-regression/src).
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";

  /** The library's two-class trainer: batch gradient ascent on the log-likelihood, from zero weights. */
  export interface TwoClassLogisticRegression {
    numSteps: number;
    learningRate: number;
    /** 1 x columns; null before training. */
    weights: Matrix | null;
    /** `target` is a column vector of 0/1. */
    train(features: Matrix, target: Matrix): void;
    /** sigmoid(features · weights) per row. */
    testScores(features: Matrix): number[];
  }

  export interface LogisticRegressionJSON {
    name: "LogisticRegression";
    numSteps?: number;
    learningRate?: number;
    numberClasses: number;
    classifiers: { numSteps?: number; learningRate?: number; weights: number[][] | Matrix | null }[];
  }

  /** One-vs-all over the classes found in Y. */
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numSteps: number;
    learningRate: number;
    numberClasses: number;
    classifiers: TwoClassLogisticRegression[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    static load(model: LogisticRegressionJSON): LogisticRegression;
    toJSON(): LogisticRegressionJSON;
  }
}
