// BL-HONOURS: donors who reached a tier of a rule set within a period — the day of their N-th
// donation falls in it — and have not been honoured for that tier yet (once per tier).
import { empty, sql, todayInVietnam, type Page, type Sql } from "@chapters/core";
import { inSliceFollowingMerges, underChapterCode } from "../access/slice.ts";

export interface HonourCandidate {
  donorId: string;
  chapterId: string;
  tierId: string;
  donations: number;
  reachedOn: Date;
}

export interface CandidateFilter {
  ruleSet: string;
  from: Date;
  to: Date;
  /** the subtree of this chapter (by code or id), else the caller's whole slice */
  chapterCode?: string | null;
  chapterId?: string | null;
}

interface RawQuerier {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/** Every candidate of the filter, in the order they are listed (no page: see honourCandidates). */
export function honourCandidatesStatement(roots: string[], filter: CandidateFilter): Sql {
  const today = todayInVietnam();
  const under = filter.chapterCode
    ? sql`AND ${underChapterCode('"p"."chapterId"', filter.chapterCode, today)}`
    : filter.chapterId
      ? sql`AND EXISTS (SELECT 1 FROM "TreeClosure" u WHERE u."ancestorId" = ${filter.chapterId}::uuid AND u."descendantId" = p."chapterId"
          AND u."validFrom" <= ${today}::date AND (u."validTo" IS NULL OR u."validTo" > ${today}::date))`
      : empty;
  return sql`
    WITH counted AS (
      SELECT d."donorId", p."chapterId", d."donatedOn",
        row_number() OVER (PARTITION BY d."donorId" ORDER BY d."donatedOn", d."recordedAt", d.id)::int AS n
      FROM "Donation" d JOIN "Donor" p ON p.id = d."donorId"
      WHERE p."mergedIntoId" IS NULL AND ${inSliceFollowingMerges('"p"."chapterId"', roots, today)} ${under}
    )
    SELECT c."donorId"::text AS "donorId", c."chapterId"::text AS "chapterId", t.id::text AS "tierId", t.donations, c."donatedOn" AS "reachedOn"
    FROM counted c JOIN "HonourTier" t ON t."ruleSetCode" = ${filter.ruleSet} AND t.subject = 'INDIVIDUAL' AND t.donations = c.n
    WHERE c."donatedOn" >= ${filter.from}::date AND c."donatedOn" <= ${filter.to}::date
      AND NOT EXISTS (SELECT 1 FROM "Honour" h WHERE h."donorId" = c."donorId" AND h."tierId" = t.id)
    ORDER BY t.donations DESC, c."donatedOn", c."donorId"`;
}

export async function honourCandidates(db: RawQuerier, roots: string[], filter: CandidateFilter, page: Page): Promise<HonourCandidate[]> {
  return db.$queryRaw<HonourCandidate[]>(sql`${honourCandidatesStatement(roots, filter)} LIMIT ${page.limit} OFFSET ${page.offset}`);
}

