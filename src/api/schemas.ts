import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { SEGMENT_NAMES } from "../model/segmentation/rfm.js";

/**
 * Every request and response body of the API, defined once: Fastify
 * validates with these, the handlers are typed from them (TypeBox's type
 * provider), and @fastify/swagger publishes them as the OpenAPI 3.1 document.
 * The shapes are those of `segmentCustomer` and `predictCustomerSales`, which
 * check their input again and name any field these schemas cannot judge (a
 * date after `as_of`, an unknown category).
 */

export { DEFAULT_BATCH_MAX } from "./defaults.js";

/**
 * Order dates by pattern: the models check the calendar themselves (and name
 * the field), and a pattern costs a third of ajv's full date check on a
 * 100,000-customer batch.
 */
const IsoDate = Type.String({
  pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
  description: "ISO date YYYY-MM-DD",
  examples: ["1997-02-12"],
});
const Amount = Type.Number({ minimum: 0, description: "Sales amount, >= 0" });

/**
 * T or null, as `type: [T, "null"]` rather than an anyOf: fast-json-stringify
 * writes it after a typeof test, where an anyOf runs a schema validator on the
 * value (on every result of a 100,000-customer batch).
 */
function Nullable<T extends TSchema & { type: string }>(t: T) {
  return Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, "null"] });
}

/** One of a list of strings, as an enum: serialised as a string, not tried against each literal in turn. */
function OneOf<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}

/** One of two schemas, chosen by whether a property is present: errors then name the right branch's fields. */
function either<A extends TSchema, B extends TSchema>(property: string, when: A, otherwise: B, description: string) {
  return Type.Unsafe<Static<A> | Static<B>>({
    type: "object",
    description,
    if: { type: "object", required: [property] },
    then: when,
    else: otherwise,
  });
}

export const Problem = Type.Object(
  {
    type: Type.String({ description: "A URN naming the kind of problem" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: "What was wrong and what was expected" }),
    instance: Type.Optional(Type.String({ description: "The path requested" })),
    request_id: Type.Optional(Type.String({ description: "Quote it to the operator: the log holds the details" })),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: "RFC 9457 problem details" },
);

// ---- segmentation ----

const SegmentHistory = Type.Object(
  {
    orders: Type.Array(Type.Object({ date: IsoDate, amount: Amount }, { additionalProperties: false }), {
      description: "One entry per order",
    }),
    as_of: Type.Optional(
      Type.String({ format: "date", description: "Reference date; default the model's. Orders after it are refused." }),
    ),
    category_sales: Type.Optional(Type.Record(Type.String(), Amount, { description: "Sales per category name" })),
  },
  { additionalProperties: false, description: "An order history" },
);

const SegmentFeatures = Type.Object(
  {
    features: Type.Object(
      {
        orders: Type.Integer({ minimum: 0 }),
        sales: Amount,
        recency_days: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
        tenure_days: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
        avg_order_value: Type.Optional(Nullable(Amount)),
        category_share: Type.Optional(Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 1 }))),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: "A customer's features, as the warehouse computes them" },
);

const SegmentInput = either(
  "features",
  SegmentFeatures,
  SegmentHistory,
  "A customer: an order history or its features",
);

function segmentBatch(max: number) {
  return Type.Object(
    { customers: Type.Array(SegmentInput, { minItems: 1, maxItems: max }) },
    { additionalProperties: false },
  );
}

export function segmentBody(max: number) {
  const batch = segmentBatch(max);
  return either(
    "customers",
    batch,
    SegmentInput,
    `One customer, or { customers: [...] } with 1 to ${max.toLocaleString("en-US")} of them`,
  );
}

const ActionSchema = Type.Object({ offer: Type.String(), channel: Type.String(), timing: Type.String() });

const SegmentResult = Type.Object({
  segment: OneOf(SEGMENT_NAMES),
  rfm: Nullable(
    Type.Object({ r: Type.Integer(), f: Type.Integer(), m: Type.Integer(), fm: Type.Integer(), code: Type.String() }),
  ),
  cluster: Nullable(
    Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String(), action: ActionSchema }),
  ),
  action: ActionSchema,
  features: Type.Object({
    orders: Type.Number(),
    sales: Type.Number(),
    recency_days: Nullable(Type.Number()),
    tenure_days: Nullable(Type.Number()),
    avg_order_value: Nullable(Type.Number()),
  }),
  reference_date: Type.String(),
});

const ModelRef = Type.Object({ version: Type.String(), trained_at: Type.String() });

