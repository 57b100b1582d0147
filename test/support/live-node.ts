// A second instance of the product in its own process, for the fan-out test: a blood subgraph
// and a gateway of its own, sharing the parent's databases and Redis. Prints one line
// `LIVE-NODE {"gateway": …, "blood": …}` when ready; stops on SIGTERM or when its parent goes
// away (stdin closes), so no process outlives the test.
import { startBloodSubgraph } from "@chapters/blood";
import { createRedisPubSub } from "@chapters/core";
import { startGateway } from "@chapters/gateway";

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pubsub = createRedisPubSub(need("REDIS_URL"));
const blood = await startBloodSubgraph({
  databaseUrl: need("BLOOD_DATABASE_URL"),
  organizationUrl: need("ORGANIZATION_URL"),
  pubsub,
  migrate: false,
  maxConnections: 5,
});
const gateway = await startGateway({
  port: 0,
  subgraphs: [
    { name: "organization", url: need("ORGANIZATION_URL") },
    { name: "blood", url: blood.url },
    { name: "humanitarian", url: need("HUMANITARIAN_URL") },
  ],
  limits: { ratePerWindow: 1_000_000 },
});
console.log(`LIVE-NODE ${JSON.stringify({ gateway: gateway.url, blood: blood.url })}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await gateway.stop().catch(() => undefined);
  await blood.stop().catch(() => undefined);
  await pubsub.close().catch(() => undefined);
  process.exit(0);
};
process.once("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
