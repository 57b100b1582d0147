// The caller's slice (ORG-TREE) on this subgraph's replica of the tree. Addresses, sponsors, heads
// and their support are standing records: they follow their chapter's history (ORG-REFORM: "open
// work follows a merge; when a chapter is dissolved it passes to the chapter that takes over its
// area"), so a Đồng Nai officer sees the addresses Bình Phước profiled and the heads Đồng Xoài's
// district listed before it was dissolved. Where a chapter's history went is core's one definition
// (packages/core/src/replica/history.ts), the same the restated figures use.
// Figures use access/restated.ts instead (as it was, or restated).
import { historyDestinations, raw, replicaTables, sliceOn, sql, todayInVietnam, type Sql } from "@chapters/core";

const slice = sliceOn(replicaTables);
export const { sliceRoots, inSlice, requireChapterInSlice } = slice;

/** The chapter in `column` is in the slice on `date` (today unless said), or ended and its history
 * went to a chapter that is — merged into it, or dissolved into the area it holds. In SQL. */
export function inSliceFollowingHistory(column: string, roots: string[], date: Date = todayInVietnam()): Sql {
  return sql`(${slice.inSliceFollowingMerges(column, roots, date)} OR ${raw(column)} IN (
    SELECT h.id FROM ${historyDestinations(replicaTables, date)} h WHERE h.id <> h.dest AND ${slice.inSlice('"h"."dest"', roots, date)}))`;
}
