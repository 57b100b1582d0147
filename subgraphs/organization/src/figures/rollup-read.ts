// Reading the figures of many chapters from the subtree rollups, in one statement, when the
// rollups can answer exactly; otherwise the caller computes them from the rows (the functions
// beside this one, which stay the definition the rollups are tested against). They answer when:
//   - the year and the year before are kept ("members at the start" reads the year before);
//   - for the running year, nothing is dated between today and 31 December (a reform recorded
//     ahead of its date): the rollups hold the year-end state, the figures describe today;
//   - restated: no tree change has taken effect since the mapping was built;
//   - each chapter asked for lies in the caller's slice on the day read (then its whole subtree
//     does) or did not exist then (its figures are zeros either way).
// The figure objects are kept per data version (core's rollups/versioned.ts): the statement still
// runs the gate for every caller, and joins the subtree rows only of the chapters the process does
// not hold at the version it returns.
import { figureCacheFor, inSlice, organizationTables, prepared, rollupNames } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgPrisma } from "../db.ts";
import type { CoverageCounts } from "./coverage.ts";
import type { DuesCounts } from "./dues.ts";
import type { FundSums } from "./funds.ts";
import type { MemberCounts } from "./members.ts";
import { referenceDate, startOfYearDate } from "./period.ts";
import type { ScopeRequest } from "./scope.ts";
import { ORGANIZATION_ROLLUPS } from "./rollup-spec.ts";

const names = rollupNames(ORGANIZATION_ROLLUPS);
const table = (name: string) => Prisma.raw(`"${name}"`);

export interface AllFigures {
  members: MemberCounts;
  dues: DuesCounts;
  fund: FundSums;
  coverage: CoverageCounts;
}

interface Row {
  x: string;
  ok: boolean;
  figureVersion: string;
  members: number | null;
  volunteers: number | null;
  youth: number | null;
  staff: number | null;
  joined: number | null;
  owing: number | null;
  paid: number | null;
  exempt: number | null;
  lapsed: number | null;
  collected: bigint | null;
  balance: bigint | null;
  ownBalance: bigint | null;
  income: bigint | null;
  spending: bigint | null;
  organisations: number | null;
  covered: number | null;
  enterprises: number | null;
  enterprisesCovered: number | null;
  membersAtStart: number | null;
}

