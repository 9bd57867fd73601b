import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { hasScope, KeyError, KeyStore, parseScopes } from "./keys.js";

async function withStore(work: (store: KeyStore, path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "sales-keys-"));
  try {
    await work(new KeyStore(join(dir, "api-keys.json"), 0), join(dir, "api-keys.json"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("a created key verifies with its name and scopes; the file holds only its SHA-256, readable by its owner", () =>
  withStore(async (store, path) => {
    const { key, record } = await store.create("crm", ["predict"]);
    assert.match(key, /^si_[a-f0-9]{12}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await store.verify(key), { id: record.id, name: "crm", scopes: ["predict"] });
    const text = await readFile(path, "utf8");
    // The secret is base64url and may itself contain "_": take it by position.
    const secret = key.slice("si_".length + 12 + 1);
    assert.equal(secret.length, 43);
    assert.ok(!text.includes(secret), "the secret is not stored");
    assert.match(text, /"sha256": "[a-f0-9]{64}"/);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  }));

test("a revoked, altered, malformed or unknown key does not verify", () =>
  withStore(async (store) => {
    const { key } = await store.create("crm", ["predict"]);
    const other = (await store.create("bi", ["read"])).key;
    assert.equal(await store.verify(key.slice(0, -1) + (key.endsWith("A") ? "B" : "A")), null);
    assert.equal(await store.verify("Bearer " + key), null);
    assert.equal(await store.verify(""), null);
    assert.equal(await store.verify(`si_000000000000_${"A".repeat(43)}`), null);
    await store.revoke("crm");
    assert.equal(await store.verify(key), null);
    assert.equal((await store.verify(other))?.name, "bi");
    await assert.rejects(store.revoke("crm"), KeyError);
  }));

test("names are unique among active keys and scopes must be known", () =>
  withStore(async (store) => {
    await store.create("crm", ["predict"]);
    await assert.rejects(store.create("crm", ["read"]), /a key named "crm" exists/);
    await assert.rejects(store.create("bad name", ["read"]), /name must be/);
    assert.throws(() => parseScopes("read,write"), /read, predict, scrape, reports, admin; got "read,write"/);
    assert.deepEqual(parseScopes("read, predict,read"), ["read", "predict"]);
  }));

test("admin holds every scope; other keys only their own", () => {
  assert.ok(hasScope({ id: "a", name: "a", scopes: ["admin"] }, "scrape"));
  assert.ok(!hasScope({ id: "b", name: "b", scopes: ["read"] }, "predict"));
});

test("concurrent creates all land in the file (one writer at a time)", () =>
  withStore(async (store) => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(`k${i}`, ["read"])));
    assert.equal((await store.list()).length, 10);
  }));
