// ORG-COVERAGE: share of the agencies, schools and hospitals listed in a chapter's scope on the
// reference date that have a Red Cross organisation by then. Enterprises are listed and counted
// apart: the rule's share does not include them. One statement. The goal (Từ Sơn: 80%) is a
// target row of the chapter that set it, not a constant (schema/figures.ts).
import type { OrgPrisma } from "../db.ts";
import { referenceDate } from "./period.ts";
import { livesOn, scopePairs, type ScopeRequest } from "./scope.ts";

export interface CoverageCounts {
  organisations: number;
  covered: number;
  enterprises: number;
  enterprisesCovered: number;
}

const empty = (): CoverageCounts => ({ organisations: 0, covered: 0, enterprises: 0, enterprisesCovered: 0 });

export async function coverageCounts(prisma: OrgPrisma, base: Omit<ScopeRequest, "on">, year: number): Promise<Map<string, CoverageCounts>> {
  const on = referenceDate(year, base.today);
  const rows = await prisma.$queryRaw<(CoverageCounts & { x: string })[]>`
    SELECT x::text AS x,
      count(*) FILTER (WHERE NOT enterprise)::int AS organisations,
      count(*) FILTER (WHERE NOT enterprise AND covered)::int AS covered,
      count(*) FILTER (WHERE enterprise)::int AS enterprises,
      count(*) FILTER (WHERE enterprise AND covered)::int AS "enterprisesCovered"
    FROM (
      SELECT s.x, o.kind = 'ENTERPRISE' AS enterprise,
        o."hasRedCross" AND (o."redCrossSince" IS NULL OR o."redCrossSince" <= ${on}::date) AS covered
      FROM ${scopePairs({ ...base, on })} s
      JOIN "Organisation" o ON o."chapterId" = s.c AND ${livesOn("o", "listedOn", "delistedOn", on)}
    ) listed
    GROUP BY x`;
  const result = new Map(rows.map(({ x, ...counts }) => [x, counts]));
  for (const id of base.ids) if (!result.has(id)) result.set(id, empty());
  return result;
}

export const coverageRate = (c: CoverageCounts): number | null => (c.organisations > 0 ? c.covered / c.organisations : null);
