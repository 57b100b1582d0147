// The stack the live benchmark measures, in its own process (so the thousands of client sockets
// the benchmark opens do not share its CPU): every subgraph and one gateway, demo data, on the
// embedded database (or DATABASE_URL). Prints `BENCH-STACK {"url": …}` when ready; stops when
// its parent goes away.
import { startStack, databaseUrlsFromEnv } from "@chapters/stack";

const stack = await startStack({ port: 0, seedDemo: true, databaseUrls: databaseUrlsFromEnv(), gateway: { limits: { ratePerWindow: 100_000_000 } } });
console.log(`BENCH-STACK ${JSON.stringify({ url: stack.gateway.url })}`);
const stop = async () => {
  await stack.stop().catch(() => undefined);
  process.exit(0);
};
process.once("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
