// Blood's figure rollups (migration 20261127100000_blood_rollups): donations and organ
// registrations keep them exact by themselves (statement triggers); a tree change the replica
// applies invalidates them in its own transaction (readers then compute from the rows) and they
// are rebuilt once the replica has caught up, on the restated mapping of core's history.ts.
import { historyDestinations, replicaTables, todayInVietnam } from "@chapters/core";
import type pg from "pg";
import { connectBloodDatabase, SUBGRAPH, type BloodPrisma } from "../db.ts";

/** Rebuilds every blood rollup from the rows, on today's tree. Writers wait while it runs. */
export async function rebuildBloodRollups(prisma: BloodPrisma, options: { today?: Date; onlyIfStale?: boolean } = {}): Promise<void> {
  const today = options.today ?? todayInVietnam();
  await prisma.$transaction(
    async (tx) => {
      // one rebuild at a time; one that waited for another may find nothing left to do
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(730004)`;
      if (options.onlyIfStale && (await bloodRollupsKept(tx as unknown as BloodPrisma))) return;
      await tx.$executeRaw`SET LOCAL work_mem = '512MB'`;
      await tx.$executeRaw`DELETE FROM "BloodHistoryDestination"`;
      await tx.$executeRaw`INSERT INTO "BloodHistoryDestination" (id, dest) SELECT h.id, h.dest FROM ${historyDestinations(replicaTables, today)} h`;
      await tx.$executeRaw`SELECT blood_rollup_build(${today}::date)`;
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
}

/** Whether the rollups are kept (not during a bulk load, nor between a tree change and its rebuild). */
export async function bloodRollupsKept(prisma: BloodPrisma): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ kept: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "BloodRollupState") AS kept`;
  return row?.kept ?? false;
}

/** Stops keeping them (before a bulk load) until the next rebuild. */
export async function suspendBloodRollups(prisma: BloodPrisma): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "BloodRollupState"`;
}

/** The tree replica's hooks: invalidate with each change, rebuild after a catch-up, on a
 * connection of its own (the serving pool's statements are the requests'). */
export function bloodRollupsFollowTree(databaseUrl: string) {
  return {
    invalidate: async (client: pg.PoolClient) => {
      await client.query(`DELETE FROM "${SUBGRAPH}"."BloodRollupState"`);
    },
    rebuild: () => rebuildWithOwnConnection(databaseUrl),
  };
}

export async function rebuildWithOwnConnection(databaseUrl: string): Promise<void> {
  const maintenance = connectBloodDatabase(databaseUrl, { maxConnections: 1 });
  try {
    await rebuildBloodRollups(maintenance.prisma, { onlyIfStale: true });
  } finally {
    await maintenance.close();
  }
}
