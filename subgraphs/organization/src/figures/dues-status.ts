// ORG-DUES: a member's dues status for a year, as one SQL expression used by every query that
// needs it (the per-member list and the chapter figures), so the rule lives in one place.
//
// The rule, for member M (a membership lineage: memberships that continue one another across
// chapter merges share it) and year Y, where the amount in force is the dues policy of M's
// chapter for Y (the latest membership of M begun by the end of Y whose chapter has one):
//   PAID    the payments recorded on M for Y reach the amount in force (partial payments
//           accumulate; with no policy for Y, any recorded payment settles it);
//   EXEMPT  otherwise, an exemption for Y is recorded on M;
//   LAPSED  otherwise, M was also a member on the last day of Y−1, Y−1 had a dues policy (recorded
//           evidence that something was owed), and Y−1 is neither paid nor exempted: two
//           consecutive years unpaid (mất quyền hội viên dần). No data for Y−1 is no evidence;
//   OVERDUE otherwise: Y is unpaid, but it is the first unpaid year of a run.
// A member "owes" dues for Y when a MEMBER membership of M is in force on Y's reference date
// (31 December, or today during the year). The collection rate is paid ÷ (owing − exempt).
import { Prisma } from "../generated/prisma/client.ts";
import { startOfYearDate } from "./period.ts";
import { livesOn } from "./scope.ts";

export const duesStatusLabels = {
  PAID: "Đã đóng",
  EXEMPT: "Được miễn",
  OVERDUE: "Chưa đóng (quá hạn)",
  LAPSED: "Bỏ đóng từ 2 năm liên tiếp",
} as const;
export type DuesStatus = keyof typeof duesStatusLabels;

/** SQL: the dues amount in force for lineage `lineage` and `year`, or NULL with no policy. */
export const dueAmountSql = (lineage: Prisma.Sql, year: number) => Prisma.sql`(SELECT dp.amount FROM "Membership" q
  JOIN "DuesPolicy" dp ON dp."chapterId" = q."chapterId" AND dp.year = ${year}
  WHERE q."lineageId" = ${lineage} AND q."joinedOn" <= make_date(${year}::int, 12, 31) ORDER BY q."joinedOn" DESC LIMIT 1)`;

const paidSql = (lineage: Prisma.Sql, year: number) => Prisma.sql`(SELECT coalesce(sum(p.amount), 0) FROM "DuesPayment" p JOIN "Membership" pm ON pm.id = p."membershipId"
  WHERE pm."lineageId" = ${lineage} AND p.year = ${year}) >= coalesce(${dueAmountSql(lineage, year)}, 1)`;

const exemptSql = (lineage: Prisma.Sql, year: number) => Prisma.sql`EXISTS (SELECT 1 FROM "DuesExemption" e JOIN "Membership" em ON em.id = e."membershipId"
  WHERE em."lineageId" = ${lineage} AND e.year = ${year})`;

/** SQL text value: 'PAID' | 'EXEMPT' | 'LAPSED' | 'OVERDUE' for the lineage in `lineage`. */
export function duesStatusSql(lineage: Prisma.Sql, year: number): Prisma.Sql {
  const before = startOfYearDate(year);
  return Prisma.sql`CASE
    WHEN ${paidSql(lineage, year)} THEN 'PAID'
    WHEN ${exemptSql(lineage, year)} THEN 'EXEMPT'
    WHEN EXISTS (SELECT 1 FROM "Membership" q WHERE q."lineageId" = ${lineage} AND q.kind = 'MEMBER'
                 AND ${livesOn("q", "joinedOn", "leftOn", before)})
         AND ${dueAmountSql(lineage, year - 1)} IS NOT NULL
         AND NOT ${paidSql(lineage, year - 1)} AND NOT ${exemptSql(lineage, year - 1)} THEN 'LAPSED'
    ELSE 'OVERDUE' END`;
}
