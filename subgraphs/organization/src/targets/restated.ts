// ORG-REFORM, ORG-TARGETS: a target read restated onto today's tree. A chapter's restated
// target for a year is its own row plus the rows of every chapter merged into it (core's
// `mergedInto`, the definition blood's population uses too): An Giang's 2024 blood target adds
// Kiên Giang's; a new ward's 2024 target adds its wards'. Dissolved and split chapters add
// nothing: their targets were assigned inside their parent's. Counts, VND and units of blood
// add up; a percentage has no sum, so it restates only when every row agrees (else no target).
// A range adds bound by bound (a single value is a range of one point).
import { mergedInto, organizationTables, todayInVietnam } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgPrisma } from "../db.ts";
import { inSlice } from "../access/slice.ts";
import type { TargetKey, TargetRow } from "./rows.ts";

/** One statement for every key; keys whose chapter is outside the slice today get nothing. */
export async function restatedTargets(prisma: OrgPrisma, roots: string[], keys: TargetKey[]): Promise<TargetRow[]> {
  if (keys.length === 0) return [];
  const ids = [...new Set(keys.map((k) => k.chapterId))];
  return prisma.$queryRaw<TargetRow[]>`
    WITH k(c, i, y) AS (
      SELECT * FROM unnest(${keys.map((k) => k.chapterId)}::uuid[], ${keys.map((k) => k.indicatorCode)}::text[], ${keys.map((k) => k.year)}::int[])
    ), rows AS (
      SELECT k.c, k.i, k.y, t.value, coalesce(t."maxValue", t.value) AS high, t."maxValue" IS NOT NULL AS ranged, (t."chapterId" = k.c) AS own, t."assignedById", i.unit
      FROM k JOIN ${mergedInto(organizationTables, ids)} m ON m.x = k.c
      JOIN "Target" t ON t."chapterId" = m.p AND t."indicatorCode" = k.i AND t.year = k.y
      JOIN "Indicator" i ON i.code = t."indicatorCode"
      WHERE ${inSlice("k.c", roots, Prisma.sql`${todayInVietnam()}::date`)}
    )
    SELECT c::text AS "chapterId", i AS "indicatorCode", y AS year, true AS restated,
      CASE WHEN unit::text = 'PERCENT' THEN min(value) ELSE sum(value) END AS value,
      CASE WHEN NOT bool_or(ranged) THEN NULL WHEN unit::text = 'PERCENT' THEN min(high) ELSE sum(high) END AS "maxValue",
      unit::text AS unit,
      coalesce((array_agg("assignedById"::text) FILTER (WHERE own))[1], (array_agg("assignedById"::text))[1]) AS "assignedById"
    FROM rows GROUP BY c, i, y, unit
    HAVING unit::text <> 'PERCENT' OR (min(value) = max(value) AND min(high) = max(high))`;
}
