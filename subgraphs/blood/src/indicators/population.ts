// BL-TARGETS: the population of a chapter's area for a year — data per chapter and year that
// rolls up and restates (ORG-REFORM):
//   - as it was: the chapter's own row; a chapter without one sums the rows below it on the
//     year's reference date, each row counted once (a row under a chapter that has its own row
//     is already inside that figure);
//   - restated: the same for the chapter and for every chapter merged into it (core's
//     `mergedInto`), each on its own last day of that year — An Giang's 2024 population is An
//     Giang's plus Kiên Giang's. A dissolved or split chapter adds nothing: its area was already
//     inside its parent's figure.
import { mergedInto, raw, replicaTables, sql, type Sql } from "@chapters/core";

/** A parenthesised subquery yielding (x uuid, population bigint) for the chapters in `ids`;
 * chapters with no population recorded anywhere in their area are absent. */
export function populationSql(request: { ids: readonly string[]; year: number; restated: boolean; today: Date }): Sql {
  const ids = [...request.ids];
  const holders = request.restated ? sql`SELECT m.x, m.p FROM ${mergedInto(replicaTables, ids)} m` : sql`SELECT i AS x, i AS p FROM unnest(${ids}::uuid[]) AS i`;
  const inForceOn = (alias: string) => raw(`"${alias}"."validFrom" <= h.d AND ("${alias}"."validTo" IS NULL OR "${alias}"."validTo" > h.d)`);
  return sql`(
    WITH holders AS (${holders}),
    dated AS (
      SELECT h.x, h.p, LEAST(make_date(${request.year}::int, 12, 31), ${request.today}::date,
        (SELECT CASE WHEN bool_or(s."validTo" IS NULL) THEN NULL ELSE max(s."validTo") - 1 END
         FROM "TreeClosure" s WHERE s."descendantId" = h.p AND s.depth = 0)) AS d
      FROM holders h
    )
    SELECT h.x, sum(cp.population) AS population
    FROM dated h
    JOIN "TreeClosure" a ON a."ancestorId" = h.p AND ${inForceOn("a")}
    JOIN "ChapterPopulation" cp ON cp."chapterId" = a."descendantId" AND cp.year = ${request.year}
    WHERE NOT EXISTS (
      SELECT 1 FROM "TreeClosure" up
      JOIN "TreeClosure" w ON w."descendantId" = up."ancestorId" AND w."ancestorId" = h.p AND ${inForceOn("w")}
      JOIN "ChapterPopulation" q ON q."chapterId" = up."ancestorId" AND q.year = ${request.year}
      WHERE up."descendantId" = a."descendantId" AND up.depth >= 1 AND ${inForceOn("up")})
    GROUP BY h.x
  )`;
}
