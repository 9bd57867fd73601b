// The local replica of the data site for the container smoke test: starts it
// on a free 127.0.0.1 port, prints the static kind's URL, serves until SIGTERM.
//   node --import tsx scripts/container/replica.ts
import { startReplica } from "../../src/scrape/replica/server.js";

const replica = await startReplica();
process.stdout.write(`${replica.staticUrl}\n`);
const stop = () => void replica.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
