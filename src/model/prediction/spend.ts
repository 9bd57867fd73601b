import type { Snapshot } from "./dataset.js";

/**
 * What a customer spends in the horizon when they buy at all:
 *
 *   order value: the customer's mean order value shrunk toward the
 *     population's, (sales + k · population) / (orders + k). A customer with
 *     one order is mostly the population; one with 50 is mostly themselves.
 *     k ("prior orders") is chosen on the training window.
 *   orders when buying: with their historical rate r per day, m = r · horizon
 *     orders are expected; given at least one (Poisson), m / (1 - e^-m).
 *     Customers with no history count one order.
 *
 * Expected spend = order value x orders when buying.
 */
export interface SpendModel {
  /** Sales / orders over every customer who has ordered, at the cutoff. */
  population_order_value: number;
  /** k: how many orders of the population's average each customer's mean starts with. */
  prior_orders: number;
  horizon_days: number;
}

/** The values of k tried on the training window. */
const PRIOR_ORDER_GRID = [0, 0.5, 1, 2, 4, 8, 16, 32] as const;

function populationOrderValue(s: Snapshot): number {
  let sales = 0;
  let orders = 0;
  for (let i = 0; i < s.ids.length; i++) {
    sales += s.sales[i];
    orders += s.orders[i];
  }
  return orders > 0 ? sales / orders : 0;
}

/** Expected spend of customer `i` when they buy in the horizon. */
export function expectedSpend(model: SpendModel, s: Pick<Snapshot, "orders" | "sales" | "tenure">, i: number): number {
  const orders = s.orders[i];
  const k = model.prior_orders;
  const value =
    orders + k > 0 ? (s.sales[i] + k * model.population_order_value) / (orders + k) : model.population_order_value;
  return value * ordersWhenBuying(orders, s.tenure[i], model.horizon_days);
}

/** E[orders | at least one] for a Poisson count with the customer's past rate; 1 without history. */
function ordersWhenBuying(orders: number, tenureDays: number, horizonDays: number): number {
  if (!(orders > 0)) return 1;
  // A recent first order says little about the rate: count at least one horizon of history.
  const days = Math.max((Number.isNaN(tenureDays) ? 0 : tenureDays) + 1, horizonDays);
  const m = (orders / days) * horizonDays;
  return m < 1e-9 ? 1 : m / -Math.expm1(-m);
}

/**
 * Chooses k on the training window: among the customers who bought in it,
 * the k whose expected spend (from features at the window's start) misses
 * their actual sales least. Squared error, because expected sales are a mean
 * and totals must add up; ties keep the smaller k.
 */
export function fitSpend(
  features: Snapshot,
  outcome: Float64Array,
  horizonDays: number,
): SpendModel & { fit_rmse: number | null; buyers: number } {
  const population = populationOrderValue(features);
  let best: { k: number; mse: number } | null = null;
  const buyers = countBuyers(outcome);
  for (const k of PRIOR_ORDER_GRID) {
    const model: SpendModel = { population_order_value: population, prior_orders: k, horizon_days: horizonDays };
    const error = squaredError(model, features, outcome);
    const mse = buyers > 0 ? error / buyers : Infinity;
    if (!best || mse < best.mse * (1 - 1e-12)) best = { k, mse };
  }
  // With no buyers in the window nothing can be learnt: a middle value.
  const k = buyers > 0 ? best!.k : 4;
  return {
    population_order_value: population,
    prior_orders: k,
    horizon_days: horizonDays,
    fit_rmse: buyers > 0 ? Math.sqrt(best!.mse) : null,
    buyers,
  };
}

// The passes over the customers are functions of their own, called once per k: inside fitSpend's loop over k, V8
// compiled the whole of fitSpend in the inner loop and threw the code away on leaving it (10 compiles in a run at
// ten million order lines).

/** The squared misses of the buyers' expected spend, summed. */
function squaredError(model: SpendModel, features: Snapshot, outcome: Float64Array): number {
  let error = 0;
  for (let i = 0; i < outcome.length; i++)
    if (outcome[i] > 0) error += (expectedSpend(model, features, i) - outcome[i]) ** 2;
  return error;
}

function countBuyers(outcome: Float64Array): number {
  let buyers = 0;
  for (let i = 0; i < outcome.length; i++) if (outcome[i] > 0) buyers++;
  return buyers;
}
