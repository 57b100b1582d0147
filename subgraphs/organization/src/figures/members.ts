// ORG-PEOPLE counts: people in each chapter's scope on the year's reference date, by kind;
// members at the start of the year (the last day of the year before, with the tree of that day);
// and the year's new members (phát triển hội viên mới): members on the reference date whose
// membership lineage began during the year. A member who arrived by a merge or a dissolution
// continues an older lineage, so a restructure is never growth (ORG-REFORM). One statement.
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgPrisma } from "../db.ts";
import { referenceDate, startOfYearDate } from "./period.ts";
import { livesOn, scopePairs, type ScopeRequest } from "./scope.ts";

export interface MemberCounts {
  members: number;
  volunteers: number;
  youth: number;
  staff: number;
  membersAtStart: number;
  /** members on the reference date who joined the Red Cross during the year */
  joined: number;
}

const empty = (): MemberCounts => ({ members: 0, volunteers: 0, youth: 0, staff: 0, membersAtStart: 0, joined: 0 });
const field = { MEMBER: "members", VOLUNTEER: "volunteers", YOUTH: "youth", STAFF: "staff" } as const;

export async function memberCounts(
  prisma: OrgPrisma,
  base: Omit<ScopeRequest, "on">,
  year: number,
): Promise<Map<string, MemberCounts>> {
  const end = referenceDate(year, base.today);
  const start = startOfYearDate(year);
  const rows = await prisma.$queryRaw<{ at: string; x: string; kind: keyof typeof field; n: number }[]>`
    SELECT 'end' AS at, s.x::text AS x, m.kind::text AS kind, count(*)::int AS n
    FROM ${scopePairs({ ...base, on: end })} s JOIN "Membership" m ON m."chapterId" = s.c
    WHERE ${livesOn("m", "joinedOn", "leftOn", end)}
    GROUP BY s.x, m.kind
    UNION ALL
    SELECT 'start', s.x::text, m.kind::text, count(*)::int
    FROM ${scopePairs({ ...base, on: start })} s JOIN "Membership" m ON m."chapterId" = s.c
    WHERE m.kind = 'MEMBER' AND ${livesOn("m", "joinedOn", "leftOn", start)}
    GROUP BY s.x, m.kind
    UNION ALL
    SELECT 'joined', s.x::text, m.kind::text, count(*)::int
    FROM ${scopePairs({ ...base, on: end })} s JOIN "Membership" m ON m."chapterId" = s.c
    WHERE m.kind = 'MEMBER' AND ${livesOn("m", "joinedOn", "leftOn", end)}
      AND NOT EXISTS (SELECT 1 FROM "Membership" older WHERE older."lineageId" = m."lineageId" AND older."joinedOn" <= ${start}::date)
    GROUP BY s.x, m.kind`;
  const result = new Map<string, MemberCounts>();
  for (const row of rows) {
    const counts = result.get(row.x) ?? empty();
    if (row.at === "start") counts.membersAtStart = row.n;
    else if (row.at === "joined") counts.joined = row.n;
    else counts[field[row.kind]] = row.n;
    result.set(row.x, counts);
  }
  for (const id of base.ids) if (!result.has(id)) result.set(id, empty());
  return result;
}
