// Reading targets (ORG-TARGETS), batched: by key (chapter, indicator, year), by chapter and year,
// and the sum of what each chapter assigned below it. Only targets of chapters in the caller's
// slice are returned (in the slice on some day of the target's year, or in today's tree for a
// chapter that has since merged into one in the slice).
import { isUuid, requestLoader, sql, todayInVietnam, windowedPages, type Page } from "@chapters/core";
import { Prisma } from "../generated/prisma/client.ts";
import type { OrgContext } from "../builder.ts";
import { sliceRoots } from "../access/slice.ts";
import { fundTargets } from "../figures/funds.ts";
import { referenceDate } from "../figures/period.ts";
import type { TargetKey, TargetRow, ViewedTargetKey } from "./rows.ts";
import { restatedTargets } from "./restated.ts";

export type { TargetKey, TargetRow, ViewedTargetKey } from "./rows.ts";

const keyOf = (k: TargetKey) => `${k.chapterId}|${k.indicatorCode}|${k.year}`;
const viewKeyOf = (k: ViewedTargetKey) => `${keyOf(k)}|${k.restated === true}`;

/** A target's chapter is visible when it lay in the slice on some day of the target's year (up
 * to today): a district dissolved in July still shows the targets it gave for January–June. */
const visible = (roots: string[]) => Prisma.sql`EXISTS (
  SELECT 1 FROM "ChapterClosure" "slice"
  WHERE "slice"."descendantId" = t."chapterId" AND "slice"."ancestorId" = ANY(${roots}::uuid[])
    AND "slice"."validFrom" <= LEAST(make_date(t.year, 12, 31), ${todayInVietnam()}::date)
    AND ("slice"."validTo" IS NULL OR "slice"."validTo" > make_date(t.year, 1, 1)))`;

/** The one indicator whose target may also come from a rule row stated for a level (ORG-FUND:
 * FundTarget, e.g. Kiên Giang's communes ≥ 10 M VND) rather than assigned chapter by chapter. */
const FUND_BALANCE = "org.fund-balance";

/** ORG-FUND: the fund targets of keys no Target row answered, from the most specific FundTarget
 * row on the year's reference date (figures/funds.ts), for chapters in the slice. */
async function fundRuleTargets(ctx: OrgContext, roots: string[], keys: ViewedTargetKey[]): Promise<TargetRow[]> {
  const out: TargetRow[] = [];
  for (const year of new Set(keys.map((k) => k.year))) {
    const ofYear = keys.filter((k) => k.year === year);
    const ids = [...new Set(ofYear.map((k) => k.chapterId))];
    const amounts = await fundTargets(ctx.prisma, ids, referenceDate(year), year);
    const inSlice = new Set((await ctx.prisma.$queryRaw<{ c: string }[]>`
      SELECT t."chapterId"::text AS c FROM (SELECT unnest(${ids}::uuid[]) AS "chapterId", ${year}::int AS year) t WHERE ${visible(roots)}`).map((r) => r.c));
    for (const k of ofYear) {
      const found = amounts.get(k.chapterId);
      if (!found || !inSlice.has(k.chapterId)) continue;
      out.push({ chapterId: k.chapterId, indicatorCode: FUND_BALANCE, year, restated: k.restated === true, value: found.amount, maxValue: null, unit: "VND", assignedById: found.statedBy ?? k.chapterId });
    }
  }
  return out;
}

/** Targets by key, in either view: as it was, the chapter's own row; restated, the rows of the
 * chapter and of every chapter merged into it (restatedTargets). A fund balance target not
 * assigned as a Target row is the FundTarget rule's (ORG-FUND): figures.fund.target and
 * organizationIndicators both read this loader, so they cannot disagree. */
