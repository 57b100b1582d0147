// HA-TARGETS rule rows: each stated by one chapter's document (seed 004: Bình Phước 2023; seed
// 001: Từ Sơn 2023–2033) and applying to that chapter's subtree on the year's reference date —
// never a national constant. A row may apply only at one depth below its chapter ("per
// district" = 1) or only to communes of one condition (struggling or not: CommuneCondition,
// data per year). One statement for every chapter asked about.
import { requestLoader, sql } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { referenceDate } from "../calendar.ts";

export interface RuleRow {
  chapterId: string;
  indicatorCode: string;
  comparison: "GT" | "GTE";
  threshold: number;
  source: string;
  statedBy: string;
}

/** HA-CAMPAIGNS: the indicator of the rule row setting Tháng Nhân đạo's share of the year's
 * resource-mobilisation target (Kiên Giang 2024, the province and its districts: 20%). Emulation's
 * HUMANITARIAN_MONTH fact reads its share from here (Chapter.humanitarianMonthShare), not from a
 * copy in its plan. */
export const MONTH_SHARE = "humanitarian.month-share";

/** Rules per chapter for a year: rows keyed by the chapter they apply to. */
export function rulesLoader(ctx: HumanitarianContext, year: number) {
  return requestLoader<string, RuleRow[]>(ctx, `rules@${year}`, async (ids) => {
    const on = referenceDate(year);
    const rows = await ctx.prisma.$queryRaw<RuleRow[]>(sql`
      SELECT c."descendantId"::text AS "chapterId", r."indicatorCode", r.comparison, r.threshold, r.source, t.code AS "statedBy"
      FROM "HumanitarianRule" r
      JOIN "TreeClosure" c ON c."ancestorId" = r."chapterId" AND c."validFrom" <= ${on}::date AND (c."validTo" IS NULL OR c."validTo" > ${on}::date)
      JOIN "TreeChapter" t ON t.id = r."chapterId"
      WHERE c."descendantId" = ANY(${[...ids]}::uuid[]) AND r."fromYear" <= ${year} AND (r."toYear" IS NULL OR r."toYear" >= ${year})
        AND (r.depth IS NULL OR r.depth = c.depth)
        AND (r."communeStruggling" IS NULL OR EXISTS (SELECT 1 FROM "CommuneCondition" k
          WHERE k."chapterId" = c."descendantId" AND k.year = ${year} AND k.struggling = r."communeStruggling"))
      ORDER BY r."indicatorCode", r.threshold`);
    return ids.map((id) => rows.filter((r) => r.chapterId === id));
  });
}

/** Whether `actual` meets the rule (null when it cannot be measured). */
export function meets(rule: Pick<RuleRow, "comparison" | "threshold">, actual: number | null): boolean | null {
  if (actual === null) return null;
  return rule.comparison === "GT" ? actual > rule.threshold : actual >= rule.threshold;
}
