// Blood's figure rollups (migration 20261127100000_blood_rollups), kept by core's shared
// mechanism (packages/core/src/rollups/keeping.ts): donations and organ registrations keep them
// exact by themselves (statement triggers); a tree change the replica applies invalidates them in
// its own transaction (readers then compute from the rows) and they are rebuilt once the replica
// has caught up, on the restated mapping of core's history.ts. Their SQL is blood's own: one state
// row says they are kept, and blood_rollup_build sums everything again.
import { rebuildRollups, replicaTables, rollupsFollowTree, sql, todayInVietnam, type RollupDb, type RollupKeeper } from "@chapters/core";
import { connectBloodDatabase, SUBGRAPH, type BloodPrisma } from "../db.ts";

const kept = async (db: RollupDb): Promise<boolean> => {
  const [row] = await db.$queryRaw<{ kept: boolean }[]>(sql`SELECT EXISTS (SELECT 1 FROM "BloodRollupState") AS kept`);
  return row?.kept ?? false;
};

const BLOOD_KEEPER: RollupKeeper = {
  schema: SUBGRAPH,
  tree: replicaTables,
  destinations: "BloodHistoryDestination",
  state: "BloodRollupState",
  rebuildLock: 730004,
  current: (db) => kept(db),
  build: async (tx, today) => {
    await tx.$executeRaw(sql`SELECT blood_rollup_build(${today}::date)`);
  },
  suspend: async (db) => {
    await db.$executeRaw(sql`DELETE FROM "BloodRollupState"`);
  },
};

/** Rebuilds every blood rollup from the rows, on today's tree. Writers wait while it runs. */
export async function rebuildBloodRollups(prisma: BloodPrisma, options: { today?: Date; onlyIfStale?: boolean } = {}): Promise<void> {
  await rebuildRollups(prisma, BLOOD_KEEPER, { today: options.today ?? todayInVietnam(), onlyIfStale: options.onlyIfStale });
}

/** Whether the rollups are kept (not during a bulk load, nor between a tree change and its rebuild). */
export const bloodRollupsKept = (prisma: BloodPrisma): Promise<boolean> => kept(prisma);

/** Stops keeping them (before a bulk load) until the next rebuild. */
export const suspendBloodRollups = (prisma: BloodPrisma): Promise<void> => BLOOD_KEEPER.suspend(prisma);

/** The tree replica's hooks: invalidate with each change, rebuild after a catch-up, on a
 * connection of its own (the serving pool's statements are the requests'). */
export const bloodRollupsFollowTree = (databaseUrl: string) =>
  rollupsFollowTree(BLOOD_KEEPER, () => connectBloodDatabase(databaseUrl, { maxConnections: 1 }), todayInVietnam);
