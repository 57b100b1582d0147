// The readers' side: when the subtree rows may answer. They answer exactly when the year is kept
// and they were summed on a tree that is still today's (no change has taken effect since); the
// caller's slice is the reader's to check on the chapters asked (a chapter in the slice has its
// whole subtree in it, so its subtree row holds nothing the caller may not see).
import { raw, sql, type Sql } from "../db/sql.ts";
import { treeUnchangedBetween } from "./generated.ts";
import { rollupNames, type RollupSpec } from "./spec.ts";

/** SQL boolean: the subtree rows of `year` answer for `today`. */
export function rollupsAnswer(spec: RollupSpec, year: number, today: Date): Sql {
  const n = rollupNames(spec);
  return sql`(EXISTS (SELECT 1 FROM ${raw(`"${n.years}"`)} r WHERE r.year = ${year}::int)
    AND EXISTS (SELECT 1 FROM ${raw(`"${n.state}"`)} s WHERE ${treeUnchangedBetween(spec, sql`s."restatedAsOf"`, today)}))`;
}

/** The subtree table, for the reader's join. */
export const subtreeTable = (spec: RollupSpec): Sql => raw(`"${spec.subtree}"`);
