// Migrations as a one-shot job, before the services start (compose.yaml's `migrate`):
//   DATABASE_URL=postgresql://… [DATABASE_URL_<SUBGRAPH>=…] node stack/src/migrate-main.js
// applies each subgraph's pending migrations to its own schema and exits 0; the subgraphs then
// find nothing left to apply when they start (they check again, so a subgraph started alone
// still migrates itself).
import { databaseUrlFromEnv, migrateSubgraph } from "@chapters/core";
import { subgraphModules } from "./services.ts";

for (const { name } of subgraphModules) {
  const url = databaseUrlFromEnv(name);
  if (!url) {
    console.error(`Set DATABASE_URL (or DATABASE_URL_${name.toUpperCase()}) to the PostgreSQL the ${name} subgraph keeps its data in.`);
    process.exit(1);
  }
  const started = Date.now();
  await migrateSubgraph(name, url);
  console.log(`migrations of ${name} applied (${Date.now() - started} ms)`);
}
process.exit(0);
