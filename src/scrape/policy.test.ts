import assert from "node:assert/strict";
import { test } from "node:test";
import { retryAfter } from "./fetch.js";
import { hostPolicy, isSpecialAddress, vetUrl } from "./policy.js";

test("only http and https URLs without credentials are scraped", async () => {
  const policy = hostPolicy(["127.0.0.1"]);
  await assert.rejects(vetUrl("file:///etc/passwd", policy), /scheme file: refused: only http and https are scraped/);
  await assert.rejects(vetUrl("ftp://www.w3schools.com/", policy), /scheme ftp: refused/);
  await assert.rejects(vetUrl("http://user:pw@127.0.0.1/", policy), /URLs with credentials are refused/);
  await assert.rejects(vetUrl("not a url", policy), /not a URL/);
});

test("a host off the allow-list is refused, and the list extends from options and SALES_SCRAPE_ALLOW_HOSTS", async () => {
  await assert.rejects(
    vetUrl("https://example.com/", hostPolicy([], "")),
    /host example\.com is not on the allow-list \(www\.w3schools\.com\)/,
  );
  const policy = hostPolicy(["Replica.Test"], " a.example , [::1]");
  assert.deepEqual([...policy.hosts], ["www.w3schools.com", "replica.test", "a.example", "::1"]);
});

test("a private, loopback or link-local address is refused unless the address itself is listed", async () => {
  // localhost is allowed by name, but resolves to a loopback address that is not on the list.
  await assert.rejects(
    vetUrl("http://localhost:8080/", hostPolicy(["localhost"], "")),
    /localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address not on the allow-list/,
  );
  await assert.rejects(vetUrl("http://[::1]/", hostPolicy(["localhost"], "")), /host ::1 is not on the allow-list/);
  const vetted = await vetUrl("http://127.0.0.1:9/", hostPolicy(["127.0.0.1"], ""));
  assert.equal(vetted.address, "127.0.0.1");
  for (const address of [
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "127.8.8.8",
    "0.0.0.0",
    "100.64.0.1",
    "::1",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::",
  ])
    assert.equal(isSpecialAddress(address), true, address);
  for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
    assert.equal(isSpecialAddress(address), false, address);
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  assert.equal(retryAfter("120"), 120_000);
  assert.equal(retryAfter("Wed, 02 Dec 2026 12:00:30 GMT", Date.parse("Wed, 02 Dec 2026 12:00:00 GMT")), 30_000);
  assert.equal(retryAfter(undefined), undefined);
  assert.equal(retryAfter("soon"), undefined);
});
