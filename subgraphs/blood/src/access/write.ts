// Write checks, run inside the mutation's transaction (on `tx`): a chapter or record outside the
// caller's slice answers NOT_FOUND, exactly as if it did not exist.
// (The chapter check itself, requireChapterInSlice, is core's, bound in slice.ts.)
import { empty, notFound, sql, todayInVietnam, type RawQuerier } from "@chapters/core";
import { followsMergesIntoSlice } from "./slice.ts";

/** The donor exists, is not merged away, and belongs to the caller's slice; returns its chapter.
 * With `lock`, the donor's row stays locked until commit (taken by the same statement). */
export async function requireDonorInSlice(db: RawQuerier, roots: string[], donorId: string, options: { lock?: boolean } = {}): Promise<{ chapterId: string }> {
  const rows = await db.$queryRaw<{ chapterId: string; mergedIntoId: string | null }[]>(sql`
    SELECT d."chapterId"::text AS "chapterId", d."mergedIntoId"::text AS "mergedIntoId" FROM "Donor" d
    WHERE d.id = ${donorId}::uuid AND ${followsMergesIntoSlice('"d"."chapterId"', roots, todayInVietnam())}
    ${options.lock ? sql`FOR UPDATE OF d` : empty}`);
  const row = rows[0];
  if (!row) throw notFound(`No donor ${donorId} in your part of the tree.`);
  if (row.mergedIntoId) throw notFound(`Donor ${donorId} was merged into ${row.mergedIntoId}: use that record.`);
  return { chapterId: row.chapterId };
}
