// EM-REGISTER, EM-SCORE reads: registrations, score sheets with their grades and the verified
// sheet's audit trail. A sheet is seen by its unit's line and by the head of its cluster
// (access/slice.ts `unitVisible`), never beside; every per-parent list is one statement.
import { requestLoader, sql, windowedPages } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { sliceRoots, unitVisible } from "../access/slice.ts";

export interface SheetRow {
  id: string;
  planId: string;
  unitId: string;
  unitCode: string | null;
  kind: "SELF" | "VERIFIED";
  submittedOn: Date;
  submittedBy: string;
  baseChaptersTotal: number | null;
  baseChaptersGood: number | null;
  forwardedBy: string | null;
  forwardedAt: Date | null;
  forwardImportedFrom: string | null;
  /** null: submittedOn was recorded on arrival; else the document the sheet was imported from */
  importedFrom: string | null;
  registeredOn: Date | null;
  registrationImportedFrom: string | null;
  /** the unit's report under the plan (EM-REGISTER), a record of its own */
  reportSummary: string | null;
  reportSubmittedAt: Date | null;
  reportSubmittedBy: string | null;
  reportImportedFrom: string | null;
}

export interface GradeRow {
  sheetId: string;
  code: string;
  title: string;
  grade: "A" | "B" | "C";
  converted: boolean;
}

export interface ChangeRow {
  id: string;
  sheetId: string;
  field: string;
  criterionCode: string | null;
  fromValue: string | null;
  toValue: string | null;
  reason: string;
  changedBy: string;
  changedAt: Date;
}

const SHEET_SELECT = sql`s.id::text AS id, s."planId"::text AS "planId", s."unitId"::text AS "unitId", t.code AS "unitCode", s.kind::text AS kind,
  s."submittedOn", s."submittedBy", s."baseChaptersTotal", s."baseChaptersGood", s."forwardedBy", s."forwardedAt", s."forwardImportedFrom", s."importedFrom",
  g."registeredOn", g."importedFrom" AS "registrationImportedFrom",
  e.summary AS "reportSummary", e."submittedAt" AS "reportSubmittedAt", e."submittedBy" AS "reportSubmittedBy", e."importedFrom" AS "reportImportedFrom"`;
const SHEET_FROM = sql`FROM "ScoreSheet" s JOIN "EmulationPlan" p ON p.id = s."planId" LEFT JOIN "TreeChapter" t ON t.id = s."unitId"
  LEFT JOIN "Registration" g ON g."planId" = s."planId" AND g."unitId" = s."unitId"
  LEFT JOIN "EmulationReport" e ON e."planId" = s."planId" AND e."unitId" = s."unitId"`;

/** One page of each plan's sheets of a kind, by unit code. */
export function sheetsPageLoader(ctx: EmulationContext, kind: "SELF" | "VERIFIED", page: { limit: number; offset: number }) {
  return requestLoader<string, { items: SheetRow[]; total: number }>(ctx, `sheets@${kind}|${page.limit}|${page.offset}`, async (ids) => {
    const roots = await sliceRoots(ctx);
    return windowedPages<SheetRow>(ctx.prisma, sql`
      SELECT ${SHEET_SELECT}, count(*) OVER (PARTITION BY s."planId")::int AS total,
        row_number() OVER (PARTITION BY s."planId" ORDER BY t.code, s."unitId")::int AS n
      ${SHEET_FROM}
      WHERE s."planId" = ANY(${[...ids]}::uuid[]) AND s.kind::text = ${kind} AND ${unitVisible('s."unitId"', 's."planId"', '"p"."year"', roots)}`, page, ids, (r) => r.planId);
  });
}

/** One unit's sheet of a kind under a plan (key "planId|unitId|kind"), when visible. */
export function sheetLoader(ctx: EmulationContext) {
  return requestLoader<string, SheetRow | null>(ctx, "sheet", async (keys) => {
    const roots = await sliceRoots(ctx);
    const parts = keys.map((k) => k.split("|"));
    const rows = await ctx.prisma.$queryRaw<SheetRow[]>(sql`SELECT ${SHEET_SELECT} ${SHEET_FROM}
      JOIN unnest(${parts.map((p) => p[0]!)}::uuid[], ${parts.map((p) => p[1]!)}::uuid[], ${parts.map((p) => p[2]!)}::text[]) AS want(plan, unit, kind)
        ON want.plan = s."planId" AND want.unit = s."unitId" AND want.kind = s.kind::text
      WHERE ${unitVisible('s."unitId"', 's."planId"', '"p"."year"', roots)}`);
    return keys.map((k) => rows.find((r) => `${r.planId}|${r.unitId}|${r.kind}` === k) ?? null);
  });
}

/** Every grade of each sheet, in criterion order (sheets reach here only once visible). */
export function gradesLoader(ctx: EmulationContext) {
  return requestLoader<string, GradeRow[]>(ctx, "grades", async (ids) => {
    const rows = await ctx.prisma.$queryRaw<GradeRow[]>(sql`SELECT g."sheetId"::text AS "sheetId", c.code, c.title, g.grade::text AS grade, g.converted
      FROM "SheetGrade" g JOIN "PlanCriterion" c ON c.id = g."criterionId" WHERE g."sheetId" = ANY(${[...ids]}::uuid[]) ORDER BY c.position`);
    return ids.map((id) => rows.filter((r) => r.sheetId === id));
  });
}

/** One page of each sheet's audit trail, oldest first. */
export function changesPageLoader(ctx: EmulationContext, page: { limit: number; offset: number }) {
  return requestLoader<string, { items: ChangeRow[]; total: number }>(ctx, `changes@${page.limit}|${page.offset}`, async (ids) => {
    return windowedPages<ChangeRow>(ctx.prisma, sql`
      SELECT h.id::text AS id, h."sheetId"::text AS "sheetId", h.field, c.code AS "criterionCode", h."fromValue", h."toValue", h.reason, h."changedBy", h."changedAt",
        count(*) OVER (PARTITION BY h."sheetId")::int AS total, row_number() OVER (PARTITION BY h."sheetId" ORDER BY h."changedAt", h.id)::int AS n
      FROM "SheetChange" h LEFT JOIN "PlanCriterion" c ON c.id = h."criterionId" WHERE h."sheetId" = ANY(${[...ids]}::uuid[])`, page, ids, (r) => r.sheetId);
  });
}