/** SQL: nothing in the organization's rows is dated in (after, until]. */
function nothingDatedBetween(after: Date, until: Date): Prisma.Sql {
  const a = Prisma.sql`${after}::date`;
  const u = Prisma.sql`${until}::date`;
  const within = (table: string, column: string) =>
    Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(`"${table}"`)} t WHERE t.${Prisma.raw(`"${column}"`)} > ${a} AND t.${Prisma.raw(`"${column}"`)} <= ${u})`;
  return Prisma.sql`NOT (${within("Membership", "joinedOn")} OR ${within("Membership", "leftOn")} OR ${within("FundEntry", "entryDate")}
    OR ${within("Organisation", "listedOn")} OR ${within("Organisation", "delistedOn")} OR ${within("Organisation", "redCrossSince")}
    OR ${within("TreeChange", "effectiveDate")})`;
}

/** SQL: chapter `column` is in the caller's slice on `on`, or did not exist that day. */
function answerableOn(column: string, roots: string[], on: Date): Prisma.Sql {
  return Prisma.sql`(${inSlice(organizationTables, column, roots, on)} OR NOT EXISTS (
    SELECT 1 FROM "ChapterClosure" self WHERE self."descendantId" = ${Prisma.raw(column)} AND self.depth = 0
      AND self."validFrom" <= ${on}::date AND (self."validTo" IS NULL OR self."validTo" > ${on}::date)))`;
}

/** The figures of `base.ids` for `year` from the rollups, or null when they cannot answer exactly. */
export async function rollupFigures(prisma: OrgPrisma, base: Omit<ScopeRequest, "on">, year: number): Promise<Map<string, AllFigures> | null> {
  const yearEnd = new Date(Date.UTC(year, 11, 31));
  const on = referenceDate(year, base.today);
  const start = startOfYearDate(year);
  const dated = yearEnd <= base.today ? Prisma.sql`TRUE` : nothingDatedBetween(base.today, yearEnd);
  const mapping = base.restated
    ? Prisma.sql`EXISTS (SELECT 1 FROM ${table(names.state)} s WHERE NOT EXISTS (
        SELECT 1 FROM "TreeChange" t WHERE t."effectiveDate" > s."restatedAsOf" AND t."effectiveDate" <= ${base.today}::date))`
    : Prisma.sql`TRUE`;
  const slice = base.restated
    ? answerableOn("a.id", base.roots, base.today)
    : // parenthesised: the gate negates it, and NOT binds tighter than AND
      Prisma.sql`(${answerableOn("a.id", base.roots, on)} AND ${answerableOn("a.id", base.roots, start)})`;
  const cache = figureCacheFor<AllFigures>(prisma, ORGANIZATION_ROLLUPS);
  const read = cache.begin(base.ids, year, base.restated);
  // Planned once per connection (core's prepared.ts). The gate is MATERIALIZED: inlined, the
  // planner copied it into each join's filter and ran its slice probes three times a request.
  const rows = await prisma.$queryRaw<Row[]>(prepared("organization-figures-rollups", Prisma.sql`
    WITH asked AS (SELECT id FROM unnest(${[...base.ids]}::uuid[]) AS id),
    gate AS MATERIALIZED (
      SELECT (SELECT count(*) FROM ${table(names.years)} r WHERE r.year IN (${year}::int, ${year - 1}::int)) = 2
        AND ${dated} AND ${mapping} AND NOT EXISTS (SELECT 1 FROM asked a WHERE NOT ${slice}) AS ok
    )
    SELECT a.id::text AS x, g.ok, ${read.version} AS "figureVersion", s.members, s.volunteers, s.youth, s.staff, s.joined, s.owing, s.paid, s.exempt, s.lapsed,
      s.collected, s.balance, s."ownBalance", s.income, s.spending, s.organisations, s.covered, s.enterprises, s."enterprisesCovered",
      st.members AS "membersAtStart"
    FROM asked a CROSS JOIN gate g
    LEFT JOIN ${table(ORGANIZATION_ROLLUPS.subtree)} s ON g.ok AND ${read.needed("a.id")} AND s.x = a.id AND s.year = ${year}::int AND s.restated = ${base.restated}
    LEFT JOIN ${table(ORGANIZATION_ROLLUPS.subtree)} st ON g.ok AND ${read.needed("a.id")} AND st.x = a.id AND st.year = ${year - 1}::int AND st.restated = ${base.restated}`));
  if (!rows[0]?.ok) return null;
  const n = (v: number | bigint | null) => Number(v ?? 0);
  return read.settle(rows, {
    id: (r) => r.x,
    version: (r) => r.figureVersion,
    build: (r) => ({
      members: {
        members: n(r.members),
        volunteers: n(r.volunteers),
        youth: n(r.youth),
        staff: n(r.staff),
        membersAtStart: n(r.membersAtStart),
        joined: n(r.joined),
      },
      dues: {
        owing: n(r.owing),
        paid: n(r.paid),
        exempt: n(r.exempt),
        lapsed: n(r.lapsed),
        overdue: n(r.owing) - n(r.paid) - n(r.exempt) - n(r.lapsed),
        collected: n(r.collected),
      },
      fund: { balance: n(r.ownBalance), subtreeBalance: n(r.balance), income: n(r.income), spending: n(r.spending) },
      coverage: { organisations: n(r.organisations), covered: n(r.covered), enterprises: n(r.enterprises), enterprisesCovered: n(r.enterprisesCovered) },
    }),
  });
}
