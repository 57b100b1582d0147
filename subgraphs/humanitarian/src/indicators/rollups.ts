// Humanitarian's figure rollups (migration 20261129100000_humanitarian_rollups), kept by core's
// shared mechanism: writes keep them exact by themselves (triggers); a tree change the replica
// applies invalidates the subtree rows and they are summed again once it has caught up; a bulk
// load suspends them and rebuilds once at its end.
import { rebuildRollups, rollupsFollowTree, rollupsKept, todayInVietnam } from "@chapters/core";
import { connectHumanitarianDatabase, type HumanitarianPrisma } from "../db.ts";
import { HUMANITARIAN_KEEPER, HUMANITARIAN_ROLLUPS } from "./rollup-spec.ts";

/** Rebuilds them from the rows on today's tree (with onlyIfStale, only what is stale). */
export function rebuildHumanitarianRollups(prisma: HumanitarianPrisma, options: { today?: Date; onlyIfStale?: boolean } = {}) {
  return rebuildRollups(prisma, HUMANITARIAN_KEEPER, { today: options.today ?? todayInVietnam(), onlyIfStale: options.onlyIfStale });
}

/** Whether they answer today (kept, and summed on today's tree). */
export const humanitarianRollupsKept = (prisma: HumanitarianPrisma): Promise<boolean> => rollupsKept(prisma, HUMANITARIAN_ROLLUPS, todayInVietnam());

/** Stops keeping them (before a bulk load) until the next rebuild. */
export const suspendHumanitarianRollups = (prisma: HumanitarianPrisma): Promise<void> => HUMANITARIAN_KEEPER.suspend(prisma);

/** The tree replica's hooks, rebuilding on a connection of their own. */
export function humanitarianRollupsFollowTree(databaseUrl: string) {
  return rollupsFollowTree(HUMANITARIAN_KEEPER, () => connectHumanitarianDatabase(databaseUrl, { maxConnections: 1 }), todayInVietnam);
}
