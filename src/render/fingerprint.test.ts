import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fingerprintData } from "./fingerprint.js";

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

test("a fingerprint holds each CSV's SHA-256, read in chunks across megabytes, and one over the names and hashes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fingerprint-"));
  try {
    // 3 MB and a bit: its bytes cross every chunk boundary, none repeating at a megabyte.
    const big = Buffer.alloc(3 * (1 << 20) + 7);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 20)) & 0xff;
    writeFileSync(join(dir, "Orders.csv"), big);
    writeFileSync(join(dir, "Customers.csv"), "CustomerID,CustomerName\r\n1,Alfreds\r\n");
    writeFileSync(join(dir, "notes.txt"), "not an extract");
    const fingerprint = await fingerprintData(dir);
    const customers = sha256("CustomerID,CustomerName\r\n1,Alfreds\r\n");
    assert.deepEqual(fingerprint.files, [
      { name: "Customers.csv", bytes: 36, sha256: customers },
      { name: "Orders.csv", bytes: big.length, sha256: sha256(big) },
    ]);
    assert.equal(fingerprint.sha256, sha256(`Customers.csv\0${customers}\nOrders.csv\0${sha256(big)}\n`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a data folder that is not there is named, with what to give instead", async () => {
  await assert.rejects(
    fingerprintData("/nowhere/extracts"),
    /^Error: the data folder \/nowhere\/extracts does not exist: give --data the folder of the extracts$/,
  );
});
