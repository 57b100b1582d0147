// Keeping blood's figure rollups (rollup-spec.ts: core's generated rollups kept by differences)
// with core's shared mechanism (packages/core/src/rollups/keeping.ts): donations and organ
// registrations keep them exact by themselves (statement triggers, folded at commit); a tree change
// the replica applies invalidates them in its own transaction (readers then compute from the rows)
// and they are rebuilt once the replica has caught up, on the restated mapping of core's history.ts.
import { rebuildRollups, rollupsFollowTree, todayInVietnam } from "@chapters/core";
import { connectBloodDatabase, type BloodPrisma } from "../db.ts";
import { BLOOD_KEEPER } from "./rollup-spec.ts";

/** Rebuilds every blood rollup from the rows, on today's tree. Writers wait while it runs. */
export async function rebuildBloodRollups(prisma: BloodPrisma, options: { today?: Date; onlyIfStale?: boolean } = {}): Promise<void> {
  await rebuildRollups(prisma, BLOOD_KEEPER, { today: options.today ?? todayInVietnam(), onlyIfStale: options.onlyIfStale });
}

/** Whether the rollups answer today (not during a bulk load, nor between a tree change and its rebuild). */
export const bloodRollupsKept = (prisma: BloodPrisma): Promise<boolean> => BLOOD_KEEPER.current(prisma, todayInVietnam());

/** Stops keeping them (before a bulk load) until the next rebuild. */
export const suspendBloodRollups = (prisma: BloodPrisma): Promise<void> => BLOOD_KEEPER.suspend(prisma);

/** The tree replica's hooks: invalidate with each change, rebuild after a catch-up, on a
 * connection of its own (the serving pool's statements are the requests'). */
export const bloodRollupsFollowTree = (databaseUrl: string) =>
  rollupsFollowTree(BLOOD_KEEPER, () => connectBloodDatabase(databaseUrl, { maxConnections: 1 }), todayInVietnam);
