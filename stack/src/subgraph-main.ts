// One subgraph alone, for deployments where each subgraph is its own process (and for the tests
// that kill one):
//   SUBGRAPH=blood DATABASE_URL=postgresql://… ORGANIZATION_URL=http://org:4001/graphql PORT=4003 [SEED_DEMO=1]
//   (emulation also HUMANITARIAN_URL=http://humanitarian:4003/graphql)
// It migrates its schema, serves, catches up with organization's chapter tree (domain subgraphs),
// loads the demo data when asked, and only then prints "subgraph <name> ready at <url>": a
// supervisor waits for that line rather than guessing how long start-up takes.
import { classifyDatabaseFailure, createPubSubFromEnv, databaseUrlFromEnv, startTracing, stopTracing } from "@chapters/core";
import { DatabaseUnreachableError } from "./stack.ts";
import { exitOnStartupError } from "./startup-errors.ts";
import { subgraphModules } from "./services.ts";

const name = process.env.SUBGRAPH ?? "";
const module = subgraphModules.find((m) => m.name === name);
if (!module) {
  console.error(`\nSet SUBGRAPH to one of: ${subgraphModules.map((m) => m.name).join(", ")}.\n`);
  process.exit(1);
}
const databaseUrl = databaseUrlFromEnv(name);
if (!databaseUrl) {
  console.error(`\nSet DATABASE_URL (or DATABASE_URL_${name.toUpperCase()}) to the ${name} subgraph's PostgreSQL; npm start runs everything on an embedded one.\n`);
  process.exit(1);
}

// traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/tracing.md)
startTracing({ service: name });
const pubsub = createPubSubFromEnv();
const service = await module
  .start({
    databaseUrl,
    port: Number(process.env.PORT ?? 0),
    pubsub,
    maxConnections: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    organizationUrl: process.env.ORGANIZATION_URL ?? "",
    // emulation reads facts from humanitarian
    subgraphUrls: process.env.HUMANITARIAN_URL ? { humanitarian: process.env.HUMANITARIAN_URL } : undefined,
  })
  .catch((error: unknown) => {
    throw classifyDatabaseFailure(error) === "away" ? new DatabaseUnreachableError(name, databaseUrl, error) : error;
  })
  .catch(exitOnStartupError);
await service.caughtUp?.();
if (process.env.SEED_DEMO === "1") await module.seedDemo?.(service);
console.log(`subgraph ${name} ready at ${service.url}`);

const shutdown = async () => {
  await service.stop();
  await pubsub.close();
  await stopTracing();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
