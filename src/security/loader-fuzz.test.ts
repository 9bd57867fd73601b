import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import iconv from "iconv-lite";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { LoadError } from "../load/problems.js";
import { DATA_DIR } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";

/**
 * Issue 10: a bounded, seeded property-based fuzz of the loader. Each run
 * damages one file of the real extract (bytes flipped, inserted or cut, another
 * encoding, another delimiter, a stray quote, a truncation) and loads it over
 * the previous warehouse. Every run must either load a valid warehouse or
 * refuse with a LoadError naming file and line, never another error; a refusal
 * leaves the previous warehouse exactly as it was. At most 60 runs or 40 s.
 */

const FILES = readdirSync(DATA_DIR).filter((f) => f.endsWith(".csv"));
const ORIGINAL = new Map(FILES.map((f) => [f, readFileSync(join(DATA_DIR, f))]));

type Mutation =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "insert"; at: number; bytes: number[] }
  | { kind: "delete"; at: number; length: number }
  | { kind: "truncate"; at: number }
  | { kind: "encoding"; to: "utf8" | "utf8-bom" | "utf16le" }
  | { kind: "delimiter"; line: number; to: ";" | "\t" | "|" }
  | { kind: "quote"; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: position,
    bytes: fc.array(fc.constantFrom(0x2c, 0x22, 0x0a, 0x0d, 0x00, 0xa0, 0xff, 0x3b, 0x41), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({
    kind: fc.constant("encoding" as const),
    to: fc.constantFrom("utf8" as const, "utf8-bom" as const, "utf16le" as const),
  }),
  fc.record({
    kind: fc.constant("delimiter" as const),
    line: position,
    to: fc.constantFrom(";" as const, "\t" as const, "|" as const),
  }),
  fc.record({ kind: fc.constant("quote" as const), at: position }),
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = (p: number) => Math.min(bytes.length, Math.floor(p * bytes.length));
  switch (m.kind) {
    case "flip": {
      const out = Buffer.from(bytes);
      if (out.length) out[Math.min(out.length - 1, at(m.at))] = m.byte;
      return out;
    }
    case "insert":
      return Buffer.concat([bytes.subarray(0, at(m.at)), Buffer.from(m.bytes), bytes.subarray(at(m.at))]);
    case "delete":
      return Buffer.concat([bytes.subarray(0, at(m.at)), bytes.subarray(at(m.at) + m.length)]);
    case "truncate":
      return bytes.subarray(0, at(m.at));
    case "encoding": {
      const text = iconv.decode(bytes, "win1252");
      if (m.to === "utf16le") return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      return Buffer.concat([
        m.to === "utf8-bom" ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
        Buffer.from(text, "utf8"),
      ]);
    }
    case "delimiter": {
      const lines = bytes.toString("latin1").split("\n");
      const i = Math.min(lines.length - 1, Math.floor(m.line * lines.length));
      lines[i] = lines[i].replaceAll(",", m.to);
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case "quote":
      return Buffer.concat([bytes.subarray(0, at(m.at)), Buffer.from('"'), bytes.subarray(at(m.at))]);
  }
}

let db: Database;
let root: string;
before(async () => {
  root = mkdtempSync(join(tmpdir(), "loader-fuzz-"));
  db = await connect(`duckdb:${join(root, "w.duckdb")}`);
  await loadWarehouse(db, { dataDir: DATA_DIR });
});
after(async () => {
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

/** Row counts and the total, enough to see any change a load would make. */
async function snapshot(): Promise<string> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM order_details) AS d,
            (SELECT count(*) FROM products) AS p, (SELECT sum(sales) FROM sales_lines) AS s, (SELECT count(*) FROM order_sales) AS os`,
  );
  return JSON.stringify(row);
}

test("every damaged extract either loads a valid warehouse or is refused with file and line, the warehouse unchanged", async () => {
  let run = 0;
  const outcomes = { loaded: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...FILES), mutation, async (file, m) => {
      const dir = join(root, `run-${run++}`);
      mkdirSync(dir);
      for (const [name, bytes] of ORIGINAL) writeFileSync(join(dir, name), name === file ? mutate(bytes, m) : bytes);
      const before = await snapshot();
      try {
        await loadWarehouse(db, { dataDir: dir });
        outcomes.loaded++;
        const [check] = await db.query<{ lines: number; bad: number }>(
          "SELECT count(*) AS lines, count(*) FILTER (WHERE sales IS NULL OR quantity <= 0) AS bad FROM sales_lines",
        );
        assert.ok(Number(check.lines) > 0 && Number(check.bad) === 0, "a loaded warehouse is valid");
      } catch (error) {
        outcomes.refused++;
        assert.ok(
          error instanceof LoadError,
          `${file} ${JSON.stringify(m)}: not a LoadError but ${(error as Error).stack}`,
        );
        for (const p of error.problems) assert.ok(p.file, `every problem names its file: ${JSON.stringify(p)}`);
        assert.ok(
          error.problems.some((p) => p.line !== undefined || /file|folder|header|column/i.test(p.rule)),
          error.message,
        );
        assert.equal(await snapshot(), before, "the previous warehouse is unchanged");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { seed: 20261002, numRuns: 60, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: false, endOnFailure: true },
  );
  assert.ok(outcomes.loaded + outcomes.refused >= 10, `ran ${JSON.stringify(outcomes)}`);
});
