// ORG-DUES figures per chapter scope and year: members owing, paid, exempt, overdue, lapsed,
// amount collected, and the collection rate paid ÷ (owing − exempt). One statement.
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgPrisma } from "../db.ts";
import { duesStatusSql } from "./dues-status.ts";
import { referenceDate } from "./period.ts";
import { livesOn, scopePairs, type ScopeRequest } from "./scope.ts";

export interface DuesCounts {
  owing: number;
  paid: number;
  exempt: number;
  overdue: number;
  lapsed: number;
  /** whole đồng */
  collected: number;
}

const empty = (): DuesCounts => ({ owing: 0, paid: 0, exempt: 0, overdue: 0, lapsed: 0, collected: 0 });

export const collectionRate = (d: DuesCounts): number | null => (d.owing - d.exempt > 0 ? d.paid / (d.owing - d.exempt) : null);

export async function duesCounts(prisma: OrgPrisma, base: Omit<ScopeRequest, "on">, year: number): Promise<Map<string, DuesCounts>> {
  const on = referenceDate(year, base.today);
  const rows = await prisma.$queryRaw<(DuesCounts & { x: string })[]>`
    WITH owing AS (
      SELECT s.x, m."lineageId" AS lineage FROM ${scopePairs({ ...base, on })} s
      JOIN "Membership" m ON m."chapterId" = s.c
      WHERE m.kind = 'MEMBER' AND ${livesOn("m", "joinedOn", "leftOn", on)}
    ), status AS (
      SELECT o.x, ${duesStatusSql(Prisma.sql`o.lineage`, year)} AS status,
        (SELECT coalesce(sum(p.amount), 0) FROM "DuesPayment" p JOIN "Membership" pm ON pm.id = p."membershipId"
         WHERE pm."lineageId" = o.lineage AND p.year = ${year}) AS amount
      FROM owing o
    )
    SELECT x::text AS x, count(*)::int AS owing,
      count(*) FILTER (WHERE status = 'PAID')::int AS paid,
      count(*) FILTER (WHERE status = 'EXEMPT')::int AS exempt,
      count(*) FILTER (WHERE status = 'OVERDUE')::int AS overdue,
      count(*) FILTER (WHERE status = 'LAPSED')::int AS lapsed,
      coalesce(sum(amount), 0)::float8 AS collected
    FROM status GROUP BY x`;
  const result = new Map(rows.map(({ x, ...counts }) => [x, counts]));
  for (const id of base.ids) if (!result.has(id)) result.set(id, empty());
  return result;
}
