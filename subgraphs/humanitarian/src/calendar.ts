// HA-CALENDAR: the reporting year Y runs from 25 November of Y−1 to 24 November of Y (both
// included). Figures for year Y are measured on the tree of its reference date: 24 November Y,
// or today while the year is running (the INDICATORS.md convention, with this year's end).
import { todayInVietnam } from "@chapters/core";

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
  const { to } = reportingYear(year);
  return to < today ? to : today;
}