export function targetLoader(ctx: OrgContext) {
  return requestLoader<ViewedTargetKey, TargetRow | null, string>(
    ctx,
    "target",
    async (keys) => {
      const roots = await sliceRoots(ctx);
      const valid = keys.filter((k) => isUuid(k.chapterId) && Number.isInteger(k.year));
      const asWas = valid.filter((k) => k.restated !== true);
      const rows = asWas.length
        ? await ctx.prisma.$queryRaw<TargetRow[]>`
        SELECT t."chapterId"::text AS "chapterId", t."indicatorCode", t.year, false AS restated, t.value, t."maxValue", t.source, i.unit::text AS unit, t."assignedById"::text AS "assignedById"
        FROM "Target" t JOIN "Indicator" i ON i.code = t."indicatorCode"
        JOIN unnest(${asWas.map((k) => k.chapterId)}::uuid[], ${asWas.map((k) => k.indicatorCode)}::text[], ${asWas.map((k) => k.year)}::int[]) AS k(c, i, y)
          ON t."chapterId" = k.c AND t."indicatorCode" = k.i AND t.year = k.y
        WHERE ${visible(roots)}`
        : [];
      const restated = await restatedTargets(ctx.prisma, roots, valid.filter((k) => k.restated === true));
      const found = new Map([...rows, ...restated].map((r) => [viewKeyOf(r), r]));
      const byRule = await fundRuleTargets(ctx, roots, valid.filter((k) => k.indicatorCode === FUND_BALANCE && !found.has(viewKeyOf(k))));
      for (const r of byRule) found.set(viewKeyOf(r), r);
      return keys.map((k) => found.get(viewKeyOf(k)) ?? null);
    },
    { cacheKeyFn: viewKeyOf },
  );
}

/** One page of each chapter's targets for a year, by indicator code, with the number of them:
 * one windowed statement for every chapter listed in a request. */
export function chapterTargetPageLoader(ctx: OrgContext, year: number, page: Page) {
  return requestLoader<string, { items: TargetRow[]; total: number }>(ctx, `targets-of@${year}|${page.limit}|${page.offset}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    return windowedPages<TargetRow>(ctx.prisma, sql`
      SELECT t."chapterId"::text AS "chapterId", t."indicatorCode", t.year, false AS restated, t.value, t."maxValue", t.source, i.unit::text AS unit, t."assignedById"::text AS "assignedById",
        row_number() OVER (PARTITION BY t."chapterId" ORDER BY t."indicatorCode")::int AS n,
        count(*) OVER (PARTITION BY t."chapterId")::int AS total
      FROM "Target" t JOIN "Indicator" i ON i.code = t."indicatorCode"
      WHERE t."chapterId" = ANY(${[...ids]}::uuid[]) AND t.year = ${year} AND ${visible(roots)}`, page, ids, (r) => r.chapterId);
  });
}

/** Sum of the targets a chapter assigned to the chapters below it, per indicator and year. */
export function assignedBelowLoader(ctx: OrgContext) {
  return requestLoader<TargetKey, { sum: number; count: number }, string>(
    ctx,
    "assigned-below",
    async (keys) => {
      const roots = await sliceRoots(ctx);
      const rows = await ctx.prisma.$queryRaw<{ by: string; indicatorCode: string; year: number; sum: number; count: number }[]>`
        SELECT t."assignedById"::text AS by, t."indicatorCode", t.year, sum(t.value)::float8 AS sum, count(*)::int AS count
        FROM "Target" t
        JOIN unnest(${keys.map((k) => k.chapterId)}::uuid[], ${keys.map((k) => k.indicatorCode)}::text[], ${keys.map((k) => k.year)}::int[]) AS k(c, i, y)
          ON t."assignedById" = k.c AND t."indicatorCode" = k.i AND t.year = k.y
        WHERE ${visible(roots)}
        GROUP BY t."assignedById", t."indicatorCode", t.year`;
      const found = new Map(rows.map((r) => [`${r.by}|${r.indicatorCode}|${r.year}`, r]));
      return keys.map((k) => found.get(keyOf(k)) ?? { sum: 0, count: 0 });
    },
    { cacheKeyFn: keyOf },
  );
}
