// The dates a yearly figure is read on. A year's figures describe its last day (31 December),
// or today while the year is still running; "at the start" means the last day of the year before.
// The reference date is core's (one definition for every subgraph).
import { lastDayOfYear } from "@chapters/core";

export { referenceDate } from "@chapters/core";

/** The last day of the year before: what "at the start of `year`" is read on. */
export function startOfYearDate(year: number): Date {
  return lastDayOfYear(year - 1);
}
