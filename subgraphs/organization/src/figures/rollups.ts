// Keeping organization's figure rollups (rollup-spec.ts: core's generated rollups, the ones
// humanitarian's use) in step with the tree. Writes to members, dues, funds and organisations keep
// them by themselves (database triggers, folded at commit); what needs the organization's code is
// a tree change, recorded here rather than arriving through a replica: in its own transaction it
// rebuilds the restated mapping from core's one definition of where a chapter's history went
// (history.ts) and sums the subtree rows again on the new tree.
import { historyDestinations, raw, rebuildRollups as rebuildKept, rollupNames, sql, todayInVietnam, type RollupDb } from "@chapters/core";
import type { OrgPrisma } from "../db.ts";
import { ORGANIZATION_KEEPER, ORGANIZATION_ROLLUPS } from "./rollup-spec.ts";

const names = rollupNames(ORGANIZATION_ROLLUPS);
const table = (name: string) => raw(`"${name}"`);

/** The years kept, in order (none before the first build and while a bulk load runs). */
async function keptYears(db: RollupDb): Promise<number[]> {
  const rows = await db.$queryRaw<{ year: number }[]>(sql`SELECT year FROM ${table(names.years)} ORDER BY year`);
  return rows.map((r) => r.year);
}

/** After a tree change, inside its transaction: the restated mapping for today, then every
 * subtree row summed again on the new tree (the own rows do not depend on the tree). */
export async function refreshTreeRollups(tx: RollupDb, today: Date = todayInVietnam()): Promise<void> {
  if ((await keptYears(tx)).length === 0) return;
  await tx.$executeRaw(sql`DELETE FROM ${table(names.destinations)}`);
  await tx.$executeRaw(sql`INSERT INTO ${table(names.destinations)} (id, dest) SELECT h.id, h.dest FROM ${historyDestinations(ORGANIZATION_ROLLUPS.tree, today)} h`);
  await tx.$executeRaw(sql`SELECT ${raw(names.tree)}(${today}::date)`);
}

/** Rebuilds every rollup from the rows (`npm run rollups:rebuild`, the first start, after a bulk
 * load). Writers wait while it runs (it locks the tables it reads in SHARE mode). */
export async function rebuildRollups(prisma: OrgPrisma, options: { today?: Date; onlyIfStale?: boolean } = {}): Promise<{ years: number[] }> {
  const { rebuilt } = await rebuildKept(prisma, ORGANIZATION_KEEPER, { today: options.today ?? todayInVietnam(), onlyIfStale: options.onlyIfStale });
  return { years: rebuilt ? await keptYears(prisma) : [] };
}

/** Stops keeping rollups (before a bulk load: triggers then skip their work; readers compute from
 * the rows) until the next rebuild. */
export const suspendRollups = (db: RollupDb): Promise<void> => ORGANIZATION_KEEPER.suspend(db);

/** Whether they answer for today: the years to keep are kept, summed on today's tree (a start on
 * a new year, or after a bulk load, needs a build). */
export const rollupsCurrent = (db: RollupDb, today: Date = todayInVietnam()): Promise<boolean> => ORGANIZATION_KEEPER.current(db, today);
