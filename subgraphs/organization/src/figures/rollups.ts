// Keeping the figure rollups (migration 20261127100000_figure_rollups) in step with the tree.
// Writes to members, dues, funds and organisations maintain them by themselves (database triggers,
// in the writing transaction); what needs the organization's code is the restated mapping, built
// from core's one definition of where a chapter's history went (history.ts), which every tree
// change rebuilds before the subtree rows are summed again on the new tree.
import { historyDestinations, organizationTables, todayInVietnam } from "@chapters/core";
import type { OrgPrisma } from "../db.ts";

type Db = Pick<OrgPrisma, "$executeRaw" | "$queryRaw">;

/** Fills "HistoryDestination" for `today`: every chapter ever recorded → the chapter in force
 * today that its history went to. */
async function rebuildDestinations(db: Db, today: Date): Promise<void> {
  await db.$executeRaw`DELETE FROM "HistoryDestination"`;
  await db.$executeRaw`INSERT INTO "HistoryDestination" (id, dest) SELECT h.id, h.dest FROM ${historyDestinations(organizationTables, today)} h`;
}

/** Whether any year is kept: before the first build (and while a bulk load runs) nothing is. */
async function rollupsKept(db: Db): Promise<boolean> {
  const [row] = await db.$queryRaw<{ kept: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "RollupYear") AS kept`;
  return row?.kept ?? false;
}

/** After a tree change dated `effectiveDate`, inside its transaction: the restated mapping for
 * today, the restated subtree rows, and the as-it-was subtree rows from that year on. */
export async function refreshTreeRollups(tx: Db, effectiveDate: Date, today: Date = todayInVietnam()): Promise<void> {
  if (!(await rollupsKept(tx))) return;
  await rebuildDestinations(tx, today);
  await tx.$executeRaw`SELECT rollup_tree(${effectiveDate.getUTCFullYear()}::int, ${today}::date)`;
}

/** The years the rows reach: from the year before the first dated row (a year's "members at the
 * start" reads the year before) to the running year. */
async function yearsWithData(db: Db, today: Date): Promise<number[]> {
  const [row] = await db.$queryRaw<{ first: number | null }[]>`
    SELECT extract(year FROM least(
      (SELECT min("joinedOn") FROM "Membership"), (SELECT min("entryDate") FROM "FundEntry"),
      (SELECT min("listedOn") FROM "Organisation"),
      (SELECT make_date(min(year), 1, 1) FROM "DuesPayment"), (SELECT make_date(min(year), 1, 1) FROM "DuesPolicy")))::int AS first`;
  const last = today.getUTCFullYear();
  const first = row?.first == null ? last : Math.min(row.first - 1, last);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Rebuilds every rollup from the rows (`npm run rollups:rebuild`, the first start, after a bulk
 * load). Writers wait while it runs (it locks the tables it reads in SHARE mode). */
export async function rebuildRollups(
  prisma: OrgPrisma,
  options: { today?: Date; onlyIfStale?: boolean } = {},
): Promise<{ years: number[] }> {
  const today = options.today ?? todayInVietnam();
  return prisma.$transaction(
    async (tx) => {
      // one rebuild at a time; one that waited for another may find nothing left to do
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(730003)`;
      if (options.onlyIfStale && (await rollupsCurrent(tx, today))) return { years: [] };
      // every membership of every year is hashed and sorted: in memory, not in temporary files
      await tx.$executeRaw`SET LOCAL work_mem = '512MB'`;
      await tx.$executeRaw`LOCK TABLE "Membership", "DuesPayment", "DuesExemption", "DuesPolicy", "FundEntry", "Organisation", "ChapterClosure", "ChapterSuccession" IN SHARE MODE`;
      const years = await yearsWithData(tx, today);
      await rebuildDestinations(tx, today);
      await tx.$executeRaw`SELECT rollup_build(${years}::int[], ${today}::date)`;
      return { years };
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
}

/** Stops keeping rollups (before a bulk load: triggers then skip their work; readers compute from
 * the rows) until the next rebuild. */
export async function suspendRollups(db: Db): Promise<void> {
  await db.$executeRaw`DELETE FROM "RollupYear"`;
}

/** Whether the running year is kept (a start on a new year, or after a bulk load, needs a build). */
export async function rollupsCurrent(db: Db, today: Date = todayInVietnam()): Promise<boolean> {
  const [row] = await db.$queryRaw<{ ok: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "RollupYear" WHERE year = ${today.getUTCFullYear()}::int) AS ok`;
  return row?.ok ?? false;
}

