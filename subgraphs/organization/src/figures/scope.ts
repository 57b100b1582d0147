// Which chapters' rows count toward each chapter's figures (ORG-REFORM, "Figures that roll up"):
//   - as of a date: the chapter's subtree in the closure table of that date;
//   - restated: today's subtree, where every chapter that has since ended is first mapped to
//     where its history went (core's history.ts: the one definition blood and every other
//     domain share — merge → successor, split/dissolve → the parent on its last day).
// Both return rows (x, c, own): chapter c's rows count for chapter x; own = c is x itself (or,
// restated, a predecessor of x), for the figures of a chapter's own books (its fund).
// Both are filtered by the caller's slice, so a figure never includes rows outside it.
import { Prisma } from "../generated/prisma/client.ts";
import { organizationTables, restatedPairs } from "@chapters/core";
import { inForce, inSlice } from "../access/slice.ts";

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
  return restatedPairs(organizationTables, request);
}

/** SQL condition: a row with [fromColumn, toColumn) is in force on `on`. */
export function livesOn(alias: string, fromColumn: string, toColumn: string, on: Date): Prisma.Sql {
  const d = Prisma.sql`${on}::date`;
  return Prisma.sql`${Prisma.raw(`"${alias}"."${fromColumn}"`)} <= ${d} AND (${Prisma.raw(`"${alias}"."${toColumn}"`)} IS NULL OR ${Prisma.raw(`"${alias}"."${toColumn}"`)} > ${d})`;
}
