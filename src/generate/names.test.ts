import assert from "node:assert/strict";
import { test } from "node:test";
import iconv from "iconv-lite";
import { customerFields, staffName } from "./names.js";
import { Random } from "./random.js";

const rng = new Random(9);
const customers = Array.from({ length: 20_000 }, () => customerFields(rng));

test("every generated name, address and place survives cp1252", () => {
  const text = customers.flat().join("|") + [staffName(rng), staffName(rng)].flat().join("|");
  assert.equal(iconv.decode(iconv.encode(text, "win1252"), "win1252"), text);
  assert.ok(!/[\r\n]/.test(text));
});

test("customers come mostly from a few big markets, with a long tail", () => {
  const byCountry = new Map<string, number>();
  for (const c of customers) byCountry.set(c[5], (byCountry.get(c[5]) ?? 0) + 1);
  const share = (country: string) => byCountry.get(country)! / customers.length;
  assert.ok(byCountry.size >= 20, `${byCountry.size} countries`);
  assert.ok(share("USA") > 0.12 && share("Germany") > 0.1, "the big markets");
  assert.ok(share("Poland") < 0.01, "the tail");
});

test("a customer's names and address follow the language of its city", () => {
  const [name, contact, address, city, postal] = customers.find((c) => c[3] === "München")!;
  assert.match(address, /(straße|str\.|weg|allee) \d+$/);
  assert.match(postal, /^80\d{3}$/);
  assert.ok(name.length > 0 && contact.includes(" ") && city === "München");
});
