import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readJson, SerialQueue, writeJsonAtomically } from "./json-file.js";

/**
 * API keys: `si_<id>_<secret>`, 32 random bytes of secret. Only the SHA-256 of
 * the whole key is stored (a high-entropy key needs no slow hash), looked up by
 * its public id and compared in constant time. The key itself is shown once,
 * when created, and never logged.
 */

export const SCOPES = ["read", "predict", "scrape", "reports", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface StoredKey {
  id: string;
  name: string;
  scopes: Scope[];
  /** Requests per minute for this key; absent: the server's default. */
  rate_limit?: number;
  sha256: string;
  created_at: string;
  revoked_at: string | null;
}

/** What a request knows of its key (no hash). */
export interface ApiKey {
  id: string;
  name: string;
  scopes: readonly Scope[];
  rate_limit?: number;
}

export class KeyError extends Error {
  override name = "KeyError";
}

const KEY_FORMAT = /^si_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export function parseScopes(list: string): Scope[] {
  const scopes = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length || scopes.length === 0) {
    throw new KeyError(`scopes must be a comma-separated list of ${SCOPES.join(", ")}; got "${list}"`);
  }
  return [...new Set(scopes)] as Scope[];
}

/** admin holds every scope. */
export function hasScope(key: ApiKey, scope: Scope): boolean {
  return key.scopes.includes(scope) || key.scopes.includes("admin");
}

export class KeyStore {
  private readonly queue = new SerialQueue();
  /** id → stored key, refreshed from the file when it changes (a revoke by command takes effect). */
  private cache: Map<string, StoredKey> | null = null;
  private loadedAt = 0;

  constructor(
    readonly path: string,
    /** How long a read of the file is trusted; a revoke by command takes effect within it. */
    private readonly refreshMs = 2000,
  ) {}

  async list(): Promise<StoredKey[]> {
    const file = await readJson<{ keys: StoredKey[] }>(this.path, { keys: [] });
    if (!Array.isArray(file.keys)) throw new Error(`${this.path}: expected { "keys": [...] }`);
    return file.keys;
  }

  /** Creates a key; returns the key text (shown once) and its record. */
  async create(name: string, scopes: Scope[], rateLimit?: number): Promise<{ key: string; record: StoredKey }> {
    if (!/^[\w.-]{1,64}$/.test(name))
      throw new KeyError(`name must be 1-64 letters, digits, ".", "_" or "-"; got "${name}"`);
    if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < 1)) {
      throw new KeyError(`rate limit must be a whole number of requests per minute >= 1; got ${rateLimit}`);
    }
    return this.queue.run(async () => {
      const keys = await this.list();
      if (keys.some((k) => k.name === name && !k.revoked_at))
        throw new KeyError(`a key named "${name}" exists; revoke it first or pick another name`);
      const id = randomBytes(6).toString("hex");
      const key = `si_${id}_${randomBytes(32).toString("base64url")}`;
      const record: StoredKey = {
        id,
        name,
        scopes,
        ...(rateLimit !== undefined ? { rate_limit: rateLimit } : {}),
        sha256: sha256(key).toString("hex"),
        created_at: new Date().toISOString(),
        revoked_at: null,
      };
      await writeJsonAtomically(this.path, { keys: [...keys, record] }, 0o600);
      this.cache = null;
      return { key, record };
    });
  }

  /** Revokes by name or id; returns the revoked record. */
  async revoke(nameOrId: string): Promise<StoredKey> {
    return this.queue.run(async () => {
      const keys = await this.list();
      const found = keys.find((k) => (k.name === nameOrId || k.id === nameOrId) && !k.revoked_at);
      if (!found) throw new KeyError(`no active key named or with id "${nameOrId}"`);
      found.revoked_at = new Date().toISOString();
      await writeJsonAtomically(this.path, { keys }, 0o600);
      this.cache = null;
      return found;
    });
  }

  /** The key a request presented, or null when it is unknown, malformed or revoked. */
  async verify(presented: string): Promise<ApiKey | null> {
    const match = KEY_FORMAT.exec(presented);
    if (!match) return null;
    const keys = await this.byId();
    const stored = keys.get(match[1]);
    if (!stored || stored.revoked_at) return null;
    const expected = Buffer.from(stored.sha256, "hex");
    const actual = sha256(presented);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    return {
      id: stored.id,
      name: stored.name,
      scopes: stored.scopes,
      ...(stored.rate_limit ? { rate_limit: stored.rate_limit } : {}),
    };
  }

  private async byId(): Promise<Map<string, StoredKey>> {
    const now = Date.now();
    if (!this.cache || now - this.loadedAt > this.refreshMs) {
      this.cache = new Map((await this.list()).map((k) => [k.id, k]));
      this.loadedAt = now;
    }
    return this.cache;
  }
}
