// HA-CALENDAR: the reports a chapter's steering-committee member agencies owe (seed 004 §V.2:
// Bình Phước's, 2023, the half-year and annual reports) — one row per agency and report, with the
// report received from it if the chapter's officer has recorded one. The agencies are not chapters:
// an agency belongs to its chapter's slice, decided in SQL as a chapter's reports are (in the slice
// today following the chapter's history, or on the year's reference date), and its due days come
// from its chapter's reporting year and the document's "before day D", read as the chapters' are.
import { empty, sql, statementPages, type PageSource, type RawQuerier, type Sql } from "@chapters/core";
import { inSlice, inSliceFollowingHistory } from "../access/slice.ts";
import { referenceDate, reportingYears, reportPeriods, type ReportingYear, type ReportKindCode, type ReportPeriod } from "../calendar.ts";

/** One report a member agency owes for a year, as read from the rows (its days computed from them). */
export interface AgencyDutyRow {
  agencyId: string;
  chapterId: string;
  code: string;
  name: string;
  agencySource: string;
  fromYear: number;
  toYear: number;
  kind: ReportKindCode;
  beforeMonth: number;
  beforeDay: number;
  source: string;
  receivedOn: Date | null;
  recordedBy: string | null;
}

/** An agency's report of a year: the row, its chapter's reporting year and the report's period. */
export interface AgencyReportStatus extends AgencyDutyRow {
  year: number;
  reporting: ReportingYear;
  period: ReportPeriod;
}

/** The agency's chapter (in `column`) is in the slice: today following its history, or on the year's reference date. */
export const agencyInSlice = (column: string, roots: string[], year: number): Sql =>
  sql`(${inSliceFollowingHistory(column, roots)} OR ${inSlice(column, roots, referenceDate(year))})`;

/** The statement listing the reports agencies owe for `year` in the slice (and, when asked, in one
 * chapter's area, or of one agency), in a stable order: agency, due day. */
export function agencyDutiesStatement(roots: string[], year: number, filter: { chapterId?: string | null; agencyId?: string; kind?: ReportKindCode }): Sql {
  return sql`
    SELECT a.id::text AS "agencyId", a."chapterId"::text AS "chapterId", a.code, a.name, a.source AS "agencySource", a."fromYear", a."toYear",
      d.kind::text AS kind, d."beforeMonth", d."beforeDay", d.source, r."receivedOn", r."recordedBy"
    FROM "SteeringAgency" a
    JOIN "AgencyReportDuty" d ON d."chapterId" = a."chapterId" AND d."fromYear" <= ${year} AND d."toYear" >= ${year}
    LEFT JOIN "AgencyReport" r ON r."agencyId" = a.id AND r.year = ${year} AND r.kind = d.kind
    WHERE a."fromYear" <= ${year} AND a."toYear" >= ${year} AND ${agencyInSlice('"a"."chapterId"', roots, year)}
      ${filter.chapterId ? sql`AND ${agencyInSlice('"a"."chapterId"', [filter.chapterId], year)}` : empty}
      ${filter.agencyId ? sql`AND a.id = ${filter.agencyId}::uuid` : empty}
      ${filter.kind ? sql`AND d.kind = ${filter.kind}::"ReportKind"` : empty}
    ORDER BY a."chapterId", a.code, d."beforeMonth", d."beforeDay", d.kind`;
}

/** Rows with their reporting years and periods: one more statement for the chapters on the page. */
export async function withPeriods(db: RawQuerier, rows: readonly AgencyDutyRow[], year: number): Promise<AgencyReportStatus[]> {
  if (rows.length === 0) return [];
  const years = await reportingYears(db, [...new Set(rows.map((r) => r.chapterId))], year);
  return rows.map((row) => {
    const reporting = years.get(row.chapterId)!;
    const [period] = reportPeriods(reporting, [{ chapterId: row.chapterId, kind: row.kind, beforeMonth: row.beforeMonth, beforeDay: row.beforeDay, source: row.source }]);
    return { ...row, year, reporting, period: period! };
  });
}

/** The page source of the agencies' reports for a year (rows, then their periods). */
export function agencyReportPages(db: RawQuerier, roots: string[], year: number, chapterId: string | null | undefined): PageSource<AgencyReportStatus> {
  const source = statementPages<AgencyDutyRow>(db, agencyDutiesStatement(roots, year, { chapterId }));
  if (!("count" in source)) throw new Error("statementPages gives a count");
  return { page: async (page) => withPeriods(db, await source.page(page), year), count: source.count };
}
