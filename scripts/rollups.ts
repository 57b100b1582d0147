// `npm run rollups:rebuild`: recomputes every figure rollup of the organization subgraph from its
// rows (after a bulk load, a restore, or to check them). Writers wait while it runs.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/chapters_bench npm run rollups:rebuild
import { databaseUrlFromEnv, migrateSubgraph } from "@chapters/core";
import { connectOrganizationDatabase, ORGANIZATION, rebuildRollups } from "@chapters/organization";

const url = databaseUrlFromEnv(ORGANIZATION);
if (!url) {
  console.error("Set DATABASE_URL (or DATABASE_URL_ORGANIZATION) to the PostgreSQL database whose rollups to rebuild.");
  process.exit(2);
}
await migrateSubgraph(ORGANIZATION, url);
const db = connectOrganizationDatabase(url, { maxConnections: 1 });
try {
  const started = Date.now();
  const { years } = await rebuildRollups(db.prisma);
  console.log(`Rollups rebuilt for ${years[0]}–${years.at(-1)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await db.close();
}
