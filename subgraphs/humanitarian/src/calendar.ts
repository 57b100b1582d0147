// HA-CALENDAR: the reporting year Y runs from 25 November of Y−1 to 24 November of Y (both
// included). Figures for year Y are measured on the tree of its reference date: 24 November Y,
// or today while the year is running (the INDICATORS.md convention, with this year's end).
import { lastDayBefore, referenceDate as referenceDateOn, todayInVietnam } from "@chapters/core";

/** [from, to] of reporting year `year`, both days included. */
export function reportingYear(year: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(year - 1, 10, 25)), to: new Date(Date.UTC(year, 10, 24)) };
}

/** The reporting year a date falls in: 24 Nov 2023 → 2023, 25 Nov 2023 → 2024. */
export function reportingYearOf(date: Date): number {
  const y = date.getUTCFullYear();
  return date >= new Date(Date.UTC(y, 10, 25)) ? y + 1 : y;
}

/** The date whose tree the as-it-was figures of `year` use. */
export function referenceDate(year: number, today: Date = todayInVietnam()): Date {
  return referenceDateOn(year, today, reportingYear(year).to);
}

export type ReportKindCode = "QUARTER_1" | "QUARTER_2" | "QUARTER_3" | "HALF_YEAR" | "ANNUAL";

export interface ReportPeriod {
  kind: ReportKindCode;
  /** the days the report's figures cover, both included */
  from: Date;
  to: Date;
  /** the last day it may be sent on time: the day before the seed's "trước ngày D" (core's lastDayBefore) */
  dueOn: Date;
}

/** HA-CALENDAR: the reports of reporting year `year`. Quarterly reports are due before the 10th of
 * the quarter's last month (March, June, September), the half-year report before 30 May, the
 * annual one before 30 November. [product] Each report covers the reporting year so far: from 25
 * November of the year before to its due date (the annual one to 24 November, the year's end);
 * the fourth quarter's last month falls after the year has closed, so the annual report is its report. */
export function reportPeriods(year: number): ReportPeriod[] {
  const { from, to } = reportingYear(year);
  // "trước ngày D" (before day D): core's one reading, the last day on time is D − 1
  const before = (month: number, d: number) => lastDayBefore(new Date(Date.UTC(year, month - 1, d)));
  return [
    { kind: "QUARTER_1", from, to: before(3, 10), dueOn: before(3, 10) },
    { kind: "HALF_YEAR", from, to: before(5, 30), dueOn: before(5, 30) },
    { kind: "QUARTER_2", from, to: before(6, 10), dueOn: before(6, 10) },
    { kind: "QUARTER_3", from, to: before(9, 10), dueOn: before(9, 10) },
    { kind: "ANNUAL", from, to, dueOn: before(11, 30) },
  ];
}
