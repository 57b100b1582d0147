// The dates a yearly figure is read on. A year's figures describe its last day (31 December),
// or today while the year is still running; "at the start" means the last day of the year before.
import { isoDate, todayInVietnam } from "@chapters/core";

export function referenceDate(year: number, today: Date = todayInVietnam()): Date {
  const end = isoDate(`${String(year).padStart(4, "0")}-12-31`);
  return end < today ? end : today;
}

export function startOfYearDate(year: number): Date {
  return isoDate(`${String(year - 1).padStart(4, "0")}-12-31`);
}

/** Years the product accepts: the Red Cross records start well after 1900. */
export function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 1950 || year > 2100) throw new RangeError(`year ${year}`);
  return year;
}
