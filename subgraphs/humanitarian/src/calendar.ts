// HA-CALENDAR: reporting calendars are data. A chapter's reporting year is the ReportingCalendar row
// nearest above it (itself included) for that year — Bình Phước's campaign, seed 004 §V: 25 November
// of the year before to 24 November, in 2023 — and a chapter with none reports by calendar year
// [product]. Which reports are due, from which chapters and on which day, is ReportDuty rows (seed
// 004 §V.1: Bình Phước's district chapters and the schools attached to it, four quarterly reports,
// half-year and annual), each "before day D" as the document words it, read one way everywhere:
// the last day on time is D − 1 (core's lastDayBefore).
// Figures of year Y are measured on the tree of its reference date: the year's last day, or today
// while the year is running (the INDICATORS.md convention).
import { lastDayBefore, referenceDate as referenceDateOn, sql, todayInVietnam, type RawQuerier } from "@chapters/core";

export interface YearDays {
  /** first and last day of the year, both included */
  from: Date;
  to: Date;
}

/** A chapter's reporting year: its days and where the calendar comes from. */
export interface ReportingYear extends YearDays {
  year: number;
  /** the document that sets it; null: the calendar year (no document sets another) */
  source: string | null;
  /** the code of the chapter whose document sets it */
  statedBy: string | null;
}

/** Calendar year `year` (the default reporting year). */
export function calendarYear(year: number): YearDays {
  return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year, 11, 31)) };
}

/** Year `year` of a calendar starting on month/day: it starts in year−1 unless it starts on 1 January. */
export function yearStartingOn(year: number, startMonth: number, startDay: number): YearDays {
  if (startMonth === 1 && startDay === 1) return calendarYear(year);
  return { from: new Date(Date.UTC(year - 1, startMonth - 1, startDay)), to: new Date(Date.UTC(year, startMonth - 1, startDay - 1)) };
}

/** The calendar year a date falls in. */
export const calendarYearOf = (date: Date): number => date.getUTCFullYear();

/** The date whose tree the as-it-was figures of a year ending on `lastDay` use (default: 31 December). */
export function referenceDate(year: number, today: Date = todayInVietnam(), lastDay: Date = calendarYear(year).to): Date {
  return referenceDateOn(year, today, lastDay);
}

/** Each chapter's reporting year `year` (one statement for every chapter asked about). The calendar
 * rows are looked up on the tree of the calendar year's reference date. */
export async function reportingYears(db: RawQuerier, chapterIds: readonly string[], year: number): Promise<Map<string, ReportingYear>> {
  const on = referenceDate(year);
  const rows = await db.$queryRaw<{ chapterId: string; startMonth: number; startDay: number; source: string; statedBy: string }[]>(sql`
    SELECT DISTINCT ON (c."descendantId") c."descendantId"::text AS "chapterId", r."startMonth", r."startDay", r.source, t.code AS "statedBy"
    FROM "ReportingCalendar" r
    JOIN "TreeClosure" c ON c."ancestorId" = r."chapterId" AND c."validFrom" <= ${on}::date AND (c."validTo" IS NULL OR c."validTo" > ${on}::date)
    JOIN "TreeChapter" t ON t.id = r."chapterId"
    WHERE c."descendantId" = ANY(${[...chapterIds]}::uuid[]) AND r."fromYear" <= ${year} AND r."toYear" >= ${year}
    ORDER BY c."descendantId", c.depth`);
  const found = new Map(rows.map((r) => [r.chapterId, r]));
  return new Map(
    chapterIds.map((id) => {
      const row = found.get(id);
      const days = row ? yearStartingOn(year, row.startMonth, row.startDay) : calendarYear(year);
      return [id, { year, ...days, source: row?.source ?? null, statedBy: row?.statedBy ?? null }];
    }),
  );
}

export type ReportKindCode = "QUARTER_1" | "QUARTER_2" | "QUARTER_3" | "QUARTER_4" | "HALF_YEAR" | "ANNUAL";
export const REPORT_KINDS: ReportKindCode[] = ["QUARTER_1", "QUARTER_2", "QUARTER_3", "QUARTER_4", "HALF_YEAR", "ANNUAL"];

export interface ReportPeriod {
  kind: ReportKindCode;
  /** the days the report's figures cover, both included */
  from: Date;
  to: Date;
  /** the last day it may be sent on time */
  dueOn: Date;
  /** the document that asks for it */
  source: string;
}

export interface ReportDutyRow {
  chapterId: string;
  kind: ReportKindCode;
  beforeMonth: number;
  beforeDay: number;
  source: string;
}

/** HA-CALENDAR: the reports each chapter owes for `year` — the ReportDuty rows of the chapters
 * `depth` levels above it on the tree of the year's reference date. A chapter no document names
 * owes none. One statement for every chapter asked about. */
export async function reportDuties(db: RawQuerier, chapterIds: readonly string[], year: number): Promise<Map<string, ReportDutyRow[]>> {
  const on = referenceDate(year);
  const rows = await db.$queryRaw<ReportDutyRow[]>(sql`
    SELECT DISTINCT ON (c."descendantId", d.kind) c."descendantId"::text AS "chapterId", d.kind::text AS kind, d."beforeMonth", d."beforeDay", d.source
    FROM "ReportDuty" d
    JOIN "TreeClosure" c ON c."ancestorId" = d."chapterId" AND c.depth = d.depth
      AND c."validFrom" <= ${on}::date AND (c."validTo" IS NULL OR c."validTo" > ${on}::date)
    WHERE c."descendantId" = ANY(${[...chapterIds]}::uuid[]) AND d."fromYear" <= ${year} AND d."toYear" >= ${year}
    ORDER BY c."descendantId", d.kind, d.depth`);
  return new Map(chapterIds.map((id) => [id, rows.filter((r) => r.chapterId === id)]));
}

/** [product] A report covers its reporting year so far: from the year's first day to its due day,
 * and no further than the year's last day (December's quarterly report, due after Bình Phước's
 * year has closed on 24 November, covers the whole year). Due days fall in the year the reporting
 * year is named after. Sorted by due day. */
export function reportPeriods(reporting: ReportingYear, duties: readonly ReportDutyRow[]): ReportPeriod[] {
  return duties
    .map((d) => {
      // "trước ngày D": core's one reading, the last day on time is D − 1
      const dueOn = lastDayBefore(new Date(Date.UTC(reporting.year, d.beforeMonth - 1, d.beforeDay)));
      return { kind: d.kind, from: reporting.from, to: dueOn < reporting.to ? dueOn : reporting.to, dueOn, source: d.source };
    })
    .sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime() || REPORT_KINDS.indexOf(a.kind) - REPORT_KINDS.indexOf(b.kind));
}
