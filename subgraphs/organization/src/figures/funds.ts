// ORG-FUND figures: each chapter's own fund balance on the year's reference date, the balance of
// its whole scope, and the year's income and spending (transfers between chapters excluded:
// they only move money, e.g. on a merge). One statement.
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgPrisma } from "../db.ts";
import { referenceDate, startOfYearDate } from "./period.ts";
import { scopePairs, type ScopeRequest } from "./scope.ts";

export interface FundSums {
  balance: number;
  subtreeBalance: number;
  income: number;
  spending: number;
}

const empty = (): FundSums => ({ balance: 0, subtreeBalance: 0, income: 0, spending: 0 });

/** Signed amount of a ledger line: INCOME and TRANSFER_IN add, SPENDING and TRANSFER_OUT subtract. */
export const signedAmount = (alias: string) =>
  Prisma.sql`CASE WHEN ${Prisma.raw(`"${alias}".kind`)} IN ('INCOME', 'TRANSFER_IN') THEN ${Prisma.raw(`"${alias}".amount`)} ELSE -${Prisma.raw(`"${alias}".amount`)} END`;

export async function fundSums(prisma: OrgPrisma, base: Omit<ScopeRequest, "on">, year: number): Promise<Map<string, FundSums>> {
  const on = referenceDate(year, base.today);
  const from = startOfYearDate(year);
  const rows = await prisma.$queryRaw<(FundSums & { x: string })[]>`
    SELECT s.x::text AS x,
      coalesce(sum(${signedAmount("e")}) FILTER (WHERE s.own), 0)::float8 AS balance,
      coalesce(sum(${signedAmount("e")}), 0)::float8 AS "subtreeBalance",
      coalesce(sum(e.amount) FILTER (WHERE e.kind = 'INCOME' AND e."entryDate" > ${from}::date), 0)::float8 AS income,
      coalesce(sum(e.amount) FILTER (WHERE e.kind = 'SPENDING' AND e."entryDate" > ${from}::date), 0)::float8 AS spending
    FROM ${scopePairs({ ...base, on })} s
    JOIN "FundEntry" e ON e."chapterId" = s.c AND e."entryDate" <= ${on}::date
    GROUP BY s.x`;
  const result = new Map(rows.map(({ x, ...sums }) => [x, sums]));
  for (const id of base.ids) if (!result.has(id)) result.set(id, empty());
  return result;
}

/** The year-end fund target of each chapter (ORG-FUND), from FundTarget rows covering the year
 * (their document's period), on the tree of the reference date. The most specific row wins: one naming the chapter itself; else one for its
 * level under the nearest ancestor named (withinId); else one for its level anywhere. */
export async function fundTargets(prisma: OrgPrisma, ids: readonly string[], on: Date, year: number): Promise<Map<string, { amount: number; statedBy: string | null }>> {
  const d = Prisma.sql`${on}::date`;
  // per chapter, the most specific target by index probes (a lateral LIMIT 1): a join of every
  // target with the closure left to the planner sorted the whole closure when statistics lagged
  const rows = await prisma.$queryRaw<{ x: string; amount: number; statedBy: string | null }[]>`
    SELECT v."chapterId"::text AS x, best.amount::float8 AS amount, best."statedBy"::text AS "statedBy"
    FROM "ChapterVersion" v
    CROSS JOIN LATERAL (
      SELECT t.amount, coalesce(t."withinId", t."chapterId") AS "statedBy" FROM "FundTarget" t
      LEFT JOIN "ChapterClosure" w ON w."ancestorId" = t."withinId" AND w."descendantId" = v."chapterId"
        AND w."validFrom" <= ${d} AND (w."validTo" IS NULL OR w."validTo" > ${d})
      WHERE t."fromYear" <= ${year} AND (t."toYear" IS NULL OR t."toYear" >= ${year})
        AND (t."chapterId" = v."chapterId" OR (t."chapterId" IS NULL AND t.level = v.level))
        AND (t."chapterId" IS NOT NULL OR t."withinId" IS NULL OR w."ancestorId" IS NOT NULL)
      ORDER BY (t."chapterId" IS NULL), (t."withinId" IS NULL), w.depth ASC NULLS LAST
      LIMIT 1
    ) best
    WHERE v."chapterId" = ANY(${[...ids]}::uuid[]) AND v."validFrom" <= ${d} AND (v."validTo" IS NULL OR v."validTo" > ${d})`;
  return new Map(rows.map((r) => [r.x, { amount: r.amount, statedBy: r.statedBy }]));
}
