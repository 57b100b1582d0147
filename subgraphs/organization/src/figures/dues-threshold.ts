// ORG-DUES, EM-DEMOTE: the dues collection share below which a unit is demoted, as data scoped
// to the chapter whose plan states it (DuesThreshold.withinId: the nearest such chapter above or
// at the one asked about, on the year's reference date), for the years its document covers (Kiên
// Giang's 2024 plan: 2024 only). Null where no document sets one, so
// the fact "dues collected below the threshold" is never invented for a province whose plan is
// silent. One statement for every chapter of a list.
import { requestLoader } from "@chapters/core";
import type { OrgContext } from "../builder.ts";
import { referenceDate } from "./period.ts";

export const duesThresholdLoader = (ctx: OrgContext, year: number) =>
  requestLoader<string, number | null>(ctx, `dues-threshold@${year}`, async (ids) => {
    const on = referenceDate(year);
    const rows = await ctx.prisma.$queryRaw<{ x: string; share: number }[]>`
      SELECT DISTINCT ON (w."descendantId") w."descendantId"::text AS x, t.share
      FROM "ChapterClosure" w JOIN "DuesThreshold" t ON t."withinId" = w."ancestorId"
      WHERE w."descendantId" = ANY(${[...ids]}::uuid[]) AND w."validFrom" <= ${on}::date AND (w."validTo" IS NULL OR w."validTo" > ${on}::date)
        AND t."fromYear" <= ${year} AND (t."toYear" IS NULL OR t."toYear" >= ${year})
      ORDER BY w."descendantId", w.depth`;
    const found = new Map(rows.map((r) => [r.x, r.share]));
    return ids.map((id) => found.get(id) ?? null);
  });
