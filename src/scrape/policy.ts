import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DEFAULT_HOST } from "./site.js";
import { RefusedError } from "./errors.js";

/**
 * Which URLs the scraper may fetch (no SSRF): http(s) only, hosts on an
 * allow-list only, and an address that is private, loopback, link-local or
 * otherwise special only when that address itself is on the list. The name is
 * resolved here and the connection made to the address checked, so a DNS
 * answer that changes between check and connect (rebinding) changes nothing.
 */

/** Extra allowed hosts, comma-separated, for the CLI and the API alike. */
export const ALLOW_HOSTS_ENV = "SALES_SCRAPE_ALLOW_HOSTS";

export interface HostPolicy {
  /** Lower-case host names and IP literals (IPv6 without brackets). */
  readonly hosts: ReadonlySet<string>;
}

/** The default host, plus `allowHosts`, plus SALES_SCRAPE_ALLOW_HOSTS. */
export function hostPolicy(allowHosts: readonly string[] = [], env = process.env[ALLOW_HOSTS_ENV]): HostPolicy {
  const extra = (env ?? "").split(",");
  const hosts = [DEFAULT_HOST, ...allowHosts, ...extra].map(normalHost).filter(Boolean);
  return { hosts: new Set(hosts) };
}

const normalHost = (host: string) =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");

/** Addresses no request may reach unless listed: RFC 1918, loopback, link-local, CGNAT, multicast, unspecified, ULA. */
const SPECIAL = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  SPECIAL.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  SPECIAL.addSubnet(net, prefix, "ipv6");

export function isSpecialAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return SPECIAL.check(mapped[1], "ipv4");
  const family = isIP(address);
  return family === 4 ? SPECIAL.check(address, "ipv4") : family === 6 ? SPECIAL.check(address, "ipv6") : true;
}

export interface VettedUrl {
  url: URL;
  /** The address to connect to, already checked. */
  address: string;
  family: 4 | 6;
}

/** Checks scheme and host, resolves the name and checks every address; throws RefusedError naming the reason. */
export async function vetUrl(raw: string | URL, policy: HostPolicy, source = String(raw)): Promise<VettedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedError(source, "not a URL (expected http:// or https://)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new RefusedError(source, `scheme ${url.protocol} refused: only http and https are scraped`);
  if (url.username || url.password) throw new RefusedError(source, "URLs with credentials are refused");
  const host = normalHost(url.hostname);
  if (!policy.hosts.has(host))
    throw new RefusedError(
      source,
      `host ${host} is not on the allow-list (${[...policy.hosts].join(", ")}); ` +
        `add it with --allow-host or ${ALLOW_HOSTS_ENV}`,
    );
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new RefusedError(source, `cannot resolve ${host}: ${(error as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new RefusedError(source, `${host} resolves to no address`);
  for (const { address } of addresses)
    if (isSpecialAddress(address) && !policy.hosts.has(normalHost(address)))
      throw new RefusedError(
        source,
        `${host} resolves to ${address}, a private, loopback or link-local address not on the allow-list ` +
          "(list the address itself to allow it)",
      );
  const first = addresses[0];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
