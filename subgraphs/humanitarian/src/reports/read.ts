// HA-CALENDAR: which reports each chapter owes for a year (the document's duty rows, over the
// chapter's own reporting year), which it has submitted with the frozen figures, and the same
// figures recomputed now for the same days, so any later change is visible.
import { requestLoader, sql, todayInVietnam } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSlice, inSliceFollowingHistory, requireChapterInSlice, sliceRoots } from "../access/slice.ts";
import { referenceDate, reportDuties, reportingYears, reportPeriods, type ReportingYear, type ReportKindCode, type ReportPeriod } from "../calendar.ts";
import { figuresFor, type HumanitarianFigures, type Window } from "../indicators/read.ts";

export interface SubmittedReport {
  chapterId: string;
  kind: ReportKindCode;
  submittedOn: Date;
  submittedBy: string;
  snapshot: Record<string, string | number | boolean>;
}

/** A chapter's reports of a year: its reporting year and the periods of the reports it owes. */
export interface OwedReports {
  reporting: ReportingYear;
  periods: ReportPeriod[];
}

/** The window of a report: its days, on the tree of its last day (or today, if earlier). */
export function reportWindow(reporting: ReportingYear, period: ReportPeriod): Window {
  const today = todayInVietnam();
  return { year: reporting.year, from: period.from, to: period.to, on: period.to < today ? period.to : today, source: reporting.source };
}

/** A report concerns the chapter as it was in its year (ORG-REFORM): the chapter must be in the
 * caller's slice today, or on the year's reference date (a district chapter that ended in the 2025
 * reform still has its 2023 reports); NOT_FOUND otherwise. */
export async function requireReportChapterInSlice(db: Parameters<typeof requireChapterInSlice>[0], roots: string[], chapterId: string, year: number): Promise<void> {
  try {
    await requireChapterInSlice(db, roots, chapterId);
  } catch {
    await requireChapterInSlice(db, roots, chapterId, { on: referenceDate(year) });
  }
}

/** Whether the chapter was in the caller's tree on the first or the last day of the year: a
 * report for a year it did not exist in is wrong in its chapter, whatever its kind. */
export async function inTreeDuringYear(db: Parameters<typeof requireChapterInSlice>[0], roots: string[], chapterId: string, year: number): Promise<boolean> {
  for (const on of [new Date(Date.UTC(year, 0, 1)), referenceDate(year)]) {
    try {
      await requireChapterInSlice(db, roots, chapterId, { on });
      return true;
    } catch {
      // not there on that day
    }
  }
  return false;
}

/** The reports each chapter owes for a year: two statements for every chapter asked about. */
export async function owedReports(ctx: Pick<HumanitarianContext, "prisma">, ids: readonly string[], year: number): Promise<Map<string, OwedReports>> {
  const [years, duties] = await Promise.all([reportingYears(ctx.prisma, ids, year), reportDuties(ctx.prisma, ids, year)]);
  return new Map(ids.map((id) => [id, { reporting: years.get(id)!, periods: reportPeriods(years.get(id)!, duties.get(id) ?? []) }]));
}

/** Batched owedReports within a request. */
export function owedLoader(ctx: HumanitarianContext, year: number) {
  return requestLoader<string, OwedReports>(ctx, `owed@${year}`, async (ids) => {
    const found = await owedReports(ctx, ids, year);
    return ids.map((id) => found.get(id)!);
  });
}

/** Submitted reports of a year for many chapters: one statement (in the slice today, following
 * merges, or in the year itself: requireReportChapterInSlice). */
export function submittedLoader(ctx: HumanitarianContext, year: number) {
  return requestLoader<string, SubmittedReport[]>(ctx, `reports@${year}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<SubmittedReport[]>(sql`
      SELECT r."chapterId"::text AS "chapterId", r.kind::text AS kind, r."submittedOn", r."submittedBy", r.snapshot
      FROM "HumanitarianReport" r
      WHERE r."chapterId" = ANY(${[...ids]}::uuid[]) AND r.year = ${year}
        AND (${inSliceFollowingHistory('"r"."chapterId"', roots)} OR ${inSlice('"r"."chapterId"', roots, referenceDate(year))})`);
    return ids.map((id) => rows.filter((r) => r.chapterId === id));
  });
}

/** The figures of one report's window, now, for many chapters: one statement per distinct window. */
export function currentLoader(ctx: HumanitarianContext, year: number, kind: ReportKindCode) {
  return requestLoader<string, HumanitarianFigures | null>(ctx, `report-figures@${year}|${kind}`, async (ids) => {
    const owed = await owedLoader(ctx, year).loadMany(ids);
    const groups = new Map<string, { window: Window; ids: string[] }>();
    ids.forEach((id, i) => {
      const o = owed[i] as OwedReports;
      const period = o.periods.find((p) => p.kind === kind);
      if (!period) return;
      const window = reportWindow(o.reporting, period);
      const key = `${window.from.getTime()}|${window.to.getTime()}|${window.on.getTime()}|${window.source}`;
      const group = groups.get(key) ?? { window, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    });
    const found = new Map<string, HumanitarianFigures>();
    for (const { window, ids: some } of groups.values()) for (const [id, f] of await figuresFor(ctx, some, window, false)) found.set(id, f);
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** The JSON a frozen report keeps (money as a string of digits: exact; the days are the report's own). */
export function freeze(f: HumanitarianFigures): Record<string, string | number | boolean> {
  const { chapterId: _c, value, valueFromFund, periodFrom: _f, periodTo: _t, calendarSource: _s, ...counts } = f;
  return { ...counts, value: value.toString(), valueFromFund: valueFromFund.toString() };
}

/** A frozen report's figures, read back, over the report's days. */
export function thaw(chapterId: string, snapshot: Record<string, string | number | boolean>, reporting: ReportingYear, period: ReportPeriod): HumanitarianFigures {
  // reports frozen before the figures told help outside the list and from chapter funds apart read 0 for them
  return {
    ...(snapshot as unknown as HumanitarianFigures),
    chapterId,
    value: BigInt(String(snapshot.value)),
    peopleOutside: Number(snapshot.peopleOutside ?? 0),
    valueFromFund: BigInt(String(snapshot.valueFromFund ?? 0)),
    periodFrom: period.from,
    periodTo: period.to,
    calendarSource: reporting.source,
  };
}
