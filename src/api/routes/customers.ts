import { predictCustomerSales } from "../../model/prediction/predict.js";
import { segmentCustomer } from "../../model/segmentation/model.js";
import type { Api, ApiContext } from "../context.js";
import { accuracyOf } from "../models.js";
import { ProblemError } from "../problem.js";
import { needModels } from "../ready.js";
import { CustomerParams, CustomerResponse, Problem } from "../schemas.js";

/**
 * GET /v1/customers/{id}: a warehouse customer's orders and sales, placed by
 * the active models through the same `segmentCustomer` and
 * `predictCustomerSales` a caller would use, each at its model's own date.
 */
export default async function customerRoutes(app: Api, ctx: ApiContext): Promise<void> {
  app.get(
    "/v1/customers/:id",
    {
      config: { scope: "read" },
      schema: {
        tags: ["warehouse"],
        summary: "A warehouse customer's figures, segment and prediction",
        params: CustomerParams,
        response: { 200: CustomerResponse, "4xx": Problem, 503: Problem },
      },
    },
    async (request) => {
      const models = needModels(ctx);
      const id = Number(request.params.id);
      const segmentAsOf = models.segmentation.reference_date;
      const predictAsOf = models.prediction.as_of;
      const asOf = segmentAsOf > predictAsOf ? segmentAsOf : predictAsOf;
      const data = await ctx.warehouse.use(async (_db, sql) => {
        const [customer] = await sql.run<{
          customer_id: number;
          customer_name: string;
          city: string | null;
          country: string | null;
        }>("api/customer", { customer_id: id });
        if (!customer) return null;
        const orders = await sql.run<{ date: string; sales: number }>("api/customer_orders", {
          customer_id: id,
          as_of: asOf,
        });
        const categories = await sql.run<{ category_name: string; sales: number }>("api/customer_categories", {
          customer_id: id,
          as_of: segmentAsOf,
        });
        return { customer, orders, categories };
      });
      if (!data)
        throw new ProblemError(404, `No customer with customer_id ${id} in the warehouse`, {
          errors: [{ field: "path.id", message: "is not a known customer_id" }],
        });
      const { customer, orders, categories } = data;
      const known = new Set(models.segmentation.categories);
      const category_sales = Object.fromEntries(
        categories.filter((c) => known.has(c.category_name)).map((c) => [c.category_name, Number(c.sales)]),
      );
      const segmentOrders = orders
        .filter((o) => o.date <= segmentAsOf)
        .map((o) => ({ date: o.date, amount: Number(o.sales) }));
      const segment = segmentCustomer(
        { orders: segmentOrders, as_of: segmentAsOf, category_sales },
        models.segmentation,
      );
      const prediction = predictCustomerSales(
        {
          customer_id: id,
          as_of: predictAsOf,
          orders: orders.filter((o) => o.date <= predictAsOf).map((o) => ({ date: o.date, sales: Number(o.sales) })),
        },
        models.prediction.horizon_days,
        models.prediction,
      );
      const dates = segmentOrders.map((o) => o.date);
      return {
        customer: {
          customer_id: Number(customer.customer_id),
          name: customer.customer_name,
          city: customer.city,
          country: customer.country,
        },
        figures: {
          orders: segmentOrders.length,
          sales: Math.round(segmentOrders.reduce((a, o) => a + o.amount, 0) * 100) / 100,
          first_order: dates.length ? dates[0] : null,
          last_order: dates.length ? dates[dates.length - 1] : null,
          category_sales,
        },
        segment,
        prediction,
        model: {
          version: models.version,
          trained_at: models.trained_at,
          horizon_days: models.prediction.horizon_days,
          accuracy: accuracyOf(models.prediction),
        },
      };
    },
  );
}
