import { lazy } from "./lazy.js";

/**
 * The analyses and models a notebook calls, loaded on first use (see
 * lazy.ts): same functions, same figures as the CLI and the report.
 */

export const runAnalyses = lazy(async () => (await import("../analyse/index.js")).runAnalyses);
export const analyseOverview = lazy(async () => (await import("../analyse/overview.js")).analyseOverview);
export const analyseCustomers = lazy(async () => (await import("../analyse/customers.js")).analyseCustomers);
export const analyseLocations = lazy(async () => (await import("../analyse/locations.js")).analyseLocations);
export const analyseProducts = lazy(async () => (await import("../analyse/products.js")).analyseProducts);
export const analyseEmployees = lazy(async () => (await import("../analyse/employees.js")).analyseEmployees);
export const analysePrediction = lazy(async () => (await import("../model/prediction/index.js")).analysePrediction);
export const analyseSegments = lazy(async () => (await import("../model/segmentation/index.js")).analyseSegments);
export const renderSvg = lazy(async () => (await import("../charts/render.js")).renderSvg);
