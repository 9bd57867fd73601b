import { join } from "node:path";
import { KeyError, KeyStore, parseScopes, SCOPES } from "../api/keys.js";
import { DEFAULTS } from "../api/defaults.js";
import { defineCommand, isMain, main, UsageError } from "./run.js";

const ACTIONS = ["create", "list", "revoke"];

export const command = defineCommand({
  name: "api-key",
  arguments: "create|list|revoke",
  description: `
Manages the API's keys: create --name NAME --scopes LIST, list, revoke --name
NAME|ID. A key is printed once, when created: only its SHA-256 is stored
(DIR/api-keys.json, written atomically, readable by its owner only), so a lost
key is revoked and a new one created. The server sees a new key or a
revocation within two seconds, without a restart.`,
  epilogue: `
Exit codes: 0 done, 1 the key file could not be read or written, 2 usage error
(unknown action, scope or key).`,
  options: {
    name: {
      type: "string",
      value: "NAME",
      description: 'who the key is for (letters, digits, ".", "_", "-"), e.g. crm',
    },
    scopes: {
      type: "string",
      value: "LIST",
      description: `comma-separated: ${SCOPES.join(", ")} (admin holds them all)`,
    },
    "rate-limit": {
      type: "string",
      value: "N",
      description: "requests a minute for this key",
      defaultText: "the server's",
    },
    state: {
      type: "string",
      value: "DIR",
      description: "the server's state folder",
      defaultText: `SALES_API_STATE, else ${DEFAULTS.stateDir}`,
    },
  },
  async run(values, positionals) {
    const action = positionals[0];
    if (positionals.length > 1) throw new UsageError(`expected one action, got ${positionals.join(" ")}`);
    if (!ACTIONS.includes(action ?? ""))
      throw new UsageError(
        `expected an action, one of ${ACTIONS.join(", ")}; got ${action === undefined ? "none" : `"${action}"`}`,
      );
    const store = new KeyStore(join(values.state ?? process.env.SALES_API_STATE ?? DEFAULTS.stateDir, "api-keys.json"));
    try {
      if (action === "list") {
        const keys = await store.list();
        if (keys.length === 0) process.stdout.write(`no keys in ${store.path}\n`);
        for (const k of keys) {
          process.stdout.write(
            `${k.id}  ${k.name.padEnd(16)} ${k.scopes.join(",").padEnd(24)} ${k.rate_limit ? `${k.rate_limit}/min`.padEnd(10) : "default   "} created ${k.created_at}${k.revoked_at ? `  REVOKED ${k.revoked_at}` : ""}\n`,
          );
        }
        return;
      }
      if (!values.name) throw new UsageError(`${action} needs --name`);
      if (action === "revoke") {
        const k = await store.revoke(values.name);
        process.stdout.write(`revoked key ${k.id} (${k.name})\n`);
        return;
      }
      if (!values.scopes) throw new UsageError(`create needs --scopes (${SCOPES.join(", ")})`);
      const rate = values["rate-limit"];
      if (rate !== undefined && !/^\d+$/.test(rate))
        throw new UsageError(`--rate-limit must be a whole number of requests a minute, not "${rate}"`);
      const { key, record } = await store.create(
        values.name,
        parseScopes(values.scopes),
        rate === undefined ? undefined : Number(rate),
      );
      process.stderr.write(
        `created key ${record.id} for ${record.name} with scopes ${record.scopes.join(", ")}; it is shown once, store it now:\n`,
      );
      process.stdout.write(`${key}\n`);
    } catch (error) {
      throw error instanceof KeyError ? new UsageError(error.message) : error;
    }
  },
});

if (isMain(import.meta.url)) await main(command);