/** One schema for both answers (a oneOf would make the serializer validate every result of a large batch). */
export const SegmentResponse = Type.Object(
  {
    model: ModelRef,
    result: Type.Optional(SegmentResult),
    count: Type.Optional(Type.Integer()),
    results: Type.Optional(Type.Array(SegmentResult)),
  },
  { description: "`result` for one customer; `count` and `results` (in the order sent) for a batch" },
);

// ---- prediction ----

const PredictHistory = Type.Object(
  {
    customer_id: Type.Optional(
      Type.Union([Type.String({ maxLength: 200 }), Type.Number()], { description: "Passed through to the answer" }),
    ),
    as_of: Type.String({
      format: "date",
      description: "The day the prediction is made: the horizon starts the day after",
    }),
    orders: Type.Array(Type.Object({ date: IsoDate, sales: Amount }, { additionalProperties: false }), {
      description: "Every order up to as_of",
    }),
  },
  { additionalProperties: false },
);

const Horizon = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 3660, description: "Days ahead; must be the active model's horizon (default)" }),
);

export function predictBody(max: number) {
  const batch = Type.Object(
    { horizon_days: Horizon, customers: Type.Array(PredictHistory, { minItems: 1, maxItems: max }) },
    { additionalProperties: false },
  );
  const single = Type.Object(
    {
      horizon_days: Horizon,
      customer_id: PredictHistory.properties.customer_id,
      as_of: PredictHistory.properties.as_of,
      orders: PredictHistory.properties.orders,
    },
    { additionalProperties: false },
  );
  return either(
    "customers",
    batch,
    single,
    `One history, or { customers: [...] } with 1 to ${max.toLocaleString("en-US")} of them`,
  );
}

const Prediction = Type.Object({
  customer_id: Type.Unsafe<string | number | null>({ type: ["string", "number", "null"] }),
  probability: Type.Number({ description: "Chance of at least one order in the horizon" }),
  expected_spend: Type.Number({ description: "Sales if they buy" }),
  expected_sales: Type.Number({ description: "probability x expected_spend" }),
  from: Type.String(),
  to: Type.String(),
  answered_by: OneOf(["classifier", "bgnbd"], {
    description:
      "The model that answered: the classifier (chance x spend, its trained horizon only) or BG/NBD + Gamma-Gamma (any horizon)",
  }),
  expected_orders: Nullable(Type.Number({ description: "Expected orders in the horizon (BG/NBD only)" })),
  probability_alive: Nullable(
    Type.Number({ description: "Chance the customer is still a customer at as_of (BG/NBD only)" }),
  ),
});

const MetricsSchema = Type.Object({
  auc: Nullable(Type.Number()),
  brier: Nullable(Type.Number()),
  mae: Type.Number(),
  rmse: Type.Number(),
  total_predicted: Type.Number(),
  total_actual: Type.Number(),
  total_error: Nullable(Type.Number()),
});

const Accuracy = Nullable(
  Type.Object(
    {
      window: Type.Object({ from: Type.String(), to: Type.String(), days: Type.Integer() }),
      customers_scored: Type.Integer(),
      model: MetricsSchema,
      baselines: Type.Object({ last_window: MetricsSchema, average_window: MetricsSchema }),
      trust: Type.String({ description: "none, low, ranking or good" }),
      verdict: Type.String(),
    },
    { description: "The model's own backtest on the last window it never saw: how far to trust it" },
  ),
);

const PredictModelRef = Type.Object({
  version: Type.String(),
  trained_at: Type.String(),
  horizon_days: Type.Integer(),
  accuracy: Accuracy,
});

export const PredictResponse = Type.Object(
  {
    model: PredictModelRef,
    result: Type.Optional(Prediction),
    count: Type.Optional(Type.Integer()),
    results: Type.Optional(Type.Array(Prediction)),
  },
  { description: "`result` for one history; `count` and `results` (in the order sent) for a batch" },
);

// ---- warehouse customers and figures ----

/** A string with a pattern: path parameters arrive as text and the server coerces no types. */
export const CustomerParams = Type.Object({
  id: Type.String({ pattern: "^[1-9][0-9]{0,8}$", description: "The warehouse customer_id, a whole number >= 1" }),
});

