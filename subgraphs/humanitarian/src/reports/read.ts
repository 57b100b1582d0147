// HA-CALENDAR: which reports each chapter has submitted for a year, with the frozen figures, and
// the same figures recomputed now for the same days, so any later change is visible.
import { requestLoader, sql, todayInVietnam } from "@chapters/core";
import type { HumanitarianContext } from "../builder.ts";
import { inSliceFollowingMerges, sliceRoots } from "../access/slice.ts";
import { reportPeriods, type ReportKindCode, type ReportPeriod } from "../calendar.ts";
import { figuresFor, type HumanitarianFigures, type Window } from "../indicators/read.ts";

export interface SubmittedReport {
  chapterId: string;
  kind: ReportKindCode;
  submittedOn: Date;
  submittedBy: string;
  snapshot: Record<string, string | number | boolean>;
}

/** The window of a report: its days, on the tree of its last day (or today, if earlier). */
export function reportWindow(year: number, period: ReportPeriod): Window {
  const today = todayInVietnam();
  return { year, from: period.from, to: period.to, on: period.to < today ? period.to : today };
}

/** Submitted reports of a year for many chapters: one statement. */
export function submittedLoader(ctx: HumanitarianContext, year: number) {
  return requestLoader<string, SubmittedReport[]>(ctx, `reports@${year}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    const rows = await ctx.prisma.$queryRaw<SubmittedReport[]>(sql`
      SELECT r."chapterId"::text AS "chapterId", r.kind::text AS kind, r."submittedOn", r."submittedBy", r.snapshot
      FROM "HumanitarianReport" r
      WHERE r."chapterId" = ANY(${[...ids]}::uuid[]) AND r.year = ${year} AND ${inSliceFollowingMerges('"r"."chapterId"', roots)}`);
    return ids.map((id) => rows.filter((r) => r.chapterId === id));
  });
}

/** The figures of one report's window, now, for many chapters: one statement per report kind. */
export function currentLoader(ctx: HumanitarianContext, year: number, kind: ReportKindCode) {
  return requestLoader<string, HumanitarianFigures | null>(ctx, `report-figures@${year}|${kind}`, async (ids) => {
    const period = reportPeriods(year).find((p) => p.kind === kind)!;
    const found = await figuresFor(ctx, ids, reportWindow(year, period), false);
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** The JSON a frozen report keeps (money as a string of digits: exact). */
export function freeze(f: HumanitarianFigures): Record<string, string | number | boolean> {
  const { chapterId: _c, value, valueFromFund, ...counts } = f;
  return { ...counts, value: value.toString(), valueFromFund: valueFromFund.toString() };
}

/** A frozen report's figures, read back. */
export function thaw(chapterId: string, snapshot: Record<string, string | number | boolean>): HumanitarianFigures {
  // reports frozen before the figures told help outside the list and from chapter funds apart read 0 for them
  return {
    ...(snapshot as unknown as HumanitarianFigures),
    chapterId,
    value: BigInt(String(snapshot.value)),
    peopleOutside: Number(snapshot.peopleOutside ?? 0),
    valueFromFund: BigInt(String(snapshot.valueFromFund ?? 0)),
  };
}
