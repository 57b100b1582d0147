// `npm run rollups:rebuild`: recomputes every figure rollup of the organization and humanitarian
// subgraphs from their rows (after a bulk load, a restore, or to check them). Writers wait while
// it runs. Humanitarian sums on its replica of the tree: run it once the replica has caught up.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/chapters_bench npm run rollups:rebuild
import { databaseUrlFromEnv, migrateSubgraph } from "@chapters/core";
import { connectHumanitarianDatabase, HUMANITARIAN, rebuildHumanitarianRollups } from "@chapters/humanitarian";
import { connectOrganizationDatabase, ORGANIZATION, rebuildRollups } from "@chapters/organization";

const url = databaseUrlFromEnv(ORGANIZATION);
const humanitarianUrl = databaseUrlFromEnv(HUMANITARIAN);
if (!url || !humanitarianUrl) {
  console.error("Set DATABASE_URL (or DATABASE_URL_ORGANIZATION and DATABASE_URL_HUMANITARIAN) to the PostgreSQL database whose rollups to rebuild.");
  process.exit(2);
}
const seconds = (started: number) => ((Date.now() - started) / 1000).toFixed(1);

await migrateSubgraph(ORGANIZATION, url);
const db = connectOrganizationDatabase(url, { maxConnections: 1 });
try {
  const started = Date.now();
  const { years } = await rebuildRollups(db.prisma);
  console.log(`Organization rollups rebuilt for ${years[0]}–${years.at(-1)} in ${seconds(started)} s.`);
} finally {
  await db.close();
}

await migrateSubgraph(HUMANITARIAN, humanitarianUrl);
const humanitarian = connectHumanitarianDatabase(humanitarianUrl, { maxConnections: 1 });
try {
  const started = Date.now();
  await rebuildHumanitarianRollups(humanitarian.prisma);
  console.log(`Humanitarian rollups rebuilt in ${seconds(started)} s.`);
} finally {
  await humanitarian.close();
}
