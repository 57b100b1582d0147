// ORG-REFORM: where a chapter's history went — one definition, as SQL, that the organization
// runs on its own tree tables and every domain subgraph on its replica (same columns), so the
// "restated" figures of two domains can never disagree about which chapters count.
//   - a chapter still in force today is its own destination;
//   - a merged chapter goes to its successor (TreeSuccession / ChapterSuccession, kind MERGE);
//   - a split or dissolved chapter goes to the parent it had on its last day (the closure row of
//     depth 1 that ended with it) — a split's parts are new chapters without a past to hold it;
//   - repeatedly, until a chapter in force today.
// Only the closure and succession tables are read: the replicas have nothing else.
import { raw, sql, type Sql } from "../db/sql.ts";
import { inSlice } from "../auth/slice.ts";
import type { TreeTables } from "./tables.ts";

const table = (name: string) => raw(`"${name}"`);

/** A subquery yielding (id uuid, dest uuid): every chapter ever recorded and the chapter in
 * force on `today` that its history went to. Chapters whose history leads nowhere (a root that
 * ended without a parent) are absent. */
export function historyDestinations(tables: TreeTables, today: Date): Sql {
  const closure = table(tables.closure);
  const d = sql`${today}::date`;
  return sql`(
    WITH RECURSIVE fate(id, cur, steps) AS (
      SELECT DISTINCT c."descendantId", c."descendantId", 0 FROM ${closure} c WHERE c.depth = 0
      UNION ALL
      SELECT f.id, next.id, f.steps + 1
      FROM fate f
      CROSS JOIN LATERAL (
        SELECT max(own."validTo") AS "endedOn" FROM ${closure} own WHERE own."descendantId" = f.cur AND own.depth = 0
        HAVING bool_and(own."validTo" IS NOT NULL AND own."validTo" <= ${d})
      ) ended
      CROSS JOIN LATERAL (
        SELECT s."successorId" AS id FROM ${table(tables.succession)} s
        WHERE s."predecessorId" = f.cur AND s.kind::text = 'MERGE'
        UNION ALL
        SELECT up."ancestorId" FROM ${closure} up
        WHERE up."descendantId" = f.cur AND up.depth = 1 AND up."validTo" = ended."endedOn"
          AND NOT EXISTS (SELECT 1 FROM ${table(tables.succession)} m WHERE m."predecessorId" = f.cur AND m.kind::text = 'MERGE')
      ) next
      WHERE f.steps < 50
    )
    SELECT f.id, f.cur AS dest FROM fate f
    WHERE EXISTS (SELECT 1 FROM ${closure} live WHERE live."descendantId" = f.cur AND live.depth = 0
      AND live."validFrom" <= ${d} AND (live."validTo" IS NULL OR live."validTo" > ${d}))
  )`;
}

/** Restated scope: a subquery yielding (x uuid, c uuid, own boolean) — chapter c's rows count for
 * chapter x (one of `ids`) on today's tree, because c's history went to a chapter in x's subtree
 * today; own = it went to x itself. Filtered by the caller's slice today. */
export function restatedPairs(tables: TreeTables, request: { ids: readonly string[]; roots: string[]; today: Date }): Sql {
  const d = sql`${request.today}::date`;
  return sql`(
    SELECT a."ancestorId" AS x, h.id AS c, a.depth = 0 AS own
    FROM ${historyDestinations(tables, request.today)} h
    JOIN ${table(tables.closure)} a ON a."descendantId" = h.dest
      AND a."validFrom" <= ${d} AND (a."validTo" IS NULL OR a."validTo" > ${d})
    WHERE a."ancestorId" = ANY(${[...request.ids]}::uuid[]) AND ${inSlice(tables, "h.dest", request.roots, d)}
  )`;
}

/** A subquery yielding (x uuid, p uuid): x itself and every chapter merged into x, directly or
 * through earlier merges — the chapters whose own records (a target, a population figure) are
 * x's own records restated. Split and dissolved chapters are not among them: their area was
 * already inside their parent's own figure. */
export function mergedInto(tables: TreeTables, ids: readonly string[]): Sql {
  return sql`(
    WITH RECURSIVE merged(x, p) AS (
      SELECT i, i FROM unnest(${[...ids]}::uuid[]) AS i
      UNION
      SELECT m.x, s."predecessorId" FROM merged m JOIN ${table(tables.succession)} s ON s."successorId" = m.p AND s.kind::text = 'MERGE'
    )
    SELECT x, p FROM merged
  )`;
}
