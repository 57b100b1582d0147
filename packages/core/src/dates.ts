// Calendar dates (no time of day) are carried as JS Dates at UTC midnight, which is how
// PostgreSQL DATE columns come back from Prisma. "Today" is the date in Vietnam.
import { raw, sql, type Sql } from "./db/sql.ts";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return formatIsoDate(date) === text ? date : null; // rejects 2025-02-30
}

export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function todayInVietnam(now: Date = new Date()): Date {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export function isoDate(text: string): Date {
  const date = parseIsoDate(text);
  if (!date) throw new Error(`Not a calendar date: ${text}`);
  return date;
}

/** 31 December of `year`: the last day of the calendar year organization, blood and emulation report on. */
export function lastDayOfYear(year: number): Date {
  return isoDate(`${String(year).padStart(4, "0")}-12-31`);
}

/** The reference date of a year (INDICATORS.md): the date its figures are read on and the tree they
 * are read on — the year's last day, or today while the year runs. `lastDay` is 31 December unless
 * a domain's year ends elsewhere (humanitarian's reporting year ends on 24 November: HA-CALENDAR). */
export function referenceDate(year: number, today: Date = todayInVietnam(), lastDay: Date = lastDayOfYear(year)): Date {
  return lastDay < today ? lastDay : today;
}

/** `referenceDate` in SQL, over a column holding a calendar year (a plan's or a target's "year"). */
export function referenceDateSql(yearColumn: string, today: Date = todayInVietnam()): Sql {
  return sql`least(make_date(${raw(yearColumn)}, 12, 31), ${today}::date)`;
}

// "Before day D" (trước ngày D) is read one way across the product (HA-CALENDAR, EM-REGISTER,
// EM-SCORE): strictly before D, as the words say — something that arrives on day D itself, in
// Vietnam time, is late; the last day on time is D − 1. Seed 004 writes its due dates this way
// ("trước ngày 10" of the quarter's last month: the 9th is the last day) and seed 002 its
// deadlines ("trước ngày 22/02/2024", "trước ngày 10/12/2024"). Every deadline check of every
// subgraph goes through these two forms of the same rule.

/** The calendar day in Vietnam on which something arriving at `at` arrived. */
export function arrivalDay(at: Date): Date {
  return todayInVietnam(at);
}

/** "Trước ngày D": `arrived` (a calendar day, or an instant read as its day in Vietnam) is before day `d`. */
export function arrivedBefore(arrived: Date, d: Date): boolean {
  return arrivalDay(arrived).getTime() < d.getTime();
}

/** The last day on time for "trước ngày D": D − 1. */
export function lastDayBefore(d: Date): Date {
  return addDays(d, -1);
}

/** `arrivedBefore` in SQL, over calendar days: the DATE in `arrived` is before the DATE in `d`. */
export function arrivedBeforeSql(arrived: Sql, d: Sql): Sql {
  return sql`(${arrived})::date < (${d})::date`;
}

/** The Vietnam calendar day of an instant stored as a UTC timestamp without time zone (Prisma's DateTime). */
export function vietnamDaySql(utcTimestamp: Sql): Sql {
  return sql`((${utcTimestamp}) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
}