export const CustomerResponse = Type.Object({
  customer: Type.Object({
    customer_id: Type.Integer(),
    name: Type.String(),
    city: Nullable(Type.String()),
    country: Nullable(Type.String()),
  }),
  figures: Type.Object({
    orders: Type.Integer(),
    sales: Type.Number(),
    first_order: Nullable(Type.String()),
    last_order: Nullable(Type.String()),
    category_sales: Type.Record(Type.String(), Type.Number()),
  }),
  segment: SegmentResult,
  prediction: Prediction,
  model: Type.Object({
    version: Type.String(),
    trained_at: Type.String(),
    horizon_days: Type.Integer(),
    accuracy: Accuracy,
  }),
});

export const FiguresQuery = Type.Object(
  {
    period: Type.Optional(
      Type.String({ maxLength: 40, description: "all (default), 1997, 1997-Q1, 1997-01 or 1996-09..1997-01" }),
    ),
    country: Type.Optional(Type.String({ maxLength: 100 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const FiguresResponse = Type.Record(Type.String(), Type.Unknown(), {
  description: "figures.json, exactly as npm run analyse writes it",
});

// ---- jobs ----

const JOB_KINDS = ["scrape", "report", "train"] as const;
const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

export const Job = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union(JOB_KINDS.map((k) => Type.Literal(k))),
    state: Type.Union(JOB_STATES.map((s) => Type.Literal(s))),
    params: Type.Record(Type.String(), Type.Unknown()),
    created_at: Type.String(),
    started_at: Nullable(Type.String()),
    finished_at: Nullable(Type.String()),
    progress: Nullable(
      Type.Object({ message: Type.String(), table: Type.Optional(Type.String()), rows: Type.Optional(Type.Number()) }),
    ),
    result: Nullable(Type.Record(Type.String(), Type.Unknown())),
    error: Nullable(Type.String()),
    key: Type.String({ description: "Name of the API key that asked for it" }),
  },
  { description: "A job: scrape, report or train" },
);

export const JobParams = Type.Object({
  id: Type.String({ pattern: "^[a-f0-9-]{36}$", description: "The job id (a UUID)" }),
});

export const Accepted = Type.Object({ job: Job, location: Type.String({ description: "Poll it: GET this path" }) });

export const ScrapeBody = Type.Object(
  {
    url: Type.String({ format: "uri", maxLength: 2000, description: "The data site to scrape" }),
    mode: Type.Optional(Type.Union([Type.Literal("browser"), Type.Literal("static"), Type.Literal("auto")])),
    load: Type.Optional(Type.Boolean({ description: "Load the scraped tables into the warehouse" })),
  },
  { additionalProperties: false },
);

export const ReportBody = Type.Object(
  {
    period: Type.String({ maxLength: 40, description: "all, 1997, 1997-Q1, 1997-01 or 1996-09..1997-01" }),
    country: Type.Optional(Type.String({ maxLength: 100 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    formats: Type.Optional(
      Type.Array(Type.Union([Type.Literal("html"), Type.Literal("pdf")]), {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
      }),
    ),
  },
  { additionalProperties: false },
);

export const TrainBody = Type.Object(
  {
    period: Type.Optional(Type.String({ maxLength: 40, description: "The period to train on; default all" })),
    activate: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const ReportList = Type.Object({
  reports: Type.Array(
    Type.Object({
      name: Type.String(),
      period: Nullable(Type.String()),
      generated_at: Nullable(Type.String()),
      files: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
    }),
  ),
});

export const ReportFileParams = Type.Object({
  name: Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$" }),
  file: Type.Union([Type.Literal("report.pdf"), Type.Literal("report.html"), Type.Literal("figures.json")]),
});

// ---- models ----

const ModelVersion = Type.Object({
  version: Type.String(),
  active: Type.Boolean(),
  trained_at: Type.String(),
  training_period: Nullable(Type.String()),
  segmentation: Type.Object({
    reference_date: Type.String(),
    clusters: Type.Integer(),
    silhouette: Nullable(Type.Number()),
  }),
  prediction: Type.Object({ horizon_days: Type.Integer(), as_of: Type.String(), accuracy: Accuracy }),
});

export const ModelList = Type.Object({ active: Nullable(Type.String()), versions: Type.Array(ModelVersion) });
export const ActivateBody = Type.Object(
  { version: Type.String({ pattern: "^[A-Za-z0-9._-]{1,100}$" }) },
  { additionalProperties: false },
);

// ---- health ----

export const Health = Type.Object({ status: Type.Literal("ok") });
export const Ready = Type.Object({
  status: Type.Union([Type.Literal("ready"), Type.Literal("not ready")]),
  checks: Type.Object({ warehouse: Type.String(), models: Type.String() }),
});
