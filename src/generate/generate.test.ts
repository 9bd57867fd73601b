import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { kmeans } from "ml-kmeans";
import { TABLES } from "../load/schema.js";
import { CUSTOMER_TYPES } from "./business.js";
import { isWeekday, parseIsoDate } from "./calendar.js";
import { GenerateOptionError, generateDataset, planDataset, resolveOptions, type GenerateOptions } from "./generate.js";
import { DEFAULT_REFERENCE_DIR } from "./reference.js";

const root = mkdtempSync(join(tmpdir(), "generate-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** The data set most tests read: 12,000 orders, 1,500 customers, default history. */
const main: GenerateOptions = { orders: 12_000, seed: 7, outDir: join(root, "main") };
const small = (name: string, options: Partial<GenerateOptions> = {}): GenerateOptions => ({
  orders: 3000,
  seed: 42,
  outDir: join(root, name),
  ...options,
});

before(async () => {
  await generateDataset(main);
  await generateDataset(small("a"));
  await generateDataset(small("b"));
  await generateDataset(small("other-seed", { seed: 43 }));
  await generateDataset(small("cp1252", { encoding: "cp1252" }));
});

type Row = Record<string, string>;

const parsed = new Map<string, Row[]>();

/** A generated file's rows, parsed once: several tests read the same orders. */
function rows(dir: string, file: string): Row[] {
  const path = join(dir, file);
  if (!parsed.has(path)) parsed.set(path, parse(readFileSync(path, "utf8"), { columns: true }) as Row[]);
  return parsed.get(path)!;
}

function hash(dir: string, file: string): string {
  return createHash("sha256")
    .update(readFileSync(join(dir, file)))
    .digest("hex");
}

/** Sales per customer (index CustomerID - 1), orders per customer and last order day. */
function rfm(dir: string) {
  const price = new Map(rows(dir, "Products.csv").map((p) => [p.ProductID, Number(p.Price)]));
  const customers = rows(dir, "CustomerTypes.csv");
  const orderCustomer = new Map<string, number>();
  const frequency = new Array<number>(customers.length).fill(0);
  const sales = new Array<number>(customers.length).fill(0);
  const last = new Array<number>(customers.length).fill(-Infinity);
  for (const o of rows(dir, "Orders.csv")) {
    const c = Number(o.CustomerID) - 1;
    orderCustomer.set(o.OrderID, c);
    frequency[c]++;
    last[c] = Math.max(last[c], usDay(o.OrderDate));
  }
  for (const l of rows(dir, "OrderDetails.csv"))
    sales[orderCustomer.get(l.OrderID)!] += Number(l.Quantity) * price.get(l.ProductID)!;
  return { types: customers.map((c) => c.Type), frequency, sales, last };
}

function usDay(date: string): number {
  const [month, day, year] = date.split("/").map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

test("the same seed and options write byte-identical files", () => {
  const files = readdirSync(join(root, "a")).sort();
  assert.equal(files.length, 11, "ten extract files and generate-manifest.json");
  assert.deepEqual(readdirSync(join(root, "b")).sort(), files);
  for (const file of files) assert.equal(hash(join(root, "b"), file), hash(join(root, "a"), file), file);
});

test("another seed writes other customers and orders but the same products", () => {
  const other = join(root, "other-seed");
  for (const file of ["Customers.csv", "Orders.csv", "OrderDetails.csv", "CustomerTypes.csv"]) {
    assert.notEqual(hash(other, file), hash(join(root, "a"), file), file);
  }
  assert.equal(hash(other, "Products.csv"), hash(join(root, "a"), "Products.csv"));
});

test("every file has the real extract's header, in the same order", () => {
  for (const source of TABLES.filter((t) => !t.optional)) {
    const real = iconv.decode(readFileSync(join(DEFAULT_REFERENCE_DIR, source.file)), "win1252").split("\r\n")[0];
    const generated = readFileSync(join(main.outDir!, source.file), "utf8").split("\r\n")[0];
    assert.deepEqual(
      generated.split(","),
      real.split(",").map((h) => h.trim()),
      source.file,
    );
  }
  assert.equal(readFileSync(join(main.outDir!, "ProductCosts.csv"), "utf8").split("\r\n")[0], "ProductID,UnitCost");
  assert.equal(readFileSync(join(main.outDir!, "CustomerTypes.csv"), "utf8").split("\r\n")[0], "CustomerID,Type");
});

test("every foreign key resolves, and every quantity is a whole number from 1 to 100", () => {
  const dir = main.outDir!;
  const keys = (file: string, column: string) => new Set(rows(dir, file).map((r) => r[column]));
  const customers = keys("Customers.csv", "CustomerID");
  const employees = keys("Employees.csv", "EmployeeID");
  const shippers = keys("Shippers.csv", "ShipperID");
  const suppliers = keys("Suppliers.csv", "SupplierID");
  const products = keys("Products.csv", "ProductID");
  const orders = keys("Orders.csv", "OrderID");
  assert.equal(customers.size, 1500);
  assert.deepEqual([...shippers], ["1", "2", "3"]);
  for (const p of rows(dir, "Products.csv")) assert.ok(suppliers.has(p.SupplierID), `product ${p.ProductID}`);
  for (const o of rows(dir, "Orders.csv")) {
    assert.ok(
      customers.has(o.CustomerID) && employees.has(o.EmployeeID) && shippers.has(o.ShipperID),
      `order ${o.OrderID}`,
    );
  }
  for (const l of rows(dir, "OrderDetails.csv")) {
    assert.ok(orders.has(l.OrderID) && products.has(l.ProductID), `line ${l.OrderDetailID}`);
    assert.match(l.Quantity, /^\d+$/);
    assert.ok(Number(l.Quantity) >= 1 && Number(l.Quantity) <= 100, `line ${l.OrderDetailID}: ${l.Quantity}`);
  }
  for (const c of rows(dir, "ProductCosts.csv")) assert.ok(products.has(c.ProductID));
  for (const t of rows(dir, "CustomerTypes.csv"))
    assert.ok(customers.has(t.CustomerID) && (CUSTOMER_TYPES as readonly string[]).includes(t.Type));
});

test("there are exactly the orders asked for, numbered from 10248 in date order, with about 2.6 lines each", () => {
  const orders = rows(main.outDir!, "Orders.csv");
  const lines = rows(main.outDir!, "OrderDetails.csv");
  assert.equal(orders.length, 12_000);
  orders.forEach((o, i) => {
    assert.equal(Number(o.OrderID), 10248 + i);
    if (i > 0)
      assert.ok(
        usDay(o.OrderDate) >= usDay(orders[i - 1].OrderDate),
        `order ${o.OrderID} is dated before the one above`,
      );
  });
  lines.forEach((l, i) => assert.equal(Number(l.OrderDetailID), i + 1));
  const perOrder = new Map<string, Set<string>>();
  for (const l of lines) perOrder.set(l.OrderID, (perOrder.get(l.OrderID) ?? new Set()).add(l.ProductID));
  assert.equal(perOrder.size, orders.length, "every order has lines");
  assert.ok(
    [...perOrder.values()].every((p) => p.size >= 1 && p.size <= 5),
    "1 to 5 distinct products an order",
  );
  const average = lines.length / orders.length;
  assert.ok(average > 2.55 && average < 2.75, `${average} lines an order`);
});

test("orders fall on weekdays within the history, and Q4 months outsell summer months", () => {
  const first = parseIsoDate("1996-07-01")!;
  const last = parseIsoDate("1999-06-30")!;
  const byMonth = new Array<number>(12).fill(0);
  for (const o of rows(main.outDir!, "Orders.csv")) {
    const day = usDay(o.OrderDate);
    assert.ok(day >= first && day <= last, o.OrderDate);
    assert.ok(isWeekday(day), `${o.OrderDate} is a weekend`);
    byMonth[Number(o.OrderDate.split("/")[0]) - 1]++;
  }
  const q4 = (byMonth[9] + byMonth[10] + byMonth[11]) / 3;
  const summer = (byMonth[5] + byMonth[6] + byMonth[7]) / 3;
  assert.ok(q4 > 1.3 * summer, `Q4 ${q4} a month against summer ${summer}`);
});

test("the format is the extract's: CRLF lines, M/D/YYYY dates, quoted commas, text postal codes", () => {
  const orders = readFileSync(join(main.outDir!, "Orders.csv"), "utf8");
  assert.equal(orders.split("\n").length, orders.split("\r\n").length, "every line ends in CRLF");
  assert.ok(orders.endsWith("\r\n"));
  for (const o of rows(main.outDir!, "Orders.csv")) assert.match(o.OrderDate, /^[1-9]\d?\/[1-9]\d?\/\d{4}$/);
  const customers = readFileSync(join(main.outDir!, "Customers.csv"), "utf8");
  assert.match(customers, /,"\d+, rue [^"]+",/, "French addresses with a comma are quoted");
  assert.ok(!customers.startsWith("\uFEFF"), "no BOM");
  const postal = rows(main.outDir!, "Customers.csv").map((c) => c.PostalCode);
  assert.ok(
    postal.some((p) => /^0\d{4}$/.test(p)),
    "leading zeros kept",
  );
  assert.ok(
    postal.some((p) => /^[A-Z]\d[A-Z] \d[A-Z]\d$/.test(p)),
    "Canadian postal codes",
  );
  assert.ok(postal.includes(""), "Irish customers have none");
});

test("unit costs are below prices, margins differ by category, and a few products barely pay", () => {
  const products = rows(main.outDir!, "Products.csv");
  const cost = new Map(rows(main.outDir!, "ProductCosts.csv").map((c) => [c.ProductID, Number(c.UnitCost)]));
  assert.equal(cost.size, 77);
  const margins = new Map<string, number[]>();
  let thin = 0;
  for (const p of products) {
    const price = Number(p.Price);
    const unitCost = cost.get(p.ProductID)!;
    assert.ok(unitCost > 0 && unitCost < price, `product ${p.ProductID}: cost ${unitCost}, price ${price}`);
    const margin = 1 - unitCost / price;
    if (margin < 0.06) thin++;
    margins.set(p.CategoryID, [...(margins.get(p.CategoryID) ?? []), margin]);
  }
  const mean = (id: string) => margins.get(id)!.reduce((a, b) => a + b, 0) / margins.get(id)!.length;
  assert.ok(mean("3") > mean("6") + 0.1, `confections ${mean("3")} against meat ${mean("6")}`);
  assert.ok(thin >= 3 && thin <= 8, `${thin} products under 6% margin`);
});

test("sales are heavy-tailed: the top 20% of customers make more than half", () => {
  const sales = rfm(main.outDir!).sales.sort((a, b) => b - a);
  const total = sales.reduce((a, b) => a + b, 0);
  const top = sales.slice(0, sales.length / 5).reduce((a, b) => a + b, 0);
  assert.ok(top / total > 0.5, `top 20% make ${top / total}`);
});

test("lapsed customers never order after their churn day, and nobody orders before joining", () => {
  const { options, population } = planDataset(main);
  const lapsed = CUSTOMER_TYPES.indexOf("lapsed");
  let lapsedOrders = 0;
  for (const o of rows(main.outDir!, "Orders.csv")) {
    const c = Number(o.CustomerID) - 1;
    const day = usDay(o.OrderDate) - options.startDay;
    assert.ok(day < population.churnDay[c], `customer ${c + 1} ordered on ${o.OrderDate}, after churning`);
    assert.ok(day >= population.joinDay[c], `customer ${c + 1} ordered on ${o.OrderDate}, before joining`);
    if (population.type[c] === lapsed) lapsedOrders++;
  }
  assert.ok(lapsedOrders > 500, "lapsed customers did order before they stopped");
  const types = rows(main.outDir!, "CustomerTypes.csv").map((t) => t.Type);
  assert.deepEqual(
    types,
    Array.from(population.type, (t) => CUSTOMER_TYPES[t]),
    "the plan is the ground truth written",
  );
});

test("k-means on recency, log frequency and log sales recovers the planted types (adjusted Rand index >= 0.8)", () => {
  const { types, frequency, sales, last } = rfm(main.outDir!);
  const end = Math.max(...last) + 1;
  const buyers = types.flatMap((_, c) => (frequency[c] > 0 ? [c] : []));
  const columns = [
    buyers.map((c) => end - last[c]),
    buyers.map((c) => Math.log1p(frequency[c])),
    buyers.map((c) => Math.log1p(sales[c])),
  ].map(zScores);
  const points = buyers.map((_, i) => columns.map((column) => column[i]));
  // Best of ten starts by inertia, as any k-means user would run it.
  let best = { inertia: Infinity, clusters: [] as number[] };
  for (let seed = 1; seed <= 10; seed++) {
    const { clusters, centroids } = kmeans(points, 5, { seed, initialization: "kmeans++" });
    const inertia = points.reduce(
      (sum, p, i) => sum + p.reduce((s, x, d) => s + (x - centroids[clusters[i]][d]) ** 2, 0),
      0,
    );
    if (inertia < best.inertia) best = { inertia, clusters };
  }
  const ari = adjustedRandIndex(
    buyers.map((c) => types[c]),
    best.clusters,
  );
  assert.ok(ari >= 0.8, `adjusted Rand index ${ari}`);
});

test("cp1252 files decode to the same text as UTF-8 ones, accents included", () => {
  for (const file of readdirSync(join(root, "a")).filter((f) => f.endsWith(".csv"))) {
    const utf8 = readFileSync(join(root, "a", file), "utf8");
    const cp1252 = readFileSync(join(root, "cp1252", file));
    assert.equal(iconv.decode(cp1252, "win1252"), utf8, file);
  }
  const customers = readFileSync(join(root, "a", "Customers.csv"), "utf8");
  assert.match(customers, /[éèüöäåøñãç]/, "accented names");
  assert.ok(!readFileSync(join(root, "cp1252", "Customers.csv")).includes(0xc3), "no UTF-8 sequences in cp1252 files");
});

test("options that cannot make a data set are refused with the reason", () => {
  const refused = (options: GenerateOptions, reason: RegExp) =>
    assert.throws(
      () => resolveOptions(options),
      (e: unknown) => e instanceof GenerateOptionError && reason.test(e.message),
    );
  refused({ orders: 0 }, /orders must be a whole number from 1/);
  refused({ orders: 10.5 }, /orders must be a whole number/);
  refused({ orders: 10, customers: 11 }, /customers cannot outnumber orders/);
  refused({ orders: 10, months: 0 }, /months must be a whole number from 1/);
  refused({ orders: 10, seed: -1 }, /seed must be a whole number from 0/);
  refused({ orders: 10, start: "1997-02-29" }, /start must be a date written YYYY-MM-DD/);
  // A JavaScript caller can pass any string; the type only guards TypeScript callers.
  refused({ orders: 10, encoding: "latin1" as "utf8" }, /encoding must be utf8 or cp1252/);
  assert.equal(resolveOptions({ orders: 50 }).customers, 50, "no more customers than orders");
  assert.equal(resolveOptions({ orders: 3_850_000 }).customers, 481_250);
});

function zScores(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return values.map((v) => (v - mean) / sd);
}

/** Agreement of two labellings beyond chance: 1 identical, about 0 random. */
function adjustedRandIndex(a: readonly unknown[], b: readonly unknown[]): number {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const count = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts.values()].reduce((sum, n) => sum + pairs(n), 0);
  };
  const both = count(a.map((x, i) => `${String(x)}|${String(b[i])}`));
  const left = count(a.map(String));
  const right = count(b.map(String));
  const expected = (left * right) / pairs(a.length);
  return (both - expected) / ((left + right) / 2 - expected);
}
