// TO BE REPLACED by the shared definition of "as it was" and "restated" being built in
// packages/core (ORG-REFORM): swap `scopePairs` for core's at merge; nothing else here depends
// on how it is computed. Until then, the humanitarian subgraph's own copy over the tree replica
// (TreeClosure, TreeSuccession), with organization's semantics (figures/scope.ts):
//   - as it was: chapter x counts the rows of every chapter c in its subtree on the date `on`;
//   - restated: today's subtree, where every chapter that has since ended is first mapped to
//     where its history went — merged → its successor; split or dissolved → the parent it had
//     on its last day — repeatedly, until a chapter that still exists.
// Both return DISTINCT (x, c) pairs, filtered by the caller's slice, so no row counts twice and
// nothing outside the slice counts. A chapter has ended when none of its self-closure rows is open.
import { inForce, sql, type Sql } from "@chapters/core";
import { inSlice } from "./slice.ts";

export interface ScopeRequest {
  ids: readonly string[];
  /** the reference date of the as-it-was view */
  on: Date;
  restated: boolean;
  roots: string[];
  today: Date;
}

/** A subquery yielding (x uuid, c uuid): rows of chapter c count toward chapter x. */
export function scopePairs(request: ScopeRequest): Sql {
  const ids = [...request.ids];
  if (!request.restated) {
    return sql`(
      SELECT DISTINCT a."ancestorId" AS x, a."descendantId" AS c
      FROM "TreeClosure" a
      WHERE a."ancestorId" = ANY(${ids}::uuid[]) AND ${inForce("a", request.on)} AND ${inSlice('a."descendantId"', request.roots, request.on)}
    )`;
  }
  return sql`(
    WITH RECURSIVE ended AS (
      SELECT s."descendantId" AS id, max(s."validTo") AS "endedOn"
      FROM "TreeClosure" s WHERE s."ancestorId" = s."descendantId"
      GROUP BY s."descendantId" HAVING bool_and(s."validTo" IS NOT NULL AND s."validTo" <= ${request.today}::date)
    ), fate(id, cur, steps) AS (
      SELECT ch.id, ch.id, 0 FROM "TreeChapter" ch
      UNION ALL
      SELECT f.id, nxt.id, f.steps + 1
      FROM fate f JOIN ended e ON e.id = f.cur
      CROSS JOIN LATERAL (
        SELECT m."successorId" AS id FROM "TreeSuccession" m WHERE m."predecessorId" = e.id AND m.kind = 'MERGE'
        UNION ALL
        SELECT p."ancestorId" FROM "TreeClosure" p
        WHERE p."descendantId" = e.id AND p.depth = 1 AND p."validTo" = e."endedOn"
          AND NOT EXISTS (SELECT 1 FROM "TreeSuccession" m2 WHERE m2."predecessorId" = e.id AND m2.kind = 'MERGE')
      ) nxt
      WHERE f.steps < 50
    )
    SELECT DISTINCT a."ancestorId" AS x, f.id AS c
    FROM fate f
    JOIN "TreeClosure" a ON a."descendantId" = f.cur AND ${inForce("a", request.today)}
    WHERE f.cur NOT IN (SELECT id FROM ended) AND a."ancestorId" = ANY(${ids}::uuid[])
      AND ${inSlice("f.cur", request.roots, request.today)}
  )`;
}

/** The asked chapters the caller may see figures of: in the slice on the view's date. */
export function askedInSlice(request: ScopeRequest): Sql {
  return sql`(SELECT x.id FROM unnest(${[...request.ids]}::uuid[]) AS x(id)
    WHERE ${inSlice('"x"."id"', request.roots, request.restated ? request.today : request.on)})`;
}

