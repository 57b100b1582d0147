// The stock view a blood centre partner sees: units collected by blood group over a period for
// a subtree (counted where the chapter stood on the donation day). Counts only: no donor data.
import { empty, raw, sql } from "@chapters/core";
import type { BloodContext } from "../builder.ts";
import type { AboGroup, RhFactor } from "../generated/prisma/enums.ts";
import { inSlice, sliceRoots, underChapterCode } from "../access/slice.ts";

export interface StockLine {
  abo: AboGroup;
  rh: RhFactor;
  units: number;
  donations: number;
}

export async function stockByGroup(ctx: BloodContext, filter: { from: Date; to: Date; chapterCode?: string | null }): Promise<StockLine[]> {
  const roots = await sliceRoots(ctx);
  const onDay = raw(`"d"."donatedOn"`);
  return ctx.prisma.$queryRaw<StockLine[]>(sql`
    SELECT p.abo::text AS abo, p.rh::text AS rh, sum(d.units)::float8 AS units, count(*)::int AS donations
    FROM "Donation" d JOIN "Donor" p ON p.id = d."donorId"
    WHERE d."donatedOn" >= ${filter.from}::date AND d."donatedOn" <= ${filter.to}::date
      AND ${inSlice('"d"."chapterId"', roots, onDay)}
      ${filter.chapterCode ? sql`AND ${underChapterCode('"d"."chapterId"', filter.chapterCode, onDay)}` : empty}
    GROUP BY p.abo, p.rh ORDER BY p.abo, p.rh`);
}
