// The humanitarian subgraph's two views of a subtree (ORG-REFORM), over its tree replica:
//   - as it was: chapter x counts the rows of every chapter c in its subtree on the date `on`;
//   - restated: today's subtree, with every ended chapter's rows counted where its history went,
//     by core's shared definition (packages/core/src/replica/history.ts), as organization and blood do.
// Both return DISTINCT (x, c) pairs, filtered by the caller's slice, so no row counts twice and
// nothing outside the slice counts.
import { historyDestinations, inForce, replicaTables, restatedPairs, sql, type RawQuerier, type Sql } from "@chapters/core";
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
  // restated: core's one definition of where each chapter's history went (ORG-REFORM), the same
  // that organization and blood use
  return sql`(SELECT DISTINCT r.x, r.c FROM ${restatedPairs(replicaTables, { ids, roots: request.roots, today: request.today })} r)`;
}

/** The asked chapters the caller may see figures of: in the slice on the view's date. */
export function askedInSlice(request: ScopeRequest): Sql {
  return sql`(SELECT x.id FROM unnest(${[...request.ids]}::uuid[]) AS x(id)
    WHERE ${inSlice('"x"."id"', request.roots, request.restated ? request.today : request.on)})`;
}


/** ORG-REFORM, restated view: the chapter in force today that each asked chapter's history went to
 * (itself while in force; Kiên Giang → An Giang after the 2025 merge) — so a figure asked of an
 * ended chapter (a campaign's own chapter, by default) is restated onto its successor instead of
 * answering nothing. One statement for every chapter asked about. */
export async function restatedDestinations(db: RawQuerier, ids: readonly string[], today: Date): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<{ id: string; dest: string }[]>(sql`
    SELECT h.id::text AS id, h.dest::text AS dest FROM ${historyDestinations(replicaTables, today)} h WHERE h.id = ANY(${[...ids]}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.dest]));
}
