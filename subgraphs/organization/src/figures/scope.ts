// Which chapters' rows count toward each chapter's figures (ORG-REFORM, "Figures that roll up"):
//   - as of a date: the chapter's subtree in the closure table of that date;
//   - restated: today's subtree, where every chapter that has since ended is first mapped to
//     where its history went — a merged chapter to its successor, a split or dissolved one to
//     the parent it had on its last day — repeatedly, until a chapter that still exists.
// Both return rows (x, c, own): chapter c's rows count for chapter x; own = c is x itself (or,
// restated, a predecessor of x), for the figures of a chapter's own books (its fund).
// Both are filtered by the caller's slice, so a figure never includes rows outside it.
import { Prisma } from "../generated/prisma/client.ts";
import { inForce, inSlice } from "../tree/slice.ts";

export interface ScopeRequest {
  ids: readonly string[];
  on: Date;
  restated: boolean;
  roots: string[];
  today: Date;
}

/** A subquery yielding (x uuid, c uuid, own boolean). */
export function scopePairs(request: ScopeRequest): Prisma.Sql {
  const ids = [...request.ids];
  if (!request.restated) {
    const d = Prisma.sql`${request.on}::date`;
    return Prisma.sql`(
      SELECT a."ancestorId" AS x, a."descendantId" AS c, a.depth = 0 AS own
      FROM "ChapterClosure" a
      WHERE a."ancestorId" = ANY(${ids}::uuid[]) AND ${inForce("a", d)} AND ${inSlice('a."descendantId"', request.roots, d)}
    )`;
  }
  const today = Prisma.sql`${request.today}::date`;
  return Prisma.sql`(
    WITH RECURSIVE fate(id, cur, steps) AS (
      SELECT ch.id, ch.id, 0 FROM "Chapter" ch
      UNION ALL
      SELECT f.id, next.id, f.steps + 1
      FROM fate f
      JOIN "Chapter" ended ON ended.id = f.cur AND ended."endedOn" IS NOT NULL
      CROSS JOIN LATERAL (
        SELECT s."successorId" AS id FROM "ChapterSuccession" s
        WHERE s."predecessorId" = ended.id AND ended."endKind" = 'MERGE'
        UNION ALL
        SELECT v."parentId" FROM "ChapterVersion" v
        WHERE v."chapterId" = ended.id AND ended."endKind" <> 'MERGE' AND v."validTo" = ended."endedOn" AND v."parentId" IS NOT NULL
      ) next
      WHERE f.steps < 50
    )
    SELECT a."ancestorId" AS x, f.id AS c, a.depth = 0 AS own
    FROM fate f
    JOIN "Chapter" live ON live.id = f.cur AND live."endedOn" IS NULL
    JOIN "ChapterClosure" a ON a."descendantId" = f.cur AND a."validTo" IS NULL
    WHERE a."ancestorId" = ANY(${ids}::uuid[]) AND ${inSlice("f.cur", request.roots, today)}
  )`;
}

/** SQL condition: a row with [fromColumn, toColumn) is in force on `on`. */
export function livesOn(alias: string, fromColumn: string, toColumn: string, on: Date): Prisma.Sql {
  const d = Prisma.sql`${on}::date`;
  return Prisma.sql`${Prisma.raw(`"${alias}"."${fromColumn}"`)} <= ${d} AND (${Prisma.raw(`"${alias}"."${toColumn}"`)} IS NULL OR ${Prisma.raw(`"${alias}"."${toColumn}"`)} > ${d})`;
}
