// The caller's slice (ORG-TREE) on this subgraph's replica of the tree. Two readings:
// - dated facts (donations, drives) belong to the chapters above their chapter on the day they
//   happened, so a report for a year stays what was reported that year (ORG-REFORM);
// - standing records (donors, organ registrations) follow their chapter through merges, since
//   "members and open work move with a merge".
import { inForce, raw, replicaTables, sliceOn, sql, type Sql } from "@chapters/core";

export const { sliceRoots, inSlice, inSliceFollowingMerges, requireChapterInSlice } = sliceOn(replicaTables);

/** The same test for a few rows picked by key (a donor by id, duplicates by phone): it walks
 * forward from the row's chapter through its merges and probes the closure, where the set form
 * (inSliceFollowingMerges) first gathers the whole slice (every chapter of the country for the central society,
 * 30–70 ms per call at national size). Lists over a slice keep the set form. */
export function followsMergesIntoSlice(column: string, roots: string[], date: Date): Sql {
  return sql`EXISTS (
    WITH RECURSIVE heirs(id) AS (
      SELECT ${raw(column)}
      UNION
      SELECT m."successorId" FROM "TreeSuccession" m JOIN heirs h ON m."predecessorId" = h.id WHERE m.kind = 'MERGE'
    )
    SELECT 1 FROM heirs h JOIN "TreeClosure" s ON s."descendantId" = h.id
    WHERE s."ancestorId" = ANY(${roots}::uuid[]) AND ${inForce("s", date)})`;
}

/** The chapter in `column` lies under the chapter with `code` (or is it) on `date`. */
export function underChapterCode(column: string, code: string, date: Sql | Date): Sql {
  const on = date instanceof Date ? sql`${date}::date` : date;
  return sql`EXISTS (
    SELECT 1 FROM "TreeClosure" u JOIN "TreeChapter" uc ON uc.id = u."ancestorId"
    WHERE uc.code = ${code.toUpperCase()} AND u."descendantId" = ${raw(column)} AND ${inForce("u", on)})`;
}

/** The chapter in `column` lay in the slice on some day of [from, to): a dashboard may show a
 * year on the tree of that year (a district dissolved since), as the organization answers it. */
export function inSliceDuring(column: string, roots: string[], from: Sql, to: Sql): Sql {
  return sql`EXISTS (
    SELECT 1 FROM "TreeClosure" "slice"
    WHERE "slice"."descendantId" = ${raw(column)} AND "slice"."ancestorId" = ANY(${roots}::uuid[])
      AND "slice"."validFrom" < ${to} AND ("slice"."validTo" IS NULL OR "slice"."validTo" > ${from}))`;
}
