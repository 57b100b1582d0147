// A plan's progress for a dashboard (EM-REGISTER, EM-SCORE, EM-CLASS): how many units registered
// (and how many after the deadline), sent a self-scoring sheet (and how many late), were verified
// by the inspection team, and were classified, per class. Counts only; one statement for every
// plan asked about (callers already hold a visible plan).
import { arrivedBeforeSql, requestLoader, sql } from "@chapters/core";
import type { EmulationContext } from "../builder.ts";
import { classLabels, type EmulationClass } from "../labels.ts";

export interface PlanProgress {
  registered: number;
  registeredLate: number;
  selfSheets: number;
  selfSheetsLate: number;
  verifiedSheets: number;
  classified: number;
  confirmed: number;
  byClass: { class: EmulationClass; count: number }[];
}

interface Row extends Omit<PlanProgress, "byClass"> {
  planId: string;
  classes: Partial<Record<EmulationClass, number>> | null;
}

export function planProgressLoader(ctx: EmulationContext) {
  return requestLoader<string, PlanProgress>(ctx, "plan-progress", async (ids) => {
    // each table read once per plan, its counts taken together
    const rows = await ctx.prisma.$queryRaw<Row[]>(sql`
      SELECT p.id::text AS "planId", r.registered, r."registeredLate", sh."selfSheets", sh."selfSheetsLate", sh."verifiedSheets",
        e.classified, e.confirmed, e.classes
      FROM "EmulationPlan" p
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS registered, (count(*) FILTER (WHERE NOT ${arrivedBeforeSql(sql`x."registeredOn"`, sql`p."registrationDeadline"`)}))::int AS "registeredLate"
        FROM "Registration" x WHERE x."planId" = p.id) r
      CROSS JOIN LATERAL (
        SELECT (count(*) FILTER (WHERE x.kind = 'SELF'))::int AS "selfSheets",
          (count(*) FILTER (WHERE x.kind = 'SELF' AND p."submissionDeadline" IS NOT NULL AND NOT ${arrivedBeforeSql(sql`x."submittedOn"`, sql`p."submissionDeadline"`)}))::int AS "selfSheetsLate",
          (count(*) FILTER (WHERE x.kind = 'VERIFIED'))::int AS "verifiedSheets"
        FROM "ScoreSheet" x WHERE x."planId" = p.id) sh
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(c.n), 0)::int AS classified, coalesce(sum(c.confirmed), 0)::int AS confirmed, jsonb_object_agg(c.class, c.n) AS classes
        FROM (SELECT x.class::text AS class, count(*) AS n, count(*) FILTER (WHERE x.status = 'CONFIRMED') AS confirmed
              FROM "EmulationResult" x WHERE x."planId" = p.id GROUP BY x.class) c) e
      WHERE p.id = ANY(${[...ids]}::uuid[])`);
    const byId = new Map(rows.map((r) => [r.planId, r]));
    return ids.map((id) => {
      const { planId: _planId, classes, ...counts } = byId.get(id) ?? {
        planId: id, registered: 0, registeredLate: 0, selfSheets: 0, selfSheetsLate: 0, verifiedSheets: 0, classified: 0, confirmed: 0, classes: null,
      };
      const byClass = (Object.keys(classLabels) as EmulationClass[]).map((c) => ({ class: c, count: Number(classes?.[c] ?? 0) }));
      return { ...counts, byClass };
    });
  });
}
