// The caller's slice (ORG-TREE) on this subgraph's replica of the tree, as SQL. Emulation
// records belong to a plan's year, so a unit counts where it stood on the plan's reference date
// (31 December of the year, or today while the year runs): an An Giang officer sees Kiên
// Giang's 2024 plan and its units, since Kiên Giang was merged into An Giang (core's slice roots
// follow merges), and a Kiên Giang district's sheets stay with the province they belonged to.
//   - a plan: its chapter is in the slice, or the caller's chapter is one of the units below it
//     (the plan is addressed to them: they read its criteria to score themselves);
//   - a unit's registration, sheets and result: the unit is in the slice, or the caller heads the
//     unit's cluster (EM-SCORE: cluster heads gather and forward their cluster's sheets).
import { inForce, notFound, raw, referenceDate, referenceDateSql, replicaTables, sliceOn, sql, todayInVietnam, type RawQuerier, type Sql } from "@chapters/core";

export const { sliceRoots, inSlice, requireChapterInSlice } = sliceOn(replicaTables);

/** The reference date: 31 December of the plan's year, or today while that year runs (core's). */
export { referenceDate, referenceDateSql };

/** EM-REGISTER, ORG-REFORM: the day a chapter is read on for a year's emulation — the year's
 * reference date, or the chapter's last day in force when it ended before (a district dissolved
 * on 1 July 2025 is read as it stood on 30 June 2025, not dropped). As SQL over a chapter id
 * column and a year column. */
export function chapterDaySql(chapterColumn: string, yearColumn: string): Sql {
  const ref = referenceDateSql(yearColumn);
  return sql`least(${ref}, (SELECT CASE WHEN bool_or(z."validTo" IS NULL) THEN NULL ELSE max(z."validTo") - 1 END
    FROM "TreeClosure" z WHERE z."descendantId" = ${raw(chapterColumn)} AND z.depth = 0))`;
}

/** `chapterDaySql` for one chapter and year, read on `db`. */
export async function chapterDay(db: RawQuerier, chapterId: string, year: number): Promise<Date> {
  const [row] = await db.$queryRaw<{ on: Date }[]>(sql`SELECT ${chapterDaySql("x.id", "x.year")} AS on FROM (SELECT ${chapterId}::uuid AS id, ${year}::int AS year) x`);
  return row?.on ?? referenceDate(year);
}

/** SQL condition on a plan row aliased `p`: the caller may read it. */
export function planVisible(roots: string[]): Sql {
  const on = chapterDaySql('"p"."chapterId"', '"p"."year"');
  return sql`(${inSlice('"p"."chapterId"', roots, on)} OR EXISTS (
    SELECT 1 FROM "TreeClosure" below WHERE below."ancestorId" = "p"."chapterId" AND below."descendantId" = ANY(${roots}::uuid[])
      AND below.depth > 0 AND ${inForce("below", on)}))`;
}

/** SQL condition: the unit in `unitColumn`, under the plan in `planColumn` of year `yearColumn`,
 * is in the caller's slice, or the caller heads its cluster. */
export function unitVisible(unitColumn: string, planColumn: string, yearColumn: string, roots: string[]): Sql {
  return sql`(${inSlice(unitColumn, roots, chapterDaySql(unitColumn, yearColumn))} OR EXISTS (
    SELECT 1 FROM "ClusterMember" head JOIN "ClusterMember" mate ON mate."clusterId" = head."clusterId"
    WHERE head."isHead" AND head."unitId" = ANY(${roots}::uuid[]) AND mate."unitId" = ${raw(unitColumn)} AND mate."planId" = ${raw(planColumn)}))`;
}

/** Write check on `tx`: the chapter lay in the caller's slice on `on`. */
export const requireInSlice = (db: RawQuerier, roots: string[], chapterId: string, on: Date, what = "chapter"): Promise<void> =>
  requireChapterInSlice(db, roots, chapterId, { on, what });

/** Write check on `tx` (EM-REGISTER, ORG-REFORM): the unit lay below the plan's chapter on some
 * day of the plan's year up to its reference date — a unit takes part as it registered, so a
 * district registered in February and dissolved on 1 July stays a unit of the plan. */
export async function requireUnitOfPlan(db: RawQuerier, plan: { chapterId: string; year: number }, unitId: string): Promise<void> {
  const on = referenceDate(plan.year);
  const from = new Date(Date.UTC(plan.year, 0, 1));
  const rows = await db.$queryRaw<unknown[]>(sql`SELECT 1 FROM "TreeClosure" c WHERE c."ancestorId" = ${plan.chapterId}::uuid
    AND c."descendantId" = ${unitId}::uuid AND c.depth > 0 AND c."validFrom" <= ${on}::date AND (c."validTo" IS NULL OR c."validTo" > ${from}::date)`);
  if (!rows.length) throw notFound(`Chapter ${unitId} was not below the plan's chapter at any time from ${from.toISOString().slice(0, 10)} to ${on.toISOString().slice(0, 10)}: only the units below it take part in its emulation.`);
}

export const today = todayInVietnam;
