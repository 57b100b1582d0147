// BL-HONOURS for families and collectives: a group reaches a tier of its kind on the day its
// members' donations, counted together in date order, reach the tier's number; it is honoured
// once per tier (GroupHonour's key). The same reading as the donors' candidates (honours/read.ts),
// over the group's members.
import { empty, sql, todayInVietnam, type Page, type Sql } from "@chapters/core";
import { followsMergesIntoSlice, inSliceFollowingMerges, underChapterCode } from "../access/slice.ts";

export interface GroupCandidate {
  groupId: string;
  chapterId: string;
  tierId: string;
  donations: number;
  reachedOn: Date;
}

export interface GroupRow {
  id: string;
  chapterId: string;
  kind: "FAMILY" | "COLLECTIVE";
  name: string;
  members: number;
}

interface RawQuerier {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/** Groups by id, in the caller's slice. */
export function groupsByIds(db: RawQuerier, roots: string[], ids: readonly string[]): PromiseLike<GroupRow[]> {
  return db.$queryRaw<GroupRow[]>(sql`
    SELECT g.id::text AS id, g."chapterId"::text AS "chapterId", g.kind::text AS kind, g.name,
      (SELECT count(*)::int FROM "DonorGroupMember" m WHERE m."groupId" = g.id) AS members
    FROM "DonorGroup" g WHERE g.id = ANY(${[...ids]}::uuid[]) AND ${followsMergesIntoSlice('"g"."chapterId"', roots, todayInVietnam())}`);
}

type GroupCandidateFilter = { ruleSet: string; from: Date; to: Date; chapterCode?: string | null; chapterId?: string | null };

/** Every group candidate of the filter, in the order they are listed (no page: see groupHonourCandidates). */
export function groupHonourCandidatesStatement(roots: string[], filter: GroupCandidateFilter): Sql {
  const today = todayInVietnam();
  const under = filter.chapterCode
    ? sql`AND ${underChapterCode('"g"."chapterId"', filter.chapterCode, today)}`
    : filter.chapterId
      ? sql`AND EXISTS (SELECT 1 FROM "TreeClosure" u WHERE u."ancestorId" = ${filter.chapterId}::uuid AND u."descendantId" = g."chapterId"
          AND u."validFrom" <= ${today}::date AND (u."validTo" IS NULL OR u."validTo" > ${today}::date))`
      : empty;
  return sql`
    WITH counted AS (
      SELECT g.id AS "groupId", g."chapterId", g.kind, d."donatedOn",
        row_number() OVER (PARTITION BY g.id ORDER BY d."donatedOn", d."recordedAt", d.id)::int AS n
      FROM "DonorGroup" g JOIN "DonorGroupMember" m ON m."groupId" = g.id JOIN "Donation" d ON d."donorId" = m."donorId"
      WHERE ${inSliceFollowingMerges('"g"."chapterId"', roots, today)} ${under}
    )
    SELECT c."groupId"::text AS "groupId", c."chapterId"::text AS "chapterId", t.id::text AS "tierId", t.donations, c."donatedOn" AS "reachedOn"
    FROM counted c JOIN "HonourTier" t ON t."ruleSetCode" = ${filter.ruleSet} AND t.subject = c.kind AND t.donations = c.n
    WHERE c."donatedOn" >= ${filter.from}::date AND c."donatedOn" <= ${filter.to}::date
      AND NOT EXISTS (SELECT 1 FROM "GroupHonour" h WHERE h."groupId" = c."groupId" AND h."tierId" = t.id)
    ORDER BY t.donations DESC, c."donatedOn", c."groupId"`;
}

export async function groupHonourCandidates(db: RawQuerier, roots: string[], filter: GroupCandidateFilter, page: Page): Promise<GroupCandidate[]> {
  return db.$queryRaw<GroupCandidate[]>(sql`${groupHonourCandidatesStatement(roots, filter)} LIMIT ${page.limit} OFFSET ${page.offset}`);
}
