import { lazy } from "./lazy.js";

/**
 * The analyses and models a notebook calls, loaded on first use (see
 * lazy.ts): same functions, same figures as the CLI and the report.
 */

export const runAnalyses = lazy(async () => (await import("../run/index.js")).runAnalyses);
export const analyseOverview = lazy(async () => (await import("../analyses/overview/overview.js")).analyseOverview);
export const analyseCustomers = lazy(async () => (await import("../analyses/customers/customers.js")).analyseCustomers);
export const analyseLocations = lazy(async () => (await import("../analyses/locations/locations.js")).analyseLocations);
export const analyseProducts = lazy(async () => (await import("../analyses/products/products.js")).analyseProducts);
export const analyseEmployees = lazy(async () => (await import("../analyses/employees/employees.js")).analyseEmployees);
export const analysePrediction = lazy(async () => (await import("../model/prediction/index.js")).analysePrediction);
export const analyseSegments = lazy(async () => (await import("../model/segmentation/index.js")).analyseSegments);
export const renderSvg = lazy(async () => (await import("../charts/render.js")).renderSvg);
